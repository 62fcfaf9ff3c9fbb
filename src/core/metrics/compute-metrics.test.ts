import type { Entity } from '@backstage/catalog-model';
import { indexCatalog } from '../mapping/catalog-index';
import {
  buildApi,
  buildComponent,
  buildEntity,
  buildGroup,
  buildResource,
  relation,
  testMappingConfig,
} from '../mapping/testing/entity-builders';
import { computeMetricValues, type MetricInputs } from './compute-metrics';
import {
  BUILT_IN_METRICS,
  DEFAULT_ANNOTATION_SET,
  type BuiltInMetricKey,
  type MetricDefinitionSpec,
} from './metric-definitions';
import { relatedFactsOf, relatedRefsForMetrics, type RelatedEntityFacts } from './related-entities';

const NOW = new Date('2026-12-04T12:00:00.000Z');

const CATALOG: Entity[] = [
  buildGroup('payments-team'),
  buildGroup('ops', { namespace: 'infra' }),
  buildEntity('User', 'dev.patel'),
  buildEntity('System', 'payments'),
  buildApi('payments-api'),
  buildApi('refunds-api', { spec: { definition: '   ' } }),
  buildApi('legacy-api', { spec: { lifecycle: 'deprecated' } }),
  buildComponent('ledger'),
  buildComponent('old-ledger', { spec: { lifecycle: 'Deprecated' } }),
  buildResource('payments-db'),
];
const INDEX = indexCatalog(CATALOG, testMappingConfig());
const RELATED = new Map<string, RelatedEntityFacts>(
  CATALOG.map((entity) => [
    `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`.toLowerCase(),
    relatedFactsOf(entity),
  ]),
);

function inputs(entity: Entity, overrides: Partial<MetricInputs> = {}): MetricInputs {
  return {
    entity,
    index: INDEX,
    related: RELATED,
    now: NOW,
    annotationSet: DEFAULT_ANNOTATION_SET,
    ...overrides,
  };
}

function metric(key: BuiltInMetricKey): MetricDefinitionSpec {
  const found = BUILT_IN_METRICS.find((spec) => spec.key === key);
  if (!found) throw new Error(`no metric ${key}`);
  return found;
}

/** The one metric's value, or undefined when it has none. */
function valueOf(key: BuiltInMetricKey, entity: Entity, overrides: Partial<MetricInputs> = {}) {
  return computeMetricValues(inputs(entity, overrides), [metric(key)]).get(key);
}

