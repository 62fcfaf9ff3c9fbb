// Adopting from a catalog row, against the real Backstage and the local Compass: the row's match is checked where
// it is, so adopting does not depend on the Sync tab's list having been asked for first.
import { createHandMadeComponent } from '../compass/testing/hand-made-component';
import { importHarness } from '../import/testing/import-harness';
import { adoptComponents } from './adoption';
import { loadMappingConfig } from './entity-plan';

const PAYOUTS_WORKER = 'component:default/payouts-worker';

it('adopts a name match no check has offered yet, and still refuses a component that does not match', async () => {
  const harness = importHarness();
  const deps = {
    catalog: harness.deps.catalog,
    gateway: harness.deps.gateway,
    store: harness.store,
    config: await loadMappingConfig(harness.store, harness.backstageBaseUrl),
  };
  const payouts = await createHandMadeComponent(harness.compass, { name: 'PAYOUTS-WORKER' });
  const vault = await createHandMadeComponent(harness.compass, { name: 'Card vault' });

  const answer = await adoptComponents(deps, {
    decisions: [
      { entityRef: PAYOUTS_WORKER, componentId: payouts, decision: 'adopt' },
      { entityRef: 'component:default/fraud-scoring', componentId: vault, decision: 'adopt' },
    ],
  });

  expect(answer).toEqual({
    adopted: [{ entityRef: PAYOUTS_WORKER, componentId: payouts }],
    decided: 1,
    failed: [{ entityRef: 'component:default/fraud-scoring', message: expect.stringMatching(/not a match/) }],
  });
  expect(harness.compass.findByAlias('backstage', PAYOUTS_WORKER)?.id).toBe(payouts);
  expect(harness.compass.component(vault)!.externalAliases).toEqual([]);
});
