import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { indexCatalog, indexCatalogRefs } from './catalog-index';
import { createMappingConfig } from './mapping-rules';
import { sameNameGroups } from './same-name';
import { buildApi, buildComponent, buildGroup, buildResource } from './testing/entity-builders';

const rules = createMappingConfig({
  backstageWebBaseUrl: 'https://backstage.example.com',
  importedKinds: ['component', 'api'],
});
const entities: Entity[] = [
  buildComponent('Payment-Gateway', { title: 'Payments' }),
  buildApi('payments-api', { title: 'Payments' }),
  buildComponent('ledger', { namespace: 'finance' }),
  buildResource('payments-db'),
  buildGroup('payments-team'),
];

describe('indexCatalogRefs', () => {
  it('is the index indexCatalog builds, from the refs and the same-name groups the import keeps', () => {
    const refs = entities.map((entity) => stringifyEntityRef(entity));
    const rows = entities.map((entity) => ({
      ref: stringifyEntityRef(entity),
      kind: entity.kind,
      name: entity.metadata.name,
      ...(typeof entity.metadata.title === 'string' ? { title: entity.metadata.title } : {}),
    }));
    const kept = [...new Set(sameNameGroups(rows, rules).values())];

    const index = indexCatalogRefs(refs, rules, kept);

    expect(index).toEqual(indexCatalog(entities, rules));
    expect([...index.importedRefs].sort()).toEqual([
      'api:default/payments-api',
      'component:default/payment-gateway',
      'component:finance/ledger',
    ]);
    expect(index.sameName?.get('api:default/payments-api')).toEqual([
      'api:default/payments-api',
      'component:default/payment-gateway',
    ]);
  });
});
