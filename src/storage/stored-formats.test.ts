// An installed app keeps its state across an upgrade: state written the way the app wrote it before src/storage
// existed (literal keys and values, as on main before the repositories) is read back by the repositories, by the
// use cases, and by the engine, whose re-sync over it changes nothing.
import { getHistory } from '../admin/history';
import { getMapping } from '../admin/mapping-settings';
import { getConnectionView, loadConnection } from '../connection/backstage-connection';
import { getImportResults, getImportStatus } from '../import/import-status';
import { compassState, importHarness } from '../import/testing/import-harness';
import { recordedAdminCheck } from '../panel/admin-access';
import { getPanel } from '../panel/component-panel';
import { InMemoryKeyValueStore } from '../state/in-memory-key-value-store';
import type { KeyValueStore } from '../core/ports';
import { adminAccountsStore } from './admin-accounts-store';
import { catalogBaselineStore } from './catalog-baseline-store';
import { entityStore } from './entity-store';
import { historyStore } from './history-store';
import { mappingStore } from './mapping-store';
import { panelStore } from './panel-store';
import { loadRunAsSeen, runStore } from './run-store';

const RUN_ID = '20261201090000000-1a2b3c4d';
const ODD_REF = 'component:default/über-service';
const LONG_REF = `component:default/${'x'.repeat(600)}`;
const COMPONENT_ID = 'ari:cloud:compass:site-1:component/app-1/c-1';
const counts = {
  planned: 3,
  done: 3,
  created: 1,
  updated: 0,
  unchanged: 1,
  skipped: 0,
  failed: 1,
  orphaned: 0,
  relationshipsAdded: 0,
  relationshipsRemoved: 0,
  relationshipsFailed: 0,
  relationshipsUnresolved: 0,
  relationshipsHeld: 0,
};
const state = (componentId: string) => ({
  componentId,
  hash: 'h1',
  wanted: [{ type: 'DEPENDS_ON', targetRef: 'api:default/ledger-api' }],
  written: [],
  lastSeenAt: '2026-12-01T09:00:05.000Z',
});
const panelView = {
  entityRef: 'component:default/payment-gateway',
  entity: null,
  backstageUrl: 'https://backstage.example.com/catalog/default/component/payment-gateway',
  asOf: '2026-12-01T09:30:00.000Z',
};

/** Every key and value as the app wrote them before the repositories: literal, not built by today's code. */
const STATE_AS_WRITTEN: Record<string, unknown> = {
  'backstage-connection': {
    baseUrl: 'https://backstage.example.com',
    tokenSavedAt: '2026-11-30T08:00:00.000Z',
  },
  'mapping-rules': { importedKinds: ['component'], ownerTeamIds: { 'group:default/payments': 'ari:team-1' } },
  'mapping-team-names': { 'ari:team-1': 'Payments' },
  'mapping-saved-at': '2026-11-30T08:05:00.000Z',
  'import-run': {
    runId: RUN_ID,
    cloudId: 'site-1',
    backstageWebBaseUrl: 'https://backstage.example.com',
    state: 'running',
    phase: 'entities',
    seq: 4,
    cursor: 3,
    startedAt: '2026-12-01T09:00:00.000Z',
    updatedAt: '2026-12-01T09:00:05.000Z',
    startedBy: 'account-2',
    selectionSize: null,
    selectionChunks: 0,
    workTotal: 3,
    workChunks: 1,
    indexChunks: 1,
    sameNameChunks: 1,
    counts,
    failureStreak: 0,
    removals: { allowed: true },
  },
  [`import:${RUN_ID}:cancel`]: { at: '2026-12-01T09:01:00.000Z' },
  [`import:${RUN_ID}:work:0`]: ['component:default/payment-gateway', ODD_REF, LONG_REF],
  [`import:${RUN_ID}:result:component:default#payment-gateway`]: {
    entityRef: 'component:default/payment-gateway',
    outcome: 'created',
    componentId: COMPONENT_ID,
    warnings: [],
  },
  [`import:${RUN_ID}:result:component:default# 0000fcber-service`]: {
    entityRef: ODD_REF,
    outcome: 'failed',
    warnings: [],
    error: { kind: 'compass-error', message: 'Compass refused the component' },
  },
  'entity:component:default#payment-gateway': {
    entityRef: 'component:default/payment-gateway',
    ...state(COMPONENT_ID),
  },
  // Before the ref rode along in the value: only the key says which entity it is.
  'entity:api:default#ledger-api': state('c-2'),
  'entity:component:default# 0000fcber-service': { entityRef: ODD_REF, ...state('c-3') },
  // A ref too long for a key: hashed, the ref kept in the value.
  [`entity: sha256 ${'5'.repeat(64)}`]: { entityRef: LONG_REF, ...state('c-4') },
  'import-history': [
    {
      runId: '20261130090000000-aaaaaaaa',
      state: 'done',
      startedAt: '2026-11-30T09:00:00.000Z',
      finishedAt: '2026-11-30T09:02:00.000Z',
      startedBy: 'account-2',
      selectionSize: null,
      counts,
    },
  ],
  'catalog-baseline': { entityCount: 56, readAt: '2026-11-30T09:00:01.000Z' },
  [`panel:link:ari:cloud:compass:site-1:component#app-1#c-1`]: 'component:default/payment-gateway',
  [`panel:view:ari:cloud:compass:site-1:component#app-1#c-1`]: panelView,
  'admin-accounts': ['account-1'],
};

