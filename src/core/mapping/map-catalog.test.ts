import type { Entity } from '@backstage/catalog-model';
import { MAPPING_WARNING_CODES, type MappingWarningCode } from '../mapping-warning';
import { indexCatalog } from './catalog-index';
import { mapCatalog } from './map-catalog';
import {
  TEST_BACKSTAGE_WEB_URL,
  buildApi,
  buildComponent,
  buildGroup,
  testMappingConfig,
} from './testing/entity-builders';
import { MINI_CATALOG, MINI_CATALOG_OWNER_TEAMS } from './testing/mini-catalog';

const config = testMappingConfig({ ownerTeamIds: MINI_CATALOG_OWNER_TEAMS });

function codesOf(warnings: { entityRef: string; code: MappingWarningCode }[], entityRef: string) {
  return warnings.filter((warning) => warning.entityRef === entityRef).map((warning) => warning.code);
}

describe('mapCatalog on a realistic mini-catalog', () => {
  const result = mapCatalog(MINI_CATALOG, config);

  it('makes one draft per Component, API and Resource, sorted by ref', () => {
    expect(result.drafts.map((draft) => draft.entityRef)).toEqual([
      'api:default/fraud-api',
      'api:default/payments-api',
      'component:default/brightpay-cli',
      'component:default/fraud-scoring',
      'component:default/gateway-admin-ui',
      'component:default/kitchen-sink',
      'component:default/ledger',
      'component:default/merchant-portal',
      'component:default/orphaned-job',
      'component:default/payment-gateway',
      'component:default/payments-sdk',
      'component:default/settlement-pipeline',
      'resource:default/feature-store',
      'resource:default/legacy-queue',
      'resource:default/payments-db',
    ]);
  });

  it('skips the other kinds with a reason, and the broken entities', () => {
    expect(result.skipped.map(({ entityRef, reason }) => [entityRef, reason])).toEqual([
      ['airesource:default/fraud-llm', 'kind-unknown'],
      ['component:default/<no name>', 'entity-invalid'],
      ['domain:default/payments', 'kind-not-imported'],
      ['group:default/merchant-experience-team', 'kind-not-imported'],
      ['group:default/payments-team', 'kind-not-imported'],
      ['group:default/platform-team', 'kind-not-imported'],
      ['location:default/generated-3f1c', 'kind-not-imported'],
      ['system:default/merchant-tools', 'kind-not-imported'],
      ['system:default/payment-processing', 'kind-not-imported'],
      ['user:default/dev.patel', 'kind-not-imported'],
    ]);
  });

  it('maps the payment gateway completely and without warnings', () => {
    const ref = 'component:default/payment-gateway';
    expect(result.drafts.find((draft) => draft.entityRef === ref)).toEqual({
      entityRef: ref,
      externalAlias: { externalSource: 'backstage', externalId: ref },
      name: 'Payment Gateway',
      description: 'Front door for every card payment.',
      typeId: 'SERVICE',
      lifecycle: 'Active',
      labels: ['java', 'pci-dss', 'spring-boot', 'system-payment-processing', 'tier-1'],
      links: [
        {
          type: 'REPOSITORY',
          url: 'https://github.com/brightpay/payment-gateway/tree/main/',
          name: 'Repository',
        },
        {
          type: 'DOCUMENT',
          url: `${TEST_BACKSTAGE_WEB_URL}/docs/default/component/payment-gateway`,
          name: 'TechDocs',
        },
        { type: 'CHAT_CHANNEL', url: 'https://brightpay.slack.com/archives/C0PAYMENTS', name: '#payments' },
        { type: 'ON_CALL', url: 'https://brightpay.pagerduty.com/service-directory/PGW001', name: 'On-call' },
        { type: 'DASHBOARD', url: 'https://grafana.brightpay.example/d/gateway', name: 'Gateway dashboard' },
        {
          type: 'OTHER_LINK',
          url: `${TEST_BACKSTAGE_WEB_URL}/catalog/default/component/payment-gateway`,
          name: 'Backstage',
        },
      ],
      ownerId: 'ari:cloud:identity::team/payments',
      dependsOn: ['api:default/fraud-api', 'component:default/ledger', 'resource:default/payments-db'],
    });
    expect(codesOf(result.warnings, ref)).toEqual([]);
  });

  it('maps each spec.type and lifecycle by the default rules', () => {
    const summary = Object.fromEntries(
      result.drafts.map((draft) => [draft.entityRef, [draft.typeId, draft.lifecycle]]),
    );
    expect(summary).toMatchObject({
      'api:default/fraud-api': ['OTHER', 'Active'],
      'component:default/brightpay-cli': ['OTHER', undefined],
      'component:default/fraud-scoring': ['MACHINE_LEARNING_MODEL', 'Active'],
      'component:default/gateway-admin-ui': ['UI_ELEMENT', 'Active'],
      'component:default/merchant-portal': ['WEBSITE', 'Pre-release'],
      'component:default/payments-sdk': ['LIBRARY', 'Active'],
      'component:default/settlement-pipeline': ['DATA_PIPELINE', 'Deprecated'],
      'resource:default/payments-db': ['CLOUD_RESOURCE', undefined],
    });
  });

  it('resolves owners through the table, users included, and reports the unmapped one', () => {
    const ledger = result.drafts.find((draft) => draft.entityRef === 'component:default/ledger');
    expect(ledger?.ownerId).toBe('ari:cloud:identity::team/dev-patel');
    expect(result.warnings).toContainEqual({
      entityRef: 'component:default/merchant-portal',
      code: 'owner-unmapped',
      message:
        'owner group:default/merchant-experience-team is not in the owner mapping table; the component gets no owner team',
    });
  });

  it('resolves spec refs when relations are absent, reporting what cannot become DEPENDS_ON', () => {
    const ref = 'component:default/merchant-portal';
    expect(result.drafts.find((draft) => draft.entityRef === ref)?.dependsOn).toEqual([
      'api:default/payments-api',
    ]);
    expect(codesOf(result.warnings, ref)).toEqual([
      'owner-unmapped',
      'relationship-target-not-imported',
      'relationship-target-missing',
    ]);
  });

  it('makes the admin UI a child of the gateway', () => {
    expect(
      result.drafts.find((draft) => draft.entityRef === 'component:default/gateway-admin-ui')?.childOf,
    ).toBe('component:default/payment-gateway');
  });

  it('reports an owner Backstage does not have as not in the catalog, and two components named Ledger', () => {
    expect(codesOf(result.warnings, 'resource:default/legacy-queue')).toEqual([
      'name-duplicate',
      'owner-not-in-catalog',
    ]);
    expect(codesOf(result.warnings, 'component:default/ledger')).toEqual(['name-duplicate']);
  });

  it('reports a dangling relation target', () => {
    expect(result.warnings).toContainEqual({
      entityRef: 'component:default/settlement-pipeline',
      code: 'relationship-target-missing',
      message:
        'relation dependsOn → resource:default/settlement-bucket, which is not in the Backstage catalog; no DEPENDS_ON',
    });
  });

  it('exercises every warning code the mapping can raise', () => {
    const raised = new Set(result.warnings.map((warning) => warning.code));
    const raisedByGatewayOnly: MappingWarningCode[] = ['relationship-unsupported'];
    expect([...raised].sort()).toEqual(
      MAPPING_WARNING_CODES.filter((code) => !raisedByGatewayOnly.includes(code)).sort(),
    );
  });

  it('gives the same result, byte for byte, whatever the order of the entities', () => {
    const reversed = mapCatalog([...MINI_CATALOG].reverse(), config);
    const rotated = mapCatalog([...MINI_CATALOG.slice(7), ...MINI_CATALOG.slice(0, 7)], config);
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(result));
    expect(JSON.stringify(rotated)).toBe(JSON.stringify(result));
  });
});

