// The daily run that keeps the scorecard metrics current (Days since change moves every day; an entity edited in
// Backstage changes others): a run like the last one, over the same selection, through the same engine. An
// unchanged entity costs no Compass write, so the run sends only the values that changed.
import type { KeyValueStore } from '../core/ports';
import { runStore } from '../storage/run-store';
import { ImportRequestError, type ImportEngineDeps } from './import-engine';
import { startImport } from './start-import';

export type ScheduledRunOutcome =
  { started: true; runId: string } | { started: false; reason: 'nothing-imported-yet' | 'already-running' };

export const SCHEDULED_RUN_STARTER = 'the daily schedule';

/** `engineFor` gives the engine of the last run's site (a trigger may not know its site otherwise). */
export async function startScheduledRun(
  store: KeyValueStore,
  engineFor: (cloudId: string) => Promise<ImportEngineDeps & { backstageBaseUrl: string }>,
): Promise<ScheduledRunOutcome> {
  const runs = runStore(store);
  const last = await runs.load();
  if (!last) return { started: false, reason: 'nothing-imported-yet' };
  const deps = await engineFor(last.cloudId);
  const selection =
    last.selectionSize === null
      ? undefined
      : await runs.loadRefList(last.runId, 'selection', last.selectionChunks);
  try {
    const { runId } = await startImport(deps, {
      cloudId: last.cloudId,
      backstageWebBaseUrl: deps.backstageBaseUrl,
      ...(selection ? { selection } : {}),
      startedBy: SCHEDULED_RUN_STARTER,
    });
    return { started: true, runId };
  } catch (error) {
    // A run in progress (an admin's, or yesterday's still going) does the same work: nothing to add.
    if (error instanceof ImportRequestError && error.kind === 'already-running')
      return { started: false, reason: 'already-running' };
    throw error;
  }
}
