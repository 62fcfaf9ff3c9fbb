// What the app remembers about each entity it has written to Compass, site-wide and across runs.
import type { CompassRelationshipType } from '../ports';

export interface RelationshipRef {
  type: CompassRelationshipType;
  targetRef: string;
}

export interface EntitySyncState {
  componentId: string;
  /** draftContentHash of the draft last written (or found already matching). */
  hash: string;
  /** The relationships the entity's draft asks for (targets may not have components yet). */
  wanted: RelationshipRef[];
  /** The relationships this app has written and not removed. */
  written: RelationshipRef[];
  lastSeenAt: string;
}

export function sameRelationship(a: RelationshipRef, b: RelationshipRef): boolean {
  return a.type === b.type && a.targetRef === b.targetRef;
}

export function wantedRelationships(draft: { dependsOn: string[]; childOf?: string }): RelationshipRef[] {
  const wanted: RelationshipRef[] = draft.dependsOn.map((targetRef) => ({ type: 'DEPENDS_ON', targetRef }));
  if (draft.childOf) wanted.push({ type: 'CHILD_OF', targetRef: draft.childOf });
  return wanted;
}
