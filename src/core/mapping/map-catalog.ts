// A whole catalog → drafts, warnings and the entities that are not components, in a stable order.
import type { Entity } from '@backstage/catalog-model';
import type { CompassComponentDraft } from '../compass-component-draft';
import type { MappingWarning } from '../mapping-warning';
import { indexCatalog, type CatalogIndex } from './catalog-index';
import { mapEntity, type EntityMappingResult, type EntitySkip } from './map-entity';
import type { MappingConfig } from './mapping-rules';

export interface SkippedEntity extends EntitySkip {
  entityRef: string;
}

export interface CatalogMappingResult {
  /** Sorted by entity ref. */
  drafts: CompassComponentDraft[];
  /** Grouped by entity, entities in ref order, each entity's warnings in rule order. */
  warnings: MappingWarning[];
  /** Sorted by entity ref. */
  skipped: SkippedEntity[];
}

/**
 * Maps every entity; relationships resolve against `entities` themselves unless a `catalog` index is given (useful
 * when only the imported kinds were fetched in full and the rest as bare refs).
 */
export function mapCatalog(
  entities: readonly Entity[],
  config: MappingConfig,
  options: { catalog?: CatalogIndex } = {},
): CatalogMappingResult {
  const catalog = options.catalog ?? indexCatalog(entities, config);
  const seenRefs = new Set<string>();
  const results: EntityMappingResult[] = entities.map((entity) => {
    const result = mapEntity(entity, { config, catalog });
    if (result.skipped?.reason === 'entity-invalid' || !seenRefs.has(result.entityRef)) {
      seenRefs.add(result.entityRef);
      return result;
    }
    const detail = `another entity with ref ${result.entityRef} came first; this one is ignored`;
    return {
      entityRef: result.entityRef,
      warnings: [{ entityRef: result.entityRef, code: 'entity-invalid', message: detail }],
      skipped: { reason: 'duplicate-entity', detail },
    };
  });

  // Stable sort: entities with the same best-effort label keep their input order.
  results.sort((a, b) => compareStrings(a.entityRef, b.entityRef));
  return {
    drafts: results.flatMap((result) => (result.draft ? [result.draft] : [])),
    warnings: results.flatMap((result) => result.warnings),
    skipped: results.flatMap((result) =>
      result.skipped ? [{ entityRef: result.entityRef, ...result.skipped }] : [],
    ),
  };
}

/** Code-unit order, independent of the machine's locale. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
