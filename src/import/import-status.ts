// What the admin page reads while and after a run: its status, and its per-entity results page by page.
import type { RemovalHoldReason } from './catalog-baseline';
import { entityStore } from '../storage/entity-store';
import { loadRunAsSeen, runStore } from '../storage/run-store';
import { isStale, type ImportEngineDeps } from './import-engine';
import {
  emptyCounts,
  type EntityOutcome,
  type EntityResult,
  type ImportCounts,
  type ImportRun,
} from './import-run';

export type ImportStatus = {
  state: 'idle' | ImportRun['state'];
  runId?: string;
  phase?: ImportRun['phase'];
  total: number;
  startedAt?: string;
  startedBy?: string;
  updatedAt?: string;
  finishedAt?: string;
  selectionSize?: number | null;
  /** Running, but no progress for longer than a consumer could take: starting again resumes it. */
  stale?: boolean;
  error?: string;
  /** Set when this run removed nothing because its catalog read may have been incomplete: why, in the app's words. */
  removalsHeld?: { reason: RemovalHoldReason; message: string };
} & ImportCounts;

export async function getImportStatus(
  deps: Pick<ImportEngineDeps, 'store' | 'now' | 'options'>,
): Promise<ImportStatus> {
  const run = await loadRunAsSeen(deps.store);
  if (!run) return { state: 'idle', total: 0, ...emptyCounts() };
  return {
    state: run.state,
    runId: run.runId,
    phase: run.phase,
    total: run.counts.planned,
    ...run.counts,
    // Within a slice, what the consumer reported settled since the last checkpoint.
    ...(run.state === 'running' && run.sliceDone ? { done: run.counts.done + run.sliceDone } : {}),
    startedAt: run.startedAt,
    updatedAt: run.updatedAt,
    selectionSize: run.selectionSize,
    ...(run.startedBy ? { startedBy: run.startedBy } : {}),
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    ...(run.error ? { error: run.error } : {}),
    ...(run.removals && !run.removals.allowed
      ? { removalsHeld: { reason: run.removals.reason, message: run.removals.message } }
      : {}),
    ...(run.state === 'running' ? { stale: isStale(run, deps) } : {}),
  };
}

/**
 * One page of per-entity results of a run (the current one by default), optionally of one outcome. Filtering
 * happens after reading a store page, so a filtered page may hold fewer than `limit`; follow `nextCursor`.
 */
export async function getImportResults(
  deps: Pick<ImportEngineDeps, 'store'>,
  request: { runId?: string; outcome?: EntityOutcome; cursor?: string; limit?: number } = {},
): Promise<{ runId?: string; results: EntityResult[]; nextCursor?: string }> {
  const runId = request.runId ?? (await runStore(deps.store).load())?.runId;
  if (!runId) return { results: [] };
  const limit = Math.min(Math.max(request.limit ?? 50, 1), 100);
  const page = await entityStore(deps.store).listResults(runId, { cursor: request.cursor, limit });
  const results = page.results.filter((result) => !request.outcome || result.outcome === request.outcome);
  return { runId, results, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