describe('computeMetricValues: built-in metrics', () => {
  describe('TechDocs', () => {
    it('is 1 with backstage.io/techdocs-ref', () => {
      const entity = buildComponent('a', { annotations: { 'backstage.io/techdocs-ref': 'dir:.' } });
      expect(valueOf('techdocs', entity)).toBe(1);
    });
    it('is 1 with backstage.io/techdocs-entity', () => {
      const entity = buildComponent('a', {
        annotations: { 'backstage.io/techdocs-entity': 'component:default/docs' },
      });
      expect(valueOf('techdocs', entity)).toBe(1);
    });
    it('is 0 without either, or when the annotation is blank', () => {
      expect(valueOf('techdocs', buildComponent('a'))).toBe(0);
      expect(
        valueOf('techdocs', buildComponent('a', { annotations: { 'backstage.io/techdocs-ref': '  ' } })),
      ).toBe(0);
    });
  });

  describe('Owner in catalog', () => {
    it('is 1 for a short owner name: a Group in the entity namespace', () => {
      expect(valueOf('owner-in-catalog', buildComponent('a', { spec: { owner: 'payments-team' } }))).toBe(1);
    });
    it('is 1 for a User, written in any case', () => {
      expect(valueOf('owner-in-catalog', buildComponent('a', { spec: { owner: 'User:Dev.Patel' } }))).toBe(1);
    });
    it('resolves a short name in the entity own namespace, not default', () => {
      const inInfra = buildComponent('a', { namespace: 'infra', spec: { owner: 'ops' } });
      const inDefault = buildComponent('a', { spec: { owner: 'ops' } });
      expect(valueOf('owner-in-catalog', inInfra)).toBe(1);
      expect(valueOf('owner-in-catalog', inDefault)).toBe(0);
    });
    it('is 0 when the owner is not in the catalog, or is in it but not a Group or User', () => {
      expect(valueOf('owner-in-catalog', buildComponent('a', { spec: { owner: 'treasury-team' } }))).toBe(0);
      expect(valueOf('owner-in-catalog', buildComponent('a', { spec: { owner: 'system:payments' } }))).toBe(
        0,
      );
    });
    it('is 0 when spec.owner is missing, not text, or not a ref', () => {
      expect(valueOf('owner-in-catalog', buildComponent('a', { spec: { owner: undefined } }))).toBe(0);
      expect(valueOf('owner-in-catalog', buildComponent('a', { spec: { owner: 42 } }))).toBe(0);
      expect(valueOf('owner-in-catalog', buildComponent('a', { spec: { owner: 'group:' } }))).toBe(0);
    });
  });

  describe('Documented APIs', () => {
    it('is the share of provided APIs with a non-empty definition, rounded down', () => {
      const entity = buildComponent('a', {
        relations: [
          relation('providesApi', 'api:default/payments-api'),
          relation('providesApi', 'api:default/refunds-api'), // definition is blank
          relation('providesApi', 'api:default/legacy-api'),
        ],
      });
      expect(valueOf('documented-apis', entity)).toBe(66);
    });
    it('counts an API that is not in the catalog as undocumented, and each API once', () => {
      const entity = buildComponent('a', {
        relations: [
          relation('providesApi', 'api:default/payments-api'),
          relation('providesApi', 'API:default/Payments-API'),
          relation('providesApi', 'api:default/ghost-api'),
        ],
      });
      expect(valueOf('documented-apis', entity)).toBe(50);
    });
    it('reads spec.providesApis (short names are APIs) when the entity has no relations', () => {
      const entity = buildComponent('a', { spec: { providesApis: ['payments-api', 'legacy-api'] } });
      expect(valueOf('documented-apis', entity)).toBe(100);
    });
    it('has no value when the entity provides no API (relations present but empty beat spec)', () => {
      expect(valueOf('documented-apis', buildComponent('a'))).toBeUndefined();
      const withEmptyRelations = buildComponent('a', {
        spec: { providesApis: ['payments-api'] },
        relations: [],
      });
      expect(valueOf('documented-apis', withEmptyRelations)).toBeUndefined();
    });
  });

  describe('Annotation coverage', () => {
    it('is the share of the default set present, rounded down', () => {
      const entity = buildComponent('a', {
        annotations: {
          'backstage.io/source-location': 'url:https://github.com/brightpay/a',
          'github.com/project-slug': 'brightpay/a',
          'backstage.io/techdocs-ref': 'dir:.',
          'unrelated.example/key': 'x',
        },
      });
      expect(valueOf('annotation-coverage', entity)).toBe(60);
    });
    it('uses the admin set, counting a repeated key once and a blank annotation as absent', () => {
      const entity = buildComponent('a', { annotations: { 'x.example/a': '1', 'x.example/b': ' ' } });
      const annotationSet = ['x.example/a', 'x.example/b', 'x.example/a'];
      expect(valueOf('annotation-coverage', entity, { annotationSet })).toBe(50);
    });
    it('is 0 without annotations and has no value for an empty set', () => {
      expect(valueOf('annotation-coverage', buildComponent('a'))).toBe(0);
      expect(valueOf('annotation-coverage', buildComponent('a'), { annotationSet: [] })).toBeUndefined();
    });
  });

  describe('Dependencies', () => {
    it('counts distinct targets of dependsOn and consumesApi, ignoring other relations and case', () => {
      const entity = buildComponent('a', {
        relations: [
          relation('dependsOn', 'component:default/ledger'),
          relation('dependsOn', 'Component:default/Ledger'),
          relation('dependsOn', 'resource:default/payments-db'),
          relation('consumesApi', 'api:default/payments-api'),
          relation('ownedBy', 'group:default/payments-team'),
          relation('dependencyOf', 'component:default/other'),
        ],
      });
      expect(valueOf('dependencies', entity)).toBe(3);
    });
    it('reads spec.dependsOn and spec.consumesApis when the entity has no relations, skipping bad refs', () => {
      const entity = buildComponent('a', {
        spec: {
          dependsOn: ['component:ledger', 'resource:payments-db', 'no-kind-given', 7],
          consumesApis: ['payments-api', 'api:default/payments-api'],
        },
      });
      expect(valueOf('dependencies', entity)).toBe(3);
    });
    it('is 0 with no dependencies, and with spec fields of the wrong type', () => {
      expect(valueOf('dependencies', buildComponent('a', { relations: [] }))).toBe(0);
      expect(valueOf('dependencies', buildComponent('a', { spec: { dependsOn: { a: 1 } } }))).toBe(0);
    });
  });

  describe('Dependents', () => {
    it('counts distinct targets of dependencyOf and apiConsumedBy', () => {
      const entity = buildApi('payments-api', {
        relations: [
          relation('apiConsumedBy', 'component:default/checkout'),
          relation('apiConsumedBy', 'component:default/portal'),
          relation('dependencyOf', 'component:default/portal'),
          relation('apiProvidedBy', 'component:default/gateway'),
        ],
      });
      expect(valueOf('dependents', entity)).toBe(2);
    });
    it('is 0 with empty relations and has no value without relations (only the catalog knows them)', () => {
      expect(valueOf('dependents', buildResource('db', { relations: [] }))).toBe(0);
      expect(valueOf('dependents', buildResource('db'))).toBeUndefined();
    });
  });

  describe('Deprecated dependencies', () => {
    it('counts the dependency targets whose lifecycle is deprecated, in any case', () => {
      const entity = buildComponent('a', {
        relations: [
          relation('dependsOn', 'component:default/ledger'),
          relation('dependsOn', 'component:default/old-ledger'), // 'Deprecated'
          relation('consumesApi', 'api:default/legacy-api'),
          relation('consumesApi', 'api:default/ghost-api'), // not in the catalog: not counted
        ],
      });
      expect(valueOf('deprecated-dependencies', entity)).toBe(2);
    });
    it('reads spec refs without relations, and is 0 without dependencies', () => {
      const entity = buildComponent('a', { spec: { consumesApis: ['legacy-api'] } });
      expect(valueOf('deprecated-dependencies', entity)).toBe(1);
      expect(valueOf('deprecated-dependencies', buildComponent('b'))).toBe(0);
    });
  });

  describe('Catalog errors', () => {
    it('counts the error-level items of status.items', () => {
      const entity = {
        ...buildComponent('a'),
        status: {
          items: [
            { type: 'backstage.io/catalog-processing', level: 'error', message: 'InputError: bad ref' },
            { type: 'backstage.io/catalog-processing', level: 'error', message: 'NotFoundError: no file' },
            { type: 'backstage.io/catalog-processing', level: 'warning', message: 'slow' },
            null,
            'error',
          ],
        },
      } as Entity;
      expect(valueOf('catalog-errors', entity)).toBe(2);
    });
    it('is 0 without status, or with a status of the wrong shape', () => {
      expect(valueOf('catalog-errors', buildComponent('a'))).toBe(0);
      expect(valueOf('catalog-errors', { ...buildComponent('a'), status: 'broken' } as Entity)).toBe(0);
      expect(valueOf('catalog-errors', { ...buildComponent('a'), status: { items: {} } } as Entity)).toBe(0);
    });
  });

  describe('Orphaned', () => {
    it('is 1 when backstage.io/orphan is true', () => {
      expect(
        valueOf('orphaned', buildComponent('a', { annotations: { 'backstage.io/orphan': 'true' } })),
      ).toBe(1);
    });
    it('is 0 without the annotation or with another value', () => {
      expect(valueOf('orphaned', buildComponent('a'))).toBe(0);
      expect(
        valueOf('orphaned', buildComponent('a', { annotations: { 'backstage.io/orphan': 'false' } })),
      ).toBe(0);
    });
  });

  describe('Days since change', () => {
    it('is the whole days since the content was first seen', () => {
      expect(
        valueOf('days-since-change', buildComponent('a'), { contentSeenAt: '2026-11-30T12:00:00.000Z' }),
      ).toBe(4);
      expect(
        valueOf('days-since-change', buildComponent('a'), { contentSeenAt: '2026-11-30T12:00:00.001Z' }),
      ).toBe(3);
    });
    it('is 0 when first seen now (no time given), and never negative', () => {
      expect(valueOf('days-since-change', buildComponent('a'))).toBe(0);
      expect(
        valueOf('days-since-change', buildComponent('a'), { contentSeenAt: '2027-01-01T00:00:00Z' }),
      ).toBe(0);
    });
    it('has no value when the stored time cannot be read', () => {
      expect(
        valueOf('days-since-change', buildComponent('a'), { contentSeenAt: 'yesterday' }),
      ).toBeUndefined();
    });
  });
});

