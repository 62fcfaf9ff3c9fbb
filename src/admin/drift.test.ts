// The drift report against the real Backstage and the local Compass: a field edited in Compass after an import
// is reported with both values, "take Backstage's" writes back only that field, and a field left to Compass
// disappears from the report and from later imports.
import type { Entity } from '@backstage/catalog-model';
import type { BackstageCatalog, CatalogQuery, CompassComponentChanges } from '../core/ports';
import { syncSettingsStore } from '../storage/sync-settings-store';
import { getImportResults } from '../import/import-status';
import { importHarness, type ImportHarness } from '../import/testing/import-harness';
import { getDrift, resolveDrift, type DriftDeps } from './drift';
import { loadMappingConfig } from './entity-plan';

const LEDGER = 'component:default/ledger-service';
const PAYOUTS = 'component:default/payouts-worker';
const LEDGER_DESCRIPTION =
  'Double-entry ledger. Every money movement is a balanced journal entry; balances are derived, never stored.';

async function driftDeps(harness: ImportHarness, overrides: Partial<DriftDeps> = {}): Promise<DriftDeps> {
  return {
    catalog: harness.deps.catalog,
    gateway: harness.deps.gateway,
    store: harness.store,
    config: await loadMappingConfig(harness.store, harness.backstageBaseUrl),
    now: () => new Date('2026-12-04T13:00:00.000Z'),
    ...overrides,
  };
}

/** Someone edits a component in Compass (through the same API a person's tools use). */
async function editInCompass(
  harness: ImportHarness,
  entityRef: string,
  changes: CompassComponentChanges,
): Promise<void> {
  const current = await harness.deps.gateway.findComponentByAlias({
    externalSource: 'backstage',
    externalId: entityRef,
  });
  await harness.deps.gateway.updateComponent(current!, changes);
}

/** The real catalog with the ledger's entity changed as `edit` says (a change made in Backstage). */
function catalogWithLedger(real: BackstageCatalog, edit: (entity: Entity) => Entity): BackstageCatalog {
  const edited = (entity: Entity | null) =>
    entity?.metadata.name === 'ledger-service' ? edit(entity) : entity;
  return {
    queryEntitiesPage: (query: CatalogQuery, cursor?: string) => real.queryEntitiesPage(query, cursor),
    queryAllEntities: (query: CatalogQuery) => real.queryAllEntities(query),
    getEntitiesByRefs: async (refs, fields) => (await real.getEntitiesByRefs(refs, fields)).map(edited),
    async lookupEntitiesByRefs(refs, fields) {
      const found = await real.lookupEntitiesByRefs(refs, fields);
      return { ...found, items: found.items.map(edited) };
    },
  };
}

const MUTATIONS = /^compass\.(create|update|delete|add|remove)/;
const mutationsIn = (harness: ImportHarness) =>
  Object.fromEntries(
    Object.entries(harness.compass.stats().byRootField).filter(([field]) => MUTATIONS.test(field)),
  );

