// The mapping from Backstage entities to Compass component drafts: pure, no Forge.
export {
  BACKSTAGE_BUILT_IN_KINDS,
  DEFAULT_MAPPING_RULES,
  InvalidMappingConfigError,
  createMappingConfig,
  type MappingConfig,
  type MappingRules,
} from './mapping-rules';
export { indexCatalog, indexCatalogRefs, type CatalogIndex } from './catalog-index';
export { sameNameGroups, sameNameMapOf, type NamedEntityRow } from './same-name';
export {
  mapEntity,
  type EntityMappingContext,
  type EntityMappingResult,
  type EntitySkip,
  type EntitySkipReason,
} from './map-entity';
export { mapCatalog, type CatalogMappingResult, type SkippedEntity } from './map-catalog';
export {
  backstageEntityPageUrl,
  backstageTechDocsUrl,
  identifyEntity,
  type EntityIdentity,
} from './entity-identity';
export { normaliseLabel } from './labels';
export {
  inferLinkType,
  LINK_TYPE_DOMAINS,
  LINK_TYPE_HOST_PARTS,
  LINK_TYPE_KEYWORDS,
  LINK_TYPE_KEYWORDS_NOT_IN_TITLES,
} from './link-type';
export {
  ANNOTATION_GITHUB_PROJECT_SLUG,
  ANNOTATION_TECHDOCS_REF,
  BACKSTAGE_LINK_NAME,
  githubProjectUrl,
  REPOSITORY_LINK_NAME,
  TECHDOCS_LINK_NAME,
} from './links';
export { ownerRefOf } from './owner';
export { removeTextControls, type TextShape } from './text-controls';
export { checkWebUrl, webUrlOrUndefined, type WebUrlCheck, type WebUrlProblem } from './web-url';