describe('computeMetricValues: which metrics apply', () => {
  it('computes every built-in for a Component, API and Resource, in any case of kind', () => {
    for (const entity of [
      buildComponent('a'),
      buildApi('b'),
      buildResource('c'),
      buildEntity('COMPONENT', 'd'),
    ]) {
      const keys = [...computeMetricValues(inputs(entity, { entity }), BUILT_IN_METRICS).keys()];
      // No provided API and no relations: Documented APIs and Dependents have no value.
      expect(keys.sort()).toEqual(
        BUILT_IN_METRICS.map((spec) => spec.key)
          .filter((key) => key !== 'documented-apis' && key !== 'dependents')
          .sort(),
      );
    }
  });

  it('computes nothing for a kind no metric applies to', () => {
    const group = buildGroup('payments-team', { annotations: { 'backstage.io/techdocs-ref': 'dir:.' } });
    expect(computeMetricValues(inputs(group), BUILT_IN_METRICS).size).toBe(0);
  });

  it('computes only the metrics asked for, and nothing for a key it does not know', () => {
    const entity = buildComponent('a');
    const unknown: MetricDefinitionSpec = { ...metric('techdocs'), key: 'not-a-metric' };
    const values = computeMetricValues(inputs(entity), [metric('orphaned'), unknown]);
    expect([...values]).toEqual([['orphaned', 0]]);
  });

  it('never throws for an entity with odd content: what cannot be read has no value or reads as absent', () => {
    const odd = [
      {
        apiVersion: 'v1',
        kind: 'Component',
        metadata: { name: 'a', annotations: 'x' },
        spec: 'x',
        relations: 'x',
      },
      { apiVersion: 'v1', kind: 'Component', metadata: { name: 'b', namespace: 7 }, relations: [null, 3] },
      {
        apiVersion: 'v1',
        kind: 'Component',
        metadata: { name: 'c' },
        spec: null,
        relations: [{ type: 'dependsOn' }],
      },
      { apiVersion: 'v1', kind: 42, metadata: {} },
      {},
    ] as unknown as Entity[];
    for (const entity of odd) {
      expect(() => computeMetricValues(inputs(entity), BUILT_IN_METRICS)).not.toThrow();
      expect(() => relatedRefsForMetrics(entity)).not.toThrow();
      expect(() => relatedFactsOf(entity)).not.toThrow();
    }
    const values = computeMetricValues(inputs(odd[2]!), BUILT_IN_METRICS);
    expect(values.get('dependencies')).toBe(0);
    expect(values.get('owner-in-catalog')).toBe(0);
    expect(computeMetricValues(inputs(odd[3]!), BUILT_IN_METRICS).size).toBe(0);
  });
});

