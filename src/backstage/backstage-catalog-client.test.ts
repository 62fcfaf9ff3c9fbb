// The catalog client against the real Backstage catalog backend the jest global setup starts (fixture catalog).
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogPage } from '../core/ports';
import { FIXTURE_ENTITY_COUNTS, fixtureEntities } from '../../sandbox/backstage/fixture-catalog';
import { testBackstage } from '../../sandbox/backstage/test-backstage';
import { BackstageCatalogClient } from './backstage-catalog-client';
import type { HttpFetch } from './http-fetch';
import { nodeHttpFetch } from './node-http-fetch';

const backstage = testBackstage();

interface RecordedRequest {
  method: string;
  url: URL;
  body?: string;
}

/** nodeHttpFetch, remembering what was asked. */
function recordingFetch(): { fetch: HttpFetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  return {
    requests,
    fetch: (url, init) => {
      requests.push({ method: init.method, url: new URL(url), body: init.body });
      return nodeHttpFetch(url, init);
    },
  };
}

function client(options: Partial<ConstructorParameters<typeof BackstageCatalogClient>[0]> = {}) {
  return new BackstageCatalogClient({
    baseUrl: backstage.baseUrl,
    token: backstage.token,
    fetch: nodeHttpFetch,
    ...options,
  });
}

async function allPages(pages: AsyncIterable<CatalogPage>): Promise<CatalogPage[]> {
  const result: CatalogPage[] = [];
  for await (const page of pages) result.push(page);
  return result;
}

const refOf = (entity: Entity): string => stringifyEntityRef(entity);

let fixture: Entity[];
beforeAll(async () => {
  fixture = await fixtureEntities();
});

