// The import engine's ground: what every use case of src/import gets (the ports, a clock, the options) and the
// one error a request to it can be refused with. The use cases live beside it, one module each: start-import,
// consume-import (the phase machine), import-status, retry-import, cancel-import, run-history and cleanup-old-runs.
// The import is Forge async work: startImport records a run and enqueues its first event, and returns at once;
// each event's consumer works through the run's phases slice by slice. Delivery is at-least-once and every step is
// idempotent (state, external alias, slug), so a redelivered, duplicated or interrupted event never duplicates a
// component or loses an entity.
import type {
  BackstageCatalog,
  CompassGateway,
  CompassMetricsGateway,
  ImportQueue,
  KeyValueStore,
  TechInsights,
} from '../core/ports';
import { DEFAULT_MAX_CATALOG_SHRINK } from './catalog-baseline';
import type { ImportRun } from './import-run';

export interface ImportEngineOptions {
  /** Entities per slice; state is saved after each. */
  sliceSize: number;
  /** Aliases looked up per Compass request. */
  lookupBatchSize: number;
  /**
   * Components created or updated per Compass request. Entities settle a write batch at a time, so this is also the
   * largest step of the page's progress on a first import: 10 would cost 0.26 Compass requests per new entity,
   * over issue 3's 0.25 (a create batch is two requests).
   */
  writeBatchSize: number;
  /** The page's count is updated as soon as this many more entities of the entities phase are settled... */
  progressEvery: number;
  /** ...or this long after the last update, whichever comes first (once anything more is settled). */
  progressIntervalMs: number;
  /** Relationships written per Compass request. */
  relationshipBatchSize: number;
  /**
   * Metric sources or values written (or components read, scorecards applied) per Compass request in the metrics
   * phase: 50 makes a first push cost about 2 / 50 requests a value, under issue 11's 0.05.
   */
  metricBatchSize: number;
  /** Work per consumer invocation before handing over to a continuation event; keep well under the timeout. */
  timeBudgetMs: number;
  /** A run with no progress for this long may be resumed by starting again. */
  staleAfterMs: number;
  /** Invocations in a row that may fail outright before the run is marked failed. */
  maxFailureStreak: number;
  /** Share of the last complete catalog read that may be missing before removals are held. */
  maxCatalogShrink: number;
}

// Under half of the consumer's 300 s timeout, with room for the slice in progress when the budget runs out.
export const DEFAULT_ENGINE_OPTIONS: ImportEngineOptions = {
  sliceSize: 200,
  lookupBatchSize: 50,
  writeBatchSize: 25,
  progressEvery: 10,
  progressIntervalMs: 2000,
  relationshipBatchSize: 50,
  metricBatchSize: 50,
  timeBudgetMs: 60_000,
  staleAfterMs: 15 * 60_000,
  maxFailureStreak: 5,
  maxCatalogShrink: DEFAULT_MAX_CATALOG_SHRINK,
};

export interface ImportEngineDeps {
  catalog: BackstageCatalog;
  gateway: CompassGateway;
  store: KeyValueStore;
  queue: ImportQueue;
  /** Compass's custom metrics: without it a run has no metrics phase. */
  metrics?: CompassMetricsGateway;
  /** Backstage's Tech Insights: without it the chosen checks' metrics get no values. */
  techInsights?: TechInsights;
  now?: () => number;
  options?: Partial<ImportEngineOptions>;
}

export type ImportRequestErrorKind =
  | 'already-running'
  | 'not-running'
  | 'nothing-to-retry'
  | 'invalid-selection'
  | 'not-imported-yet'
  /** applyRemovals: the last run's breaker held nothing an admin may override. */
  | 'nothing-to-apply';

export class ImportRequestError extends Error {
  override readonly name = 'ImportRequestError';
  constructor(
    readonly kind: ImportRequestErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** The body of a queue event: which run, and the sequence number allowed to work on it. */
export interface ImportEvent {
  runId: string;
  seq: number;
}

export function engineSettings(deps: Pick<ImportEngineDeps, 'options'>): ImportEngineOptions {
  return { ...DEFAULT_ENGINE_OPTIONS, ...deps.options };
}

export function engineClock(deps: Pick<ImportEngineDeps, 'now'>): () => number {
  return deps.now ?? Date.now;
}

/** The engine's clock as an ISO time, the form every stored time has. */
export function engineNow(deps: Pick<ImportEngineDeps, 'now'>): string {
  return new Date(engineClock(deps)()).toISOString();
}

/** Running, but with no progress for longer than a consumer could take: starting again resumes it. */
export function isStale(run: ImportRun, deps: Pick<ImportEngineDeps, 'now' | 'options'>): boolean {
  return engineClock(deps)() - Date.parse(run.updatedAt) > engineSettings(deps).staleAfterMs;
}
