// The in-process catalog against the real thing: a real Backstage backend loaded with the same generated
// Components must serve the same entities and answer the same filters, orders, projections and lookups.
import type { Entity } from '@backstage/catalog-model';
import { startEmbeddedBackstage, type EmbeddedBackstage } from '../../sandbox/backstage/embedded-backstage';
import { FIXTURE_ENTITY_COUNTS, FIXTURE_ENTITY_TOTAL } from '../../sandbox/backstage/fixture-catalog';
import { syntheticComponentName } from '../../sandbox/backstage/synthetic-catalog';
import { BackstageCatalogClient } from '../../src/backstage/backstage-catalog-client';
import { BackstageCatalogError } from '../../src/backstage/backstage-errors';
import { nodeHttpFetch } from '../../src/backstage/node-http-fetch';
import { createMappingConfig, mapCatalog } from '../../src/core/mapping';
import type { BackstageCatalog, CatalogQuery } from '../../src/core/ports';
import {
  createSyntheticCatalogSource,
  SYNTHETIC_LOCATION_TARGET,
  SyntheticCatalogSource,
  UnsupportedCatalogQueryError,
} from './synthetic-catalog-source';

const GENERATED = 12;
/** Fixture entities of the kinds the default mapping imports. */
const FIXTURE_IMPORTED_COUNT =
  (FIXTURE_ENTITY_COUNTS.Component ?? 0) +
  (FIXTURE_ENTITY_COUNTS.API ?? 0) +
  (FIXTURE_ENTITY_COUNTS.Resource ?? 0);

function refOf(entity: Entity): string {
  return `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`.toLowerCase();
}

async function readAll(
  catalog: BackstageCatalog,
  query: CatalogQuery,
): Promise<{ items: Entity[]; totals: number[]; pages: number }> {
  const result = { items: [] as Entity[], totals: [] as number[], pages: 0 };
  for await (const page of catalog.queryAllEntities(query)) {
    result.items.push(...page.items);
    result.totals.push(page.totalItems);
    result.pages += 1;
  }
  return result;
}

/** What differs between two ingestions of the same files by design: ids, etags, the temporary file's path. */
function comparable(entity: Entity): unknown {
  const annotations = { ...entity.metadata.annotations };
  for (const key of ['backstage.io/managed-by-location', 'backstage.io/managed-by-origin-location']) {
    if (annotations[key]?.endsWith('/synthetic-components.yaml')) delete annotations[key];
  }
  const { uid: _uid, etag: _etag, ...metadata } = entity.metadata;
  return sortedKeys({ ...entity, metadata: { ...metadata, annotations } });
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}

/** The generated Location for the synthetic file is named after its path, which differs by design. */
const isSyntheticLocation = (entity: Entity) =>
  entity.kind === 'Location' &&
  String((entity.spec as { target?: string } | undefined)?.target).endsWith('/synthetic-components.yaml');