async function storeAsWritten(): Promise<KeyValueStore> {
  const store = new InMemoryKeyValueStore();
  await store.setMany(Object.entries(STATE_AS_WRITTEN).map(([key, value]) => ({ key, value })));
  await store.setSecret('backstage-token', 'token-as-saved');
  return store;
}

describe('state written before the storage repositories', () => {
  it('is read back by every repository', async () => {
    const store = await storeAsWritten();
    const run = STATE_AS_WRITTEN['import-run'] as { runId: string };
    expect(await runStore(store).load()).toEqual(run);
    expect(await runStore(store).loadCancelRequest(RUN_ID)).toEqual({ at: '2026-12-01T09:01:00.000Z' });
    expect(await loadRunAsSeen(store)).toMatchObject({
      state: 'cancelled',
      finishedAt: '2026-12-01T09:01:00.000Z',
    });
    expect(await runStore(store).loadRefList(RUN_ID, 'work', 1)).toEqual(
      STATE_AS_WRITTEN[`import:${RUN_ID}:work:0`],
    );

    const states = await entityStore(store).loadStates([
      'component:default/payment-gateway',
      'api:default/ledger-api',
      ODD_REF,
    ]);
    expect([...states.keys()]).toEqual([
      'component:default/payment-gateway',
      'api:default/ledger-api',
      ODD_REF,
    ]);
    expect(states.get('api:default/ledger-api')).toEqual(state('c-2'));
    expect(states.get(ODD_REF)).toMatchObject({ componentId: 'c-3' });
    const listed = await entityStore(store).listStateRefs({ limit: 100 });
    expect(listed.refs.sort()).toEqual(
      ['api:default/ledger-api', 'component:default/payment-gateway', LONG_REF, ODD_REF].sort(),
    );
    const results = await entityStore(store).listResults(RUN_ID, { limit: 100 });
    expect(results.results.map((result) => result.entityRef).sort()).toEqual([
      'component:default/payment-gateway',
      ODD_REF,
    ]);

    expect(await historyStore(store).load()).toEqual(STATE_AS_WRITTEN['import-history']);
    expect(await mappingStore(store).loadRules()).toEqual(STATE_AS_WRITTEN['mapping-rules']);
    expect(await mappingStore(store).loadTeamNames()).toEqual({ 'ari:team-1': 'Payments' });
    expect(await mappingStore(store).loadSavedAt()).toBe('2026-11-30T08:05:00.000Z');
    expect(await catalogBaselineStore(store).load()).toEqual(STATE_AS_WRITTEN['catalog-baseline']);
    expect(await panelStore(store).loadLink(COMPONENT_ID)).toBe('component:default/payment-gateway');
    expect(await panelStore(store).loadView(COMPONENT_ID)).toEqual(panelView);
    expect(await adminAccountsStore(store).load()).toEqual(['account-1']);
  });

  it('is read back by the use cases: status, results, history, mapping, connection, panel, admin check', async () => {
    const store = await storeAsWritten();
    const now = () => Date.parse('2026-12-01T09:02:00.000Z');
    expect(await getImportStatus({ store, now })).toMatchObject({
      state: 'cancelled',
      runId: RUN_ID,
      phase: 'entities',
      total: 3,
      created: 1,
      failed: 1,
      startedBy: 'account-2',
    });
    expect((await getImportResults({ store }, { outcome: 'failed' })).results).toEqual([
      STATE_AS_WRITTEN[`import:${RUN_ID}:result:component:default# 0000fcber-service`],
    ]);
    expect((await getHistory(store)).runs).toHaveLength(1);
    const mapping = await getMapping(store);
    expect(mapping).toMatchObject({
      teamNames: { 'ari:team-1': 'Payments' },
      savedAt: '2026-11-30T08:05:00.000Z',
    });
    expect(mapping.rules.importedKinds).toEqual(['component']);
    expect(await getConnectionView(store)).toEqual({
      baseUrl: 'https://backstage.example.com',
      token: { set: true, savedAt: '2026-11-30T08:00:00.000Z' },
    });
    expect(await loadConnection(store)).toEqual({
      baseUrl: 'https://backstage.example.com',
      token: 'token-as-saved',
    });
    expect(await recordedAdminCheck(store, 'account-1').canLink()).toBe(true);
    expect(await recordedAdminCheck(store, 'account-2').canLink()).toBe(true);
    const unused = () => {
      throw new Error('a fresh cached view needs neither Backstage nor Compass');
    };
    const panel = await getPanel(
      {
        store,
        catalog: unused,
        compass: { backstageAliasesOf: unused, attachBackstageAlias: unused, detachBackstageAlias: unused },
        admins: recordedAdminCheck(store, undefined),
        now: () => new Date('2026-12-01T09:31:00.000Z'),
      },
      { componentId: COMPONENT_ID },
    );
    expect(panel).toMatchObject({
      state: 'entity-deleted',
      entityRef: 'component:default/payment-gateway',
      asOf: panelView.asOf,
    });
  });
});

