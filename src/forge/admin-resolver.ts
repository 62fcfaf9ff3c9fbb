// The admin page's resolver: every operation a Compass admin can run from the Backstage-import page, as its
// contract (contract/admin-contract.ts) lists them. The component page has its own resolver (panel-resolver.ts)
// and cannot reach these.
import { getDrift, resolveDrift } from '../admin/drift';
import { adoptComponents, getAdoptionCandidates } from '../admin/adoption';
import { loadMappingConfig } from '../admin/entity-plan';
import { exportMapping } from '../admin/export-mapping';
import { getHistory, nameStarters, NOBODY_NAMED } from '../admin/history';
import { getMapping, saveMapping } from '../admin/mapping-settings';
import { createHealthScorecard } from '../admin/metric-scorecard';
import { getMetrics, previewCustomMetric, removeMetric, saveMetricSettings } from '../admin/metric-settings';
import { planImport } from '../admin/plan-import';
import { previewCatalog } from '../admin/preview-catalog';
import { applyRemovals, getRemovals } from '../admin/removals';
import { ownerMappingOverview, searchTeams } from '../admin/team-search';
import { testConnection, type ConnectionTestResult } from '../admin/test-connection';
import {
  getConnectionView,
  loadConnection,
  recordConnectionTest,
  saveConnection,
  type BackstageConnection,
} from '../connection/backstage-connection';
import { cancelImport } from '../import/cancel-import';
import { getImportResults, getImportStatus } from '../import/import-status';
import { retryFailed } from '../import/retry-import';
import { startImport } from '../import/start-import';
import { getSyncSettings, runSyncNow, saveSyncSettings } from '../import/sync-settings';
import type { ImportEngineDeps } from '../import/import-engine';
import { recordAdminAccount } from '../panel/admin-access';
import { adminContract, type AdminValues } from './contract/admin-contract';
import { surfaceResolver, type ResolverContext } from './contract/resolver-contract';
import { forgeBackstageCatalog, forgeBackstageTechInsights } from './forge-backstage-catalog';
import { rememberTechInsightsChecks } from '../import/tech-insights-choice';
import {
  cloudIdFrom,
  forgeCompassGateway,
  forgeCompassIdentity,
  forgeCompassMetrics,
  forgeRequestGraph,
} from './forge-compass';
import { forgeImportEngine, NotConnectedError } from './forge-import-engine';
import { forgeKeyValueStore } from './forge-key-value-store';
import { InvalidRequestError } from './resolver-result';

const stateOnly: Pick<ImportEngineDeps, 'store'> = { store: forgeKeyValueStore };

/** The saved connection's catalog, Compass for the caller's site, state, and the mapping in force. */
async function planningDeps(context: ResolverContext) {
  const { catalog, gateway, store, backstageBaseUrl } = await forgeImportEngine(cloudIdFrom(context));
  return { catalog, gateway, store, config: await loadMappingConfig(store, backstageBaseUrl) };
}

function startedBy(context: ResolverContext): { startedBy?: string } {
  return context.accountId ? { startedBy: context.accountId } : {};
}

/** The engine for the caller's site, and who starts a run on it from where (what every start request carries). */
async function runStarter(context: ResolverContext) {
  const cloudId = cloudIdFrom(context);
  const engine = await forgeImportEngine(cloudId);
  return {
    engine,
    starter: { cloudId, backstageWebBaseUrl: engine.backstageBaseUrl, ...startedBy(context) },
  };
}

/**
 * A paged read whose cursor has the right shape but is one the store does not know (kvs refuses it): the caller's to
 * fix, so an invalid request naming `cursor`, not an internal error.
 */
async function withKnownCursor<T>(
  cursor: string | undefined,
  what: string,
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (cursor === undefined || typeof (error as { kind?: unknown }).kind === 'string') throw error;
    throw new InvalidRequestError(
      'cursor',
      `That page of ${what} is no longer available: start again from the first page.`,
      error,
    );
  }
}

/** The catalog's test and Tech Insights' detection; checks it lists are remembered (all chosen when first seen). */
async function connectionTest(connection: BackstageConnection): Promise<ConnectionTestResult> {
  const result = await testConnection(
    forgeBackstageCatalog(connection),
    undefined,
    forgeBackstageTechInsights(connection),
  );
  if (result.ok && result.techInsights?.available)
    await rememberTechInsightsChecks(forgeKeyValueStore, result.techInsights.checks, result.checkedAt);
  return result;
}

