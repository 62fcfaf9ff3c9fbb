// What the relationship rules resolve targets against: which refs exist in the catalog, and which become components.
import type { Entity } from '@backstage/catalog-model';
import { metadataString } from './entity-fields';
import { identifyEntity } from './entity-identity';
import { isImportedKind, type MappingRules } from './mapping-rules';
import { sameNameGroups, sameNameMapOf, type NamedEntityRow } from './same-name';

export interface CatalogIndex {
  /** Lower-cased refs of every entity in the catalog, whatever its kind. */
  catalogRefs: ReadonlySet<string>;
  /** Lower-cased refs of the entities that become Compass components. */
  importedRefs: ReadonlySet<string>;
  /**
   * Imported entities sharing their Compass name with another (see `sameNameGroups`): ref → every ref with that
   * name, itself included. Absent when the index was built without titles: no `name-duplicate` warning then.
   */
  sameName?: ReadonlyMap<string, readonly string[]>;
}

/**
 * Pass the whole catalog (all kinds), not only the imported ones: otherwise a dependency on a Group or System reads
 * as "missing" instead of "not imported". Only kind, namespace, name and title are read.
 */
export function indexCatalog(entities: Iterable<Entity>, rules: MappingRules): CatalogIndex {
  const catalogRefs = new Set<string>();
  const importedRefs = new Set<string>();
  const named: NamedEntityRow[] = [];
  for (const entity of entities) {
    const result = identifyEntity(entity);
    if (!result.ok) continue;
    const { entityRef, kind, name } = result.identity;
    catalogRefs.add(entityRef);
    if (!isImportedKind(rules, kind)) continue;
    importedRefs.add(entityRef);
    const title = metadataString(entity, 'title');
    named.push({ ref: entityRef, kind, name, ...(title === undefined ? {} : { title }) });
  }
  return { catalogRefs, importedRefs, sameName: sameNameGroups(named, rules) };
}

/**
 * The same index from what the import keeps between invocations: every ref of the catalog (any case; its kind is
 * the part before ':') and the same-name groups `sameNameGroups` found when the catalog was read.
 */
export function indexCatalogRefs(
  refs: Iterable<string>,
  rules: Pick<MappingRules, 'importedKinds'>,
  sameNameGroupList: Iterable<readonly string[]> = [],
): CatalogIndex {
  const catalogRefs = new Set<string>();
  const importedRefs = new Set<string>();
  for (const ref of refs) {
    const entityRef = ref.toLowerCase();
    catalogRefs.add(entityRef);
    if (isImportedKind(rules, entityRef.slice(0, entityRef.indexOf(':')))) importedRefs.add(entityRef);
  }
  return { catalogRefs, importedRefs, sameName: sameNameMapOf(sameNameGroupList) };
}
