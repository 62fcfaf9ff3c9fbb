// What a sync has to look at, decided from the catalog listing (ref, uid, etag) and the stored states alone: the
// renames (the same uid under a new ref) and the changed set. Everything else is unchanged and never read in full.
import { inputHashOf } from '../core/sync';
import type { StoredEntityState } from '../storage/entity-store';

/** One row of the catalog listing. */
export interface ListedEntity {
  /** The ref as Backstage spells it. */
  ref: string;
  uid?: string;
  etag?: string;
}

export interface Rename {
  /** The stored state's ref (lower case). */
  from: string;
  /** The listed ref (lower case). */
  to: string;
}

type States = ReadonlyMap<string, StoredEntityState>;

/** A listed ref with no state whose uid is the uid of a stored state under a ref no longer listed. */
export function findRenames(listed: readonly ListedEntity[], states: States): Rename[] {
  const listedIds = new Set(listed.map((row) => row.ref.toLowerCase()));
  const goneByUid = new Map<string, string>();
  for (const [ref, state] of states)
    if (state.uid && !listedIds.has(ref.toLowerCase())) goneByUid.set(state.uid, ref.toLowerCase());
  const renames: Rename[] = [];
  for (const row of listed) {
    const to = row.ref.toLowerCase();
    const from = row.uid ? goneByUid.get(row.uid) : undefined;
    if (from === undefined || states.has(to)) continue;
    goneByUid.delete(row.uid!);
    renames.push({ from, to });
  }
  return renames;
}

/**
 * The identities (lower-cased refs) among `candidates` a sync must read in full: no state, no input hash, a
 * different input hash, came back after a removal, in a same-name group, renamed, or pointing at a ref no longer
 * listed and not yet recorded as removed (its relationships to a removed entity change).
 */
export function changedIdentities(input: {
  candidates: readonly ListedEntity[];
  listedIds: ReadonlySet<string>;
  states: States;
  mappingSignature: string;
  sameName: ReadonlySet<string>;
  renamed: ReadonlySet<string>;
}): Set<string> {
  // A target already recorded as removed was handled by an earlier run: its referrers are not read again for it.
  const newlyGone = (ref: string) =>
    !input.listedIds.has(ref) && input.states.get(ref)?.removed === undefined;
  const changed = new Set<string>();
  for (const row of input.candidates) {
    const identity = row.ref.toLowerCase();
    const state = input.states.get(identity);
    const sameInput =
      state?.inputHash !== undefined &&
      row.etag !== undefined &&
      state.inputHash === inputHashOf({ etag: row.etag, mappingSignature: input.mappingSignature });
    const pointsAtGone =
      state !== undefined &&
      [...state.wanted, ...state.written].some((r) => newlyGone(r.targetRef.toLowerCase()));
    if (
      !sameInput ||
      state?.removed !== undefined ||
      pointsAtGone ||
      input.sameName.has(identity) ||
      input.renamed.has(identity)
    )
      changed.add(identity);
  }
  return changed;
}
