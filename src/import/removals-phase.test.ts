// Entities removed from Backstage, against the real Backstage (behind a proxy that hides the entities a test
// removed) and the local Compass: each removal policy does exactly what it says, only below the breaker's threshold,
// and a failed or truncated catalog read never touches a component.
import { testBackstage } from '../../sandbox/backstage/test-backstage';
import type { ComponentSnapshot, LocalCompass } from '../../sandbox/local-compass';
import { BackstageCatalogClient } from '../backstage/backstage-catalog-client';
import { nodeHttpFetch } from '../backstage/node-http-fetch';
import { startFaultInjectingProxy, type FaultInjectingProxy } from '../backstage/testing/test-servers';
import { entityStore } from '../storage/entity-store';
import { metricStore } from '../storage/metric-store';
import { stateKey } from '../storage/storage-keys';
import { DEFAULT_SYNC_SETTINGS, syncSettingsStore, type SyncSettings } from '../storage/sync-settings-store';
import { getImportResults, getImportStatus } from './import-status';
import { runSyncNow } from './sync-settings';
import { labelsMarkedRemoved, REMOVED_LABEL } from './removals-phase';
import { compassState, importHarness, type ImportHarness } from './testing/import-harness';
import { named, serveWithout } from './testing/shrunken-catalog';

const backstage = testBackstage();
let proxy: FaultInjectingProxy;

beforeAll(async () => {
  proxy = await startFaultInjectingProxy(backstage.baseUrl);
});
afterAll(() => proxy.close());
afterEach(() => proxy.setFault(undefined));

const PAYMENTS_DB = 'resource:default/payments-db';
const PAYOUTS_WORKER = 'component:default/payouts-worker';
const LEDGER_DB = 'resource:default/ledger-db';

/** Imports the whole catalog through the proxy with these sync settings; answers the harness. */
async function imported(settings: Partial<SyncSettings> = {}, metrics = false): Promise<ImportHarness> {
  const harness = importHarness({
    metrics,
    catalog: new BackstageCatalogClient({
      baseUrl: proxy.baseUrl,
      token: backstage.token,
      fetch: nodeHttpFetch,
    }),
  });
  await syncSettingsStore(harness.store).save({ ...DEFAULT_SYNC_SETTINGS, ...settings });
  expect(await harness.importAll()).toMatchObject({ state: 'done', failed: 0 });
  return harness;
}

function componentOf(compass: LocalCompass, ref: string): ComponentSnapshot | undefined {
  return compass.components().find((c) => c.externalAliases.some((a) => a.externalId === ref));
}

/** Every relationship with the component at either end. */
function relationshipsOf(compass: LocalCompass, id: string): string[] {
  return compass
    .components()
    .flatMap((c) =>
      [...c.dependsOn.map((to) => [c.id, to]), ...c.childOf.map((to) => [c.id, to])].filter(
        ([from, to]) => from === id || to === id,
      ),
    )
    .map(([from, to]) => `${from}->${to}`);
}

async function resultsOf(harness: ImportHarness) {
  return (await getImportResults(harness.deps, { limit: 100 })).results;
}

describe('report only (the default)', () => {
  it('reports a removed entity once, keeps its relationships, and changes nothing in Compass', async () => {
    const harness = await imported();
    const before = compassState(harness.compass);
    const dbId = componentOf(harness.compass, PAYMENTS_DB)!.id;
    expect(relationshipsOf(harness.compass, dbId).length).toBeGreaterThan(0);

    serveWithout(proxy, named('Resource:payments-db'));
    const status = await harness.importAll();
    expect(status).toMatchObject({
      state: 'done',
      orphaned: 1,
      marked: 0,
      deleted: 0,
      relationshipsRemoved: 0,
    });
    expect(status.removalsHeld).toBeUndefined();
    expect(compassState(harness.compass)).toEqual(before);
    const [state] = (await entityStore(harness.store).loadStates([PAYMENTS_DB])).values();
    expect(state!.removed).toEqual({ since: expect.any(String), action: 'reported' });

    // The next run reports it again, and keeps the first "since".
    const again = await harness.importAll();
    expect(again).toMatchObject({ orphaned: 1, relationshipsRemoved: 0 });
    expect((await entityStore(harness.store).loadStates([PAYMENTS_DB])).get(PAYMENTS_DB)!.removed).toEqual(
      state!.removed,
    );
    expect(compassState(harness.compass)).toEqual(before);
  });

  it('an entity that comes back is no longer reported removed, and a sync then reads nothing more of it', async () => {
    const harness = await imported();
    const before = compassState(harness.compass);
    serveWithout(proxy, named('Resource:payments-db'));
    expect(await harness.importAll()).toMatchObject({ orphaned: 1 });

    proxy.setFault(undefined);
    expect(await harness.importAll()).toMatchObject({
      state: 'done',
      orphaned: 0,
      unchanged: expect.any(Number),
    });
    expect(
      (await entityStore(harness.store).loadStates([PAYMENTS_DB])).get(PAYMENTS_DB)!.removed,
    ).toBeUndefined();
    expect(compassState(harness.compass)).toEqual(before);

    // A sync now finds nothing changed: the entity is not read again as one that came back.
    await runSyncNow(harness.deps, {
      cloudId: harness.compass.cloudId,
      backstageWebBaseUrl: harness.backstageBaseUrl,
    });
    await harness.queue.runUntilIdle();
    const synced = await getImportStatus(harness.deps);
    expect(synced).toMatchObject({ state: 'done', created: 0, updated: 0, orphaned: 0 });
    expect(synced.unchanged).toBe(synced.planned);
  });
});

