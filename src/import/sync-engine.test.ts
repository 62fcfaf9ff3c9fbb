// The delta sync end to end: its own real Backstage reading a catalog file it re-reads every second (so the test
// edits Backstage by editing the file), the app's gateway against the local Compass, in-memory kvs and the
// in-process queue. Each sync's Compass writes are checked exactly, and its Backstage reads by URL.
import type { Entity } from '@backstage/catalog-model';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedBackstage, type EmbeddedBackstage } from '../../sandbox/backstage/embedded-backstage';
import { BackstageCatalogClient } from '../backstage/backstage-catalog-client';
import { CountingHttpFetch } from '../backstage/testing/counting-fetch';
import { nodeHttpFetch } from '../backstage/node-http-fetch';
import type { BackstageCatalog } from '../core/ports';
import { entityStore } from '../storage/entity-store';
import { panelStore } from '../storage/panel-store';
import { syncSettingsStore } from '../storage/sync-settings-store';
import { getImportResults, getImportStatus } from './import-status';
import { SCHEDULED_RUN_STARTER, startScheduledRun } from './scheduled-run';
import { runSyncNow } from './sync-settings';
import { importHarness, type ImportHarness } from './testing/import-harness';

jest.setTimeout(180_000);

interface ComponentSpec {
  name: string;
  description?: string;
  dependsOn?: string[];
}

/** Components that never change: enough that removing one stays under the breaker's share. */
const FILLERS: ComponentSpec[] = Array.from({ length: 12 }, (_, i) => ({ name: `sync-filler-${i}` }));

function catalogYaml(components: ComponentSpec[]): string {
  return [...components, ...FILLERS]
    .map(
      (c) =>
        `---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${c.name}\n` +
        `  description: ${c.description ?? `The ${c.name} service`}\n` +
        `spec:\n  type: service\n  lifecycle: production\n  owner: group:default/team-sync\n` +
        (c.dependsOn ? `  dependsOn: [${c.dependsOn.join(', ')}]\n` : ''),
    )
    .join('');
}

/**
 * Backstage gives an entity renamed in its file a new uid (its uid is its row in the catalog's database), so the
 * test stands in for a provider that keeps it: the listed and served entities of `uidOf` carry the uid given.
 */
function withUids(catalog: BackstageCatalog, uidOf: Map<string, string>): BackstageCatalog {
  const keep = (entity: Entity | null) => {
    const ref = entity && `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`;
    const uid = ref ? uidOf.get(ref.toLowerCase()) : undefined;
    return uid && entity ? { ...entity, metadata: { ...entity.metadata, uid } } : entity;
  };
  return {
    queryEntitiesPage: (query, cursor) => catalog.queryEntitiesPage(query, cursor),
    async *queryAllEntities(query) {
      for await (const page of catalog.queryAllEntities(query))
        yield { ...page, items: page.items.map((e) => keep(e)!) };
    },
    getEntitiesByRefs: async (refs, fields) => (await catalog.getEntitiesByRefs(refs, fields)).map(keep),
    async lookupEntitiesByRefs(refs, fields) {
      const found = await catalog.lookupEntitiesByRefs(refs, fields);
      return { ...found, items: found.items.map(keep) };
    },
  };
}

const MUTATIONS = /^compass\.(create|update|delete|add|remove)/;
function writesOf(harness: ImportHarness): Record<string, number> {
  return Object.fromEntries(
    Object.entries(harness.compass.stats().byRootField).filter(([field]) => MUTATIONS.test(field)),
  );
}

