// Starting an import: check the selection and that Backstage answers, win the start against any other caller,
// record the run and enqueue its first event. A running run whose events were lost is resumed instead.
import { randomUUID } from 'node:crypto';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { loadRunAsSeen, runStore } from '../storage/run-store';
import { settleCancelledRun } from './cancel-import';
import { continueRun } from './consume-import';
import { engineNow, ImportRequestError, isStale, type ImportEngineDeps } from './import-engine';
import { emptyCounts, type ImportRun, type RunMode } from './import-run';

export interface StartImportRequest {
  cloudId: string;
  backstageWebBaseUrl: string;
  /** Entity refs; absent means every entity of a kind the mapping imports. */
  selection?: string[];
  startedBy?: string;
  /** Apply removals even though the catalog shrank since the last complete read (the admin's "apply anyway"). */
  applyRemovals?: boolean;
  /** 'import' (default) reads every entity in full; 'sync' only what the catalog listing shows as changed. */
  mode?: RunMode;
}

/** Longer than any ref Backstage would serve; kvs keys stay short whatever the length (long ones are hashed). */
export const MAX_SELECTED_REF_LENGTH = 1000;
// kind:name or kind:namespace/name, no part empty, no second ':' or '/'.
const REF_SHAPE = /^[^:/]+:(?:[^:/]+\/)?[^:/]+$/;
// Whitespace and control characters; format characters (bidi marks) stay: relaxed name rules allow them.
const FORBIDDEN_IN_REF = /[\s\p{Cc}]/u;

/**
 * The one check of entity refs given by a person (the import's and the dry run's selection): refs as Backstage
 * spells them, kind lower-cased, namespace explicit, each identity (the lower-cased ref) once, in order. Names
 * outside Backstage's strict rules (`über-service`) are accepted; whatever is not a ref is refused.
 */
export function normaliseSelection(selection: unknown): string[] {
  if (!Array.isArray(selection))
    throw new ImportRequestError('invalid-selection', 'selection must be a list of entity refs');
  const invalid: string[] = [];
  const refs = new Map<string, string>();
  for (const item of selection) {
    const ref = normaliseSelectedRef(item);
    if (ref === undefined) invalid.push(JSON.stringify(typeof item === 'string' ? item.slice(0, 80) : item));
    else if (!refs.has(ref.toLowerCase())) refs.set(ref.toLowerCase(), ref);
  }
  if (invalid.length > 0) {
    throw new ImportRequestError(
      'invalid-selection',
      `Not entity refs (kind:namespace/name): ${invalid.slice(0, 10).join(', ')}`,
    );
  }
  if (refs.size === 0)
    throw new ImportRequestError('invalid-selection', 'The selection is empty: pick at least one entity');
  return [...refs.values()].sort();
}

function normaliseSelectedRef(item: unknown): string | undefined {
  if (typeof item !== 'string' || item.length > MAX_SELECTED_REF_LENGTH) return undefined;
  if (FORBIDDEN_IN_REF.test(item) || !REF_SHAPE.test(item)) return undefined;
  try {
    return stringifyEntityRef(parseEntityRef(item));
  } catch {
    return undefined;
  }
}

/** A claim outlives any resolver (25 s), so a start that read the record before another won cannot win later. */
export const START_CLAIM_TTL_SECONDS = 60;

/**
 * Exactly one start wins: each start claims a key named after the run record it read (its run and sequence
 * number), with a conditional write. Whoever read the same record and claims second lost the race.
 */
async function claimStart(
  deps: ImportEngineDeps,
  current: ImportRun | undefined,
  now: string,
): Promise<void> {
  if (!(await runStore(deps.store).claimStart(current, now, START_CLAIM_TTL_SECONDS))) {
    throw new ImportRequestError(
      'already-running',
      'Another import was started at the same moment; it is running now',
    );
  }
}

// The page shows this sentence: it names no starter (an account id is not words; the status names them).
function alreadyRunning(current: ImportRun): ImportRequestError {
  return new ImportRequestError(
    'already-running',
    `An import is already running (started ${current.startedAt}, ` +
      `${current.counts.done} of ${current.counts.planned} done). Wait for it to finish or cancel it.`,
  );
}

export async function startImport(
  deps: ImportEngineDeps,
  request: StartImportRequest,
): Promise<{ runId: string; resumed: boolean }> {
  const runs = runStore(deps.store);
  const selection = request.selection === undefined ? undefined : normaliseSelection(request.selection);
  // One cheap request first: with Backstage down the run could only fail, so refuse it with Backstage's error.
  await deps.catalog.queryEntitiesPage({ fields: ['kind'], pageSize: 1 });
  const now = engineNow(deps);
  const current = await loadRunAsSeen(deps.store);
  if (current?.state === 'running') {
    if (!isStale(current, deps)) throw alreadyRunning(current);
    // Its events were lost (every retry failed, or a continuation never got out): pick it up where it stopped.
    await claimStart(deps, current, now);
    await continueRun(deps, { ...current, updatedAt: now, failureStreak: 0 });
    return { runId: current.runId, resumed: true };
  }
  await claimStart(deps, current, now);
  await settleCancelledRun(deps.store, current);

  const runId = `${now.replace(/[-:.TZ]/g, '')}-${randomUUID().slice(0, 8)}`;
  const run: ImportRun = {
    runId,
    mode: request.mode ?? 'import',
    cloudId: request.cloudId,
    backstageWebBaseUrl: request.backstageWebBaseUrl,
    state: 'running',
    phase: 'index',
    seq: 0,
    cursor: 0,
    startedAt: now,
    updatedAt: now,
    ...(request.startedBy ? { startedBy: request.startedBy } : {}),
    selectionSize: selection ? selection.length : null,
    selectionChunks: selection ? await runs.saveRefList(runId, 'selection', selection) : 0,
    workTotal: 0,
    workChunks: 0,
    indexChunks: 0,
    counts: emptyCounts(),
    failureStreak: 0,
    ...(request.applyRemovals ? { applyRemovals: true } : {}),
  };
  await runs.save(run);
  await deps.queue.push([{ body: { runId, seq: 0 } }]);
  return { runId, resumed: false };
}
