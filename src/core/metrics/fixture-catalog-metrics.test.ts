// The metrics over the project's fixture catalog (sandbox/backstage/catalog): as written in the YAML (no relations:
// the spec fallbacks) and as the real Backstage backend serves it (stitched relations, status). The values must be
// what the catalog's README says of each entity, and both readings must agree where both can answer.
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { fixtureEntities } from '../../../sandbox/backstage/fixture-catalog';
import { testBackstage } from '../../../sandbox/backstage/test-backstage';
import { indexCatalog } from '../mapping/catalog-index';
import { testMappingConfig } from '../mapping/testing/entity-builders';
import { computeMetricValues } from './compute-metrics';
import { BUILT_IN_METRICS, DEFAULT_ANNOTATION_SET } from './metric-definitions';
import { relatedFactsOf, relatedRefsForMetrics, type RelatedEntityFacts } from './related-entities';

const NOW = new Date('2026-12-04T12:00:00.000Z');
const METRIC_KINDS = new Set(['component', 'api', 'resource']);

/** entity ref → metric key → value, for the entities the metrics apply to. */
type CatalogValues = Map<string, Map<string, number>>;

function refOf(entity: Entity): string {
  return stringifyEntityRef(entity).toLowerCase();
}

function metricsOf(entities: Entity[]): CatalogValues {
  const index = indexCatalog(entities, testMappingConfig());
  const facts = new Map<string, RelatedEntityFacts>(
    entities.map((entity) => [refOf(entity), relatedFactsOf(entity)]),
  );
  const values: CatalogValues = new Map();
  for (const entity of entities) {
    if (!METRIC_KINDS.has(entity.kind.toLowerCase())) continue;
    // What the engine does: look up only the refs the entity names (a ref the catalog lacks has no facts).
    const related = new Map(
      relatedRefsForMetrics(entity).flatMap((ref) =>
        facts.has(ref) ? [[ref, facts.get(ref)!] as const] : [],
      ),
    );
    const inputs = { entity, index, related, now: NOW, annotationSet: DEFAULT_ANNOTATION_SET };
    values.set(refOf(entity), computeMetricValues(inputs, BUILT_IN_METRICS));
  }
  return values;
}

/** The refs whose value of `key` is `value` (undefined: the refs with no value). */
function refsWith(values: CatalogValues, key: string, value: number | undefined): string[] {
  return [...values]
    .filter(([, metrics]) => metrics.get(key) === value)
    .map(([ref]) => ref)
    .sort();
}

async function servedEntities(): Promise<Entity[]> {
  const backstage = testBackstage();
  const response = await fetch(`${backstage.baseUrl}/api/catalog/entities`, {
    headers: { Authorization: `Bearer ${backstage.token}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Entity[];
}

const TECHDOCS = [
  'component:default/checkout-sdk',
  'component:default/fraud-scoring',
  'component:default/ledger-service',
  'component:default/merchant-dashboard',
  'component:default/payment-gateway',
];
const API_PROVIDERS = [
  'component:default/fraud-scoring',
  'component:default/ledger-service',
  'component:default/merchant-graphql-gateway',
  'component:default/payment-gateway',
];

describe('metrics of the fixture catalog', () => {
  let written: CatalogValues;
  let served: CatalogValues;

  beforeAll(async () => {
    written = metricsOf(await fixtureEntities());
    served = metricsOf(await servedEntities());
  });

  it('computes for the 18 Components, 5 APIs and 5 Resources', () => {
    expect(written.size).toBe(28);
    expect([...served.keys()].sort()).toEqual([...written.keys()].sort());
  });

  it('finds TechDocs on the five components the catalog gives them', () => {
    expect(refsWith(written, 'techdocs', 1)).toEqual(TECHDOCS);
    expect(refsWith(served, 'techdocs', 1)).toEqual(TECHDOCS);
  });

  it("finds every owner but legacy-settlement-batch's treasury-team (a User and a cross-namespace Group resolve)", () => {
    for (const values of [written, served]) {
      expect(refsWith(values, 'owner-in-catalog', 0)).toEqual(['component:default/legacy-settlement-batch']);
      expect(values.get('component:default/payouts-worker')?.get('owner-in-catalog')).toBe(1);
      expect(values.get('component:labs/receipt-ocr')?.get('owner-in-catalog')).toBe(1);
    }
  });

  it('rates the four API providers 100% documented (every fixture API has its definition inline), others none', () => {
    for (const values of [written, served]) {
      expect(refsWith(values, 'documented-apis', 100)).toEqual(API_PROVIDERS);
      expect(refsWith(values, 'documented-apis', undefined)).toHaveLength(28 - API_PROVIDERS.length);
    }
  });

  it('gives full annotation coverage to the two components with all five default annotations', () => {
    for (const values of [written, served]) {
      expect(refsWith(values, 'annotation-coverage', 100)).toEqual([
        'component:default/ledger-service',
        'component:default/payment-gateway',
      ]);
      // Project slug, TechDocs and PagerDuty; no source location or SonarQube.
      expect(values.get('component:default/fraud-scoring')?.get('annotation-coverage')).toBe(60);
      expect(values.get('resource:default/payments-db')?.get('annotation-coverage')).toBe(0);
    }
  });

  it('counts dependencies the same from the spec as from the served relations', () => {
    const dependencies = (values: CatalogValues) =>
      Object.fromEntries([...values].map(([ref, metrics]) => [ref, metrics.get('dependencies')]));
    expect(dependencies(served)).toEqual(dependencies(written));
    // payments-db, fraud-scoring-api, ledger-grpc-api; a missing mainframe-bridge still counts.
    expect(written.get('component:default/payment-gateway')?.get('dependencies')).toBe(3);
    expect(written.get('component:default/legacy-settlement-batch')?.get('dependencies')).toBe(2);
  });

  it('counts dependents from the served relations only', () => {
    expect(refsWith(written, 'dependents', undefined)).toHaveLength(28);
    // payouts-worker, payment-gateway and merchant-graphql-gateway consume it.
    expect(served.get('api:default/ledger-grpc-api')?.get('dependents')).toBe(3);
    expect(served.get('component:default/ledger-service')?.get('dependents')).toBe(2);
    expect(served.get('component:default/ops-cli')?.get('dependents')).toBe(0);
  });

  it('finds no deprecated dependency, catalog error or orphan in a healthy catalog, and no change yet', () => {
    for (const values of [written, served]) {
      for (const key of ['deprecated-dependencies', 'catalog-errors', 'orphaned', 'days-since-change']) {
        expect([key, refsWith(values, key, 0)]).toEqual([key, [...values.keys()].sort()]);
      }
    }
  });
});
