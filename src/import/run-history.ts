// The run's entry in the admin page's history, written when a run finishes, fails or is cancelled.
import type { KeyValueStore } from '../core/ports';
import { historyStore, type RunHistoryEntry } from '../storage/history-store';
import type { ImportRun } from './import-run';

/**
 * Adds (or, for the same run, replaces) the run's entry. A run's counts only grow, so an entry is never replaced by
 * one with fewer entities done: a cancel and the consumer's last checkpoint may record the same run in either order.
 */
export async function recordHistory(store: KeyValueStore, run: ImportRun): Promise<void> {
  const entry: RunHistoryEntry = {
    runId: run.runId,
    ...(run.mode ? { mode: run.mode } : {}),
    state: run.state,
    startedAt: run.startedAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    ...(run.startedBy ? { startedBy: run.startedBy } : {}),
    selectionSize: run.selectionSize,
    counts: run.counts,
    ...(run.error ? { error: run.error } : {}),
    ...(run.removals && !run.removals.allowed ? { removalsHeld: run.removals.message } : {}),
  };
  const history = historyStore(store);
  const entries = await history.load();
  const earlier = entries.find((item) => item.runId === run.runId);
  if (earlier && earlier.counts.done > entry.counts.done) entry.counts = earlier.counts;
  await history.save([entry, ...entries.filter((item) => item.runId !== run.runId)]);
}
