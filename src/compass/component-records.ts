// Reading components: COMPONENT_SELECTION's shape (documents/component-documents.ts) into the app's record.
import type { CompassLifecycle, CompassLinkType } from '../core/compass-component-draft';
import type { CompassComponentRecord, CompassRelationshipType } from '../core/ports';

/** Where Compass keeps a component's lifecycle: a built-in custom field. */
export const LIFECYCLE_FIELD = 'compass:lifecycle';

export interface GqlLink {
  id: string;
  type: CompassLinkType;
  url: string;
  name?: string | null;
}

interface GqlRelationshipConnection {
  nodes?:
    | { relationshipType?: string; startNode?: { id: string } | null; endNode?: { id: string } | null }[]
    | null;
}

/** The component as COMPONENT_SELECTION returns it. */
export interface GqlComponent {
  id: string;
  name: string;
  slug?: string | null;
  description?: string | null;
  typeId?: string | null;
  ownerId?: string | null;
  fields?: ({ value?: string[] | null; definition?: { id?: string } | null } | null)[] | null;
  labels?: ({ name: string } | string)[] | null;
  links?: GqlLink[] | null;
  externalAliases?: { externalSource: string; externalAliasId: string }[] | null;
  dependsOn?: GqlRelationshipConnection | null;
  childOf?: GqlRelationshipConnection | null;
}

export function linkFromGql(link: GqlLink) {
  return { id: link.id, type: link.type, url: link.url, ...(link.name ? { name: link.name } : {}) };
}

function lifecycleFrom(fields: GqlComponent['fields']): CompassLifecycle | undefined {
  const field = (fields ?? []).find((f) => f?.definition?.id === LIFECYCLE_FIELD);
  const value = field?.value?.[0];
  return value === 'Active' || value === 'Pre-release' || value === 'Deprecated' ? value : undefined;
}

function relationshipType(value: string | undefined): CompassRelationshipType {
  return value === 'CHILD_OF' ? 'CHILD_OF' : 'DEPENDS_ON';
}

/** Reads COMPONENT_SELECTION's shape into the app's record. */
export function recordFromGql(component: GqlComponent): CompassComponentRecord {
  return {
    id: component.id,
    name: component.name,
    ...(component.description ? { description: component.description } : {}),
    typeId: component.typeId ?? 'OTHER',
    ...(lifecycleFrom(component.fields) ? { lifecycle: lifecycleFrom(component.fields) } : {}),
    labels: (component.labels ?? []).map((label) => (typeof label === 'string' ? label : label.name)),
    links: (component.links ?? []).map(linkFromGql),
    ...(component.ownerId ? { ownerId: component.ownerId } : {}),
    externalAliases: (component.externalAliases ?? []).map((a) => ({
      externalSource: a.externalSource,
      externalId: a.externalAliasId,
    })),
    relationships: [...(component.dependsOn?.nodes ?? []), ...(component.childOf?.nodes ?? [])]
      .filter((node) => node.startNode?.id === component.id && node.endNode?.id)
      .map((node) => ({ type: relationshipType(node.relationshipType), targetId: node.endNode!.id })),
  };
}
