// Where the admin page's history is kept: one small record per finished run, newest first.
import type { ImportCounts, ImportRun } from '../import/import-run';
import type { KeyValueStore } from '../core/ports';
import { HISTORY_KEY } from './storage-keys';

export const HISTORY_SIZE = 20;

export interface RunHistoryEntry {
  runId: string;
  /** Absent on entries from before syncs: an import. */
  mode?: ImportRun['mode'];
  state: ImportRun['state'];
  startedAt: string;
  finishedAt?: string;
  startedBy?: string;
  selectionSize: number | null;
  counts: ImportCounts;
  error?: string;
  /** Why removals were held in this run, in the app's words. */
  removalsHeld?: string;
}

export function historyStore(store: KeyValueStore) {
  return {
    load: async () => (await store.get<RunHistoryEntry[]>(HISTORY_KEY)) ?? [],
    /** Keeps the newest HISTORY_SIZE. */
    save: (entries: RunHistoryEntry[]) => store.set(HISTORY_KEY, entries.slice(0, HISTORY_SIZE)),
  };
}