describe('the delta sync', () => {
  let dir: string;
  let file: string;
  let backstage: EmbeddedBackstage;
  let counting: CountingHttpFetch;
  let uids: Map<string, string>;
  let harness: ImportHarness;

  const write = (components: ComponentSpec[]) => writeFileSync(file, catalogYaml(components));

  /** Waits until Backstage serves exactly these component names (and descriptions, where given). */
  async function servedAs(components: ComponentSpec[]): Promise<number> {
    const started = Date.now();
    const client = new BackstageCatalogClient({
      baseUrl: backstage.baseUrl,
      token: backstage.token,
      fetch: nodeHttpFetch,
    });
    for (;;) {
      const page = await client.queryEntitiesPage({
        filter: ['kind=component'],
        fields: ['metadata.name', 'metadata.description'],
        pageSize: 100,
      });
      const served = new Map(page.items.map((e) => [e.metadata.name, e.metadata.description]));
      const matches =
        served.size === components.length + FILLERS.length &&
        components.every(
          (c) => served.has(c.name) && (!c.description || served.get(c.name) === c.description),
        );
      if (matches) return Date.now() - started;
      if (Date.now() - started > 90_000)
        throw new Error(`Backstage never served ${JSON.stringify(components)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async function sync(startedBy = 'test-admin') {
    harness.compass.resetStats();
    counting.reset();
    await runSyncNow(harness.deps, {
      cloudId: harness.compass.cloudId,
      backstageWebBaseUrl: harness.backstageBaseUrl,
      startedBy,
    });
    await harness.queue.runUntilIdle();
    return getImportStatus(harness.deps);
  }

  async function resultOf(entityRef: string) {
    const { results } = await getImportResults(harness.deps, { limit: 100 });
    return results.find((result) => result.entityRef === entityRef);
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sync-engine-test-'));
    file = path.join(dir, 'catalog.yaml');
    write([
      { name: 'sync-a' },
      { name: 'sync-b', dependsOn: ['component:sync-a'] },
      // sync-d is not in the catalog yet: the relationship waits for it.
      { name: 'sync-c', dependsOn: ['component:sync-d'] },
    ]);
    backstage = await startEmbeddedBackstage({ catalogFiles: [file], processingIntervalSeconds: 1 });
    counting = new CountingHttpFetch();
    uids = new Map();
    const client = new BackstageCatalogClient({
      baseUrl: backstage.baseUrl,
      token: backstage.token,
      fetch: counting.fetch,
    });
    harness = importHarness({ catalog: withUids(client, uids) });
  });

  afterAll(async () => {
    await backstage?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is refused before anything was imported', async () => {
    await expect(
      runSyncNow(harness.deps, {
        cloudId: harness.compass.cloudId,
        backstageWebBaseUrl: harness.backstageBaseUrl,
      }),
    ).rejects.toMatchObject({ kind: 'not-imported-yet' });
  });

  it('after an import, an unchanged sync reads only the listing and writes nothing', async () => {
    expect(await harness.importAll()).toMatchObject({ state: 'done', created: 15, relationshipsAdded: 1 });
    // The import recorded what a sync compares with.
    const states = await entityStore(harness.store).loadAllStates();
    expect(states.get('component:default/sync-a')).toMatchObject({
      uid: expect.any(String),
      inputHash: expect.any(String),
      name: 'sync-a',
      typeId: 'SERVICE',
    });

    const status = await sync();
    expect(status).toMatchObject({
      state: 'done',
      total: 15,
      done: 15,
      unchanged: 15,
      created: 0,
      updated: 0,
    });
    expect(harness.compass.stats().requests).toBe(0);
    // The start's one-entity check and the listing: no entity read in full.
    expect(counting.paths).toEqual(['/api/catalog/entities/by-query', '/api/catalog/entities/by-query']);
    expect(await entityStore(harness.store).loadAllStates()).toEqual(states);
  });

  it('writes exactly what changed: an update, a create, the relationship to it, nothing for the removed', async () => {
    write([
      { name: 'sync-a', description: 'Changed in Backstage' },
      { name: 'sync-b', dependsOn: ['component:sync-a'] },
      { name: 'sync-c', dependsOn: ['component:sync-d'] },
      { name: 'sync-d' },
    ]);
    const changeMs = await servedAs([
      { name: 'sync-a', description: 'Changed in Backstage' },
      { name: 'sync-b' },
      { name: 'sync-c' },
      { name: 'sync-d' },
    ]);
    console.log(`Backstage served the edited catalog file after ${changeMs} ms`);

    const status = await sync();
    expect(status).toMatchObject({
      state: 'done',
      created: 1,
      updated: 1,
      // sync-b and the fillers unchanged by the listing; sync-c read again by the ripple pass (it points at the
      // new sync-d) and found unchanged.
      unchanged: 14,
      failed: 0,
      relationshipsAdded: 1,
    });
    expect(writesOf(harness)).toEqual({
      'compass.updateComponent': 1,
      'compass.createComponent': 1,
      'compass.createComponentExternalAlias': 1,
      'compass.createRelationship': 1,
    });
    expect(await resultOf('component:default/sync-a')).toMatchObject({
      outcome: 'updated',
      changedFields: ['description'],
    });
    // Only the changed entities and the ripple were read in full.
    expect(counting.paths.filter((p) => p.endsWith('/by-refs'))).toHaveLength(2);

    const before = harness.compass.components().length;
    write([
      { name: 'sync-a', description: 'Changed in Backstage' },
      { name: 'sync-c', dependsOn: ['component:sync-d'] },
      { name: 'sync-d' },
    ]);
    const removalMs = await servedAs([{ name: 'sync-a' }, { name: 'sync-c' }, { name: 'sync-d' }]);
    console.log(`Backstage dropped the entity removed from the file after ${removalMs} ms`);
    const afterRemoval = await sync();
    // The default policy reports: nothing changes in Compass.
    expect(afterRemoval).toMatchObject({ state: 'done', created: 0, updated: 0, orphaned: 1 });
    expect(writesOf(harness)).toEqual({});
    expect(harness.compass.components()).toHaveLength(before);
  });

  it('a rename keeps the component and moves its alias, state and panel link', async () => {
    const states = await entityStore(harness.store).loadAllStates();
    const c = states.get('component:default/sync-c')!;
    await panelStore(harness.store).saveLink(c.componentId, 'component:default/sync-c');
    uids.set('component:default/sync-c-renamed', c.uid!);
    write([
      { name: 'sync-a', description: 'Changed in Backstage' },
      { name: 'sync-c-renamed', dependsOn: ['component:sync-d'] },
      { name: 'sync-d' },
    ]);
    await servedAs([{ name: 'sync-a' }, { name: 'sync-c-renamed' }, { name: 'sync-d' }]);

    const status = await sync();
    expect(status).toMatchObject({ state: 'done', created: 0, updated: 1, failed: 0, renamed: 1 });
    // The alias moved; the name, the (test's default) description and the link to the entity's page follow the ref.
    expect(writesOf(harness)).toEqual({
      'compass.createComponentExternalAlias': 1,
      'compass.deleteComponentExternalAlias': 1,
      'compass.updateComponent': 1,
      'compass.createComponentLink': 1,
      'compass.deleteComponentLink': 1,
    });
    const component = harness.compass.components().find((x) => x.id === c.componentId)!;
    expect(component.name).toBe('sync-c-renamed');
    expect(component.externalAliases.map((a) => a.externalId)).toEqual(['component:default/sync-c-renamed']);
    expect(await resultOf('component:default/sync-c-renamed')).toMatchObject({
      outcome: 'updated',
      componentId: c.componentId,
      changedFields: ['alias', 'name', 'description', 'links'],
      reason: 'Renamed from component:default/sync-c',
    });
    const after = await entityStore(harness.store).loadAllStates();
    expect(after.has('component:default/sync-c')).toBe(false);
    expect(after.get('component:default/sync-c-renamed')).toMatchObject({
      componentId: c.componentId,
      written: c.written,
    });
    expect(await panelStore(harness.store).loadLink(c.componentId)).toBe('component:default/sync-c-renamed');

    // Nothing left to do: the next sync writes nothing.
    expect(await sync()).toMatchObject({ state: 'done', created: 0, updated: 0, unchanged: 15 });
    expect(harness.compass.stats().requests).toBe(0);
  });

  it('the schedule starts one sync per slot however often the trigger runs, and none when off', async () => {
    let now = Date.parse('2026-12-04T15:05:00Z');
    const engineFor = async () => ({ ...harness.deps, backstageBaseUrl: harness.backstageBaseUrl });
    const trigger = () => startScheduledRun(harness.store, engineFor, () => now);

    const first = await trigger();
    expect(first).toEqual({ started: true, runId: expect.any(String) });
    expect(await trigger()).toEqual({ started: false, reason: 'slot-taken' });
    await harness.queue.runUntilIdle();
    expect(await getImportStatus(harness.deps)).toMatchObject({
      runId: (first as { runId: string }).runId,
      state: 'done',
      startedBy: SCHEDULED_RUN_STARTER,
    });
    // Daily (the default): later the same UTC day, nothing; hourly: the next hour starts one.
    now += 60 * 60_000;
    expect(await trigger()).toEqual({ started: false, reason: 'slot-taken' });
    const settings = syncSettingsStore(harness.store);
    await settings.save({ ...(await settings.load()), schedule: 'hourly' });
    expect(await trigger()).toMatchObject({ started: true });
    await harness.queue.runUntilIdle();
    // A start that fails (the engine could not be made: no connection, Backstage down) gives its slot back.
    now += 60 * 60_000;
    const down = new Error('Backstage is down');
    await expect(
      startScheduledRun(
        harness.store,
        () => Promise.reject(down),
        () => now,
      ),
    ).rejects.toBe(down);
    expect(await trigger()).toMatchObject({ started: true });
    await harness.queue.runUntilIdle();
    await settings.save({ ...(await settings.load()), schedule: 'off' });
    now += 60 * 60_000;
    expect(await trigger()).toEqual({ started: false, reason: 'schedule-off' });
  });
});