describe('the drift report', () => {
  it('shows a field edited in Compass with both values; taking Backstage’s writes back only that field', async () => {
    const harness = importHarness();
    await harness.importAll();
    expect((await getDrift(await driftDeps(harness))).rows).toEqual([]);

    await editInCompass(harness, LEDGER, { description: 'Edited in Compass', labels: ['kotlin', 'by-hand'] });
    await editInCompass(harness, PAYOUTS, { name: 'Payouts (Compass name)' });
    harness.compass.resetStats();
    const drift = await getDrift(await driftDeps(harness));
    const ledgerId = harness.compass.findByAlias('backstage', LEDGER)!.id;
    expect(drift).toEqual({
      checkedAt: '2026-12-04T13:00:00.000Z',
      unsyncedFields: [],
      components: harness.compass.components().length,
      truncated: false,
      rows: [
        {
          entityRef: LEDGER,
          componentId: ledgerId,
          componentName: 'Ledger',
          field: 'description',
          compassValue: 'Edited in Compass',
          backstageValue: LEDGER_DESCRIPTION,
        },
        {
          entityRef: LEDGER,
          componentId: ledgerId,
          componentName: 'Ledger',
          field: 'labels',
          compassValue: 'by-hand, kotlin',
          backstageValue: expect.stringContaining('grpc, kotlin'),
        },
        expect.objectContaining({
          entityRef: PAYOUTS,
          componentName: 'Payouts (Compass name)',
          field: 'name',
          compassValue: 'Payouts (Compass name)',
        }),
      ],
    });
    // Reading only: the components by alias, 50 per request, and no write.
    expect(mutationsIn(harness)).toEqual({});
    expect(harness.compass.stats().byRootField['compass.componentByExternalAlias']).toBeGreaterThan(0);

    harness.compass.resetStats();
    const after = await resolveDrift(await driftDeps(harness), {
      take: [{ entityRef: LEDGER, field: 'description' }],
    });
    expect(harness.compass.findByAlias('backstage', LEDGER)!.description).toBe(LEDGER_DESCRIPTION);
    expect(harness.compass.findByAlias('backstage', LEDGER)!.labels.sort()).toEqual(['by-hand', 'kotlin']);
    // One update, of the description only: no label written or removed.
    expect(mutationsIn(harness)).toEqual({ 'compass.updateComponent': 1 });
    expect(after.rows.map((row) => `${row.entityRef} ${row.field}`)).toEqual([
      `${LEDGER} labels`,
      `${PAYOUTS} name`,
    ]);

    const all = await resolveDrift(await driftDeps(harness), { take: 'all' });
    expect(all.rows).toEqual([]);
    expect(harness.compass.findByAlias('backstage', PAYOUTS)!.name).not.toBe('Payouts (Compass name)');
    expect((await getDrift(await driftDeps(harness))).rows).toEqual([]);
  });

  it('stopping to sync a field hides it, and a later import leaves the Compass value alone', async () => {
    const harness = importHarness();
    await harness.importAll();
    await editInCompass(harness, LEDGER, { description: 'Edited in Compass', labels: ['by-hand'] });

    const view = await resolveDrift(await driftDeps(harness), { stopSyncing: ['description'] });
    expect(view.unsyncedFields).toEqual(['description']);
    expect(view.rows.map((row) => row.field)).toEqual(['labels']);
    expect(await syncSettingsStore(harness.store).load()).toMatchObject({
      unsyncedFields: ['description'],
      savedAt: '2026-12-04T13:00:00.000Z',
    });

    // Backstage changes the ledger's title and description: the import writes the name, not the description.
    harness.deps.catalog = catalogWithLedger(harness.deps.catalog, (entity) => ({
      ...entity,
      metadata: { ...entity.metadata, title: 'General Ledger', description: 'New words in Backstage' },
    }));
    await harness.importAll();
    const updated = await getImportResults(harness.deps, { outcome: 'updated', limit: 100 });
    // An update writes every synced field that differs (the labels too), never the description.
    expect(updated.results).toEqual([
      expect.objectContaining({ entityRef: LEDGER, changedFields: ['name', 'labels'] }),
    ]);
    expect(harness.compass.findByAlias('backstage', LEDGER)).toMatchObject({
      name: 'General Ledger',
      description: 'Edited in Compass',
    });
    expect(harness.compass.findByAlias('backstage', LEDGER)!.labels).not.toContain('by-hand');
    expect((await getDrift(await driftDeps(harness))).rows).toEqual([]);
  });

  it('an entity changed in Backstage since the last sync is not drift: the next sync writes it', async () => {
    const harness = importHarness();
    await harness.importAll();
    await editInCompass(harness, LEDGER, { description: 'Edited in Compass' });
    const catalog = catalogWithLedger(harness.deps.catalog, (entity) => ({
      ...entity,
      metadata: { ...entity.metadata, title: 'General Ledger' },
    }));
    expect((await getDrift(await driftDeps(harness, { catalog }))).rows).toEqual([]);
  });

  it('bounds the report: at most `limit` rows, and at most so many components compared', async () => {
    const harness = importHarness();
    await harness.importAll();
    await editInCompass(harness, LEDGER, { description: 'Edited in Compass', labels: ['by-hand'] });
    const limited = await getDrift(await driftDeps(harness), { limit: 1 });
    expect(limited).toMatchObject({ truncated: true, rows: [{ entityRef: LEDGER, field: 'description' }] });

    const few = await getDrift(await driftDeps(harness, { maxEntities: 3 }));
    expect(few).toMatchObject({ truncated: true, components: 3 });
  });
});
