// The preview and the dry run against the real Backstage and the local Compass, before and after an import:
// what they say must be what the import then does, and neither writes anything.
import { SyntheticCatalogSource } from '../../scripts/bench/synthetic-catalog-source';
import { LocalCompass } from '../../sandbox/local-compass';
import { createMappingConfig } from '../core/mapping';
import { importHarness } from '../import/testing/import-harness';
import { stateKey } from '../storage/storage-keys';
import { InMemoryKeyValueStore } from '../state/in-memory-key-value-store';
import { GraphqlCompassGateway } from '../compass/graphql-compass-gateway';
import { planImport } from './plan-import';
import { InvalidRequestError } from '../core/invalid-request';
import { previewCatalog } from './preview-catalog';

function fixture() {
  const harness = importHarness();
  const config = createMappingConfig({ backstageWebBaseUrl: harness.backstageBaseUrl });
  const deps = { catalog: harness.deps.catalog, gateway: harness.deps.gateway, store: harness.store, config };
  return { harness, deps };
}

describe('planImport (dry run)', () => {
  it('plans the whole first import as creates and writes nothing', async () => {
    const { harness, deps } = fixture();
    const keysBefore = (await harness.store.listByPrefix('', { limit: 100 })).entries.length;
    const plan = await planImport(deps);
    expect(plan.counts).toEqual({ create: 28, update: 0, unchanged: 0, skipped: 0 });
    expect(plan.items).toHaveLength(28);
    expect(plan.items.every((item) => item.compassType)).toBe(true);
    expect(plan.withWarnings).toBeGreaterThan(0);
    expect(plan.warningsByCode['owner-unmapped']).toBeGreaterThan(0);
    expect(plan.items.find((item) => item.warnings.length > 0)?.warnings[0]).toMatch(/^[a-z-]+$/);
    expect(harness.compass.components()).toHaveLength(0);
    expect(harness.compass.stats().byOperation).not.toHaveProperty('createComponent');
    expect((await harness.store.listByPrefix('', { limit: 100 })).entries.length).toBe(keysBefore);
  });

  it('agrees with what the import then does, and after it sees everything unchanged with no Compass request', async () => {
    const { harness, deps } = fixture();
    const plan = await planImport(deps);
    await harness.importAll();
    const created = (await harness.store.listByPrefix('entity:', { limit: 100 })).entries.length;
    expect(created).toBe(plan.counts.create);

    const requestsBefore = harness.compass.stats().requests;
    const again = await planImport(deps);
    expect(again.counts).toEqual({ create: 0, update: 0, unchanged: 28, skipped: 0 });
    expect(harness.compass.stats().requests).toBe(requestsBefore);
  });

  it('plans a selection, reporting refs Backstage lacks as skipped with the reason', async () => {
    const { deps } = fixture();
    const plan = await planImport(deps, {
      selection: ['component:default/payment-gateway', 'component:default/no-such-thing'],
    });
    expect(plan.total).toBe(2);
    expect(plan.counts.skipped).toBe(1);
    expect(plan.skippedReasons).toEqual({ 'Not in the Backstage catalog (deleted, renamed or invalid)': 1 });
    await expect(planImport(deps, { selection: 'x' })).rejects.toMatchObject({ kind: 'invalid-selection' });
  });
});