describe('paging with by-query', () => {
  it('returns every entity exactly once over many small pages, with the fields asked for on every page', async () => {
    const recorder = recordingFetch();
    const fields = ['kind', 'metadata.name', 'metadata.namespace'];
    const pages = await allPages(client({ fetch: recorder.fetch }).queryAllEntities({ fields, pageSize: 7 }));

    const refs = pages.flatMap((page) => page.items.map(refOf));
    expect(pages.length).toBe(Math.ceil(backstage.entityCount / 7));
    expect(refs).toHaveLength(backstage.entityCount);
    expect(new Set(refs).size).toBe(backstage.entityCount);
    for (const entity of fixture) expect(refs).toContain(refOf(entity));
    // Projection honoured beyond page 1: no entity carries anything but the three fields.
    for (const item of pages.flatMap((page) => page.items)) {
      expect(Object.keys(item).sort()).toEqual(['kind', 'metadata']);
      expect(Object.keys(item.metadata).sort()).toEqual(['name', 'namespace']);
    }
    for (const request of recorder.requests) {
      expect(request.url.searchParams.get('fields')).toBe(fields.join(','));
      expect(request.url.searchParams.get('limit')).toBe('7');
    }
    expect(recorder.requests.filter((r) => r.url.searchParams.has('cursor'))).toHaveLength(pages.length - 1);
    expect(pages.at(-1)?.nextCursor).toBeUndefined();
  });

  it('validates full entities on every page and finds none invalid in the real catalog', async () => {
    const pages = await allPages(client({ pageSize: 20 }).queryAllEntities({}));
    const items = pages.flatMap((page) => page.items);
    expect(pages.flatMap((page) => page.invalid)).toEqual([]);
    expect(items).toHaveLength(backstage.entityCount);
    expect(pages.every((page) => page.totalItems === backstage.entityCount)).toBe(true);
    const gateway = items.find((entity) => entity.metadata.name === 'payment-gateway');
    expect(gateway?.relations?.length).toBeGreaterThan(0);
  });

  it('sends filter and order only on the first request; the cursor carries them', async () => {
    const recorder = recordingFetch();
    const pages = await allPages(
      client({ fetch: recorder.fetch }).queryAllEntities({
        filter: ['kind=component'],
        orderField: { field: 'metadata.name', order: 'asc' },
        fields: ['kind', 'metadata.name'],
        pageSize: 5,
      }),
    );
    const names = pages.flatMap((page) => page.items.map((entity) => entity.metadata.name));
    const expected = fixture
      .filter((entity) => entity.kind === 'Component')
      .map((entity) => entity.metadata.name);
    expect(names).toEqual([...expected].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const [first, ...rest] = recorder.requests;
    expect(first?.url.searchParams.getAll('filter')).toEqual(['kind=component']);
    expect(first?.url.searchParams.get('orderField')).toBe('metadata.name,asc');
    expect(rest.length).toBeGreaterThan(0);
    for (const request of rest) {
      expect(request.url.searchParams.has('filter')).toBe(false);
      expect(request.url.searchParams.has('orderField')).toBe(false);
      expect(request.url.searchParams.has('cursor')).toBe(true);
    }
  });

  it('ANDs conditions within a filter and ORs several filters', async () => {
    const page = await client().queryEntitiesPage({
      filter: ['kind=component,spec.type=service', 'kind=api,spec.type=grpc'],
      fields: ['kind', 'metadata.name', 'spec.type'],
      pageSize: 500,
    });
    const expected = fixture.filter(
      (entity) =>
        (entity.kind === 'Component' && entity.spec?.type === 'service') ||
        (entity.kind === 'API' && entity.spec?.type === 'grpc'),
    );
    expect(page.items.map(refOf).sort()).toEqual(expected.map(refOf).sort());
    expect(page.totalItems).toBe(expected.length);
  });

  it('filters on relations, annotations and full text', async () => {
    const owned = await client().queryEntitiesPage({
      filter: ['kind=component,relations.ownedBy=user:default/ana.moreau'],
    });
    expect(owned.items.map(refOf)).toEqual(['component:default/payouts-worker']);

    const withSonar = await client().queryEntitiesPage({
      filter: ['metadata.annotations.sonarqube.org/project-key'],
      fields: ['kind', 'metadata.name'],
    });
    const expectedSonar = fixture.filter((e) => e.metadata.annotations?.['sonarqube.org/project-key']);
    expect(withSonar.items.map(refOf).sort()).toEqual(expectedSonar.map(refOf).sort());

    const fullText = await client().queryEntitiesPage({
      fullTextFilter: { term: 'ledger', fields: ['metadata.name'] },
      fields: ['kind', 'metadata.name'],
    });
    const expectedText = fixture.filter((e) => e.metadata.name.includes('ledger'));
    expect(fullText.items.map(refOf).sort()).toEqual(expectedText.map(refOf).sort());
  });

  it('counts entities by kind as the fixture documents them', async () => {
    for (const [kind, count] of Object.entries(FIXTURE_ENTITY_COUNTS)) {
      const page = await client().queryEntitiesPage({ filter: [`kind=${kind}`], pageSize: 1 });
      expect({ kind, totalItems: page.totalItems }).toEqual({ kind, totalItems: count });
    }
  });

  it('accepts base URLs with trailing slashes or the /api/catalog suffix', async () => {
    for (const baseUrl of [`${backstage.baseUrl}///`, `${backstage.baseUrl}/api/catalog/`]) {
      const page = await client({ baseUrl }).queryEntitiesPage({ pageSize: 1 });
      expect(page.totalItems).toBe(backstage.entityCount);
    }
  });
});

describe('batch lookup with by-refs', () => {
  it('returns entities in the order asked, null for a missing one, normalising short refs', async () => {
    const recorder = recordingFetch();
    const result = await client({ fetch: recorder.fetch }).lookupEntitiesByRefs([
      'Component:payment-gateway',
      'component:default/mainframe-bridge',
      'api:default/payments-api',
      'component:labs/receipt-ocr',
      'group:treasury-team',
    ]);
    expect(result.items.map((entity) => (entity ? refOf(entity) : null))).toEqual([
      'component:default/payment-gateway',
      null,
      'api:default/payments-api',
      'component:labs/receipt-ocr',
      null,
    ]);
    expect(result.invalid).toEqual([]);
    expect(JSON.parse(recorder.requests[0]?.body ?? '{}')).toEqual({
      entityRefs: [
        'component:default/payment-gateway',
        'component:default/mainframe-bridge',
        'api:default/payments-api',
        'component:labs/receipt-ocr',
        'group:default/treasury-team',
      ],
    });
  });

  it('sends fields in the body and splits long ref lists into batches', async () => {
    const recorder = recordingFetch();
    const refs = fixture.filter((entity) => entity.kind === 'Component').map(refOf);
    const items = await client({ fetch: recorder.fetch, refsBatchSize: 4 }).getEntitiesByRefs(refs, [
      'kind',
      'metadata.name',
      'metadata.namespace',
    ]);
    expect(recorder.requests).toHaveLength(Math.ceil(refs.length / 4));
    for (const request of recorder.requests) {
      expect(request.url.search).toBe('');
      expect(JSON.parse(request.body ?? '{}').fields).toEqual([
        'kind',
        'metadata.name',
        'metadata.namespace',
      ]);
    }
    expect(items.map((entity) => (entity ? refOf(entity) : null))).toEqual(refs);
    expect(items.every((entity) => entity !== null && entity.spec === undefined)).toBe(true);
  });

  it('resolves relation targets, dangling ones included', async () => {
    const [legacy] = await client().getEntitiesByRefs(['component:default/legacy-settlement-batch']);
    const targets = (legacy?.relations ?? []).map((relation) => relation.targetRef);
    expect(targets).toEqual(
      expect.arrayContaining(['group:default/treasury-team', 'component:default/mainframe-bridge']),
    );
    const resolved = await client().getEntitiesByRefs(targets);
    const missing = targets.filter((_, index) => resolved[index] === null);
    expect(missing.sort()).toEqual(['component:default/mainframe-bridge', 'group:default/treasury-team']);
  });

  it('makes no request for an empty list and rejects a string that is not a ref', async () => {
    const recorder = recordingFetch();
    await expect(client({ fetch: recorder.fetch }).getEntitiesByRefs([])).resolves.toEqual([]);
    expect(recorder.requests).toHaveLength(0);
    await expect(client().getEntitiesByRefs(['payment-gateway'])).rejects.toThrow(TypeError);
  });
});
