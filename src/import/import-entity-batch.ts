// Imports one batch of Backstage entities (by ref) into Compass: what a queue event carries. Relationship targets
// outside the batch are resolved against a refs-only index of the whole catalog, so a dependency on an entity
// imported by another batch (or not importable at all) is reported correctly rather than as missing.
import type { Entity } from '@backstage/catalog-model';
import { createMappingConfig, indexCatalog, mapCatalog, type MappingRules } from '../core/mapping';
import type { MappingWarning } from '../core/mapping-warning';
import type { BackstageCatalog, CompassGateway, InvalidEntity } from '../core/ports';
import { writeDrafts, type WriteReport } from './write-drafts';

const REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

export interface EntityBatchReport extends WriteReport {
  /** Refs the catalog no longer has. */
  notFound: string[];
  invalid: InvalidEntity[];
  mappingWarnings: MappingWarning[];
  skipped: { entityRef: string; reason: string }[];
}

export async function importEntityBatch(input: {
  catalog: BackstageCatalog;
  gateway: CompassGateway;
  entityRefs: string[];
  backstageWebBaseUrl: string;
  rules?: Partial<MappingRules>;
}): Promise<EntityBatchReport> {
  const config = createMappingConfig({ backstageWebBaseUrl: input.backstageWebBaseUrl, ...input.rules });
  const found = await input.catalog.getEntitiesByRefs(input.entityRefs);
  const entities = found.filter((entity): entity is Entity => entity !== null);
  const notFound = input.entityRefs.filter((_, index) => found[index] === null);

  const everyRef: Entity[] = [];
  const invalid: InvalidEntity[] = [];
  for await (const page of input.catalog.queryAllEntities({ fields: REF_FIELDS })) {
    everyRef.push(...page.items);
    invalid.push(...page.invalid);
  }
  const mapped = mapCatalog(entities, config, { catalog: indexCatalog(everyRef, config) });
  const written = await writeDrafts(input.gateway, mapped.drafts);
  return {
    ...written,
    notFound,
    invalid,
    mappingWarnings: mapped.warnings,
    skipped: mapped.skipped.map((skip) => ({ entityRef: skip.entityRef, reason: skip.reason })),
  };
}