describe('previewCatalog', () => {
  it('pages, filters, searches and counts the real catalog', async () => {
    const { deps } = fixture();
    const first = await previewCatalog(deps, { limit: 10 });
    expect(first.total).toBe(56);
    expect(first.rows).toHaveLength(10);
    expect(first.countsByKind).toMatchObject({ Component: 18, API: 5, Resource: 5, Group: 7 });
    expect(first.facets.kind).toContain('Component');

    const components = await previewCatalog(deps, { filters: { kind: 'component' }, includeRefs: true });
    expect(components.matching).toBe(18);
    expect(components.matchingImported).toBe(18);
    expect(components.refs).toHaveLength(18);
    expect(components.rows.every((row) => row.status === 'new' && row.compassType)).toBe(true);

    const owner = first.facets.owner[0]!;
    const byOwner = await previewCatalog(deps, { filters: { owner } });
    expect(byOwner.rows.every((row) => row.ownerRef === owner)).toBe(true);

    const searched = await previewCatalog(deps, { search: 'payments' });
    expect(searched.matching).toBeGreaterThan(0);
    expect(searched.rows.every((row) => JSON.stringify(row).toLowerCase().includes('payments'))).toBe(true);

    const groups = await previewCatalog(deps, { filters: { kind: 'Group' } });
    expect(groups.rows.every((row) => row.status === 'not-imported' && !row.imported)).toBe(true);
  });

  it('keeps to the imported kinds when asked, sorts on the server, and gives each row its warnings', async () => {
    const { deps } = fixture();
    const importable = await previewCatalog(deps, { importedOnly: true, limit: 100 });
    expect(importable.total).toBe(56);
    expect(importable.importable).toBe(28);
    expect(importable.matching).toBe(28);
    expect(Object.keys(importable.countsByKind).sort()).toEqual(['API', 'Component', 'Resource']);
    expect(importable.rows.every((row) => row.imported)).toBe(true);
    const warned = importable.rows.find((row) => row.warnings > 0)!;
    expect(warned.warningDetails).toHaveLength(warned.warnings);
    expect(warned.warningDetails[0]).toEqual({ code: expect.any(String), message: expect.any(String) });

    const byKind = await previewCatalog(deps, { importedOnly: true, sort: { key: 'kind', order: 'DESC' } });
    expect(byKind.rows[0]!.kind).toBe('Resource');
    expect(byKind.rows.at(-1)!.kind).toBe('API');
    await expect(previewCatalog(deps, { sort: { key: 'status', order: 'ASC' } })).rejects.toMatchObject({
      field: 'sort',
    });
  });

  it('tells unchanged, changed and linked apart after an import', async () => {
    const { harness, deps } = fixture();
    await harness.importAll();
    const [first, second] = (await previewCatalog(deps, { filters: { kind: 'component' }, limit: 2 })).rows;
    // One component was renamed in Compass and the app's state no longer matches the entity; another entity's
    // state is gone but its component is in Compass.
    const state = await harness.store.get<{ hash: string }>(stateKey(first!.entityRef));
    await harness.store.set(stateKey(first!.entityRef), { ...state, hash: 'stale' });
    const current = await harness.deps.gateway.findComponentByAlias({
      externalSource: 'backstage',
      externalId: first!.entityRef,
    });
    await harness.deps.gateway.updateComponent(current!, { name: 'renamed by hand' });
    await harness.store.delete(stateKey(second!.entityRef));
    const page = await previewCatalog(deps, { filters: { kind: 'component' } });
    const statuses = page.rows.map((row) => row.status);
    expect(statuses[0]).toBe('changed');
    expect(page.rows[0]!.changedFields).toEqual(['name']);
    expect(statuses[1]).toBe('linked');
    expect(statuses.slice(2).every((status) => status === 'unchanged')).toBe(true);
  });

  it('refuses a bad page or an unknown filter', async () => {
    const { deps } = fixture();
    await expect(previewCatalog(deps, { limit: 1000 })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(previewCatalog(deps, { filters: { colour: 'red' } })).rejects.toThrow(/Unknown filter/);
  });

  it('serves a page of a 10,000-entity catalog with one by-refs request and one Compass lookup (and a listing of Compass, kept for 10 minutes)', async () => {
    const catalog = new SyntheticCatalogSource({ syntheticComponents: 10_000 });
    const compass = new LocalCompass();
    const deps = {
      catalog,
      gateway: new GraphqlCompassGateway({
        cloudId: compass.cloudId,
        requestGraph: compass.fetchApi().asApp().requestGraph,
      }),
      store: new InMemoryKeyValueStore(),
      config: createMappingConfig({ backstageWebBaseUrl: 'https://backstage.example.com' }),
    };
    const started = Date.now();
    const page = await previewCatalog(deps, { offset: 5_000, limit: 50, search: '0' });
    expect(page.total).toBe(10_000);
    expect(page.rows).toHaveLength(50);
    expect(page.rows.every((row) => row.status === 'new')).toBe(true);
    // The lookup by alias, and the site's components listed once for the adoption matches.
    expect(compass.stats().requests).toBe(2);
    expect(Date.now() - started).toBeLessThan(5_000);
    await previewCatalog(deps, { offset: 5_050, limit: 50, search: '0' });
    expect(compass.stats().requests).toBe(3);
  });
});
