// Stands in for @atlaskit/feature-gate-js-client's FeatureGates (aliased in the Vite config). Outside
// Atlassian's own products nothing initialises that Statsig client, so every gate already answers false, but
// only after logging "Client must be initialized" once per page; the stub answers the same without the
// warning and leaves about 30 KiB gz of Statsig out of each bundle. Re-check on Atlaskit upgrades.
const FeatureGates = {
  initializeCompleted: (): boolean => false,
  checkGate: (_gateName: string): boolean => false,
  getExperimentValue: <T>(_experimentName: string, _parameterName: string, defaultValue: T): T =>
    defaultValue,
};

export default FeatureGates;