describe('one entity’s failure', () => {
  it('a state kvs refuses fails that entity alone; the others are reported', async () => {
    const harness = await imported();
    // kvs refuses the database's state from now on, as it would a value it cannot hold.
    const refused = stateKey(PAYMENTS_DB);
    const store = harness.store;
    const set = store.set.bind(store);
    const setMany = store.setMany.bind(store);
    store.set = async (key, value) =>
      key === refused ? Promise.reject(new Error('refused')) : set(key, value);
    store.setMany = async (entries) =>
      entries.some((entry) => entry.key === refused)
        ? Promise.reject(new Error('refused'))
        : setMany(entries);

    serveWithout(proxy, named('Resource:payments-db', 'Component:payouts-worker'));
    expect(await harness.importAll()).toMatchObject({ state: 'done', orphaned: 1, failed: 1 });
    const results = await resultsOf(harness);
    expect(results.find((r) => r.entityRef === PAYMENTS_DB)).toMatchObject({
      outcome: 'failed',
      error: { kind: 'storage-failed' },
    });
    expect(results.find((r) => r.entityRef === PAYOUTS_WORKER)).toMatchObject({ outcome: 'orphaned' });
    expect(
      (await entityStore(store).loadStates([PAYOUTS_WORKER])).get(PAYOUTS_WORKER)!.removed,
    ).toMatchObject({
      action: 'reported',
    });
  });
});

