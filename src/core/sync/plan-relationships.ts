// Plans relationship writes for entities whose components exist (pure): what each draft wants, resolved to
// component ids through stored state, against what this app wrote before. Only relationships the app wrote are
// ever removed; ones made by hand in Compass are not the app's to touch.
import type { CompassRelationshipType } from '../ports';
import { sameRelationship, type EntitySyncState, type RelationshipRef } from './entity-sync-state';

export interface RelationshipAction {
  fromRef: string;
  fromComponentId: string;
  toRef: string;
  toComponentId: string;
  type: CompassRelationshipType;
}

export interface RelationshipPlan {
  add: RelationshipAction[];
  remove: RelationshipAction[];
  /** Wanted, but the target has no Compass component (not imported yet, or its import failed). */
  unresolved: { fromRef: string; relationship: RelationshipRef }[];
}

export function planRelationships(
  entityRefs: string[],
  states: ReadonlyMap<string, EntitySyncState>,
): RelationshipPlan {
  const plan: RelationshipPlan = { add: [], remove: [], unresolved: [] };
  for (const fromRef of entityRefs) {
    const from = states.get(fromRef);
    if (!from) continue;
    for (const relationship of from.wanted) {
      const target = states.get(relationship.targetRef);
      if (!target) {
        plan.unresolved.push({ fromRef, relationship });
        continue;
      }
      if (!from.written.some((written) => sameRelationship(written, relationship))) {
        plan.add.push(action(fromRef, from, relationship, target));
      }
    }
    for (const written of from.written) {
      const target = states.get(written.targetRef);
      if (!from.wanted.some((wanted) => sameRelationship(wanted, written)) && target) {
        plan.remove.push(action(fromRef, from, written, target));
      }
    }
  }
  return plan;
}

function action(
  fromRef: string,
  from: EntitySyncState,
  relationship: RelationshipRef,
  target: EntitySyncState,
): RelationshipAction {
  return {
    fromRef,
    fromComponentId: from.componentId,
    toRef: relationship.targetRef,
    toComponentId: target.componentId,
    type: relationship.type,
  };
}
