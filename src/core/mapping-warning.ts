// A per-entity note that something was dropped, truncated or left unmapped. Never fatal.

export type MappingWarningCode =
  | 'kind-not-imported'
  | 'name-truncated'
  | 'description-truncated'
  | 'type-unmapped'
  | 'lifecycle-unmapped'
  | 'label-normalised'
  | 'label-dropped'
  | 'labels-over-limit'
  | 'link-invalid-url'
  | 'links-over-limit'
  | 'owner-unmapped'
  | 'owner-missing'
  | 'relationship-target-missing'
  | 'relationship-target-not-imported'
  | 'relationship-unsupported'
  | 'entity-invalid';

export interface MappingWarning {
  entityRef: string;
  code: MappingWarningCode;
  message: string;
}