export const adminResolver = surfaceResolver<typeof adminContract, AdminValues>('admin page', adminContract, {
  // The admin page opens with getConnection; only admins reach that page, so the caller may also link from the panel.
  async getConnection(_payload, context) {
    await recordAdminAccount(forgeKeyValueStore, context.accountId);
    return getConnectionView(forgeKeyValueStore);
  },
  // Tested before it is saved: the page tells a verified connection from one that was never answered.
  saveConnection: ({ requirePassingTest, ...connection }) =>
    saveConnection(forgeKeyValueStore, connection, {
      // Only the local sandbox sets this: Forge itself fetches over HTTPS only.
      allowLoopbackHttp: process.env.BACKSTAGE_FOR_COMPASS_ALLOW_LOOPBACK_HTTP === 'true',
      test: (entered) => connectionTest(entered),
      ...(requirePassingTest ? { requirePassingTest } : {}),
    }),
  async testConnection() {
    const connection = await loadConnection(forgeKeyValueStore);
    const result = connection ? await connectionTest(connection) : await testConnection(undefined);
    await recordConnectionTest(forgeKeyValueStore, result);
    return result;
  },
  previewCatalog: async (request, context) => previewCatalog(await planningDeps(context), request),
  getMapping: () => getMapping(forgeKeyValueStore),
  saveMapping: (input) => saveMapping(forgeKeyValueStore, input),
  async searchTeams(request, context) {
    const graph = { requestGraph: forgeRequestGraph, cloudId: cloudIdFrom(context) };
    const teams = await searchTeams(graph, { query: request.query, limit: request.limit });
    if (!request.owners) return { teams };
    const engine = await forgeImportEngine(graph.cloudId);
    return {
      teams,
      ...(await ownerMappingOverview({ ...graph, catalog: engine.catalog, store: engine.store })),
    };
  },
  planImport: async (request, context) => planImport(await planningDeps(context), request),
  // Starters by name, looked up as the caller (their privacy view of other people); never an account id.
  getHistory: () => getHistory(forgeKeyValueStore, forgeCompassIdentity()),
  async startImport(request, context) {
    const { engine, starter } = await runStarter(context);
    return startImport(engine, {
      ...starter,
      ...(request.selection !== undefined ? { selection: request.selection } : {}),
      ...(request.applyRemovals !== undefined ? { applyRemovals: request.applyRemovals } : {}),
    });
  },
  async getImportStatus() {
    const status = await getImportStatus(stateOnly);
    // The page polls this every 2 s while a run goes on: name the starter only once it has stopped, so a run
    // costs no Compass request per poll. The account id is dropped either way.
    const people = status.state === 'running' ? NOBODY_NAMED : forgeCompassIdentity();
    const [named] = await nameStarters([status], people);
    return named!;
  },
  getImportResults: (request) =>
    withKnownCursor(request.cursor, 'results', () => getImportResults(stateOnly, request)),
  async retryFailed(_payload, context) {
    const engine = await forgeImportEngine(cloudIdFrom(context));
    return retryFailed(engine, startedBy(context));
  },
  cancelImport: () => cancelImport(stateOnly),
  getMetrics: () => getMetrics(forgeKeyValueStore),
  saveMetricSettings: (input) => saveMetricSettings(forgeKeyValueStore, input),
  async previewCustomMetric(request) {
    const connection = await loadConnection(forgeKeyValueStore);
    if (!connection) throw new NotConnectedError();
    return previewCustomMetric(forgeBackstageCatalog(connection), request);
  },
  createScorecard: (request, context) =>
    createHealthScorecard(
      { store: forgeKeyValueStore, metrics: forgeCompassMetrics(cloudIdFrom(context)) },
      request,
    ),
  removeMetric: (request, context) =>
    removeMetric(
      { store: forgeKeyValueStore, metrics: forgeCompassMetrics(cloudIdFrom(context)) },
      request.key,
    ),
  getSyncSettings: () => getSyncSettings(stateOnly),
  saveSyncSettings: (changes) => saveSyncSettings(stateOnly, changes),
  async runSyncNow(request, context) {
    const { engine, starter } = await runStarter(context);
    return runSyncNow(engine, { ...starter, ...(request.applyRemovals ? { applyRemovals: true } : {}) });
  },
  getRemovals: (request) =>
    withKnownCursor(request.cursor, 'removals', () => getRemovals(forgeKeyValueStore, request)),
  async applyRemovals(_payload, context) {
    const { engine, starter } = await runStarter(context);
    return applyRemovals(engine, starter);
  },
  // CSV and JSON need only the app's state and Compass; the compass.yml files are drafted from Backstage.
  exportMapping: (request, context) =>
    exportMapping(
      {
        store: forgeKeyValueStore,
        gateway: forgeCompassGateway(cloudIdFrom(context)),
        drafting: () => planningDeps(context),
      },
      request,
    ),
  getDrift: async (request, context) => getDrift(await planningDeps(context), request),
  resolveDrift: async (request, context) => resolveDrift(await planningDeps(context), request),
  getAdoptionCandidates: async (request, context) =>
    getAdoptionCandidates(await planningDeps(context), request),
  adoptComponents: async (request, context) => adoptComponents(await planningDeps(context), request),
});
