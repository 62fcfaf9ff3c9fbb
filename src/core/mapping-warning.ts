// A per-entity note that something was dropped, truncated or left unmapped. Never fatal.

export const MAPPING_WARNING_CODES = [
  'kind-not-imported',
  'name-truncated',
  'name-duplicate',
  'description-truncated',
  'text-controls-removed',
  'type-unmapped',
  'lifecycle-unmapped',
  'label-normalised',
  'label-truncated',
  'label-dropped',
  'labels-over-limit',
  'link-invalid-url',
  'link-has-credentials',
  'link-name-truncated',
  'links-over-limit',
  'owner-unmapped',
  'owner-not-in-catalog',
  'owner-missing',
  'owner-invalid',
  'relationship-target-missing',
  'relationship-target-not-imported',
  'relationship-target-invalid',
  // Raised by the gateway, not the mapping: Compass's API refused a relationship type (e.g. CHILD_OF).
  'relationship-unsupported',
  'entity-invalid',
] as const;

export type MappingWarningCode = (typeof MAPPING_WARNING_CODES)[number];

export interface MappingWarning {
  entityRef: string;
  code: MappingWarningCode;
  message: string;
}
