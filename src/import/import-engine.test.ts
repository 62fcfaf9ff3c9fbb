// The sync engine end to end: the real Backstage catalog backend, the app's gateway against the local Compass,
// in-memory kvs and an in-process queue with Forge's at-least-once delivery.
import type { Entity } from '@backstage/catalog-model';
import { GraphqlCompassGateway } from '../compass/graphql-compass-gateway';
import { createMappingConfig, mapCatalog } from '../core/mapping';
import type { BackstageCatalog, CatalogQuery } from '../core/ports';
import {
  cancelImport,
  getImportResults,
  getImportStatus,
  retryFailed,
  RUNS_WITH_RESULTS,
  startImport,
  ImportRequestError,
} from './import-engine';
import { RUN_KEY, STATE_PREFIX } from './import-run';
import { compassState, CrashSwitch, importHarness } from './testing/import-harness';

const MUTATIONS = /^compass\.(create|update|delete|add|remove)/;

function writesIn(byRootField: Record<string, number>): number {
  return Object.entries(byRootField)
    .filter(([field]) => MUTATIONS.test(field))
    .reduce((sum, [, count]) => sum + count, 0);
}

/** Every entity, full, as the app's client reads them: what the mapping is checked against. */
async function wholeCatalog(catalog: BackstageCatalog): Promise<Entity[]> {
  const entities: Entity[] = [];
  for await (const page of catalog.queryAllEntities({})) entities.push(...page.items);
  return entities;
}

/** The last run finished and found every entity as Compass already had it. */
async function expectEverythingUnchanged(harness: ReturnType<typeof importHarness>): Promise<void> {
  const status = await getImportStatus(harness.deps);
  expect(status).toMatchObject({ state: 'done', created: 0, updated: 0, failed: 0, unchanged: status.total });
}