describe('SyntheticCatalogSource next to a real Backstage with the same generated components', () => {
  let backstage: EmbeddedBackstage;
  let real: BackstageCatalogClient;
  let synthetic: SyntheticCatalogSource;

  beforeAll(async () => {
    [backstage, synthetic] = await Promise.all([
      startEmbeddedBackstage({ syntheticComponents: GENERATED }),
      createSyntheticCatalogSource(GENERATED),
    ]);
    real = new BackstageCatalogClient({
      baseUrl: backstage.baseUrl,
      token: backstage.token,
      fetch: nodeHttpFetch,
    });
  }, 120_000);

  afterAll(async () => {
    await backstage?.stop();
  });

  it('serves the same entities, relations in both directions included', async () => {
    const [served, expected] = await Promise.all([readAll(synthetic, {}), readAll(real, {})]);

    expect(served.items).toHaveLength(FIXTURE_ENTITY_TOTAL + 1 + GENERATED);
    expect(served.items).toHaveLength(expected.items.length);
    const expectedByRef = new Map(expected.items.map((entity) => [refOf(entity), entity]));
    for (const entity of served.items.filter((e) => !isSyntheticLocation(e))) {
      const twin = expectedByRef.get(refOf(entity));
      expect({ ref: refOf(entity), entity: twin && comparable(twin) }).toEqual({
        ref: refOf(entity),
        entity: comparable(entity),
      });
    }
    expect(served.items.filter(isSyntheticLocation)).toHaveLength(1);
    expect(expected.items.filter(isSyntheticLocation)).toHaveLength(1);
  });

  it('maps to the same Compass drafts and warnings', async () => {
    const config = createMappingConfig({ backstageWebBaseUrl: 'https://backstage.example.com' });
    const [served, expected] = await Promise.all([readAll(synthetic, {}), readAll(real, {})]);

    const withoutSyntheticLocation = (items: Entity[]) => items.filter((e) => !isSyntheticLocation(e));
    const mapped = mapCatalog(withoutSyntheticLocation(served.items), config);
    expect(mapped).toEqual(mapCatalog(withoutSyntheticLocation(expected.items), config));
    expect(mapped.drafts).toHaveLength(FIXTURE_IMPORTED_COUNT + GENERATED);
    const last = mapped.drafts.find((draft) => draft.entityRef === 'component:default/synthetic-00011');
    expect(last?.dependsOn).toContain('component:default/synthetic-00010');
  });

  it.each<[string, CatalogQuery]>([
    ['one kind', { filter: ['kind=component'] }],
    ['kinds ORed across expressions', { filter: ['kind=api', 'kind=resource'] }],
    ['values of one key ORed within an expression', { filter: ['kind=component,kind=api'] }],
    ['keys ANDed, case ignored', { filter: ['Kind=Component,spec.type=SERVICE'] }],
    ['a relation', { filter: ['relations.ownedBy=group:default/risk-team'] }],
    ['an array value', { filter: ['metadata.tags=synthetic'] }],
    ['a key that merely exists', { filter: ['spec.subcomponentOf'] }],
    ['an annotation with dots in its name', { filter: ['metadata.annotations.backstage.io/techdocs-ref'] }],
  ])('filters like the backend: %s', async (_, query) => {
    const [served, expected] = await Promise.all([
      readAll(synthetic, { ...query, pageSize: 7 }),
      readAll(real, { ...query, pageSize: 7 }),
    ]);

    expect(served.items.length).toBeGreaterThan(0);
    expect(served.items.map(refOf).sort()).toEqual(expected.items.map(refOf).sort());
    expect(new Set(served.totals)).toEqual(new Set([expected.items.length]));
  });

  it('orders like the backend, leaving out entities without the field', async () => {
    const byName = { orderField: { field: 'metadata.name', order: 'desc' as const }, pageSize: 9 };
    const [served, expected] = await Promise.all([readAll(synthetic, byName), readAll(real, byName)]);
    // The synthetic file's Location is named after its path, so its place differs by design.
    const refsInOrder = (items: Entity[]) => items.filter((e) => !isSyntheticLocation(e)).map(refOf);
    expect(refsInOrder(served.items)).toEqual(refsInOrder(expected.items));

    const byType = { orderField: { field: 'spec.type', order: 'asc' as const } };
    const [typed, typedExpected] = await Promise.all([readAll(synthetic, byType), readAll(real, byType)]);
    // Ties are broken by uid on the backend, so only the order of the values and the members can be compared.
    const typeOf = (entity: Entity) => String((entity.spec as { type?: string }).type).toLowerCase();
    expect(typed.items.map(typeOf)).toEqual(typedExpected.items.map(typeOf));
    expect(refsInOrder(typed.items).sort()).toEqual(refsInOrder(typedExpected.items).sort());
  });

  it('projects `fields` like the backend, on every page', async () => {
    const query = {
      filter: ['kind=api'],
      fields: ['kind', 'metadata.name', 'spec.owner', 'relations'],
      pageSize: 2,
    };
    const [served, expected] = await Promise.all([readAll(synthetic, query), readAll(real, query)]);

    expect(served.pages).toBe(3);
    const sortByRef = (items: Entity[]) => [...items].sort((a, b) => refOf(a).localeCompare(refOf(b)));
    expect(sortByRef(served.items)).toEqual(sortByRef(expected.items));
  });

  it('looks refs up like the backend: order kept, null for a miss, case ignored, fields honoured', async () => {
    const refs = [
      'component:default/synthetic-00001',
      'Component:default/Synthetic-00002',
      'component:default/no-such-thing',
      'api:payments-api',
      `component:default/synthetic-000${GENERATED}`,
      'group:default/RISK-TEAM',
    ];
    const fields = ['kind', 'metadata.name', 'spec.owner'];

    const served = await synthetic.getEntitiesByRefs(refs, fields);
    expect(served).toEqual(await real.getEntitiesByRefs(refs, fields));
    expect(served.map((entity) => entity && `${entity.kind}:${entity.metadata.name}`)).toEqual([
      'Component:synthetic-00001',
      'Component:synthetic-00002',
      null,
      'API:payments-api',
      null,
      'Group:risk-team',
    ]);
    const [whole] = await synthetic.getEntitiesByRefs(['component:default/synthetic-00003']);
    const [wholeExpected] = await real.getEntitiesByRefs(['component:default/synthetic-00003']);
    expect(comparable(whole!)).toEqual(comparable(wholeExpected!));
  });
});

