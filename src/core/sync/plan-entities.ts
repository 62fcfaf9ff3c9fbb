// Plans the component writes for a slice of mapped entities (pure). Stored state decides most of it with no
// request at all: the same content hash means unchanged. Only entities without state, or whose content changed,
// need their Compass component looked up by alias first (refsToLookUp), and the plan uses what was found.
import type { CompassComponentDraft } from '../compass-component-draft';
import { changesToMatchDraft, NO_UNSYNCED_FIELDS, type UnsyncedFields } from '../component-changes';
import type { CompassComponentChanges, CompassComponentRecord } from '../ports';
import { draftContentHash, storedHashMatches } from './draft-hash';
import type { EntitySyncState } from './entity-sync-state';

export type EntityAction =
  | { kind: 'create'; entityRef: string; draft: CompassComponentDraft; hash: string }
  | {
      kind: 'update';
      entityRef: string;
      draft: CompassComponentDraft;
      hash: string;
      current: CompassComponentRecord;
      changes: CompassComponentChanges;
      changedFields: (keyof CompassComponentChanges)[];
    }
  | {
      kind: 'unchanged';
      entityRef: string;
      draft: CompassComponentDraft;
      hash: string;
      componentId: string;
      /** True when state had to be rebuilt from Compass (it was lost, or written by an earlier version). */
      stateMissing: boolean;
    };

/** Entities whose component must be looked up in Compass before they can be planned. */
export function refsToLookUp(
  drafts: CompassComponentDraft[],
  states: ReadonlyMap<string, EntitySyncState>,
  unsynced: UnsyncedFields = NO_UNSYNCED_FIELDS,
): string[] {
  return drafts
    .filter((draft) => !storedHashMatches(draft, states.get(draft.entityRef)?.hash, unsynced))
    .map((draft) => draft.entityRef);
}

/** `unsynced`: fields left to Compass, never in an update nor in the hash (a create still sets them). */
export function planEntityActions(
  drafts: CompassComponentDraft[],
  states: ReadonlyMap<string, EntitySyncState>,
  found: ReadonlyMap<string, CompassComponentRecord | null>,
  unsynced: UnsyncedFields = NO_UNSYNCED_FIELDS,
): EntityAction[] {
  return drafts.map((draft): EntityAction => {
    const entityRef = draft.entityRef;
    const hash = draftContentHash(draft, unsynced);
    const state = states.get(entityRef);
    if (state && storedHashMatches(draft, state.hash, unsynced)) {
      return {
        kind: 'unchanged',
        entityRef,
        draft,
        // The stored hash still holds (it may leave out fewer fields): nothing to remember anew.
        hash: state.hash,
        componentId: state.componentId,
        stateMissing: false,
      };
    }
    const current = found.get(entityRef);
    if (current === undefined) throw new Error(`planEntityActions: ${entityRef} was not looked up`);
    // Gone from Compass (deleted by hand) or never there: create it.
    if (current === null) return { kind: 'create', entityRef, draft, hash };
    const changes = changesToMatchDraft(current, draft, unsynced);
    const changedFields = Object.keys(changes) as (keyof CompassComponentChanges)[];
    if (changedFields.length === 0) {
      return { kind: 'unchanged', entityRef, draft, hash, componentId: current.id, stateMissing: !state };
    }
    return { kind: 'update', entityRef, draft, hash, current, changes, changedFields };
  });
}
