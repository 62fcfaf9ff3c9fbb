import type { Entity } from '@backstage/catalog-model';
import { indexCatalog } from './catalog-index';
import { identifyEntity } from './entity-identity';
import { DEFAULT_MAPPING_RULES } from './mapping-rules';
import { mapRelationships } from './relationships';
import {
  buildApi,
  buildComponent,
  buildGroup,
  buildResource,
  buildSystem,
  relation,
} from './testing/entity-builders';
import { recordWarnings } from './testing/warning-recorder';

const catalogEntities: Entity[] = [
  buildComponent('payment-gateway'),
  buildComponent('fraud-scoring'),
  buildComponent('ledger', { namespace: 'finance' }),
  buildApi('payments-api'),
  buildApi('ledger-api', { namespace: 'finance' }),
  buildResource('payments-db'),
  buildGroup('payments-team'),
  buildSystem('payment-processing'),
];
const catalog = indexCatalog(catalogEntities, DEFAULT_MAPPING_RULES);

function relationshipsOf(entity: Entity) {
  const identified = identifyEntity(entity);
  if (!identified.ok) throw new Error(identified.reason);
  const recorder = recordWarnings();
  return {
    ...mapRelationships(entity, identified.identity, catalog, recorder.warn),
    warnings: recorder.warnings,
  };
}

describe('indexCatalog', () => {
  it('knows every entity and which of them are imported', () => {
    expect(catalog.catalogRefs.has('group:default/payments-team')).toBe(true);
    expect(catalog.importedRefs.has('group:default/payments-team')).toBe(false);
    expect(catalog.importedRefs.has('api:finance/ledger-api')).toBe(true);
  });
});

