import type { Entity } from '@backstage/catalog-model';
import { indexCatalog } from './catalog-index';
import { mapEntity, type EntityMappingContext } from './map-entity';
import {
  TEST_BACKSTAGE_WEB_URL,
  buildApi,
  buildComponent,
  buildEntity,
  buildGroup,
  buildResource,
  testMappingConfig,
} from './testing/entity-builders';

const config = testMappingConfig({ ownerTeamIds: { 'group:default/payments-team': 'team-payments' } });

function contextFor(entities: Entity[], overrides: Partial<EntityMappingContext> = {}): EntityMappingContext {
  return { config, catalog: indexCatalog(entities, config), ...overrides };
}

describe('mapEntity: a well-formed component', () => {
  const fraudScoring = buildComponent('fraud-scoring');
  const gateway = buildComponent('Payment-Gateway', {
    title: 'Payment Gateway',
    description: 'Front door for every card payment.',
    tags: ['java', 'Spring Boot'],
    links: [{ url: 'https://grafana.brightpay.example/d/gateway', title: 'Dashboard' }],
    annotations: {
      'backstage.io/techdocs-ref': 'dir:.',
      'github.com/project-slug': 'brightpay/payment-gateway',
    },
    spec: { system: 'payment-processing', dependsOn: ['component:fraud-scoring'] },
  });

  it('maps every field by the default rules, with no warnings', () => {
    expect(mapEntity(gateway, contextFor([gateway, fraudScoring, buildGroup('payments-team')]))).toEqual({
      entityRef: 'component:default/payment-gateway',
      draft: {
        entityRef: 'component:default/payment-gateway',
        externalAlias: { externalSource: 'backstage', externalId: 'component:default/payment-gateway' },
        name: 'Payment Gateway',
        description: 'Front door for every card payment.',
        typeId: 'SERVICE',
        lifecycle: 'Active',
        labels: ['java', 'spring-boot', 'system-payment-processing'],
        links: [
          { type: 'REPOSITORY', url: 'https://github.com/brightpay/payment-gateway', name: 'Repository' },
          {
            type: 'DOCUMENT',
            url: `${TEST_BACKSTAGE_WEB_URL}/docs/default/component/Payment-Gateway`,
            name: 'TechDocs',
          },
          { type: 'DASHBOARD', url: 'https://grafana.brightpay.example/d/gateway', name: 'Dashboard' },
          {
            type: 'OTHER_LINK',
            url: `${TEST_BACKSTAGE_WEB_URL}/catalog/default/component/Payment-Gateway`,
            name: 'Backstage',
          },
        ],
        ownerId: 'team-payments',
        dependsOn: ['component:default/fraud-scoring'],
      },
      warnings: [],
    });
  });

  it('gives the same draft, serialised byte for byte, every time', () => {
    const first = mapEntity(gateway, contextFor([gateway, fraudScoring]));
    const second = mapEntity(structuredClone(gateway), contextFor([fraudScoring, structuredClone(gateway)]));
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('leaves optional fields out instead of setting them to undefined', () => {
    const bare = buildResource('payments-db', { spec: { owner: 'nobody' } });
    const { draft } = mapEntity(bare, contextFor([bare]));
    expect(draft && Object.entries(draft).filter(([, value]) => value === undefined)).toEqual([]);
    expect(draft).not.toHaveProperty('description');
    expect(draft).not.toHaveProperty('lifecycle');
    expect(draft).not.toHaveProperty('ownerId');
    expect(draft).not.toHaveProperty('childOf');
  });
});

describe('mapEntity: identity and name', () => {
  it('uses the lower-cased ref with the entity namespace as the external alias id', () => {
    const entity = buildApi('Payments-API', { namespace: 'Finance' });
    expect(mapEntity(entity, contextFor([entity])).draft?.externalAlias).toEqual({
      externalSource: 'backstage',
      externalId: 'api:finance/payments-api',
    });
  });

  it('uses metadata.name when there is no title', () => {
    const entity = buildComponent('ledger');
    expect(mapEntity(entity, contextFor([entity])).draft?.name).toBe('ledger');
  });
});

describe('mapEntity: invisible control characters', () => {
  const ref = 'component:default/ledger';

  it('removes bidi and control characters from the name and the description, one warning for each', () => {
    const entity = buildComponent('ledger', {
      title: '\u202Eregdel\u202C Ledger\u0007',
      description: 'Line one\u200F\nLine\ttwo\u0000',
    });
    const result = mapEntity(entity, contextFor([entity, buildGroup('payments-team')]));
    expect(result.draft?.name).toBe('regdel Ledger');
    expect(result.draft?.description).toBe('Line one\nLine\ttwo');
    expect(result.warnings).toEqual([
      {
        entityRef: ref,
        code: 'text-controls-removed',
        message: 'invisible bidi or control characters removed from the name',
      },
      {
        entityRef: ref,
        code: 'text-controls-removed',
        message: 'invisible bidi or control characters removed from the description',
      },
    ]);
  });

  it("falls back to the entity's name when nothing visible is left of the title", () => {
    const entity = buildComponent('ledger', { title: '\u202E\u2066 \u2069', description: '\u200E' });
    const result = mapEntity(entity, contextFor([entity, buildGroup('payments-team')]));
    expect(result.draft?.name).toBe('ledger');
    expect(result.draft).not.toHaveProperty('description');
    expect(result.warnings.map((warning) => warning.message)).toEqual([
      "invisible bidi or control characters removed from the name; nothing else was left, so the entity's name is used",
      'invisible bidi or control characters removed from the description; nothing else was left, so there is none',
    ]);
  });
});

describe('mapEntity: the name and the description at their length limits', () => {
  // The name comes from metadata.title (else metadata.name), the description from metadata.description.
  const fields = [
    { field: 'name', source: 'title', limit: 512, letter: 'L', longer: 513, removed: 1 },
    { field: 'description', source: 'description', limit: 4096, letter: 'd', longer: 4100, removed: 4 },
  ] as const;

  it.each(fields)('keeps a $field of exactly $limit characters', ({ field, source, limit, letter }) => {
    const entity = buildComponent('ledger', { [source]: letter.repeat(limit) });
    const result = mapEntity(entity, contextFor([entity]));
    expect(result.draft?.[field]).toBe(letter.repeat(limit));
    expect(result.warnings.map((warning) => warning.code)).not.toContain(`${field}-truncated`);
  });

  it.each(fields)(
    'cuts a $field of $longer characters to $limit and says how many were cut',
    ({ field, source, limit, letter, longer, removed }) => {
      const entity = buildComponent('ledger', { [source]: letter.repeat(longer) });
      const result = mapEntity(entity, contextFor([entity]));
      expect(result.draft?.[field]).toBe(letter.repeat(limit));
      expect(result.warnings).toContainEqual({
        entityRef: 'component:default/ledger',
        code: `${field}-truncated`,
        message: `${field} cut to ${limit} characters (${removed} removed)`,
      });
    },
  );
});

describe('mapEntity: entities that are not components', () => {
  it.each(['Group', 'User', 'System', 'Domain', 'Location', 'Template'])(
    'skips a %s with a reason and no warning',
    (kind) => {
      const entity = buildEntity(kind, 'thing');
      expect(mapEntity(entity, contextFor([entity]))).toEqual({
        entityRef: `${kind.toLowerCase()}:default/thing`,
        warnings: [],
        skipped: { reason: 'kind-not-imported', detail: `${kind} entities are not imported as components` },
      });
    },
  );

  it('skips a kind the admin stopped importing, without a warning', () => {
    const entity = buildResource('payments-db');
    const narrowed = testMappingConfig({ importedKinds: ['component', 'api'] });
    const result = mapEntity(entity, contextFor([entity], { config: narrowed }));
    expect(result.skipped?.reason).toBe('kind-not-imported');
    expect(result.warnings).toEqual([]);
  });

  it('skips and reports an unknown kind', () => {
    const entity = buildEntity('AiResource', 'fraud-model');
    expect(mapEntity(entity, contextFor([entity]))).toEqual({
      entityRef: 'airesource:default/fraud-model',
      warnings: [
        {
          entityRef: 'airesource:default/fraud-model',
          code: 'kind-not-imported',
          message: 'kind "AiResource" is not one this app imports (component, api, resource)',
        },
      ],
      skipped: {
        reason: 'kind-unknown',
        detail: 'kind "AiResource" is not one this app imports (component, api, resource)',
      },
    });
  });

  it('skips and reports an entity without a kind, never throwing', () => {
    const entity = { apiVersion: 'backstage.io/v1alpha1', metadata: { name: 'orphan' } } as unknown as Entity;
    expect(mapEntity(entity, contextFor([]))).toEqual({
      entityRef: '<no kind>:default/orphan',
      warnings: [
        {
          entityRef: '<no kind>:default/orphan',
          code: 'entity-invalid',
          message: 'entity has no usable kind; not imported',
        },
      ],
      skipped: { reason: 'entity-invalid', detail: 'entity has no usable kind' },
    });
  });

  it('turns an unexpected failure inside a rule into a warning, never a throw', () => {
    const entity = buildComponent('haunted');
    Object.defineProperty(entity, 'spec', {
      get() {
        throw new Error('spec is unreadable');
      },
    });
    const result = mapEntity(entity, contextFor([]));
    expect(result.draft).toBeUndefined();
    expect(result.skipped).toEqual({ reason: 'entity-invalid', detail: 'spec is unreadable' });
    expect(result.warnings).toContainEqual({
      entityRef: 'component:default/haunted',
      code: 'entity-invalid',
      message: 'could not be mapped (spec is unreadable); not imported',
    });
  });
});

describe('mapEntity: warnings', () => {
  it('stamps every warning with the entity ref', () => {
    const group = buildGroup('payments-team');
    const entity = buildComponent('Ledger', {
      tags: ['pci/dss'],
      spec: { type: 'cli', lifecycle: 'beta', owner: 'guest', dependsOn: ['group:payments-team'] },
    });
    const { warnings } = mapEntity(entity, contextFor([entity, group]));
    expect(warnings.map((warning) => warning.code)).toEqual([
      'type-unmapped',
      'lifecycle-unmapped',
      'label-normalised',
      'owner-not-in-catalog',
      'relationship-target-not-imported',
    ]);
    expect(new Set(warnings.map((warning) => warning.entityRef))).toEqual(
      new Set(['component:default/ledger']),
    );
  });
});
