// Consuming the run's events: the phase machine (index -> entities -> relationships -> metrics -> orphans (the
// removals) -> cleanup). Each event's consumer works through the phases slice by slice within a time budget, saves
// where it got to after every slice, and enqueues a continuation when the budget runs out.
import { BackstageCatalogError, type BackstageErrorKind } from '../backstage/backstage-errors';
import { errorFields, log } from '../core/log';
import type { CatalogIndex } from '../core/mapping';
import { runStore } from '../storage/run-store';
import { renamesFromList } from './apply-renames';
import { cleanUpOldRuns } from './cleanup-old-runs';
import {
  engineClock,
  engineNow,
  engineSettings,
  type ImportEngineDeps,
  type ImportEvent,
} from './import-engine';
import type { ImportCounts, ImportRun } from './import-run';
import { loadRunCatalogIndex, runIndexPhase, runMappingConfig } from './index-phase';
import { runMetricsStep } from './metrics-phase';
import { runRemovalsStep } from './removals-phase';
import { recordHistory } from './run-history';
import { syncEntitySlice } from './sync-entity-slice';
import { syncRelationshipSlice } from './sync-relationship-slice';
import { addRipplePass, keepRippleRefs } from './sync-ripple';

/** Enqueue the next event first, then record its number: a lost save is healed by the event (seq > run.seq). */
export async function continueRun(deps: ImportEngineDeps, run: ImportRun): Promise<void> {
  const next = { ...run, seq: run.seq + 1 };
  await deps.queue.push([{ body: { runId: run.runId, seq: next.seq } }]);
  await runStore(deps.store).save(next);
}

/** Saves the run unless it was cancelled (or replaced) meanwhile; answers whether work may go on. */
async function checkpoint(deps: ImportEngineDeps, run: ImportRun): Promise<boolean> {
  const runs = runStore(deps.store);
  const { run: stored, cancel } = await runs.loadWithCancelRequest(run.runId);
  if (!stored || stored.runId !== run.runId || stored.seq > run.seq) return false;
  run.updatedAt = engineNow(deps);
  if (stored.state === 'cancelled' || (cancel && stored.state === 'running')) {
    // Cancelled meanwhile: keep the cancellation, but record what this slice did.
    const cancelled = {
      ...run,
      state: 'cancelled',
      finishedAt: stored.finishedAt ?? cancel?.at ?? run.updatedAt,
    } satisfies ImportRun;
    await runs.save(cancelled);
    await recordHistory(deps.store, cancelled);
    return false;
  }
  if (stored.state !== 'running') return false;
  await runs.save(run);
  return true;
}

/**
 * Reports the current slice's settled entities on the run record at least every `progressEvery` entities or
 * `progressIntervalMs`, whichever comes first, so the page's count moves within a slice. Written only while the
 * record is still this event's running run (as `checkpoint` checks); a cancel or a newer event wins.
 */
function sliceProgress(deps: ImportEngineDeps, run: ImportRun): (settled: number) => Promise<void> {
  const { progressEvery, progressIntervalMs } = engineSettings(deps);
  const clock = engineClock(deps);
  let reported = 0;
  let reportedAt = clock();
  return async (settled) => {
    const now = clock();
    if (settled <= reported) return;
    if (settled - reported < progressEvery && now - reportedAt < progressIntervalMs) return;
    reported = settled;
    reportedAt = now;
    const runs = runStore(deps.store);
    const { run: stored, cancel } = await runs.loadWithCancelRequest(run.runId);
    if (stored?.runId !== run.runId || stored.seq > run.seq || stored.state !== 'running' || cancel) return;
    await runs.save({ ...run, sliceDone: settled, updatedAt: new Date(now).toISOString() });
  };
}

function addCounts(counts: ImportCounts, delta: Partial<ImportCounts>): void {
  // `?? 0`: a run recorded before a count existed resumes with it.
  for (const [key, value] of Object.entries(delta) as [keyof ImportCounts, number][])
    counts[key] = (counts[key] ?? 0) + value;
}

/** Does one step of the run's current phase and moves the run record on. */
async function step(deps: ImportEngineDeps, run: ImportRun, cache: { index?: CatalogIndex }): Promise<void> {
  const options = engineSettings(deps);
  const loadIndex = async () => (cache.index ??= await loadRunCatalogIndex(deps.store, run));
  switch (run.phase) {
    case 'index':
      return runIndexPhase(deps, run);
    case 'entities': {
      if (run.cursor >= run.workTotal) {
        if (await addRipplePass(deps, run)) return;
        run.phase = 'relationships';
        run.cursor = 0;
        return;
      }
      const runs = runStore(deps.store);
      const refs = await runs.loadRefSlice(run.runId, 'work', run.cursor, options.sliceSize);
      const ripple = run.mode === 'sync' && !run.rippled ? new Set<string>() : undefined;
      const counts = await syncEntitySlice({
        refs,
        runId: run.runId,
        catalog: deps.catalog,
        gateway: deps.gateway,
        store: deps.store,
        config: await runMappingConfig(deps.store, run),
        index: await loadIndex(),
        settings: options,
        now: () => new Date(engineClock(deps)()),
        onSettled: sliceProgress(deps, run),
        ...(run.renamedChunks
          ? { renamedFrom: renamesFromList(await runs.loadRefList(run.runId, 'renamed', run.renamedChunks)) }
          : {}),
        ...(ripple ? { ripple } : {}),
      });
      if (ripple) await keepRippleRefs(deps, run, ripple, await loadIndex());
      addCounts(run.counts, counts);
      run.cursor += refs.length;
      return;
    }
    case 'relationships': {
      if (run.cursor >= run.workTotal) {
        run.phase = 'metrics';
        run.cursor = 0;
        return;
      }
      const refs = await runStore(deps.store).loadRefSlice(run.runId, 'work', run.cursor, options.sliceSize);
      addCounts(
        run.counts,
        await syncRelationshipSlice({
          refs,
          gateway: deps.gateway,
          store: deps.store,
          batchSize: options.relationshipBatchSize,
          allowRemovals: run.removals?.allowed !== false,
          ...(run.removals?.policy ? { removalPolicy: run.removals.policy } : {}),
          catalogRefs: (await loadIndex()).catalogRefs,
        }),
      );
      run.cursor += refs.length;
      return;
    }
    case 'metrics':
      // Removals are only meaningful when the whole catalog was looked at, and looked at in full: after a read that
      // may have missed entities no one can tell a removed entity from a missing one. After a read the breaker held
      // for its size, the phase still runs, and reports each removal it holds.
      return runMetricsStep(
        deps,
        run,
        loadIndex,
        run.selectionSize === null &&
          (run.removals?.allowed !== false || run.removals.reason !== 'read-incomplete')
          ? 'orphans'
          : 'cleanup',
      );
    // The removals phase (named 'orphans' in stored runs).
    case 'orphans':
      return addCounts(run.counts, await runRemovalsStep(deps, run, await loadIndex()));
    case 'cleanup':
      if (await cleanUpOldRuns(deps, run)) run.phase = 'finished';
      return;
    case 'finished':
      run.state = 'done';
      run.finishedAt = engineNow(deps);
      return;
  }
}

