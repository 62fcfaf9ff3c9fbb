// Cancelling a run: only a request is written; the consumer records the cancelled run (and its history) at its
// next checkpoint, or the next start does when the run's events were lost.
import type { KeyValueStore } from '../core/ports';
import { loadRunAsSeen, runStore } from '../storage/run-store';
import { engineNow, ImportRequestError, type ImportEngineDeps } from './import-engine';
import type { ImportRun } from './import-run';
import { getImportStatus, type ImportStatus } from './import-status';
import { recordHistory } from './run-history';

export async function cancelImport(deps: Pick<ImportEngineDeps, 'store' | 'now'>): Promise<ImportStatus> {
  const run = await loadRunAsSeen(deps.store);
  if (run?.state !== 'running') throw new ImportRequestError('not-running', 'No import is running');
  // Only the request: the consumer records the cancelled run (and its history) at its next checkpoint.
  await runStore(deps.store).requestCancel(run.runId, engineNow(deps));
  return getImportStatus(deps);
}

/**
 * A cancelled run whose consumer never came back to record it (its events were lost): recorded now, by the one
 * caller that is about to replace the run record.
 */
export async function settleCancelledRun(store: KeyValueStore, run: ImportRun | undefined): Promise<void> {
  if (run?.state !== 'cancelled') return;
  const runs = runStore(store);
  const stored = await runs.load();
  if (stored?.runId !== run.runId || stored.state !== 'running') return;
  await runs.save(run);
  await recordHistory(store, run);
}
