// The admin page's history: the last runs (newest first) with who started them, when, the selection size and
// the outcome counts. The engine adds a record when a run finishes, fails or is cancelled.
import type { KeyValueStore } from '../core/ports';
import { historyStore, type RunHistoryEntry } from '../storage/history-store';

export type { RunHistoryEntry };

/** A history entry as the page sees it: who started the run by name (resolved at the edge), never an account id. */
export type RunHistoryView = Omit<RunHistoryEntry, 'startedBy'> & {
  /** The starter's display name when the platform can tell; absent for "an admin". */
  startedByName?: string;
  /** True when the scheduled trigger started the run rather than a person. */
  scheduled?: boolean;
};

export async function getHistory(store: KeyValueStore): Promise<{ runs: RunHistoryEntry[] }> {
  return { runs: await historyStore(store).load() };
}