/** The queue consumer's work for one event. */
export async function handleImportEvent(
  deps: ImportEngineDeps,
  body: unknown,
): Promise<'ignored' | 'continued' | 'finished' | 'stopped' | 'failed'> {
  const event = body as Partial<ImportEvent> | undefined;
  if (typeof event?.runId !== 'string' || typeof event.seq !== 'number') return 'ignored';
  const runs = runStore(deps.store);
  const stored = await runs.load();
  // Another run, a finished one, or an older event of this run that was delivered again: nothing to do.
  if (!stored || stored.runId !== event.runId || stored.state !== 'running' || event.seq < stored.seq)
    return 'ignored';
  const run: ImportRun = { ...stored, seq: event.seq };
  // A slice report of an interrupted attempt is not this attempt's: its slice starts again.
  delete run.sliceDone;
  if (await runs.loadCancelRequest(run.runId)) {
    // A cancel whose record write a checkpoint overwrote: honour it before doing any more work.
    await checkpoint(deps, run);
    return 'stopped';
  }
  const options = engineSettings(deps);
  const started = engineClock(deps)();
  const cache: { index?: CatalogIndex } = {};
  try {
    // At least one step per invocation, so even a tiny budget always makes progress.
    for (;;) {
      const stepStarted = engineClock(deps)();
      const phase = run.phase;
      await step(deps, run, cache);
      run.failureStreak = 0;
      // A failure this run got past is no longer its status.
      delete run.error;
      if (!(await checkpoint(deps, run))) return 'stopped';
      // What `forge logs` shows of a run's progress: where it is, never what an entity holds.
      log.info('import.step', {
        runId: run.runId,
        phase,
        next: run.phase,
        cursor: run.cursor,
        workTotal: run.workTotal,
        ms: engineClock(deps)() - stepStarted,
      });
      if (run.state !== 'running') {
        await recordHistory(deps.store, run);
        log.info('import.finished', { runId: run.runId, state: run.state, ...run.counts });
        return 'finished';
      }
      if (engineClock(deps)() - started >= options.timeBudgetMs) {
        await continueRun(deps, run);
        return 'continued';
      }
    }
  } catch (error) {
    const latest = await runs.load();
    if (latest?.runId !== run.runId || latest.state !== 'running') return 'stopped';
    const failureStreak = latest.failureStreak + 1;
    const message = failureMessage(error);
    const giveUp = failureStreak >= options.maxFailureStreak || needsAnAdmin(error);
    log.error('import.step-failed', {
      runId: run.runId,
      phase: latest.phase,
      failureStreak,
      giveUp,
      ...errorFields(error),
    });
    if (giveUp) {
      const failedRun = {
        ...latest,
        state: 'failed',
        failureStreak,
        error: message,
        finishedAt: engineNow(deps),
      } satisfies ImportRun;
      await runs.save(failedRun);
      await recordHistory(deps.store, failedRun);
      return 'failed';
    }
    await runs.save({ ...latest, failureStreak, error: message } satisfies ImportRun);
    // The platform delivers the event again (at-least-once), and the run goes on from its last checkpoint.
    throw error;
  }
}

// Failures no redelivery can cure: someone has to change the token, the URL or the app's egress first.
const NEEDS_AN_ADMIN: ReadonlySet<BackstageErrorKind> = new Set([
  'unauthorized',
  'forbidden',
  'invalid-token',
  'invalid-base-url',
  'not-a-catalog',
  'egress-blocked',
]);

function needsAnAdmin(error: unknown): boolean {
  return error instanceof BackstageCatalogError && NEEDS_AN_ADMIN.has(error.kind);
}

/** The run's error in the app's words: Backstage errors carry their own; any other exception's text is not shown. */
function failureMessage(error: unknown): string {
  if (error instanceof BackstageCatalogError) return error.message;
  const kind = (error as { kind?: unknown } | undefined)?.kind;
  if (typeof kind === 'string' && error instanceof Error && kind !== 'internal') return error.message;
  return "The import stopped on an unexpected error in the app; it is retried, and the app's logs have the details.";
}
