// The sync engine end to end: the real Backstage catalog backend, the app's gateway against the local Compass,
// in-memory kvs and an in-process queue with Forge's at-least-once delivery.
import type { Entity } from '@backstage/catalog-model';
import { ForgePlatform } from '../../sandbox/forge/forge-platform';
import { ForgeKvsService } from '../../sandbox/forge/forge-platform-kvs';
import { LocalCompass } from '../../sandbox/local-compass';
import { testBackstage } from '../../sandbox/backstage/test-backstage';
import { getHistory } from '../admin/history';
import { planImport } from '../admin/plan-import';
import { BackstageCatalogClient } from '../backstage/backstage-catalog-client';
import { BackstageCatalogError } from '../backstage/backstage-errors';
import { nodeHttpFetch } from '../backstage/node-http-fetch';
import {
  closedLoopbackPort,
  startFaultInjectingProxy,
  type FaultInjectingProxy,
} from '../backstage/testing/test-servers';
import { GraphqlCompassGateway } from '../compass/graphql-compass-gateway';
import { createMappingConfig, mapCatalog } from '../core/mapping';
import type { BackstageCatalog, KeyValueStore } from '../core/ports';
import { forgeKeyValueStore } from '../forge/forge-key-value-store';
import { InMemoryKeyValueStore } from '../state/in-memory-key-value-store';
import { rejection } from '../testing/rejection';
import { cancelImport } from './cancel-import';
import { getImportResults, getImportStatus } from './import-status';
import { normaliseSelection, startImport } from './start-import';
import { retryFailed } from './retry-import';
import { RUNS_WITH_RESULTS } from './cleanup-old-runs';
import { ImportRequestError } from './import-engine';
import { RUN_KEY, STATE_PREFIX, stateKey } from '../storage/storage-keys';
import type { EntityResult } from './import-run';
import { catalogWithEdited } from './testing/edited-catalog';
import { compassState, CrashSwitch, importHarness, type ImportHarness } from './testing/import-harness';

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
    const status = await harness.importAll();
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

    harness.deps.catalog = catalogWithEdited(harness.deps.catalog, 'ledger-service', (entity) => ({
      ...entity,
      metadata: { ...entity.metadata, description: 'Double-entry ledger, now event-sourced.' },
    }));
    const status = await harness.importAll();
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

  describe('progress the page can follow', () => {
    /** The `done` the page would read after every write of the run record, changes only. */
    function watchDone(): { store: InMemoryKeyValueStore; seen: number[] } {
      const seen: number[] = [];
      const store = new InMemoryKeyValueStore();
      const set = store.set.bind(store);
      store.set = async (key, value, ...rest) => {
        await set(key, value, ...rest);
        if (key !== RUN_KEY) return;
        const { done } = await getImportStatus({ store });
        if (seen.at(-1) !== done) seen.push(done);
      };
      return { store, seen };
    }

    it('moves within a slice of 200 as each write batch settles (not 0, then 28)', async () => {
      const { store, seen } = watchDone();
      const harness = importHarness({ store });
      const status = await harness.importAll();
      expect(status).toMatchObject({ state: 'done', done: 28, created: 28 });
      // A create batch of 25 settles 25 entities at once: reported at once; the last 3 come with the checkpoint.
      expect(seen).toEqual([0, 25, 28]);
    });

    it('counts the entities whose mapping warned, for the summary after the run', async () => {
      const harness = importHarness({ options: { sliceSize: 7 } });
      const status = await harness.importAll();
      const results: EntityResult[] = [];
      let cursor: string | undefined;
      do {
        const page = await getImportResults(harness.deps, { limit: 100, ...(cursor ? { cursor } : {}) });
        results.push(...page.results);
        cursor = page.nextCursor;
      } while (cursor);
      const warned = results.filter((result) => result.warnings.length > 0).length;
      expect(warned).toBeGreaterThan(0);
      expect(status.withWarnings).toBe(warned);
    });

    it('is updated as soon as 10 more entities are settled, not at every small batch', async () => {
      const { store, seen } = watchDone();
      const harness = importHarness({ store, options: { writeBatchSize: 3 } });
      await harness.importAll();
      expect(seen).toEqual([0, 12, 24, 28]);
    });

    it('moves after 2 seconds even when fewer than 10 entities are settled', async () => {
      const { store, seen } = watchDone();
      // Each write batch of 3 entities takes 2.5 s on the engine's clock: every batch is reported.
      let clock = Date.parse('2026-12-04T10:00:00Z');
      const harness = importHarness({
        store,
        options: { writeBatchSize: 3, timeBudgetMs: 3_600_000 },
      });
      harness.deps.now = () => clock;
      const gateway = harness.deps.gateway as GraphqlCompassGateway;
      const createComponents = gateway.createComponents.bind(gateway);
      gateway.createComponents = async (drafts) => {
        clock += 2500;
        return createComponents(drafts);
      };
      await harness.importAll();
      const steps = seen.slice(1).map((done, i) => done - seen[i]!);
      expect(seen.length).toBeGreaterThan(5);
      expect(steps.slice(0, -1).every((step) => step === 3)).toBe(true);
      expect(seen.at(-1)).toBe(28);
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
      await expect(second).rejects.toThrow(/already running \(started .*, 0 of \d+ done\)/);
      // The sentence reaches the page: no account id in it.
      await expect(second).rejects.not.toThrow(/ana/);
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
      const first = await harness.importAll();
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
      const status = await harness.importAll([
        'component:default/ledger-service',
        'Resource:default/ledger-db',
        'component:default/gone',
      ]);
      expect(status).toMatchObject({ state: 'done', total: 3, created: 2, skipped: 1, selectionSize: 3 });
      expect(harness.compass.components()).toHaveLength(2);
      await expect(
        startImport(harness.deps, { cloudId: 'c', backstageWebBaseUrl: 'x', selection: ['not a ref!'] }),
      ).rejects.toThrow(/Not entity refs/);
    });
  });
});

