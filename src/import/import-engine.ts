// The import as Forge async work. startImport records a run and enqueues its first event, and returns at once.
// Each event's consumer works through the run's phases (index -> entities -> relationships -> orphans) slice
// by slice within a time budget, saves where it got to after every slice, and enqueues a continuation when the
// budget runs out. Delivery is at-least-once and every step is idempotent (state, external alias, slug), so a
// redelivered, duplicated or interrupted event never duplicates a component or loses an entity.
import { randomUUID } from 'node:crypto';
import { parseEntityRef, stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  createMappingConfig,
  sameNameGroups,
  sameNameMapOf,
  type CatalogIndex,
  type MappingRules,
  type NamedEntityRow,
} from '../core/mapping';
import type { BackstageCatalog, CompassGateway, ImportQueue, KeyValueStore } from '../core/ports';
import {
  emptyCounts,
  loadRefList,
  loadRefSlice,
  MAPPING_RULES_KEY,
  resultKey,
  resultPrefix,
  refOfStateEntry,
  RUN_KEY,
  saveRefList,
  STATE_PREFIX,
  type EntityOutcome,
  type EntityResult,
  type ImportCounts,
  type ImportRun,
  runCancelKey,
} from './import-run';
import { BackstageCatalogError, type BackstageErrorKind } from '../backstage/backstage-errors';
import { errorFields, log } from '../core/log';
import {
  DEFAULT_MAX_CATALOG_SHRINK,
  judgeCatalogRead,
  loadCatalogBaseline,
  saveCatalogBaseline,
} from './catalog-baseline';
import { syncEntitySlice } from './sync-entity-slice';
import { syncRelationshipSlice } from './sync-relationship-slice';

export interface ImportEngineOptions {
  /** Entities per slice; state is saved after each. */
  sliceSize: number;
  /** Aliases looked up per Compass request. */
  lookupBatchSize: number;
  /** Components created or updated per Compass request. */
  writeBatchSize: number;
  /** Relationships written per Compass request. */
  relationshipBatchSize: number;
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
  relationshipBatchSize: 50,
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
  now?: () => number;
  options?: Partial<ImportEngineOptions>;
}

export type ImportRequestErrorKind =
  'already-running' | 'not-running' | 'nothing-to-retry' | 'invalid-selection';

