// The admin page's history: the last runs (newest first) with who started them, when, the selection size and
// the outcome counts. The engine adds a record when a run finishes, fails or is cancelled.
import type { KeyValueStore } from '../core/ports';
import { historyStore, type RunHistoryEntry } from '../storage/history-store';

export type { RunHistoryEntry };

export async function getHistory(store: KeyValueStore): Promise<{ runs: RunHistoryEntry[] }> {
  return { runs: await historyStore(store).load() };
}
