import { buildApi, buildComponent, buildGroup } from '../core/mapping/testing/entity-builders';
import { createMappingConfig } from '../core/mapping';
import { rowOf, type CatalogRow } from './catalog-rows';
import { indexOfRows } from './entity-plan';

const config = createMappingConfig({ backstageWebBaseUrl: 'https://backstage.example.com' });

function rows(...entities: Parameters<typeof rowOf>[0][]): CatalogRow[] {
  return entities.map((entity) => rowOf(entity)!);
}

describe('indexOfRows', () => {
  it('knows which imported entities share a Compass name across the whole catalog', () => {
    const index = indexOfRows(
      rows(
        buildComponent('Ledger', { title: 'Ledger' }),
        buildApi('ledger-api', { title: 'ledger' }),
        buildComponent('checkout', { title: 'Checkout' }),
        buildGroup('ledger'),
      ),
      config,
    );
    expect(index.importedRefs).toEqual(
      new Set(['component:default/ledger', 'api:default/ledger-api', 'component:default/checkout']),
    );
    expect(Object.fromEntries(index.sameName ?? [])).toEqual({
      'api:default/ledger-api': ['api:default/ledger-api', 'component:default/ledger'],
      'component:default/ledger': ['api:default/ledger-api', 'component:default/ledger'],
    });
  });
});