/** The key the app gave an entity's state before the repositories, for refs Backstage's strict rules allow. */
const stateKeyAsWritten = (entityRef: string) => `entity:${entityRef.replace(/\//g, '#')}`;

describe('entity state written before the storage repositories, through the engine', () => {
  it('a re-sync over it finds every component and writes nothing, to Compass or to state', async () => {
    const first = importHarness();
    await first.importAll();
    const before = compassState(first.compass);
    // The state as the app kept it, moved to a fresh store under keys spelled the old way.
    const stored = await first.store.listByPrefix<Record<string, unknown>>('entity:', { limit: 100 });
    expect(stored.nextCursor).toBeUndefined();
    const upgraded = new InMemoryKeyValueStore();
    for (const { key, value } of stored.entries) {
      // The fields the state had then; the sync's (uid, inputHash, name, typeId) came later.
      const { uid: _uid, inputHash: _inputHash, name: _name, typeId: _typeId, ...asWritten } = value;
      expect(Object.keys(asWritten).sort()).toEqual([
        'componentId',
        'entityRef',
        'hash',
        'lastSeenAt',
        'wanted',
        'written',
      ]);
      expect(key).toBe(stateKeyAsWritten(value.entityRef as string));
      await upgraded.set(key, asWritten);
    }
    // The same store, its writes recorded.
    const writes: string[] = [];
    const watched: KeyValueStore = Object.assign(Object.create(upgraded) as KeyValueStore, {
      set: (key: string, value: unknown) => (writes.push(key), upgraded.set(key, value)),
      setMany: (entries: { key: string; value: unknown }[]) => (
        writes.push(...entries.map((entry) => entry.key)),
        upgraded.setMany(entries)
      ),
    });
    first.compass.resetStats();

    const second = importHarness({ compass: first.compass, store: watched });
    const status = await second.importAll();
    expect(status).toMatchObject({
      state: 'done',
      created: 0,
      updated: 0,
      failed: 0,
      unchanged: status.total,
    });
    expect(status.total).toBe(stored.entries.length);
    // The first run after the upgrade fills the sync's fields in once; Compass hears nothing.
    expect(writes.filter((key) => key.startsWith('entity:'))).toHaveLength(stored.entries.length);
    expect(first.compass.stats().requests).toBe(0);
    expect(compassState(first.compass)).toEqual(before);
    writes.length = 0;
    await second.importAll();
    expect(writes.filter((key) => key.startsWith('entity:'))).toEqual([]);
    expect(first.compass.stats().requests).toBe(0);
  });
});
