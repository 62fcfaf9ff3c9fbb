// A small but realistic catalog (Brightpay, a payments company) as the Backstage catalog serves it: relations
// stitched, short refs kept in spec. Plus a few entities that break one rule each.
import type { Entity } from '@backstage/catalog-model';
import {
  buildApi,
  buildComponent,
  buildEntity,
  buildGroup,
  buildResource,
  buildSystem,
  relation,
} from './entity-builders';

export const MINI_CATALOG_OWNER_TEAMS = {
  'group:default/payments-team': 'ari:cloud:identity::team/payments',
  'group:default/platform-team': 'ari:cloud:identity::team/platform',
  'user:default/dev.patel': 'ari:cloud:identity::team/dev-patel',
};

export const MINI_CATALOG: Entity[] = [
  buildGroup('payments-team'),
  buildGroup('platform-team'),
  buildGroup('merchant-experience-team'),
  buildEntity('User', 'dev.patel', { spec: { memberOf: ['payments-team'] } }),
  buildEntity('Domain', 'payments', { spec: { owner: 'payments-team' } }),
  buildSystem('payment-processing', { spec: { domain: 'payments' } }),
  buildSystem('merchant-tools', { spec: { owner: 'merchant-experience-team' } }),
  buildEntity('Location', 'generated-3f1c', { spec: { type: 'file', target: './catalog/components.yaml' } }),

  buildComponent('payment-gateway', {
    title: 'Payment Gateway',
    description: 'Front door for every card payment.',
    tags: ['java', 'spring-boot', 'pci-dss', 'tier-1'],
    links: [
      { url: 'https://grafana.brightpay.example/d/gateway', title: 'Gateway dashboard', icon: 'dashboard' },
      { url: 'https://brightpay.slack.com/archives/C0PAYMENTS', title: '#payments' },
      { url: 'https://brightpay.pagerduty.com/service-directory/PGW001', title: 'On-call' },
    ],
    annotations: {
      'backstage.io/techdocs-ref': 'dir:.',
      'backstage.io/source-location': 'url:https://github.com/brightpay/payment-gateway/tree/main/',
      'github.com/project-slug': 'brightpay/payment-gateway',
      'pagerduty.com/service-id': 'PGW001',
    },
    spec: {
      system: 'payment-processing',
      providesApis: ['payments-api'],
      consumesApis: ['fraud-api'],
      dependsOn: ['component:ledger', 'resource:payments-db'],
    },
    relations: [
      relation('consumesApi', 'api:default/fraud-api'),
      relation('dependsOn', 'component:default/ledger'),
      relation('dependsOn', 'resource:default/payments-db'),
      relation('ownedBy', 'group:default/payments-team'),
      relation('partOf', 'system:default/payment-processing'),
      relation('providesApi', 'api:default/payments-api'),
    ],
  }),
  buildComponent('fraud-scoring', {
    title: 'Fraud Scoring',
    tags: ['python', 'ml'],
    spec: {
      type: 'ml-model',
      system: 'payment-processing',
      providesApis: ['fraud-api'],
      dependsOn: ['resource:feature-store'],
    },
    relations: [
      relation('dependsOn', 'resource:default/feature-store'),
      relation('ownedBy', 'group:default/payments-team'),
      relation('providesApi', 'api:default/fraud-api'),
    ],
  }),
  buildComponent('ledger', {
    description: 'Double-entry ledger of every money movement.',
    tags: ['kotlin'],
    annotations: { 'backstage.io/source-location': 'url:https://gitlab.com/brightpay/ledger' },
    spec: { owner: 'user:dev.patel', system: 'payment-processing' },
    relations: [relation('ownedBy', 'user:default/dev.patel')],
  }),
  // Served without relations (fetched with `fields` that left them out): spec refs are resolved instead.
  buildComponent('merchant-portal', {
    title: 'Merchant Portal',
    tags: ['typescript', 'react'],
    links: [{ url: 'https://portal.brightpay.example/' }],
    spec: {
      type: 'website',
      lifecycle: 'experimental',
      owner: 'merchant-experience-team',
      system: 'merchant-tools',
      consumesApis: ['payments-api', 'refunds-api'],
      dependsOn: ['system:merchant-tools'],
    },
  }),
  buildComponent('gateway-admin-ui', {
    spec: { type: 'ui-element', subcomponentOf: 'payment-gateway', system: 'payment-processing' },
    relations: [
      relation('ownedBy', 'group:default/payments-team'),
      relation('partOf', 'component:default/payment-gateway'),
    ],
  }),
  buildComponent('settlement-pipeline', {
    spec: {
      type: 'data-pipeline',
      lifecycle: 'deprecated',
      owner: 'platform-team',
      dependsOn: ['resource:settlement-bucket'],
    },
    relations: [
      relation('dependsOn', 'resource:default/settlement-bucket'),
      relation('ownedBy', 'group:default/platform-team'),
    ],
  }),
  buildComponent('payments-sdk', { spec: { type: 'library', owner: 'platform-team' }, relations: [] }),
  buildComponent('brightpay-cli', {
    spec: { type: 'cli', lifecycle: 'beta', owner: 'platform-team' },
    relations: [],
  }),
  buildApi('payments-api', {
    title: 'Payments API',
    tags: ['rest', 'public'],
    links: [{ url: 'https://docs.brightpay.example/api/payments', title: 'API reference', icon: 'docs' }],
    spec: { system: 'payment-processing' },
    relations: [relation('ownedBy', 'group:default/payments-team')],
  }),
  buildApi('fraud-api', {
    spec: { type: 'grpc' },
    relations: [relation('ownedBy', 'group:default/payments-team')],
  }),
  buildResource('payments-db', { spec: { type: 'database', system: 'payment-processing' }, relations: [] }),
  buildResource('feature-store', { spec: { type: 's3-bucket', owner: 'platform-team' }, relations: [] }),

  // Broken on purpose, one rule each.
  buildEntity('AiResource', 'fraud-llm', { spec: { owner: 'payments-team' } }),
  buildEntity('Component', '', { spec: { type: 'service' } }),
  buildResource('legacy-queue', {
    title: 'Ledger',
    spec: { type: 'queue', owner: 'disbanded-team' },
    relations: [],
  }),
  buildComponent('orphaned-job', { spec: { owner: undefined, type: 'service' }, relations: [] }),
  buildComponent('kitchen-sink', {
    title: `Kitchen sink ${'x'.repeat(600)}`,
    description: `\u202E${'y'.repeat(5000)}`,
    tags: [
      'pci/dss',
      'a-tag-far-too-long-for-a-compass-label-by-a-mile',
      '!!!',
      ...Array.from({ length: 10 }, (_, i) => `extra-${i}`),
    ],
    links: [
      { url: 'mailto:sink@brightpay.example' },
      { url: 'https://robot:hunter2@status.brightpay.example/', title: 'Status' },
      { url: 'https://intranet.brightpay.example/sink', title: 't'.repeat(600) },
      ...Array.from({ length: 6 }, (_, i) => ({ url: `https://grafana.brightpay.example/d/sink-${i}` })),
    ],
    spec: { owner: 'group:', dependsOn: ['component:kitchen-sink'] },
  }),
];
