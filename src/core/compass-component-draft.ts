// What the app wants a Compass component to look like, derived from one Backstage entity.
// Pure data: the mapping produces it, the planner diffs it, the gateway writes it.

/** Built-in Compass component types the default mapping produces. */
export const COMPASS_COMPONENT_TYPES = [
  'SERVICE',
  'WEBSITE',
  'LIBRARY',
  'APPLICATION',
  'DATA_PIPELINE',
  'MACHINE_LEARNING_MODEL',
  'UI_ELEMENT',
  'CLOUD_RESOURCE',
  'OTHER',
] as const;
export type CompassComponentTypeId = (typeof COMPASS_COMPONENT_TYPES)[number];

/** Values of Compass's built-in `compass:lifecycle` field. */
export type CompassLifecycle = 'Active' | 'Pre-release' | 'Deprecated';

export const COMPASS_LINK_TYPES = [
  'REPOSITORY',
  'DOCUMENT',
  'CHAT_CHANNEL',
  'ON_CALL',
  'PROJECT',
  'DASHBOARD',
  'OTHER_LINK',
] as const;
export type CompassLinkType = (typeof COMPASS_LINK_TYPES)[number];

export interface CompassLinkDraft {
  type: CompassLinkType;
  url: string;
  name?: string;
}

/** The external alias source every component this app manages carries. */
export const BACKSTAGE_ALIAS_SOURCE = 'backstage';

export interface CompassExternalAlias {
  externalSource: string;
  externalId: string;
}

export interface CompassComponentDraft {
  /** Lower-cased Backstage entity ref (`kind:namespace/name`): the identity of the component. */
  entityRef: string;
  externalAlias: CompassExternalAlias;
  name: string;
  description?: string;
  typeId: CompassComponentTypeId;
  lifecycle?: CompassLifecycle;
  labels: string[];
  links: CompassLinkDraft[];
  /** Atlassian team id (as returned by team search) when the Backstage owner is mapped. */
  ownerId?: string;
  /** Entity refs (lower-cased) this component DEPENDS_ON; resolved to component ids when both ends exist. */
  dependsOn: string[];
  /** Entity ref of the parent (spec.subcomponentOf), when set. */
  childOf?: string;
}

/** Compass's documented limits the mapping and the local Compass both enforce. */
export const COMPASS_LIMITS = {
  nameMaxLength: 512,
  descriptionMaxLength: 4096,
  labelMaxLength: 40,
  labelsPerComponent: 10,
  linksPerType: 5,
  linkNameMaxLength: 512,
} as const;
