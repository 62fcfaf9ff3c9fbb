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
  /** Backstage's `metadata.uid`: the same entity under a new ref is a rename (absent in state from before syncs). */
  uid?: string;
  /**
   * What the draft was made from: Backstage's `metadata.etag` with the mapping in force (inputHashOf). A sync whose
   * listing shows the same input reads nothing more about the entity.
   */
  inputHash?: string;
  /** The component's name and type as last written (for the export; absent in state from before). */
  name?: string;
  typeId?: string;
  /** Set while the entity is missing from Backstage: when it was first missed, and what the removal policy did. */
  removed?: { since: string; action: 'reported' | 'marked' };
}

export function sameRelationship(a: RelationshipRef, b: RelationshipRef): boolean {
  return a.type === b.type && a.targetRef === b.targetRef;
}

export function wantedRelationships(draft: { dependsOn: string[]; childOf?: string }): RelationshipRef[] {
  const wanted: RelationshipRef[] = draft.dependsOn.map((targetRef) => ({ type: 'DEPENDS_ON', targetRef }));
  if (draft.childOf) wanted.push({ type: 'CHILD_OF', targetRef: draft.childOf });
  return wanted;
}