describe('mapRelationships from spec (no relations array)', () => {
  it('resolves dependsOn and consumesApis with the defaults Backstage applies, sorted', () => {
    const entity = buildComponent('checkout', {
      spec: {
        dependsOn: ['resource:payments-db', 'component:fraud-scoring', 'Component:finance/Ledger'],
        consumesApis: ['payments-api', 'finance/ledger-api'],
      },
    });
    expect(relationshipsOf(entity)).toEqual({
      dependsOn: [
        'api:default/payments-api',
        'api:finance/ledger-api',
        'component:default/fraud-scoring',
        'component:finance/ledger',
        'resource:default/payments-db',
      ],
      warnings: [],
    });
  });

  it("defaults short refs to the entity's own namespace", () => {
    const entity = buildComponent('reconciler', {
      namespace: 'finance',
      spec: { consumesApis: ['ledger-api'] },
    });
    expect(relationshipsOf(entity).dependsOn).toEqual(['api:finance/ledger-api']);
  });

  it.each([
    {
      what: 'reports a target that is in the catalog but not imported',
      name: 'checkout',
      spec: { dependsOn: ['system:payment-processing'] },
      code: 'relationship-target-not-imported',
      message:
        'spec.dependsOn[0] → system:default/payment-processing: a system, which is not imported as a component; no DEPENDS_ON',
    },
    {
      what: 'reports a target missing from the catalog',
      name: 'checkout',
      spec: { consumesApis: ['refunds-api'] },
      code: 'relationship-target-missing',
      message:
        'spec.consumesApis[0] → api:default/refunds-api, which is not in the Backstage catalog; no DEPENDS_ON',
    },
    {
      what: 'drops a dependency on the entity itself, with a warning',
      name: 'payment-gateway',
      spec: { dependsOn: ['component:payment-gateway'] },
      code: 'relationship-target-invalid',
      message: 'spec.dependsOn[0] refers to the entity itself; no DEPENDS_ON',
    },
  ])('$what', ({ name, spec, code, message }) => {
    expect(relationshipsOf(buildComponent(name, { spec }))).toEqual({
      dependsOn: [],
      warnings: [{ code, message }],
    });
  });

  it('reports a dependsOn ref without a kind (Backstage requires one) and other unusable refs', () => {
    const entity = buildComponent('checkout', { spec: { dependsOn: ['fraud-scoring', 42, 'component:'] } });
    const { dependsOn, warnings } = relationshipsOf(entity);
    expect(dependsOn).toEqual([]);
    expect(warnings.map((warning) => warning.code)).toEqual([
      'relationship-target-invalid',
      'relationship-target-invalid',
      'relationship-target-invalid',
    ]);
    expect(warnings[0]?.message).toMatch(
      /^spec\.dependsOn\[0\] "fraud-scoring" is not a usable entity ref \(.*kind/,
    );
  });

  it('de-duplicates targets named twice or in two fields, warning once per target', () => {
    const entity = buildComponent('checkout', {
      spec: {
        dependsOn: ['component:fraud-scoring', 'component:default/fraud-scoring', 'api:gone'],
        consumesApis: ['gone'],
      },
    });
    const { dependsOn, warnings } = relationshipsOf(entity);
    expect(dependsOn).toEqual(['component:default/fraud-scoring']);
    expect(warnings.map((warning) => warning.code)).toEqual(['relationship-target-missing']);
  });
});

describe('mapRelationships from the relations array', () => {
  it('prefers relations over spec, using dependsOn and consumesApi only', () => {
    const entity = buildComponent('checkout', {
      spec: { dependsOn: ['component:ledger-that-spec-names'] },
      relations: [
        relation('consumesApi', 'api:default/payments-api'),
        relation('dependsOn', 'resource:default/payments-db'),
        relation('ownedBy', 'group:default/payments-team'),
        relation('partOf', 'system:default/payment-processing'),
        relation('providesApi', 'api:default/checkout-api'),
      ],
    });
    expect(relationshipsOf(entity)).toEqual({
      dependsOn: ['api:default/payments-api', 'resource:default/payments-db'],
      warnings: [],
    });
  });

  it('treats an empty relations array as "no dependencies", not as absent', () => {
    const entity = buildComponent('checkout', {
      spec: { dependsOn: ['component:fraud-scoring'] },
      relations: [],
    });
    expect(relationshipsOf(entity).dependsOn).toEqual([]);
  });

  it('reports relation targets that are missing or not imported', () => {
    const entity = buildComponent('checkout', {
      relations: [
        relation('dependsOn', 'component:default/gone'),
        relation('dependsOn', 'group:default/payments-team'),
      ],
    });
    const { warnings } = relationshipsOf(entity);
    expect(warnings).toEqual([
      {
        code: 'relationship-target-missing',
        message:
          'relation dependsOn → component:default/gone, which is not in the Backstage catalog; no DEPENDS_ON',
      },
      {
        code: 'relationship-target-not-imported',
        message:
          'relation dependsOn → group:default/payments-team: a group, which is not imported as a component; no DEPENDS_ON',
      },
    ]);
  });
});

describe('mapRelationships: subcomponentOf', () => {
  it('sets childOf to an imported parent component, short ref defaulting to Component', () => {
    const entity = buildComponent('gateway-admin', { spec: { subcomponentOf: 'payment-gateway' } });
    expect(relationshipsOf(entity)).toEqual({
      dependsOn: [],
      childOf: 'component:default/payment-gateway',
      warnings: [],
    });
  });

  it('reports a parent missing from the catalog', () => {
    const entity = buildComponent('gateway-admin', { spec: { subcomponentOf: 'old-gateway' } });
    expect(relationshipsOf(entity)).toEqual({
      dependsOn: [],
      warnings: [
        {
          code: 'relationship-target-missing',
          message:
            'spec.subcomponentOf → component:default/old-gateway, which is not in the Backstage catalog; no CHILD_OF',
        },
      ],
    });
  });

  it('reports a parent that is not imported', () => {
    const entity = buildComponent('gateway-admin', { spec: { subcomponentOf: 'system:payment-processing' } });
    const { childOf, warnings } = relationshipsOf(entity);
    expect(childOf).toBeUndefined();
    expect(warnings.map((warning) => warning.code)).toEqual(['relationship-target-not-imported']);
  });
});
