// The cleanup phase: every run leaves kvs no bigger than the last few runs need.
import { historyStore } from '../storage/history-store';
import { runStore } from '../storage/run-store';
import type { ImportEngineDeps } from './import-engine';
import type { ImportRun } from './import-run';

/** This run and the ones just before it keep their per-entity results; older runs keep only their history entry. */
export const RUNS_WITH_RESULTS = 3;

/**
 * Deletes one page (at most 100 keys) of what an older run left in kvs: its per-entity results and ref lists.
 * Answers true once nothing is left.
 */
export async function cleanUpOldRuns(
  deps: Pick<ImportEngineDeps, 'store'>,
  run: ImportRun,
): Promise<boolean> {
  const older = (await historyStore(deps.store).load())
    .map((entry) => entry.runId)
    .filter((runId) => runId !== run.runId)
    .slice(RUNS_WITH_RESULTS - 1);
  const runs = runStore(deps.store);
  for (const runId of older) {
    if (await runs.deleteLeftoversPage(runId)) return false;
  }
  return true;
}
