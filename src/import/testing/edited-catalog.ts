// A real catalog with one entity changed as a test says: a change made in Backstage, without editing the shared
// Backstage every test file reads.
import type { Entity } from '@backstage/catalog-model';
import type { BackstageCatalog, CatalogQuery } from '../../core/ports';

/** The real catalog, with the entity of this name changed as `edit` says in every full read. */
export function catalogWithEdited(
  real: BackstageCatalog,
  name: string,
  edit: (entity: Entity) => Entity,
): BackstageCatalog {
  const edited = (entity: Entity | null) => (entity?.metadata.name === name ? edit(entity) : entity);
  return {
    queryEntitiesPage: (query: CatalogQuery, cursor?: string) => real.queryEntitiesPage(query, cursor),
    queryAllEntities: (query: CatalogQuery) => real.queryAllEntities(query),
    getEntitiesByRefs: async (refs, fields) => (await real.getEntitiesByRefs(refs, fields)).map(edited),
    async lookupEntitiesByRefs(refs, fields) {
      const found = await real.lookupEntitiesByRefs(refs, fields);
      return { ...found, items: found.items.map(edited) };
    },
  };
}
