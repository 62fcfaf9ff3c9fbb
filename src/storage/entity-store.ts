// Where each imported entity's sync state lives (`entity:<ref>`), and each run's per-entity results
// (`import:<runId>:result:<ref>`). Refs are encoded into keys by src/storage/ref-key.ts.
import type { KeyValueStore } from '../core/ports';
import type { EntitySyncState } from '../core/sync';
import type { EntityResult } from '../import/import-run';
import { decodeRef, loadByRefs } from './ref-key';
import { resultKey, resultPrefix, STATE_PREFIX, stateKey } from './storage-keys';

/** Entity state as stored: the ref rides along, so a hashed key can still be read back as a ref. */
export type StoredEntityState = EntitySyncState & { entityRef?: string };

/** An entry a batch write could not save, with why. */
export interface UnsavedEntry {
  entityRef: string;
  error: unknown;
}

/** The ref of a stored state entry: from its value when kept there, else from its key. */
export function refOfStateEntry(entry: { key: string; value: unknown }): string | undefined {
  const kept = (entry.value as { entityRef?: unknown } | null)?.entityRef;
  if (typeof kept === 'string') return kept;
  return decodeRef(entry.key.slice(STATE_PREFIX.length));
}

export function entityStore(store: KeyValueStore) {
  return {
    /** The stored state of those refs that have one, by the ref as given. */
    loadStates: (refs: string[]) => loadByRefs<EntitySyncState>(store, refs, stateKey),
    saveStates: (states: { entityRef: string; state: EntitySyncState }[]) =>
      store.setMany(states.map(({ entityRef, state }) => ({ key: stateKey(entityRef), value: state }))),
    /** As saveStates, but one refused entry fails only itself: answers the entries not saved. */
    saveStatesApart: (states: StoredEntityState[]) =>
      setEachAlone(
        store,
        states.map((state) => ({
          entityRef: state.entityRef!,
          key: stateKey(state.entityRef!),
          value: state,
        })),
      ),
    /** One page of the refs that have stored state, in key order. */
    async listStateRefs(options: { cursor?: string; limit: number }) {
      const page = await store.listByPrefix<unknown>(STATE_PREFIX, options);
      const refs = page.entries.map(refOfStateEntry).filter((ref): ref is string => ref !== undefined);
      return { refs, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },

    /** One page of stored states with their refs, in key order (a sync reads every imported entity's this way). */
    async listStates(options: { cursor?: string; limit: number }) {
      const page = await store.listByPrefix<StoredEntityState>(STATE_PREFIX, options);
      const states = page.entries.flatMap((entry) => {
        const entityRef = refOfStateEntry(entry);
        return entityRef === undefined ? [] : [{ ...entry.value, entityRef }];
      });
      return { states, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },
    /** Every stored state, by ref (pages of 100, Forge's most). */
    async loadAllStates(): Promise<Map<string, StoredEntityState & { entityRef: string }>> {
      const all = new Map<string, StoredEntityState & { entityRef: string }>();
      let cursor: string | undefined;
      do {
        const page = await this.listStates({ ...(cursor ? { cursor } : {}), limit: 100 });
        for (const state of page.states) all.set(state.entityRef, state);
        cursor = page.nextCursor;
      } while (cursor);
      return all;
    },
    deleteStates: (refs: string[]) => store.deleteMany(refs.map(stateKey)),

    saveResults: (runId: string, results: EntityResult[]) =>
      store.setMany(results.map((result) => ({ key: resultKey(runId, result.entityRef), value: result }))),
    /** As saveResults, but one refused entry fails only itself: answers the entries not saved. */
    saveResultsApart: (runId: string, results: EntityResult[]) =>
      setEachAlone(
        store,
        results.map((result) => ({
          entityRef: result.entityRef,
          key: resultKey(runId, result.entityRef),
          value: result,
        })),
      ),
    /** One page of a run's results, in key order. */
    async listResults(runId: string, options: { cursor?: string; limit: number }) {
      const page = await store.listByPrefix<EntityResult>(resultPrefix(runId), options);
      return {
        results: page.entries.map((entry) => entry.value),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    },
  };
}

/** Writes the entries in one batch; if that fails, one by one: answers the entries that could not be written. */
async function setEachAlone(
  store: KeyValueStore,
  entries: { entityRef: string; key: string; value: unknown }[],
): Promise<UnsavedEntry[]> {
  try {
    await store.setMany(entries.map(({ key, value }) => ({ key, value })));
    return [];
  } catch {
    const failures: UnsavedEntry[] = [];
    for (const entry of entries) {
      try {
        await store.set(entry.key, entry.value);
      } catch (error) {
        failures.push({ entityRef: entry.entityRef, error });
      }
    }
    return failures;
  }
}