describe('SyntheticCatalogSource on its own', () => {
  let source: SyntheticCatalogSource;

  beforeAll(async () => {
    source = await createSyntheticCatalogSource(25);
  });

  it('pages through every entity once, in a stable order, the total on every page', async () => {
    const first = await readAll(source, { pageSize: 10 });
    const again = await readAll(source, { pageSize: 10 });

    expect(first.pages).toBe(Math.ceil(source.size / 10));
    expect(new Set(first.totals)).toEqual(new Set([source.size]));
    expect(new Set(first.items.map(refOf)).size).toBe(source.size);
    expect(again.items.map(refOf)).toEqual(first.items.map(refOf));
    expect(again.items.map((entity) => entity.metadata.uid)).toEqual(first.items.map((e) => e.metadata.uid));
  });

  it('keeps filter and order in the cursor and reads fields and page size afresh', async () => {
    const first = await source.queryEntitiesPage({ filter: ['metadata.tags=synthetic'], pageSize: 10 });
    const second = await source.queryEntitiesPage(
      { filter: ['kind=group'], fields: ['metadata.name'], pageSize: 5 },
      first.nextCursor,
    );

    expect(second.totalItems).toBe(25);
    expect(second.items).toEqual(
      Array.from({ length: 5 }, (_, i) => ({ metadata: { name: `synthetic-000${10 + i}` } })),
    );
    expect(second.nextCursor).toBeDefined();
  });

  it('ends with no cursor, and refuses a cursor it did not issue like the backend (400)', async () => {
    const page = await source.queryEntitiesPage({ filter: ['metadata.tags=synthetic'], pageSize: 25 });
    expect(page.items).toHaveLength(25);
    expect(page.nextCursor).toBeUndefined();

    const refusal = source.queryEntitiesPage({}, 'not-a-cursor');
    await expect(refusal).rejects.toBeInstanceOf(BackstageCatalogError);
    await expect(refusal).rejects.toMatchObject({ kind: 'bad-request', status: 400 });
  });

  it('refuses full-text search rather than answer it differently from the backend', async () => {
    await expect(source.queryEntitiesPage({ fullTextFilter: { term: 'payments' } })).rejects.toBeInstanceOf(
      UnsupportedCatalogQueryError,
    );
  });

  it('rejects a malformed ref as the client does, before counting a request', async () => {
    source.resetStats();
    await expect(source.getEntitiesByRefs(['no-kind-here'])).rejects.toThrow(TypeError);
    expect(source.stats().requests).toBe(0);
  });

  it('counts what the same reads would cost as REST requests', async () => {
    source.resetStats();
    await readAll(source, { pageSize: 20 });
    // 501 refs, of which the 25 generated ones exist: two by-refs requests.
    await source.getEntitiesByRefs(
      Array.from({ length: 501 }, (_, i) => `component:default/${syntheticComponentName(i)}`),
    );

    expect(source.stats()).toEqual({
      requests: Math.ceil(source.size / 20) + 2,
      pages: Math.ceil(source.size / 20),
      refsLookedUp: 501,
      entitiesServed: source.size + 25,
    });
  });

  it('builds large catalogs without holding the generated entities', async () => {
    const large = await createSyntheticCatalogSource(10_000);
    const last = `component:default/synthetic-09999`;

    expect(large.size).toBe(FIXTURE_ENTITY_TOTAL + 1 + 10_000);
    const [found, beyond] = await large.getEntitiesByRefs([last, 'component:default/synthetic-10000']);
    expect(found?.metadata.annotations?.['backstage.io/managed-by-location']).toBe(
      `file:${SYNTHETIC_LOCATION_TARGET}`,
    );
    expect(found?.relations).toContainEqual({
      type: 'dependsOn',
      targetRef: 'component:default/synthetic-09998',
    });
    expect(beyond).toBeNull();
    const [team] = await large.getEntitiesByRefs(['group:default/data-team'], ['relations']);
    expect(team?.relations?.filter((relation) => relation.type === 'ownerOf').length).toBeGreaterThan(2000);
  });

  it('refuses a negative or fractional size', () => {
    expect(() => new SyntheticCatalogSource({ syntheticComponents: -1 })).toThrow(RangeError);
    expect(() => new SyntheticCatalogSource({ syntheticComponents: 1.5 })).toThrow(RangeError);
  });
});