describe('odd entity names, per-entity failures, selections and racing starts', () => {
  const ODD_REF = 'component:default/über-service';
  const ODD_ENTITY: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'über-service', namespace: 'default', description: 'Served by a relaxed Backstage' },
    spec: { type: 'service', lifecycle: 'production', owner: 'group:default/payments' },
  };
  const backstage = testBackstage();

  /** Runs `work` with the app's state in the sandbox's kvs (its key rules) under the real @forge/kvs client. */
  async function withSandboxKvs<T>(
    latencyMs: number,
    work: (store: KeyValueStore) => Promise<T>,
  ): Promise<T> {
    const platform = new ForgePlatform({
      appId: 'test-app',
      kvs: new ForgeKvsService({ latencyMs }),
      graph: new LocalCompass(),
      queues: {},
    });
    platform.install();
    try {
      return await work(forgeKeyValueStore);
    } finally {
      platform.uninstall();
    }
  }

  /** The real catalog plus one entity, as a Backstage with relaxed name rules serves it. */
  function withRelaxedEntity(real: BackstageCatalog, extra: Entity): BackstageCatalog {
    const serve = (items: (Entity | null)[], refs: string[]) =>
      items.map((item, i) => (refs[i]!.toLowerCase() === ODD_REF ? extra : item));
    return {
      async queryEntitiesPage(query, cursor) {
        const page = await real.queryEntitiesPage(query, cursor);
        return cursor === undefined ? { ...page, items: [...page.items, extra] } : page;
      },
      async *queryAllEntities(query) {
        let first = true;
        for await (const page of real.queryAllEntities(query)) {
          yield first ? { ...page, items: [...page.items, extra] } : page;
          first = false;
        }
      },
      getEntitiesByRefs: async (refs, fields) => serve(await real.getEntitiesByRefs(refs, fields), refs),
      async lookupEntitiesByRefs(refs, fields) {
        const found = await real.lookupEntitiesByRefs(refs, fields);
        return { ...found, items: serve(found.items, refs) };
      },
    };
  }

  const planningDeps = (harness: ImportHarness) => ({
    catalog: harness.deps.catalog,
    gateway: harness.deps.gateway,
    store: harness.store,
    config: createMappingConfig({ backstageWebBaseUrl: harness.backstageBaseUrl }),
  });

  const start = (harness: ImportHarness, selection?: string[]) =>
    startImport(harness.deps, {
      cloudId: harness.compass.cloudId,
      backstageWebBaseUrl: harness.backstageBaseUrl,
      ...(selection ? { selection } : {}),
    });

  async function resultOf(harness: ImportHarness, entityRef: string) {
    const results: EntityResult[] = [];
    let cursor: string | undefined;
    do {
      const page = await getImportResults(harness.deps, { cursor, limit: 100 });
      results.push(...page.results);
      cursor = page.nextCursor;
    } while (cursor);
    return results.find((result) => result.entityRef === entityRef);
  }

  describe('an entity named über-service next to valid ones, state in the sandbox kvs', () => {
    let proxy: FaultInjectingProxy;
    beforeAll(async () => {
      proxy = await startFaultInjectingProxy(backstage.baseUrl);
      // The index lists it; by-refs serves it in full, where the app's client finds it invalid.
      proxy.setFault((request) => {
        if (request.url.startsWith('/api/catalog/entities/by-query') && !request.url.includes('cursor=')) {
          return {
            rewriteJson: (json) => {
              const page = json as { items: unknown[] };
              return { ...page, items: [...page.items, ODD_ENTITY] };
            },
          };
        }
        if (request.url.startsWith('/api/catalog/entities/by-refs')) {
          const refs = (JSON.parse(request.body) as { entityRefs: string[] }).entityRefs;
          return {
            rewriteJson: (json) => ({
              items: (json as { items: unknown[] }).items.map((item, i) =>
                refs[i] === ODD_REF ? ODD_ENTITY : item,
              ),
            }),
          };
        }
        return undefined;
      });
    });
    afterAll(() => proxy.close());

    it('imports every valid entity and reports the odd one as not valid, with the reason', async () => {
      await withSandboxKvs(0, async (store) => {
        const catalog = new BackstageCatalogClient({
          baseUrl: proxy.baseUrl,
          token: backstage.token,
          fetch: nodeHttpFetch,
        });
        const harness = importHarness({ store, catalog });
        await harness.importAll();
        expect(await getImportStatus(harness.deps)).toMatchObject({
          state: 'done',
          total: 29,
          created: 28,
          skipped: 1,
          failed: 0,
        });
        expect(harness.compass.components()).toHaveLength(28);
        const odd = await resultOf(harness, ODD_REF);
        expect(odd).toMatchObject({ outcome: 'skipped' });
        expect(odd!.reason).toMatch(/^Backstage has this entity but it is not valid: .*metadata\.name/);
        expect(odd!.reason!.length).toBeLessThanOrEqual(
          'Backstage has this entity but it is not valid: '.length + 300,
        );

        // The dry run says the same.
        const plan = await planImport({
          catalog,
          gateway: harness.deps.gateway,
          store,
          config: createMappingConfig({ backstageWebBaseUrl: harness.backstageBaseUrl }),
        });
        const planned = plan.items.find((item) => item.entityRef === ODD_REF);
        expect(planned).toMatchObject({ action: 'skipped', reason: odd!.reason });
      });
    });
  });

  it('a Backstage with relaxed names: über-service is imported, its state found again, never an orphan', async () => {
    await withSandboxKvs(0, async (store) => {
      const real = importHarness().deps.catalog;
      const harness = importHarness({ store, catalog: withRelaxedEntity(real, ODD_ENTITY) });
      await harness.importAll();
      expect(await getImportStatus(harness.deps)).toMatchObject({ state: 'done', created: 29, failed: 0 });
      expect(await resultOf(harness, ODD_REF)).toMatchObject({ outcome: 'created' });
      expect(await store.get(stateKey(ODD_REF))).toMatchObject({ entityRef: ODD_REF });

      await harness.importAll();
      expect(await getImportStatus(harness.deps)).toMatchObject({
        state: 'done',
        unchanged: 29,
        created: 0,
        orphaned: 0,
      });
    });
  });

  it('a state write kvs refuses for one entity fails that entity only', async () => {
    const refused = stateKey('component:default/ledger-service');
    class RefusingStore extends InMemoryKeyValueStore {
      override async set<T>(key: string, value: T) {
        if (key === refused) throw new Error('INVALID_VALUE');
        return super.set(key, value);
      }
      override async setMany<T>(entries: { key: string; value: T }[]) {
        if (entries.some((entry) => entry.key === refused)) throw new Error('kvs batchSet failed');
        return super.setMany(entries);
      }
    }
    const harness = importHarness({ store: new RefusingStore() });
    await harness.importAll();
    expect(await getImportStatus(harness.deps)).toMatchObject({ state: 'done', created: 27, failed: 1 });
    expect(await resultOf(harness, 'component:default/ledger-service')).toMatchObject({
      outcome: 'failed',
      error: { kind: 'storage-failed' },
    });
  });

  it('an exception while mapping one entity fails that entity only', async () => {
    const real = importHarness().deps.catalog;
    const catalog = catalogWithEdited(real, 'ledger-service', (entity) =>
      Object.defineProperty({ ...entity }, 'metadata', {
        get: () => {
          throw new Error('a processor left this entity half-built');
        },
      }),
    );
    const harness = importHarness({ catalog });
    await harness.importAll();
    expect(await getImportStatus(harness.deps)).toMatchObject({ state: 'done', created: 27, failed: 1 });
    expect(await resultOf(harness, 'component:default/ledger-service')).toMatchObject({
      outcome: 'failed',
      error: { kind: 'mapping-failed' },
    });
  });

  it.each([
    ['not a ref', 'not a ref ::: //'],
    ['a space', 'component:default/two words'],
    ['a control character', 'component:default/a\u0007b'],
    ['an empty name', 'component:default/'],
    ['an empty kind', ':default/x'],
    ['no kind', 'default/x'],
    ['a second colon', 'component:a:b/c'],
    ['a second slash', 'component:a/b/c'],
    ['a very long name', `component:default/${'x'.repeat(1000)}`],
    ['a number', 42],
  ])(
    'a selection with %s is refused by the import and the dry run, before anything is read',
    async (_, item) => {
      const harness = importHarness();
      const selection = ['component:default/ledger-service', item] as string[];
      await expect(start(harness, selection)).rejects.toMatchObject({ kind: 'invalid-selection' });
      await expect(planImport(planningDeps(harness), { selection })).rejects.toMatchObject({
        kind: 'invalid-selection',
      });
      expect((await harness.store.listByPrefix('')).entries).toEqual([]);
    },
  );

  it('a selection is deduplicated by identity alike in the dry run and the import; relaxed names are accepted', async () => {
    const harness = importHarness();
    const selection = [
      'component:default/ledger-service',
      'Component:default/LEDGER-SERVICE',
      ODD_REF,
      'component:default/Über-Service',
    ];
    expect(normaliseSelection(selection)).toEqual(['component:default/ledger-service', ODD_REF]);
    const plan = await planImport(planningDeps(harness), { selection });
    expect(plan).toMatchObject({ total: 2, counts: { create: 1, skipped: 1 } });
    await harness.importAll(selection);
    expect(await getImportStatus(harness.deps)).toMatchObject({
      state: 'done',
      selectionSize: 2,
      total: 2,
      created: 1,
      skipped: 1,
    });
    expect(await resultOf(harness, ODD_REF)).toMatchObject({ outcome: 'skipped' });
  });

  it('two entities whose names differ only in case are one create, in the dry run as in the import', async () => {
    const real = importHarness().deps.catalog;
    const ledger = (await real.getEntitiesByRefs(['component:default/ledger-service']))[0]!;
    const shouting: Entity = {
      ...ledger,
      metadata: { ...ledger.metadata, name: 'LEDGER-SERVICE', uid: 'x' },
    };
    const harness = importHarness({ catalog: withRelaxedEntity(real, shouting) });
    const plan = await planImport(planningDeps(harness));
    const status = await harness.importAll();
    // Planned and done count the one entity once, as the results do.
    expect(status).toMatchObject({ state: 'done', created: 28, failed: 0, total: 28, done: 28 });
    expect(plan.counts.create).toBe(status.created);
    expect(plan.items.filter((item) => item.entityRef === 'component:default/ledger-service')).toHaveLength(
      1,
    );
  });

  it('refuses to start while Backstage is down, writing nothing', async () => {
    const catalog = new BackstageCatalogClient({
      baseUrl: `http://127.0.0.1:${await closedLoopbackPort()}`,
      token: backstage.token,
      fetch: nodeHttpFetch,
    });
    const harness = importHarness({ catalog });
    const error = await rejection(start(harness));
    expect(error).toBeInstanceOf(BackstageCatalogError);
    expect((error as BackstageCatalogError).kind).toBe('unreachable');
    expect((await harness.store.listByPrefix('')).entries).toEqual([]);
    expect(harness.queue.stats().pushes).toBe(0);
  });

  describe('two starts at the same moment: exactly one wins', () => {
    /** The catalog, with Backstage answering both starts' first request at the same moment. */
    function answeringTogether(real: BackstageCatalog): BackstageCatalog {
      const waiting: (() => void)[] = [];
      return {
        async queryEntitiesPage(query, cursor) {
          const page = await real.queryEntitiesPage(query, cursor);
          await new Promise<void>((resolve) => {
            waiting.push(resolve);
            if (waiting.length === 2) waiting.forEach((release) => release());
          });
          return page;
        },
        queryAllEntities: (query) => real.queryAllEntities(query),
        getEntitiesByRefs: (refs, fields) => real.getEntitiesByRefs(refs, fields),
        lookupEntitiesByRefs: (refs, fields) => real.lookupEntitiesByRefs(refs, fields),
      };
    }

    async function race(harness: ImportHarness) {
      const real = harness.deps.catalog;
      harness.deps.catalog = answeringTogether(real);
      const outcomes = await Promise.allSettled([start(harness), start(harness)]);
      harness.deps.catalog = real;
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o) => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ kind: 'already-running' });
      const { runId, resumed } = (won[0] as PromiseFulfilledResult<{ runId: string; resumed: boolean }>)
        .value;
      await harness.queue.runUntilIdle();
      expect(await getImportStatus(harness.deps)).toMatchObject({ state: 'done', runId, failed: 0 });
      expect((await getHistory(harness.store)).runs.map((run) => run.runId)).toContain(runId);
      return { runId, resumed };
    }

    it('in memory', async () => {
      const harness = importHarness();
      expect((await race(harness)).resumed).toBe(false);
      // And again over a finished run.
      const second = await race(harness);
      expect((await getHistory(harness.store)).runs).toHaveLength(2);
      expect(second.resumed).toBe(false);
    });

    it('through the sandbox kvs with 20 ms latency', async () => {
      await withSandboxKvs(20, async (store) => {
        const harness = importHarness({ store });
        expect((await race(harness)).resumed).toBe(false);
      });
    });

    it('resuming a stale run', async () => {
      const harness = importHarness();
      let now = Date.parse('2026-11-24T10:00:00.000Z');
      harness.deps.now = () => now;
      const realQueue = harness.deps.queue;
      harness.deps.queue = { push: async () => undefined }; // the first event never arrives
      const first = await start(harness);
      harness.deps.queue = realQueue;
      now += 16 * 60_000;
      expect(await race(harness)).toEqual({ runId: first.runId, resumed: true });
    });
  });
});