describe('mark', () => {
  it('below the threshold: labels the components and removes the app’s relationships from and to them', async () => {
    const harness = await imported({ removalPolicy: 'mark' });
    const db = componentOf(harness.compass, PAYMENTS_DB)!;
    const worker = componentOf(harness.compass, PAYOUTS_WORKER)!;
    // payment-gateway and card-tokenizer depend on the database; the worker depends on ledger-service.
    expect(relationshipsOf(harness.compass, db.id).length).toBeGreaterThanOrEqual(2);
    expect(worker.dependsOn.length).toBeGreaterThan(0);
    const others = harness.compass.components().filter((c) => c.id !== db.id && c.id !== worker.id);

    serveWithout(proxy, named('Resource:payments-db', 'Component:payouts-worker'));
    const status = await harness.importAll();
    expect(status).toMatchObject({ state: 'done', marked: 2, orphaned: 0, deleted: 0 });
    for (const id of [db.id, worker.id]) {
      const component = harness.compass.component(id)!;
      expect(component.labels).toEqual([...(id === db.id ? db : worker).labels, REMOVED_LABEL]);
      // Lifecycle and the rest stay as they were.
      expect(component.fields).toEqual((id === db.id ? db : worker).fields);
      expect(relationshipsOf(harness.compass, id)).toEqual([]);
    }
    // Nothing else changed but the relationships to the two.
    for (const other of others) {
      const now = harness.compass.component(other.id)!;
      expect(now.labels).toEqual(other.labels);
      expect(now.dependsOn).toEqual(other.dependsOn.filter((id) => id !== db.id && id !== worker.id));
    }
    const states = await entityStore(harness.store).loadStates([PAYMENTS_DB, PAYOUTS_WORKER]);
    for (const state of states.values()) {
      expect(state).toMatchObject({ removed: { action: 'marked' }, written: [] });
    }
    expect(
      (await resultsOf(harness))
        .filter((r) => r.outcome === 'marked')
        .map((r) => r.entityRef)
        .sort(),
    ).toEqual([PAYOUTS_WORKER, PAYMENTS_DB]);

    // Marked once: the next run finds nothing more to do.
    const marked = compassState(harness.compass);
    expect(await harness.importAll()).toMatchObject({ marked: 0, orphaned: 2, relationshipsRemoved: 0 });
    expect(compassState(harness.compass)).toEqual(marked);
  });

  it('on a component that has 10 labels already, the last one makes room for the mark, and the result says so', async () => {
    const harness = await imported({ removalPolicy: 'mark' });
    const full = Array.from({ length: 10 }, (_, i) => `label-${i}`);
    const [found] = await harness.deps.gateway.findComponentsByAliases('backstage', [PAYMENTS_DB]);
    await harness.deps.gateway.updateComponent(found!, { labels: full });

    serveWithout(proxy, named('Resource:payments-db'));
    expect(await harness.importAll()).toMatchObject({ marked: 1 });
    expect(componentOf(harness.compass, PAYMENTS_DB)!.labels).toEqual([...full.slice(0, 9), REMOVED_LABEL]);
    const [result] = (await resultsOf(harness)).filter((r) => r.outcome === 'marked');
    expect(result!.reason).toMatch(/Compass keeps 10 labels, so "label-9" was removed to make room/);
  });

  it('an entity that comes back to Backstage loses the mark and gets its relationships back', async () => {
    const harness = await imported({ removalPolicy: 'mark' });
    const before = compassState(harness.compass);
    serveWithout(proxy, named('Resource:payments-db'));
    expect(await harness.importAll()).toMatchObject({ marked: 1 });
    expect(compassState(harness.compass)).not.toEqual(before);

    proxy.setFault(undefined);
    const back = await harness.importAll();
    expect(back).toMatchObject({ state: 'done', marked: 0, orphaned: 0, updated: 1 });
    expect(compassState(harness.compass)).toEqual(before);
    expect(
      (await entityStore(harness.store).loadStates([PAYMENTS_DB])).get(PAYMENTS_DB)!.removed,
    ).toBeUndefined();
  });

  it('a relationship Compass would not remove is tried again on the next run', async () => {
    const harness = await imported({ removalPolicy: 'mark' });
    const worker = componentOf(harness.compass, PAYOUTS_WORKER)!;
    serveWithout(proxy, named('Component:payouts-worker'));
    const fault = harness.compass.injectFault({
      match: 'deleteRelationship',
      kind: 'http-500',
      times: Infinity,
    });
    expect(await harness.importAll()).toMatchObject({ state: 'done', marked: 1 });
    expect(harness.compass.component(worker.id)!.labels).toContain(REMOVED_LABEL);
    expect(harness.compass.component(worker.id)!.dependsOn).toEqual(worker.dependsOn);
    const [result] = (await resultsOf(harness)).filter((r) => r.outcome === 'marked');
    expect(result!.reason).toMatch(/of its relationships could not be removed and are tried again/);

    fault.cancel();
    expect(await harness.importAll()).toMatchObject({ marked: 1 });
    expect(relationshipsOf(harness.compass, worker.id)).toEqual([]);
    expect(await harness.importAll()).toMatchObject({ marked: 0, orphaned: 1 });
  });

  it('puts the mark last, and never twice', () => {
    expect(labelsMarkedRemoved(['a'])).toEqual({ labels: ['a', REMOVED_LABEL] });
    expect(labelsMarkedRemoved(['a', REMOVED_LABEL])).toEqual({ labels: ['a', REMOVED_LABEL] });
  });

  it('delete without the admin’s confirmation acts as mark', async () => {
    const harness = await imported({ removalPolicy: 'delete', deleteConfirmed: false });
    serveWithout(proxy, named('Resource:payments-db'));
    expect(await harness.importAll()).toMatchObject({ marked: 1, deleted: 0 });
    expect(componentOf(harness.compass, PAYMENTS_DB)!.labels).toContain(REMOVED_LABEL);
  });
});