export class ImportRequestError extends Error {
  override readonly name = 'ImportRequestError';
  constructor(
    readonly kind: ImportRequestErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface StartImportRequest {
  cloudId: string;
  backstageWebBaseUrl: string;
  /** Entity refs; absent means every entity of a kind the mapping imports. */
  selection?: string[];
  startedBy?: string;
  /** Apply removals even though the catalog shrank since the last complete read (the admin's "apply anyway"). */
  applyRemovals?: boolean;
}

export interface ImportEvent {
  runId: string;
  seq: number;
}

// The title too: two entities that become same-named components are warned about, catalog-wide.
const REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name', 'metadata.title'];

/** Same-name groups are stored as one ref list, groups separated by this (no ref is empty). */
const GROUP_END = '';

/** The last runs, newest first, for the admin page's history: one small record per finished run. */
export const HISTORY_KEY = 'import-history';
export const HISTORY_SIZE = 20;

export interface RunHistoryEntry {
  runId: string;
  state: ImportRun['state'];
  startedAt: string;
  finishedAt?: string;
  startedBy?: string;
  selectionSize: number | null;
  counts: ImportCounts;
  error?: string;
  /** Why removals were held in this run, in the app's words. */
  removalsHeld?: string;
}

/**
 * Adds (or, for the same run, replaces) the run's entry. A run's counts only grow, so an entry is never replaced by
 * one with fewer entities done: a cancel and the consumer's last checkpoint may record the same run in either order.
 */
async function recordHistory(store: KeyValueStore, run: ImportRun): Promise<void> {
  const entry: RunHistoryEntry = {
    runId: run.runId,
    state: run.state,
    startedAt: run.startedAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    ...(run.startedBy ? { startedBy: run.startedBy } : {}),
    selectionSize: run.selectionSize,
    counts: run.counts,
    ...(run.error ? { error: run.error } : {}),
    ...(run.removals && !run.removals.allowed ? { removalsHeld: run.removals.message } : {}),
  };
  const history = (await store.get<RunHistoryEntry[]>(HISTORY_KEY)) ?? [];
  const earlier = history.find((item) => item.runId === run.runId);
  if (earlier && earlier.counts.done > entry.counts.done) entry.counts = earlier.counts;
  await store.set(
    HISTORY_KEY,
    [entry, ...history.filter((item) => item.runId !== run.runId)].slice(0, HISTORY_SIZE),
  );
}

function settings(deps: ImportEngineDeps): ImportEngineOptions {
  return { ...DEFAULT_ENGINE_OPTIONS, ...deps.options };
}

function clock(deps: ImportEngineDeps): () => number {
  return deps.now ?? Date.now;
}

function isStale(run: ImportRun, deps: ImportEngineDeps): boolean {
  return clock(deps)() - Date.parse(run.updatedAt) > settings(deps).staleAfterMs;
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
async function claimStart(store: KeyValueStore, current: ImportRun | undefined, now: string): Promise<void> {
  const key = `import-claim:${current ? `${current.runId}:${current.seq}` : 'none'}`;
  if (!(await store.setIfAbsent(key, { claimedAt: now }, { ttlSeconds: START_CLAIM_TTL_SECONDS }))) {
    throw new ImportRequestError(
      'already-running',
      'Another import was started at the same moment; it is running now',
    );
  }
}

function alreadyRunning(current: ImportRun): ImportRequestError {
  return new ImportRequestError(
    'already-running',
    `An import is already running (started ${current.startedAt}${current.startedBy ? ` by ${current.startedBy}` : ''}, ` +
      `${current.counts.done} of ${current.counts.planned} done). Wait for it to finish or cancel it.`,
  );
}

export async function startImport(
  deps: ImportEngineDeps,
  request: StartImportRequest,
): Promise<{ runId: string; resumed: boolean }> {
  const { store, queue } = deps;
  const selection = request.selection === undefined ? undefined : normaliseSelection(request.selection);
  // One cheap request first: with Backstage down the run could only fail, so refuse it with Backstage's error.
  await deps.catalog.queryEntitiesPage({ fields: ['kind'], pageSize: 1 });
  const now = new Date(clock(deps)()).toISOString();
  const current = await loadRun(store);
  if (current?.state === 'running') {
    if (!isStale(current, deps)) throw alreadyRunning(current);
    // Its events were lost (every retry failed, or a continuation never got out): pick it up where it stopped.
    await claimStart(store, current, now);
    await continueRun(deps, { ...current, updatedAt: now, failureStreak: 0 });
    return { runId: current.runId, resumed: true };
  }
  await claimStart(store, current, now);
  await settleCancelledRun(store, current);

  const runId = `${now.replace(/[-:.TZ]/g, '')}-${randomUUID().slice(0, 8)}`;
  const run: ImportRun = {
    runId,
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
    selectionChunks: selection ? await saveRefList(store, runId, 'selection', selection) : 0,
    workTotal: 0,
    workChunks: 0,
    indexChunks: 0,
    counts: emptyCounts(),
    failureStreak: 0,
    ...(request.applyRemovals ? { applyRemovals: true } : {}),
  };
  await store.set(RUN_KEY, run);
  await queue.push([{ body: { runId, seq: 0 } }]);
  return { runId, resumed: false };
}

/** Enqueue the next event first, then record its number: a lost save is healed by the event (seq > run.seq). */
async function continueRun(deps: ImportEngineDeps, run: ImportRun): Promise<void> {
  const next = { ...run, seq: run.seq + 1 };
  await deps.queue.push([{ body: { runId: run.runId, seq: next.seq } }]);
  await deps.store.set(RUN_KEY, next);
}

interface CancelRequest {
  at: string;
}

/**
 * The run record as everyone but its consumer sees it: a pending cancel request makes a running run cancelled.
 * Cancelling only writes the request (kvs has no compare-and-set on plain keys), so the consumer stays the one
 * writer of the run record and its history entry, and a cancel can never be overwritten or undo a slice's counts.
 */
async function loadRun(store: KeyValueStore): Promise<ImportRun | undefined> {
  const run = await store.get<ImportRun>(RUN_KEY);
  if (run?.state !== 'running') return run;
  const cancel = await store.get<CancelRequest>(runCancelKey(run.runId));
  return cancel ? { ...run, state: 'cancelled', finishedAt: cancel.at } : run;
}

/**
 * A cancelled run whose consumer never came back to record it (its events were lost): recorded now, by the one
 * caller that is about to replace the run record.
 */
export async function settleCancelledRun(store: KeyValueStore, run: ImportRun | undefined): Promise<void> {
  if (run?.state !== 'cancelled') return;
  const stored = await store.get<ImportRun>(RUN_KEY);
  if (stored?.runId !== run.runId || stored.state !== 'running') return;
  await store.set(RUN_KEY, run);
  await recordHistory(store, run);
}

/** Saves the run unless it was cancelled (or replaced) meanwhile; answers whether work may go on. */
async function checkpoint(deps: ImportEngineDeps, run: ImportRun): Promise<boolean> {
  const found = await deps.store.getMany<unknown>([RUN_KEY, runCancelKey(run.runId)]);
  const stored = found.get(RUN_KEY) as ImportRun | undefined;
  const cancel = found.get(runCancelKey(run.runId)) as CancelRequest | undefined;
  if (!stored || stored.runId !== run.runId || stored.seq > run.seq) return false;
  run.updatedAt = new Date(clock(deps)()).toISOString();
  if (stored.state === 'cancelled' || (cancel && stored.state === 'running')) {
    // Cancelled meanwhile: keep the cancellation, but record what this slice did.
    const cancelled = {
      ...run,
      state: 'cancelled',
      finishedAt: stored.finishedAt ?? cancel?.at ?? run.updatedAt,
    } satisfies ImportRun;
    await deps.store.set(RUN_KEY, cancelled);
    await recordHistory(deps.store, cancelled);
    return false;
  }
  if (stored.state !== 'running') return false;
  await deps.store.set(RUN_KEY, run);
  return true;
}

function addCounts(counts: ImportCounts, delta: Partial<ImportCounts>): void {
  for (const [key, value] of Object.entries(delta) as [keyof ImportCounts, number][]) counts[key] += value;
}

async function mappingConfig(deps: ImportEngineDeps, run: ImportRun) {
  const rules = (await deps.store.get<Partial<MappingRules>>(MAPPING_RULES_KEY)) ?? {};
  return createMappingConfig({ backstageWebBaseUrl: run.backstageWebBaseUrl, ...rules });
}

function indexFrom(refs: string[], config: MappingRules, sameNameList: string[] = []): CatalogIndex {
  const importedKinds = new Set(config.importedKinds.map((kind) => kind.toLowerCase()));
  const catalogRefs = new Set(refs.map((ref) => ref.toLowerCase()));
  const importedRefs = new Set(
    [...catalogRefs].filter((ref) => importedKinds.has(ref.slice(0, ref.indexOf(':')))),
  );
  const groups: string[][] = [[]];
  for (const ref of sameNameList) {
    if (ref === GROUP_END) groups.push([]);
    else groups[groups.length - 1]!.push(ref);
  }
  const sameName = sameNameMapOf(groups.filter((group) => group.length > 1));
  return { catalogRefs, importedRefs, ...(sameName.size > 0 ? { sameName } : {}) };
}

/** Phase index: every ref in the catalog (cheap: three fields), and the work list this run will process. */
async function indexCatalog(deps: ImportEngineDeps, run: ImportRun): Promise<void> {
  const refs: string[] = [];
  const named: NamedEntityRow[] = [];
  let reportedTotal: number | undefined;
  let entityCount = 0;
  for await (const page of deps.catalog.queryAllEntities({ fields: REF_FIELDS })) {
    reportedTotal ??= page.totalItems;
    entityCount += page.items.length + page.invalid.length;
    for (const entity of page.items as Entity[]) {
      try {
        const ref = stringifyEntityRef(entity);
        refs.push(ref);
        const title = entity.metadata.title;
        named.push({
          ref: ref.toLowerCase(),
          kind: entity.kind,
          name: entity.metadata.name,
          ...(typeof title === 'string' ? { title } : {}),
        });
      } catch {
        // An entity without kind or name cannot be imported; the catalog should not serve one.
      }
    }
  }
  refs.sort();
  const config = await mappingConfig(deps, run);
  const index = indexFrom(refs, config);
  let work: string[];
  if (run.selectionSize === null) {
    // One entry per identity: a catalog serving `ok-entity` and `OK-Entity` holds one entity as far as Compass goes.
    const seen = new Set<string>();
    work = refs.filter((ref) => {
      const identity = ref.toLowerCase();
      if (!index.importedRefs.has(identity) || seen.has(identity)) return false;
      seen.add(identity);
      return true;
    });
  } else {
    // Selected refs missing from the catalog stay in the work list and are reported as skipped.
    const byIdentity = new Map(refs.map((ref) => [ref.toLowerCase(), ref]));
    const selection = await loadRefList(deps.store, run.runId, 'selection', run.selectionChunks);
    work = selection.map((ref) => byIdentity.get(ref.toLowerCase()) ?? ref);
  }
  await judgeRemovals(deps, run, { entityCount, reportedTotal: reportedTotal ?? 0 });
  run.indexChunks = await saveRefList(deps.store, run.runId, 'index', refs);
  const groups = [...new Set(sameNameGroups(named, config).values())];
  run.sameNameChunks = await saveRefList(
    deps.store,
    run.runId,
    'same-name',
    groups.flatMap((group) => [...group, GROUP_END]),
  );
  run.workChunks = await saveRefList(deps.store, run.runId, 'work', work);
  run.workTotal = work.length;
  run.counts.planned = work.length;
  run.phase = 'entities';
  run.cursor = 0;
}

/** Decides whether this run may remove anything, and moves the baseline on after a read that allows it. */
async function judgeRemovals(
  deps: ImportEngineDeps,
  run: ImportRun,
  read: { entityCount: number; reportedTotal: number },
): Promise<void> {
  const baseline = await loadCatalogBaseline(deps.store);
  run.removals = judgeCatalogRead(read, baseline, {
    maxShrink: settings(deps).maxCatalogShrink,
    applyRemovals: run.applyRemovals === true,
  });
  if (run.removals.allowed) {
    await saveCatalogBaseline(deps.store, {
      entityCount: read.entityCount,
      readAt: new Date(clock(deps)()).toISOString(),
    });
  } else {
    log.warn('import.removals-held', { runId: run.runId, reason: run.removals.reason, ...read });
  }
}

async function scanOrphans(deps: ImportEngineDeps, run: ImportRun, index: CatalogIndex): Promise<void> {
  const page = await deps.store.listByPrefix<unknown>(STATE_PREFIX, { cursor: run.orphanCursor, limit: 100 });
  const orphans = page.entries
    .map(refOfStateEntry)
    .filter((ref): ref is string => ref !== undefined && !index.catalogRefs.has(ref));
  await deps.store.setMany(
    orphans.map((entityRef) => ({
      key: resultKey(run.runId, entityRef),
      value: {
        entityRef,
        outcome: 'orphaned',
        reason: 'Imported earlier but no longer in Backstage; its Compass component is left as it is',
        warnings: [],
      } satisfies EntityResult,
    })),
  );
  run.counts.orphaned += orphans.length;
  if (page.nextCursor) run.orphanCursor = page.nextCursor;
  else run.phase = 'cleanup';
}

/** This run and the ones just before it keep their per-entity results; older runs keep only their history entry. */
export const RUNS_WITH_RESULTS = 3;

/**
 * Deletes one page (at most 100 keys) of what an older run left in kvs: its per-entity results and ref lists.
 * Answers true once nothing is left, so every run leaves kvs no bigger than the last few runs need.
 */
async function cleanUpOldRuns(deps: ImportEngineDeps, run: ImportRun): Promise<boolean> {
  const history = (await deps.store.get<RunHistoryEntry[]>(HISTORY_KEY)) ?? [];
  const older = history
    .map((entry) => entry.runId)
    .filter((runId) => runId !== run.runId)
    .slice(RUNS_WITH_RESULTS - 1);
  for (const runId of older) {
    const page = await deps.store.listByPrefix<unknown>(`import:${runId}:`, { limit: 100 });
    if (page.entries.length > 0) {
      await deps.store.deleteMany(page.entries.map((entry) => entry.key));
      return false;
    }
  }
  return true;
}

/** Does one step of the run's current phase and moves the run record on. */
async function step(deps: ImportEngineDeps, run: ImportRun, cache: { index?: CatalogIndex }): Promise<void> {
  const options = settings(deps);
  const loadIndex = async () =>
    (cache.index ??= indexFrom(
      await loadRefList(deps.store, run.runId, 'index', run.indexChunks),
      await mappingConfig(deps, run),
      await loadRefList(deps.store, run.runId, 'same-name', run.sameNameChunks ?? 0),
    ));
  switch (run.phase) {
    case 'index':
      return indexCatalog(deps, run);
    case 'entities': {
      if (run.cursor >= run.workTotal) {
        run.phase = 'relationships';
        run.cursor = 0;
        return;
      }
      const refs = await loadRefSlice(deps.store, run.runId, 'work', run.cursor, options.sliceSize);
      const counts = await syncEntitySlice({
        refs,
        runId: run.runId,
        catalog: deps.catalog,
        gateway: deps.gateway,
        store: deps.store,
        config: await mappingConfig(deps, run),
        index: await loadIndex(),
        settings: options,
        now: () => new Date(clock(deps)()),
      });
      addCounts(run.counts, counts);
      run.cursor += refs.length;
      return;
    }
    case 'relationships': {
      if (run.cursor >= run.workTotal) {
        // Orphans are only meaningful when the whole catalog was looked at, and looked at in full.
        run.phase = run.selectionSize === null && run.removals?.allowed !== false ? 'orphans' : 'cleanup';
        run.cursor = 0;
        return;
      }
      const refs = await loadRefSlice(deps.store, run.runId, 'work', run.cursor, options.sliceSize);
      addCounts(
        run.counts,
        await syncRelationshipSlice({
          refs,
          gateway: deps.gateway,
          store: deps.store,
          batchSize: options.relationshipBatchSize,
          allowRemovals: run.removals?.allowed !== false,
        }),
      );
      run.cursor += refs.length;
      return;
    }
    case 'orphans':
      return scanOrphans(deps, run, await loadIndex());
    case 'cleanup':
      if (await cleanUpOldRuns(deps, run)) run.phase = 'finished';
      return;
    case 'finished':
      run.state = 'done';
      run.finishedAt = new Date(clock(deps)()).toISOString();
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
  const stored = await deps.store.get<ImportRun>(RUN_KEY);
  // Another run, a finished one, or an older event of this run that was delivered again: nothing to do.
  if (!stored || stored.runId !== event.runId || stored.state !== 'running' || event.seq < stored.seq)
    return 'ignored';
  const run: ImportRun = { ...stored, seq: event.seq };
  if (await deps.store.get<CancelRequest>(runCancelKey(run.runId))) {
    // A cancel whose record write a checkpoint overwrote: honour it before doing any more work.
    await checkpoint(deps, run);
    return 'stopped';
  }
  const options = settings(deps);
  const started = clock(deps)();
  const cache: { index?: CatalogIndex } = {};
  try {
    // At least one step per invocation, so even a tiny budget always makes progress.
    for (;;) {
      await step(deps, run, cache);
      run.failureStreak = 0;
      // A failure this run got past is no longer its status.
      delete run.error;
      if (!(await checkpoint(deps, run))) return 'stopped';
      if (run.state !== 'running') {
        await recordHistory(deps.store, run);
        log.info('import.finished', { runId: run.runId, state: run.state, ...run.counts });
        return 'finished';
      }
      if (clock(deps)() - started >= options.timeBudgetMs) {
        await continueRun(deps, run);
        return 'continued';
      }
    }
  } catch (error) {
    const latest = await deps.store.get<ImportRun>(RUN_KEY);
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
        finishedAt: new Date(clock(deps)()).toISOString(),
      } satisfies ImportRun;
      await deps.store.set(RUN_KEY, failedRun);
      await recordHistory(deps.store, failedRun);
      return 'failed';
    }
    await deps.store.set(RUN_KEY, { ...latest, failureStreak, error: message } satisfies ImportRun);
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
  removalsHeld?: { reason: 'read-incomplete' | 'catalog-shrank'; message: string };
} & ImportCounts;

export async function getImportStatus(
  deps: Pick<ImportEngineDeps, 'store' | 'now' | 'options'>,
): Promise<ImportStatus> {
  const run = await loadRun(deps.store);
  if (!run) return { state: 'idle', total: 0, ...emptyCounts() };
  return {
    state: run.state,
    runId: run.runId,
    phase: run.phase,
    total: run.counts.planned,
    ...run.counts,
    startedAt: run.startedAt,
    updatedAt: run.updatedAt,
    selectionSize: run.selectionSize,
    ...(run.startedBy ? { startedBy: run.startedBy } : {}),
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    ...(run.error ? { error: run.error } : {}),
    ...(run.removals && !run.removals.allowed
      ? { removalsHeld: { reason: run.removals.reason, message: run.removals.message } }
      : {}),
    ...(run.state === 'running' ? { stale: isStale(run, deps as ImportEngineDeps) } : {}),
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
  const runId = request.runId ?? (await deps.store.get<ImportRun>(RUN_KEY))?.runId;
  if (!runId) return { results: [] };
  const limit = Math.min(Math.max(request.limit ?? 50, 1), 100);
  const page = await deps.store.listByPrefix<EntityResult>(resultPrefix(runId), {
    cursor: request.cursor,
    limit,
  });
  const results = page.entries
    .map((entry) => entry.value)
    .filter((result) => !request.outcome || result.outcome === request.outcome);
  return { runId, results, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** Starts a run over the entities that failed in the last run. */
export async function retryFailed(
  deps: ImportEngineDeps,
  request: Omit<StartImportRequest, 'selection' | 'cloudId' | 'backstageWebBaseUrl'> &
    Partial<StartImportRequest>,
): Promise<{ runId: string; resumed: boolean; retried: number }> {
  const last = await loadRun(deps.store);
  if (!last) throw new ImportRequestError('nothing-to-retry', 'No import has run yet');
  if (last.state === 'running') {
    throw new ImportRequestError(
      'already-running',
      'An import is running; retry its failures once it has finished',
    );
  }
  const failed: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await getImportResults(deps, { runId: last.runId, outcome: 'failed', cursor, limit: 100 });
    failed.push(...page.results.map((result) => result.entityRef));
    cursor = page.nextCursor;
  } while (cursor);
  if (failed.length === 0)
    throw new ImportRequestError('nothing-to-retry', 'The last import had no failed entities');
  const started = await startImport(deps, {
    cloudId: request.cloudId ?? last.cloudId,
    backstageWebBaseUrl: request.backstageWebBaseUrl ?? last.backstageWebBaseUrl,
    selection: failed,
    ...(request.startedBy ? { startedBy: request.startedBy } : {}),
  });
  return { ...started, retried: failed.length };
}

export async function cancelImport(deps: Pick<ImportEngineDeps, 'store' | 'now'>): Promise<ImportStatus> {
  const run = await loadRun(deps.store);
  if (run?.state !== 'running') throw new ImportRequestError('not-running', 'No import is running');
  const now = new Date((deps.now ?? Date.now)()).toISOString();
  // Only the request: the consumer records the cancelled run (and its history) at its next checkpoint.
  await deps.store.set<CancelRequest>(runCancelKey(run.runId), { at: now });
  return getImportStatus(deps);
}
