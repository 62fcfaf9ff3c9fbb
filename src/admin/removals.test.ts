// The admin page's removals and "apply anyway", against the real Backstage (behind a proxy that hides the entities
// a test removed) and the local Compass.
import { testBackstage } from '../../sandbox/backstage/test-backstage';
import { BackstageCatalogClient } from '../backstage/backstage-catalog-client';
import { nodeHttpFetch } from '../backstage/node-http-fetch';
import { startFaultInjectingProxy, type FaultInjectingProxy } from '../backstage/testing/test-servers';
import { getImportStatus } from '../import/import-status';
import { REMOVED_LABEL } from '../import/removals-phase';
import { compassState, importHarness, type ImportHarness } from '../import/testing/import-harness';
import { named, serveWithout } from '../import/testing/shrunken-catalog';
import { entityStore } from '../storage/entity-store';
import { DEFAULT_SYNC_SETTINGS, syncSettingsStore } from '../storage/sync-settings-store';
import { applyRemovals, getRemovals } from './removals';

const backstage = testBackstage();
let proxy: FaultInjectingProxy;

beforeAll(async () => {
  proxy = await startFaultInjectingProxy(backstage.baseUrl);
});
afterAll(() => proxy.close());
afterEach(() => proxy.setFault(undefined));

const GONE = [
  'resource:default/ledger-db',
  'component:default/payouts-worker',
  'resource:default/payments-db',
];
const hideGone = () =>
  serveWithout(proxy, named('Resource:payments-db', 'Component:payouts-worker', 'Resource:ledger-db'));

async function markingHarness(): Promise<ImportHarness> {
  const harness = importHarness({
    catalog: new BackstageCatalogClient({
      baseUrl: proxy.baseUrl,
      token: backstage.token,
      fetch: nodeHttpFetch,
    }),
  });
  await syncSettingsStore(harness.store).save({ ...DEFAULT_SYNC_SETTINGS, removalPolicy: 'mark' });
  await harness.importAll();
  return harness;
}

describe('getRemovals and applyRemovals', () => {
  it('show the breaker’s refusal with its counts, apply the held removals once, and refuse a second time', async () => {
    const harness = await markingHarness();
    const imported = (await entityStore(harness.store).loadAllStates()).size;
    expect(await getRemovals(harness.store)).toEqual({
      policy: 'mark',
      deleteConfirmed: false,
      removed: [],
      total: 0,
    });

    hideGone();
    const held = await harness.importAll();
    expect(held.removalsHeld?.reason).toBe('too-many');
    const before = compassState(harness.compass);
    const view = await getRemovals(harness.store);
    expect(view).toMatchObject({
      policy: 'mark',
      breaker: {
        reason: 'too-many',
        message: expect.stringMatching(new RegExp(`^3 of the ${imported} imported entities`)),
        removed: 3,
        imported,
        share: 3 / imported,
        threshold: 0.1,
        canApplyAnyway: true,
        runId: held.runId,
      },
      total: 3,
    });
    expect(view.removed.map((row) => [row.entityRef, row.action]).sort()).toEqual(
      GONE.map((ref) => [ref, 'held']).sort(),
    );
    expect(view.removed.every((row) => row.componentId.length > 0)).toBe(true);

    // Apply anyway: one run that marks the three.
    const started = await applyRemovals(harness.deps, { startedBy: 'test-admin' });
    expect(started.resumed).toBe(false);
    await harness.queue.runUntilIdle();
    expect(await getImportStatus(harness.deps)).toMatchObject({
      state: 'done',
      marked: 3,
      runId: started.runId,
    });
    expect(compassState(harness.compass)).not.toEqual(before);
    const applied = await getRemovals(harness.store);
    expect(applied.breaker).toBeUndefined();
    expect(applied.removed.map((row) => row.action)).toEqual(['marked', 'marked', 'marked']);

    // Once: nothing is held any more, so there is nothing to apply; the next run is judged as usual and finds the
    // three already marked.
    await expect(applyRemovals(harness.deps)).rejects.toMatchObject({ kind: 'nothing-to-apply' });
    const marked = compassState(harness.compass);
    const next = await harness.importAll();
    expect(next).toMatchObject({ marked: 0, orphaned: 3 });
    expect(next.removalsHeld).toBeUndefined();
    expect(compassState(harness.compass)).toEqual(marked);
    for (const ref of GONE) expect((marked[ref] as { labels: string[] }).labels).toContain(REMOVED_LABEL);
  });

  it('never applies anyway after a read that missed entities Backstage reported', async () => {
    const harness = await markingHarness();
    serveWithout(proxy, (item) => item.kind === 'Resource', { keepTotal: true });
    await harness.importAll();
    expect((await getRemovals(harness.store)).breaker).toMatchObject({
      reason: 'read-incomplete',
      canApplyAnyway: false,
    });
    await expect(applyRemovals(harness.deps)).rejects.toMatchObject({ kind: 'nothing-to-apply' });
  });

  it('refuse to apply when no run held anything', async () => {
    const harness = importHarness();
    await expect(applyRemovals(harness.deps)).rejects.toMatchObject({ kind: 'nothing-to-apply' });
    await harness.importAll();
    await expect(applyRemovals(harness.deps)).rejects.toMatchObject({ kind: 'nothing-to-apply' });
  });
});
