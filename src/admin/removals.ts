// The admin page's removals: which imported entities the last run over the whole catalog found gone from Backstage
// and what the removal policy did with them, whether the circuit breaker held the last run's removals (and why, in
// the app's words), and "apply anyway": one run that applies the removals the breaker held for their number.
import type { KeyValueStore } from '../core/ports';
import { entityStore } from '../storage/entity-store';
import { historyStore } from '../storage/history-store';
import { loadRunAsSeen } from '../storage/run-store';
import { syncSettingsStore, type RemovalPolicy } from '../storage/sync-settings-store';
import type { RemovalHoldReason } from '../import/catalog-baseline';
import { ImportRequestError, type ImportEngineDeps } from '../import/import-engine';
import type { ImportRun } from '../import/import-run';
import { startImport, type StartImportRequest } from '../import/start-import';

export interface RemovalsBreaker {
  reason: RemovalHoldReason;
  /** The app's words: what was held and why. */
  message: string;
  removed?: number;
  imported?: number;
  share?: number;
  threshold?: number;
  /** A share or shrink the admin may override once; never a read that missed entities. */
  canApplyAnyway: boolean;
  runId: string;
  at: string;
}

export interface RemovedEntityRow {
  entityRef: string;
  componentId: string;
  name?: string;
  since: string;
  /** What the policy did; 'held' while the breaker refuses the removal. */
  action: 'reported' | 'marked' | 'held';
}

export interface RemovalsView {
  policy: RemovalPolicy;
  deleteConfirmed: boolean;
  breaker?: RemovalsBreaker;
  removed: RemovedEntityRow[];
  /** Entities the last run over the whole catalog found gone and did not delete. */
  total: number;
  nextCursor?: string;
}

/** Reasons the admin may override with "apply anyway". */
const OVERRIDABLE: ReadonlySet<RemovalHoldReason> = new Set(['catalog-shrank', 'too-many']);

function breakerOf(run: ImportRun | undefined): RemovalsBreaker | undefined {
  const verdict = run?.removals;
  if (!run || !verdict || verdict.allowed) return undefined;
  const { removed, imported, share, threshold } = verdict;
  return {
    reason: verdict.reason,
    message: verdict.message,
    ...(removed !== undefined ? { removed } : {}),
    ...(imported !== undefined ? { imported } : {}),
    ...(share !== undefined ? { share } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
    canApplyAnyway: OVERRIDABLE.has(verdict.reason) && run.state !== 'running',
    runId: run.runId,
    at: run.finishedAt ?? run.updatedAt,
  };
}

/** The newest finished run over the whole catalog: the one whose removals phase looked at every imported entity. */
async function lastFullRun(store: KeyValueStore, current: ImportRun | undefined) {
  if (current?.state === 'done' && current.selectionSize === null) return current;
  return (await historyStore(store).load()).find(
    (entry) => entry.state === 'done' && entry.selectionSize === null,
  );
}

export async function getRemovals(
  store: KeyValueStore,
  request: { cursor?: string; limit?: number } = {},
): Promise<RemovalsView> {
  const settings = await syncSettingsStore(store).load();
  const current = await loadRunAsSeen(store);
  const breaker = breakerOf(current);
  const view: RemovalsView = {
    policy: settings.removalPolicy,
    deleteConfirmed: settings.deleteConfirmed,
    ...(breaker ? { breaker } : {}),
    removed: [],
    total: 0,
  };
  const run = await lastFullRun(store, current);
  if (!run) return view;
  const entities = entityStore(store);
  const limit = Math.min(Math.max(request.limit ?? 50, 1), 100);
  const page = await entities.listResults(run.runId, {
    ...(request.cursor ? { cursor: request.cursor } : {}),
    limit,
  });
  const gone = page.results.filter((result) => result.outcome === 'orphaned' || result.outcome === 'marked');
  const states = await entities.loadStates(gone.map((result) => result.entityRef));
  view.removed = gone.flatMap((result): RemovedEntityRow[] => {
    const state = states.get(result.entityRef);
    // Its state is gone (deleted since, or back in Backstage and renamed): nothing to show any more.
    if (!state) return [];
    return [
      {
        entityRef: result.entityRef,
        componentId: state.componentId,
        ...(state.name ? { name: state.name } : {}),
        since: state.removed?.since ?? run.startedAt,
        // Reported and marked entities carry it in their state; a removal the breaker held changed nothing.
        action: state.removed?.action ?? 'held',
      },
    ];
  });
  view.total = run.counts.orphaned + (run.counts.marked ?? 0);
  if (page.nextCursor) view.nextCursor = page.nextCursor;
  return view;
}

/**
 * "Apply anyway": a run over the whole catalog that applies the removals the last run's breaker held because the
 * catalog shrank or too many entities would go. Never after a read that missed entities: that read cannot tell a
 * removed entity from a missing one. The override is the new run's only; the run after it is judged as usual.
 */
export async function applyRemovals(
  deps: ImportEngineDeps,
  request: Partial<Pick<StartImportRequest, 'cloudId' | 'backstageWebBaseUrl' | 'startedBy'>> = {},
): Promise<{ runId: string; resumed: boolean }> {
  const last = await loadRunAsSeen(deps.store);
  if (last?.state === 'running') {
    throw new ImportRequestError(
      'already-running',
      'A run is going on; apply the removals once it has finished and still holds them',
    );
  }
  const breaker = breakerOf(last);
  if (!last || !breaker?.canApplyAnyway) {
    throw new ImportRequestError(
      'nothing-to-apply',
      breaker
        ? 'The last run missed entities Backstage reported, so no one can tell which were removed: run a sync again once Backstage answers in full'
        : 'The last run held no removals, so there is nothing to apply',
    );
  }
  // A sync over the whole catalog: its own read is judged again, and only the share and shrink checks are waived.
  return startImport(deps, {
    mode: 'sync',
    cloudId: request.cloudId ?? last.cloudId,
    backstageWebBaseUrl: request.backstageWebBaseUrl ?? last.backstageWebBaseUrl,
    applyRemovals: true,
    ...(request.startedBy ? { startedBy: request.startedBy } : {}),
  });
}