describe('mapCatalog edge cases', () => {
  it('maps the first of two entities with the same ref and reports the second', () => {
    const first = buildComponent('ledger', { title: 'First' });
    const second = buildComponent('Ledger', { title: 'Second' });
    const result = mapCatalog([first, second], testMappingConfig());
    expect(result.drafts.map((draft) => draft.name)).toEqual(['First']);
    expect(result.skipped).toEqual([
      {
        entityRef: 'component:default/ledger',
        reason: 'duplicate-entity',
        detail: 'another entity with ref component:default/ledger came first; this one is ignored',
      },
    ]);
    expect(result.warnings.filter((warning) => warning.code === 'entity-invalid')).toHaveLength(1);
  });

  it('resolves relationships against a catalog index given separately', () => {
    const checkout = buildComponent('checkout', {
      spec: { dependsOn: ['component:ledger', 'group:payments-team'] },
    });
    const fullCatalog: Entity[] = [checkout, buildComponent('ledger'), buildGroup('payments-team')];
    const config = testMappingConfig();
    const result = mapCatalog([checkout], config, { catalog: indexCatalog(fullCatalog, config) });
    expect(result.drafts[0]?.dependsOn).toEqual(['component:default/ledger']);
    expect(result.warnings.map((warning) => warning.code)).toEqual([
      'owner-unmapped',
      'relationship-target-not-imported',
    ]);
  });

  it('reports entities that become components with the same name, naming the others', () => {
    const entities = [
      buildComponent('ledger', { title: 'Ledger' }),
      buildApi('ledger-api', { title: 'ledger ' }),
      buildComponent('checkout'),
      buildGroup('payments-team'),
    ];
    const result = mapCatalog(entities, testMappingConfig());
    expect(result.warnings.filter((warning) => warning.code === 'name-duplicate')).toEqual([
      {
        entityRef: 'api:default/ledger-api',
        code: 'name-duplicate',
        message:
          'another imported entity also becomes a component named "ledger": component:default/ledger; Compass will show both under one name',
      },
      {
        entityRef: 'component:default/ledger',
        code: 'name-duplicate',
        message:
          'another imported entity also becomes a component named "Ledger": api:default/ledger-api; Compass will show both under one name',
      },
    ]);
  });

  it('reports same-name entities outside the slice being mapped from the catalog index, naming a few', () => {
    const slice = [buildComponent('service-0', { title: 'Service' })];
    const catalog = Array.from({ length: 6 }, (_, i) => buildComponent(`service-${i}`, { title: 'Service' }));
    const config = testMappingConfig();
    const result = mapCatalog(slice, config, { catalog: indexCatalog(catalog, config) });
    expect(result.warnings.filter((warning) => warning.code === 'name-duplicate')).toEqual([
      {
        entityRef: 'component:default/service-0',
        code: 'name-duplicate',
        message:
          '5 other imported entities also become components named "Service": component:default/service-1, component:default/service-2, component:default/service-3 and 2 more; Compass will show them all under one name',
      },
    ]);
  });

  it('maps an empty catalog to nothing', () => {
    expect(mapCatalog([], testMappingConfig())).toEqual({ drafts: [], warnings: [], skipped: [] });
  });
});