describe('delete (confirmed)', () => {
  it('below the threshold: deletes the component, its relationships, and the entity’s and metric state', async () => {
    const harness = await imported({ removalPolicy: 'delete', deleteConfirmed: true }, true);
    const db = componentOf(harness.compass, PAYMENTS_DB)!;
    expect(await metricStore(harness.store).loadState(PAYMENTS_DB)).toBeDefined();
    const count = harness.compass.components().length;

    serveWithout(proxy, named('Resource:payments-db'));
    const status = await harness.importAll();
    expect(status).toMatchObject({ state: 'done', deleted: 1, marked: 0, orphaned: 0 });
    expect(harness.compass.component(db.id)).toBeUndefined();
    expect(harness.compass.components()).toHaveLength(count - 1);
    expect(relationshipsOf(harness.compass, db.id)).toEqual([]);
    expect((await entityStore(harness.store).loadStates([PAYMENTS_DB])).size).toBe(0);
    expect(await metricStore(harness.store).loadState(PAYMENTS_DB)).toBeUndefined();
    expect(await resultsOf(harness)).toContainEqual(
      expect.objectContaining({ entityRef: PAYMENTS_DB, outcome: 'deleted', componentId: db.id }),
    );
    // Gone for good: the next run has nothing to remove.
    expect(await harness.importAll()).toMatchObject({ deleted: 0, orphaned: 0 });
  });

  it('a delete Compass fails fails only those entities, changes nothing else, and is tried again on the next run', async () => {
    const harness = await imported({ removalPolicy: 'delete', deleteConfirmed: true });
    serveWithout(proxy, named('Resource:payments-db'));
    const fault = harness.compass.injectFault({
      match: 'deleteComponent',
      kind: 'http-500',
      times: Infinity,
    });
    const status = await harness.importAll();
    expect(status).toMatchObject({ state: 'done', deleted: 0, failed: 1 });
    expect(componentOf(harness.compass, PAYMENTS_DB)).toBeDefined();
    expect((await entityStore(harness.store).loadStates([PAYMENTS_DB])).size).toBe(1);

    fault.cancel();
    expect(await harness.importAll()).toMatchObject({ deleted: 1, failed: 0 });
    expect(componentOf(harness.compass, PAYMENTS_DB)).toBeUndefined();
  });
});

describe('the circuit breaker', () => {
  it('above the threshold refuses every removal, says how many of how many, and changes nothing', async () => {
    const harness = await imported({ removalPolicy: 'delete', deleteConfirmed: true });
    const importedCount = (await entityStore(harness.store).loadAllStates()).size;
    const before = compassState(harness.compass);

    // Three of the imported entities: over 10% of them, well under the catalog-shrink check's 10% of 56.
    serveWithout(proxy, named('Resource:payments-db', 'Component:payouts-worker', 'Resource:ledger-db'));
    const status = await harness.importAll();
    const share = `${Math.round((3 / importedCount) * 1000) / 10}%`;
    expect(status).toMatchObject({
      state: 'done',
      deleted: 0,
      marked: 0,
      orphaned: 3,
      relationshipsRemoved: 0,
      removalsHeld: {
        reason: 'too-many',
        message:
          `3 of the ${importedCount} imported entities (${share}) are no longer in Backstage, more than the 10% a run ` +
          'may remove, so nothing was removed in this run. If they were really deleted from Backstage, apply the ' +
          'removals anyway.',
      },
    });
    expect(status.relationshipsHeld).toBeGreaterThan(0);
    expect(compassState(harness.compass)).toEqual(before);
    const states = await entityStore(harness.store).loadStates([PAYMENTS_DB, PAYOUTS_WORKER, LEDGER_DB]);
    expect([...states.values()].map((state) => state.removed)).toEqual([undefined, undefined, undefined]);
  });

  it('a higher threshold lets the same removals through', async () => {
    const harness = await imported({ removalPolicy: 'mark', maxRemovalShare: 0.5 });
    serveWithout(proxy, named('Resource:payments-db', 'Component:payouts-worker', 'Resource:ledger-db'));
    const status = await harness.importAll();
    expect(status).toMatchObject({ marked: 3 });
    expect(status.removalsHeld).toBeUndefined();
  });
});

describe('a catalog read that failed or was cut short', () => {
  it('a read missing entities the catalog counts never touches a component, whatever the policy', async () => {
    const harness = await imported({ removalPolicy: 'delete', deleteConfirmed: true });
    const before = compassState(harness.compass);
    serveWithout(proxy, (item) => item.kind === 'Resource', { keepTotal: true });
    const status = await harness.importAll();
    expect(status).toMatchObject({
      state: 'done',
      deleted: 0,
      marked: 0,
      // No removals phase: a read that missed entities cannot tell a removed one from a missing one.
      orphaned: 0,
      relationshipsRemoved: 0,
      removalsHeld: { reason: 'read-incomplete' },
    });
    expect(compassState(harness.compass)).toEqual(before);
  });

  it('a listing that fails fails the run before any verdict, and no component is touched', async () => {
    const harness = await imported({ removalPolicy: 'delete', deleteConfirmed: true });
    const before = compassState(harness.compass);
    // The index phase's listing (its fields name the namespace); startImport's one-entity check still answers.
    proxy.setFault((request) =>
      request.url.includes('/entities/by-query') && request.url.includes('metadata.namespace')
        ? { respond: { status: 503, body: '{"error":{"name":"Unavailable","message":"down"}}' } }
        : undefined,
    );
    const status = await harness.importAll();
    expect(status).toMatchObject({ state: 'failed', phase: 'index', deleted: 0, marked: 0, orphaned: 0 });
    expect(compassState(harness.compass)).toEqual(before);
  });
});
