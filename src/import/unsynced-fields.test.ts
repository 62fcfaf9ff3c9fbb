// Fields left to Compass (`SyncSettings.unsyncedFields`) through the engine: the real Backstage (with one entity
// edited at the edge, as a catalog change), the local Compass, in-memory kvs.
import type { Entity } from '@backstage/catalog-model';
import type { ComponentField } from '../core/component-changes';
import type { BackstageCatalog, CatalogQuery, CompassComponentChanges } from '../core/ports';
import { entityStore } from '../storage/entity-store';
import { SYNCED_FIELDS, syncSettingsStore, type SyncedField } from '../storage/sync-settings-store';
import { getImportResults } from './import-status';
import { importHarness, type ImportHarness } from './testing/import-harness';

const LEDGER = 'component:default/ledger-service';

// The settings name the fields an update writes, as core spells them (checked when this compiles).
const SETTINGS_NAME_COMPONENT_FIELDS: readonly ComponentField[] = SYNCED_FIELDS;

/** The real catalog, with the ledger's entity changed as `edit` says (a change made in Backstage). */
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

/** Someone edits the component in Compass (through the same API a person's tools use). */
async function editInCompass(harness: ImportHarness, changes: CompassComponentChanges): Promise<void> {
  const current = await harness.deps.gateway.findComponentByAlias({
    externalSource: 'backstage',
    externalId: LEDGER,
  });
  await harness.deps.gateway.updateComponent(current!, changes);
}

async function leaveToCompass(harness: ImportHarness, fields: SyncedField[]): Promise<void> {
  const settings = syncSettingsStore(harness.store);
  await settings.save({ ...(await settings.load()), unsyncedFields: fields });
}

const ledgerIn = (harness: ImportHarness) => harness.compass.findByAlias('backstage', LEDGER)!;

describe('fields left to Compass', () => {
  it('are the fields an update writes', () => {
    expect([...SETTINGS_NAME_COMPONENT_FIELDS].sort()).toEqual(
      ['description', 'labels', 'lifecycle', 'links', 'name', 'ownerId', 'typeId'].sort(),
    );
  });

  it('an update never writes them, and the next import sends Compass nothing', async () => {
    const harness = importHarness();
    await harness.importAll();
    await editInCompass(harness, { description: 'Edited in Compass' });
    await leaveToCompass(harness, ['description']);
    // Backstage changes the ledger's description and tags: only the tags (labels) are written.
    harness.deps.catalog = catalogWithLedger(harness.deps.catalog, (entity) => ({
      ...entity,
      metadata: { ...entity.metadata, description: 'New words in Backstage', tags: ['kotlin', 'events'] },
    }));
    harness.compass.resetStats();
    await harness.importAll();

    const updated = await getImportResults(harness.deps, { outcome: 'updated', limit: 100 });
    expect(updated.results).toEqual([
      expect.objectContaining({ entityRef: LEDGER, changedFields: ['labels'] }),
    ]);
    expect(ledgerIn(harness).description).toBe('Edited in Compass');
    expect(ledgerIn(harness).labels).toEqual(expect.arrayContaining(['kotlin', 'events']));

    harness.compass.resetStats();
    await harness.importAll();
    expect(harness.compass.stats().requests).toBe(0);
  });

  it('leaving more fields to Compass costs the next import no Compass request', async () => {
    const harness = importHarness();
    await harness.importAll();
    await leaveToCompass(harness, ['description', 'labels']);
    harness.compass.resetStats();
    const status = await harness.importAll();
    expect(status).toMatchObject({ state: 'done', updated: 0, created: 0, unchanged: status.total });
    expect(harness.compass.stats().requests).toBe(0);
  });

  it('syncing a field again writes the Backstage value the next time the entity is looked at', async () => {
    const harness = importHarness();
    await leaveToCompass(harness, ['description']);
    // A create still sets the fields left to Compass.
    await harness.importAll();
    expect(ledgerIn(harness).description).toMatch(/^Double-entry ledger/);
    await editInCompass(harness, { description: 'Edited in Compass' });
    await leaveToCompass(harness, []);
    await harness.importAll();
    expect(ledgerIn(harness).description).toMatch(/^Double-entry ledger/);
  });

  it('a stored hash Compass already matches is remembered anew, so it is looked up only once', async () => {
    const harness = importHarness();
    await harness.importAll();
    const entities = entityStore(harness.store);
    const [state] = (await entities.loadStates([LEDGER])).values();
    // As if the entity had changed in Backstage and someone had already made Compass match it.
    await entities.saveStates([
      { entityRef: LEDGER, state: { ...state!, hash: 'written-by-an-older-release' } },
    ]);
    harness.compass.resetStats();
    await harness.importAll();
    expect(harness.compass.stats().byRootField).toEqual({ 'compass.componentByExternalAlias': 1 });
    harness.compass.resetStats();
    await harness.importAll();
    expect(harness.compass.stats().requests).toBe(0);
  });
});