describe('related entities', () => {
  it('names the dependency targets and provided APIs, lower-cased, sorted, once each', () => {
    const entity = buildComponent('a', {
      relations: [
        relation('dependsOn', 'Component:default/Ledger'),
        relation('consumesApi', 'api:default/payments-api'),
        relation('providesApi', 'api:default/payments-api'),
        relation('providesApi', 'api:default/refunds-api'),
        relation('dependencyOf', 'component:default/other'),
      ],
    });
    expect(relatedRefsForMetrics(entity)).toEqual([
      'api:default/payments-api',
      'api:default/refunds-api',
      'component:default/ledger',
    ]);
  });

  it('falls back to spec refs with Backstage defaults (namespace of the entity, kind API for APIs)', () => {
    const entity = buildComponent('a', {
      namespace: 'labs',
      spec: { dependsOn: ['resource:db'], consumesApis: ['x-api'], providesApis: ['default/y-api'] },
    });
    expect(relatedRefsForMetrics(entity)).toEqual([
      'api:default/y-api',
      'api:labs/x-api',
      'resource:labs/db',
    ]);
  });

  it('reads the kind, lifecycle and whether there is a definition', () => {
    expect(relatedFactsOf(buildApi('x'))).toEqual({
      kind: 'api',
      lifecycle: 'production',
      hasDefinition: true,
    });
    expect(relatedFactsOf(buildApi('x', { spec: { definition: '' } })).hasDefinition).toBe(false);
    expect(relatedFactsOf(buildApi('x', { spec: { definition: { $text: 'x' } } })).hasDefinition).toBe(false);
    expect(relatedFactsOf(buildResource('x'))).toEqual({ kind: 'resource', hasDefinition: false });
  });
});