describe('the import engine', () => {
  it('imports the whole fixture catalog, every component exactly as the mapping rules say', async () => {
    const harness = importHarness();
    await harness.importAll();

    const status = await getImportStatus(harness.deps);
    const expected = mapCatalog(
      await wholeCatalog(harness.deps.catalog),
      createMappingConfig({ backstageWebBaseUrl: harness.backstageBaseUrl }),
    );
    expect(status).toMatchObject({
      state: 'done',
      phase: 'finished',
      total: expected.drafts.length,
      done: expected.drafts.length,
      created: expected.drafts.length,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      failed: 0,
      orphaned: 0,
      startedBy: 'test-admin',
    });

    const components = harness.compass.components();
    expect(components).toHaveLength(expected.drafts.length);
    const idByRef = new Map(components.map((c) => [c.externalAliases[0]!.externalId, c.id]));
    for (const draft of expected.drafts) {
      const stored = harness.compass.component(idByRef.get(draft.entityRef)!)!;
      expect({
        ref: draft.entityRef,
        name: stored.name,
        description: stored.description ?? undefined,
      }).toEqual({
        ref: draft.entityRef,
        name: draft.name,
        description: draft.description,
      });
      expect(stored.typeId).toBe(draft.typeId);
      expect(stored.state).toBe('ACTIVE');
      expect(stored.fields['compass:lifecycle']).toEqual(draft.lifecycle ? [draft.lifecycle] : undefined);
      expect(stored.ownerId ?? undefined).toBe(draft.ownerId);
      expect([...stored.labels].sort()).toEqual([...draft.labels].sort());
      expect(stored.links.map((l) => [l.type, l.url, l.name ?? undefined]).sort()).toEqual(
        draft.links.map((l) => [l.type, l.url, l.name]).sort(),
      );
      const dependsOn = draft.dependsOn.filter((ref) => idByRef.has(ref)).map((ref) => idByRef.get(ref));
      expect([...stored.dependsOn].sort()).toEqual(dependsOn.sort());
      expect(stored.childOf).toEqual(
        draft.childOf && idByRef.has(draft.childOf) ? [idByRef.get(draft.childOf)] : [],
      );
    }
    expect(status.relationshipsAdded).toBe(
      components.reduce((n, c) => n + c.dependsOn.length + c.childOf.length, 0),
    );

    const results = await getImportResults(harness.deps, { limit: 100 });
    expect(results.results).toHaveLength(expected.drafts.length);
    const gateway = results.results.find((r) => r.entityRef === 'component:default/payment-gateway')!;
    expect(gateway).toMatchObject({
      outcome: 'created',
      componentId: idByRef.get('component:default/payment-gateway'),
    });
    expect(gateway.warnings.map((w) => w.code)).toContain('links-over-limit');
  });

  it('an unchanged re-import writes nothing to Compass and reads almost nothing', async () => {
    const harness = importHarness();
    await harness.importAll();
    harness.compass.resetStats();
    await harness.importAll();

    await expectEverythingUnchanged(harness);
    expect(writesIn(harness.compass.stats().byRootField)).toBe(0);
    expect(harness.compass.stats().requests).toBe(0);
  });

  it('after the app’s state is lost, finds every component by alias and creates no duplicate', async () => {
    const harness = importHarness();
    await harness.importAll();
    const before = compassState(harness.compass);
    const stateKeys = (await harness.store.listByPrefix(STATE_PREFIX, { limit: 100 })).entries.map(
      (e) => e.key,
    );
    const claimKeys = (await harness.store.listByPrefix('import-claim:')).entries.map((e) => e.key);
    await harness.store.deleteMany([...stateKeys, ...claimKeys, RUN_KEY]);
    harness.compass.resetStats();

    await harness.importAll();
    await expectEverythingUnchanged(harness);
    expect(harness.compass.stats().byRootField['compass.createComponent']).toBeUndefined();
    expect(compassState(harness.compass)).toEqual(before);
  });

  it('a changed entity produces exactly one update, of the changed field', async () => {
    const harness = importHarness();
    await harness.importAll();
    harness.compass.resetStats();

    const real = harness.deps.catalog;
    const edit = (entity: Entity | null) =>
      entity?.metadata.name === 'ledger-service'
        ? {
            ...entity,
            metadata: { ...entity.metadata, description: 'Double-entry ledger, now event-sourced.' },
          }
        : entity;
    const edited: BackstageCatalog = {
      queryEntitiesPage: (query: CatalogQuery, cursor?: string) => real.queryEntitiesPage(query, cursor),
      queryAllEntities: (query: CatalogQuery) => real.queryAllEntities(query),
      getEntitiesByRefs: async (refs, fields) => (await real.getEntitiesByRefs(refs, fields)).map(edit),
      async lookupEntitiesByRefs(refs, fields) {
        const found = await real.lookupEntitiesByRefs(refs, fields);
        return { ...found, items: found.items.map(edit) };
      },
    };
    harness.deps.catalog = edited;
    await harness.importAll();

    const status = await getImportStatus(harness.deps);
    expect(status).toMatchObject({
      state: 'done',
      created: 0,
      updated: 1,
      failed: 0,
      unchanged: status.total - 1,
    });
    const updated = await getImportResults(harness.deps, { outcome: 'updated', limit: 100 });
    expect(updated.results).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/ledger-service',
        changedFields: ['description'],
      }),
    ]);
    expect(harness.compass.stats().byRootField).toEqual({
      'compass.componentByExternalAlias': 1,
      'compass.updateComponent': 1,
    });
  });

  it('survives Compass answering 429 and 5xx, and ends in the same state', async () => {
    const reference = importHarness();
    await reference.importAll();

    const harness = importHarness();
    harness.compass.injectFault({
      match: 'createComponent',
      kind: 'rate-limit',
      retryAfterSeconds: 1,
      times: 3,
    });
    harness.compass.injectFault({ match: 'componentByExternalAlias', kind: 'http-502', times: 2 });
    harness.compass.injectFault({ match: 'createRelationship', kind: 'http-500', times: 2 });
    await harness.importAll();

    expect(await getImportStatus(harness.deps)).toMatchObject({ state: 'done', failed: 0 });
    expect(harness.compass.stats().faulted).toBe(7);
    expect(compassState(harness.compass)).toEqual(compassState(reference.compass));
  });

  describe('interrupted at any point, then resumed, it ends exactly where an uninterrupted run does', () => {
    let reference: Record<string, unknown>;
    let requestsInAnImport = 0;
    beforeAll(async () => {
      const harness = importHarness({ options: { sliceSize: 7 } });
      await harness.importAll();
      reference = compassState(harness.compass);
      requestsInAnImport = harness.compass.stats().requests;
    });

    it('has enough requests to interrupt at each point below', () => {
      expect(requestsInAnImport).toBeGreaterThanOrEqual(16);
    });

    it.each([1, 2, 3, 4, 6, 9, 12, 16])('killed right after Compass request %i', async (k) => {
      const crash = new CrashSwitch((request) => request === k);
      const harness = importHarness({ crash, options: { sliceSize: 7 } });
      await harness.importAll();
      expect(crash.crashes).toBe(1);
      expect(await getImportStatus(harness.deps)).toMatchObject({ state: 'done', failed: 0 });
      expect(compassState(harness.compass)).toEqual(reference);
    });

    it('killed after every 9th Compass request, again and again', async () => {
      const crash = new CrashSwitch((request) => request % 9 === 0);
      const harness = importHarness({ crash, options: { sliceSize: 3 } });
      await harness.importAll();
      expect(crash.crashes).toBeGreaterThanOrEqual(3);
      expect(await getImportStatus(harness.deps)).toMatchObject({ state: 'done', failed: 0 });
      expect(compassState(harness.compass)).toEqual(reference);
    });

    it('with events delivered twice and continuations after every slice', async () => {
      const harness = importHarness({
        options: { sliceSize: 4, timeBudgetMs: 0 },
        queueOptions: { duplicateProbability: 0.5, seed: 7 },
      });
      await harness.importAll();
      expect(harness.queue.stats().duplicateDeliveries).toBeGreaterThan(0);
      expect(await getImportStatus(harness.deps)).toMatchObject({ state: 'done', failed: 0 });
      expect(compassState(harness.compass)).toEqual(reference);
    });
  });

  describe('one run per site, cancel, retry', () => {
    it('refuses a second start while one runs, with a clear message', async () => {
      const harness = importHarness();
      await startImport(harness.deps, {
        cloudId: 'c',
        backstageWebBaseUrl: harness.backstageBaseUrl,
        startedBy: 'ana',
      });
      const second = startImport(harness.deps, {
        cloudId: 'c',
        backstageWebBaseUrl: harness.backstageBaseUrl,
      });
      await expect(second).rejects.toThrow(ImportRequestError);
      await expect(second).rejects.toThrow(/already running .* by ana/);
    });

    it('a run whose events were lost is resumed by starting again once it is stale', async () => {
      const harness = importHarness();
      let now = Date.parse('2026-11-24T10:00:00.000Z');
      harness.deps.now = () => now;
      const realQueue = harness.deps.queue;
      harness.deps.queue = { push: async () => undefined }; // the first event never arrives
      const first = await startImport(harness.deps, {
        cloudId: harness.compass.cloudId,
        backstageWebBaseUrl: harness.backstageBaseUrl,
      });
      harness.deps.queue = realQueue;

      now += 60_000;
      await expect(
        startImport(harness.deps, {
          cloudId: harness.compass.cloudId,
          backstageWebBaseUrl: harness.backstageBaseUrl,
        }),
      ).rejects.toThrow(/already running/);
      now += 15 * 60_000;
      expect(await getImportStatus(harness.deps)).toMatchObject({ state: 'running', stale: true });
      const resumed = await startImport(harness.deps, {
        cloudId: harness.compass.cloudId,
        backstageWebBaseUrl: harness.backstageBaseUrl,
      });
      expect(resumed).toEqual({ runId: first.runId, resumed: true });
      await harness.queue.runUntilIdle();
      expect(await getImportStatus(harness.deps)).toMatchObject({
        state: 'done',
        runId: first.runId,
        failed: 0,
        created: 28,
      });
    });

    it('a cancelled run stops at the next slice and keeps what it did', async () => {
      const harness = importHarness({ options: { sliceSize: 5 } });
      await startImport(harness.deps, {
        cloudId: harness.compass.cloudId,
        backstageWebBaseUrl: harness.backstageBaseUrl,
      });
      // Cancel as soon as the first slice's components have been written.
      const original = harness.deps.gateway as GraphqlCompassGateway;
      const createComponents = original.createComponents.bind(original);
      original.createComponents = async (drafts) => {
        const results = await createComponents(drafts);
        await cancelImport(harness.deps);
        return results;
      };
      await harness.queue.runUntilIdle();
      const status = await getImportStatus(harness.deps);
      expect(status.state).toBe('cancelled');
      expect(status.created).toBe(harness.compass.components().length);
      expect(status.done).toBeLessThan(status.total);
      await expect(cancelImport(harness.deps)).rejects.toThrow(/No import is running/);
    });

    it('an entity that failed is retried on its own, and succeeds once Compass accepts it', async () => {
      const harness = importHarness();
      harness.compass.injectFault({
        match: (request) => JSON.stringify(request.variables).includes('"name":"Payment Gateway"'),
        kind: 'graphql-error',
        times: Infinity,
      });
      await harness.importAll();
      const first = await getImportStatus(harness.deps);
      expect(first.failed).toBeGreaterThan(0);

      harness.compass.clearFaults();
      const retried = await retryFailed(harness.deps, { startedBy: 'test-admin' });
      expect(retried.retried).toBe(first.failed);
      await harness.queue.runUntilIdle();
      expect(await getImportStatus(harness.deps)).toMatchObject({
        state: 'done',
        failed: 0,
        selectionSize: first.failed,
      });
      await expect(retryFailed(harness.deps, {})).rejects.toThrow(/no failed entities/);
    });

    it('an entity that is no longer in Backstage is reported as orphaned and left alone', async () => {
      const harness = importHarness();
      await harness.importAll();
      await harness.store.set(`${STATE_PREFIX}component:default#retired-service`, {
        componentId: 'ari:cloud:compass:x:component/y/z',
        hash: 'h',
        wanted: [],
        written: [],
        lastSeenAt: '2026-01-01T00:00:00.000Z',
      });
      await harness.importAll();
      expect(await getImportStatus(harness.deps)).toMatchObject({ state: 'done', orphaned: 1 });
      const orphans = await getImportResults(harness.deps, { outcome: 'orphaned', limit: 100 });
      expect(orphans.results.map((r) => r.entityRef)).toEqual(['component:default/retired-service']);
    });

    it('keeps per-entity results for the last few runs only, so kvs does not grow run after run', async () => {
      const harness = importHarness();
      const runIds: string[] = [];
      for (let i = 0; i < RUNS_WITH_RESULTS + 2; i++) {
        await harness.importAll();
        runIds.push((await getImportStatus(harness.deps)).runId!);
      }
      const keysOf = async (runId: string) =>
        (await harness.store.listByPrefix(`import:${runId}:`, { limit: 100 })).entries.length;
      const kept = await Promise.all(runIds.map(keysOf));
      expect(kept.slice(0, 2)).toEqual([0, 0]);
      expect(kept.slice(2).every((count) => count > 0)).toBe(true);
      expect((await getImportResults(harness.deps, { limit: 100 })).results).toHaveLength(28);
    });

    it('a selection imports just those entities and reports refs Backstage does not have', async () => {
      const harness = importHarness();
      await harness.importAll([
        'component:default/ledger-service',
        'Resource:default/ledger-db',
        'component:default/gone',
      ]);
      const status = await getImportStatus(harness.deps);
      expect(status).toMatchObject({ state: 'done', total: 3, created: 2, skipped: 1, selectionSize: 3 });
      expect(harness.compass.components()).toHaveLength(2);
      await expect(
        startImport(harness.deps, { cloudId: 'c', backstageWebBaseUrl: 'x', selection: ['not a ref!'] }),
      ).rejects.toThrow(/Not entity refs/);
    });
  });
});
