// What the relationship rules resolve targets against: which refs exist in the catalog, and which become components.
import type { Entity } from '@backstage/catalog-model';
import { identifyEntity } from './entity-identity';
import { isImportedKind, type MappingRules } from './mapping-rules';

export interface CatalogIndex {
  /** Lower-cased refs of every entity in the catalog, whatever its kind. */
  catalogRefs: ReadonlySet<string>;
  /** Lower-cased refs of the entities that become Compass components. */
  importedRefs: ReadonlySet<string>;
}

/**
 * Pass the whole catalog (all kinds), not only the imported ones: otherwise a dependency on a Group or System reads
 * as "missing" instead of "not imported". Only kind, namespace and name are read.
 */
export function indexCatalog(entities: Iterable<Entity>, rules: MappingRules): CatalogIndex {
  const catalogRefs = new Set<string>();
  const importedRefs = new Set<string>();
  for (const entity of entities) {
    const result = identifyEntity(entity);
    if (!result.ok) continue;
    catalogRefs.add(result.identity.entityRef);
    if (isImportedKind(rules, result.identity.kind)) importedRefs.add(result.identity.entityRef);
  }
  return { catalogRefs, importedRefs };
}
