// Writing components: the mutation inputs and segments that create a component from a draft, turn a record
// into `record + changes`, and add or remove a relationship, and the record as it is after the write.
import {
  COMPASS_LIMITS,
  type CompassComponentDraft,
  type CompassLifecycle,
  type CompassLinkDraft,
} from '../core/compass-component-draft';
import { sameLink } from '../core/component-changes';
import { slugForEntityRef } from '../core/component-slug';
import type { CompassComponentChanges, CompassComponentRecord, RelationshipChange } from '../core/ports';
import { LIFECYCLE_FIELD, linkFromGql, type GqlLink } from './component-records';
import type { MutationSegment } from './documents/compass-mutations';

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function lifecycleFieldInput(lifecycle: CompassLifecycle | undefined) {
  return lifecycle ? [{ definition: LIFECYCLE_FIELD, value: { enum: { value: [lifecycle] } } }] : undefined;
}

function linkInput(link: CompassLinkDraft) {
  return definedOnly({
    type: link.type,
    url: link.url,
    name: link.name?.slice(0, COMPASS_LIMITS.linkNameMaxLength),
  });
}

export function createInputFor(draft: CompassComponentDraft) {
  return definedOnly({
    name: draft.name,
    description: draft.description,
    typeId: draft.typeId,
    ownerId: draft.ownerId,
    // Compass's own SDK creates components PENDING; imported ones are real, live components.
    state: 'ACTIVE',
    slug: slugForEntityRef(draft.entityRef),
    labels: draft.labels.length > 0 ? draft.labels : undefined,
    links: draft.links.length > 0 ? draft.links.map(linkInput) : undefined,
    fields: lifecycleFieldInput(draft.lifecycle),
  });
}

export function relationshipSegment(
  field: 'createRelationship' | 'deleteRelationship',
  item: RelationshipChange,
): MutationSegment {
  return {
    field,
    args: {
      input: {
        startNodeId: item.fromComponentId,
        endNodeId: item.toComponentId,
        relationshipType: item.type,
      },
    },
  };
}

/** The segments that turn `current` into `current + changes`, nothing for what already matches. */
export function updateSegmentsFor(
  current: CompassComponentRecord,
  changes: CompassComponentChanges,
): MutationSegment[] {
  const id = current.id;
  const segments: MutationSegment[] = [];
  const base = definedOnly({
    name: changes.name !== undefined && changes.name !== current.name ? changes.name : undefined,
    description:
      changes.description !== undefined && changes.description !== (current.description ?? '')
        ? changes.description
        : undefined,
    ownerId:
      changes.ownerId !== undefined && changes.ownerId !== current.ownerId ? changes.ownerId : undefined,
    fields:
      changes.lifecycle !== undefined && changes.lifecycle !== current.lifecycle
        ? lifecycleFieldInput(changes.lifecycle)
        : undefined,
  });
  if (Object.keys(base).length > 0)
    segments.push({ field: 'updateComponent', args: { input: { id, ...base } } });
  if (changes.typeId !== undefined && changes.typeId !== current.typeId) {
    segments.push({ field: 'updateComponentType', args: { input: { id, typeId: changes.typeId } } });
  }
  if (changes.links) {
    for (const link of current.links) {
      if (!changes.links.some((wanted) => sameLink(link, wanted))) {
        segments.push({ field: 'deleteComponentLink', args: { input: { componentId: id, link: link.id } } });
      }
    }
    for (const wanted of changes.links) {
      if (!current.links.some((link) => sameLink(link, wanted))) {
        segments.push({
          field: 'createComponentLink',
          args: { input: { componentId: id, link: linkInput(wanted) } },
        });
      }
    }
  }
  if (changes.labels) {
    const removed = current.labels.filter((label) => !changes.labels!.includes(label));
    const added = changes.labels.filter((label) => !current.labels.includes(label));
    // Remove first: Compass caps labels per component, and the new set may only fit once the old ones are gone.
    if (removed.length > 0)
      segments.push({
        field: 'removeComponentLabels',
        args: { input: { componentId: id, labelNames: removed } },
      });
    if (added.length > 0)
      segments.push({ field: 'addComponentLabels', args: { input: { componentId: id, labelNames: added } } });
  }
  return segments;
}

/** The record as it is after `changes` were written (new links carry the ids Compass gave them). */
export function applyChanges(
  current: CompassComponentRecord,
  changes: CompassComponentChanges,
  payloads: { createdComponentLink?: GqlLink | null }[],
): CompassComponentRecord {
  const next: CompassComponentRecord = {
    ...current,
    ...definedOnly({
      name: changes.name,
      description: changes.description,
      typeId: changes.typeId,
      ownerId: changes.ownerId,
      lifecycle: changes.lifecycle,
      labels: changes.labels,
    }),
  };
  if (changes.links) {
    const kept = current.links.filter((link) => changes.links!.some((wanted) => sameLink(link, wanted)));
    const added = payloads.flatMap((p) =>
      p.createdComponentLink ? [linkFromGql(p.createdComponentLink)] : [],
    );
    next.links = [...kept, ...added];
  }
  return next;
}
