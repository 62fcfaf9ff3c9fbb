// The record of an import run, its counts and its per-entity results: the types the engine, the admin page and
// src/storage/run-store.ts share. One run per site at a time.
import type { MappingWarning } from '../core/mapping-warning';
import type { InvalidEntity } from '../core/ports';
import type { RemovalVerdict } from './catalog-baseline';

export type ImportRunState = 'running' | 'done' | 'failed' | 'cancelled';
export type ImportPhase =
  'index' | 'entities' | 'relationships' | 'metrics' | 'orphans' | 'cleanup' | 'finished';

/** What a run's metrics phase did (absent on runs from before the phase existed, or without a metrics gateway). */
export interface MetricRunTally {
  valuesSent: number;
  valuesUnchanged: number;
  valuesFailed: number;
  sourcesCreated: number;
  definitionsCreated: number;
  /** Metric key -> entities whose current value Compass holds after this run. */
  withValue: Record<string, number>;
  /** The app's words when a failure stopped the metrics for this run (the import itself goes on). */
  error?: string;
  /**
   * The app's words when Tech Insights failed: the chosen checks' metrics got no new values from then on in this
   * run; every other metric went on.
   */
  checksError?: string;
}
export type EntityOutcome =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'skipped'
  | 'failed'
  | 'orphaned'
  /** No longer in Backstage: its component got the `backstage-removed` label (the removal policy 'mark'). */
  | 'marked'
  /** No longer in Backstage: its component was deleted (the removal policy 'delete', confirmed). */
  | 'deleted';

export interface ImportCounts {
  /** Entities this run will process (the selection, or every entity of an imported kind). */
  planned: number;
  /** Entities processed so far. */
  done: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  /** In the app's state but no longer in Backstage: reported, left alone (or held by the removal safety). */
  orphaned: number;
  /** No longer in Backstage: labelled `backstage-removed` in this run (absent on runs from before removal policies). */
  marked?: number;
  /** No longer in Backstage: component deleted in this run (absent on runs from before removal policies). */
  deleted?: number;
  /** Entities whose mapping warned about something (absent on runs from before it was counted). */
  withWarnings?: number;
  relationshipsAdded: number;
  relationshipsRemoved: number;
  relationshipsFailed: number;
  /** Wanted, but the target has no Compass component. */
  relationshipsUnresolved: number;
  /** Entities found under a new ref (same Backstage uid): their component kept, its alias moved (absent before syncs). */
  renamed?: number;
  /** Removals not made because the catalog read may have been incomplete (see `ImportRun.removals`). */
  relationshipsHeld: number;
}

/** An import reads every entity in full; a sync reads only what the catalog listing shows as changed. */
export type RunMode = 'import' | 'sync';

export interface ImportRun {
  runId: string;
  /** Absent on runs from before syncs: an import. */
  mode?: RunMode;
  cloudId: string;
  backstageWebBaseUrl: string;
  state: ImportRunState;
  phase: ImportPhase;
  /** Sequence number of the event allowed to work on the run; older (duplicate) deliveries are dropped. */
  seq: number;
  /** Position in the work list (entities and relationships phases). */
  cursor: number;
  /** Key cursor for the orphan scan over stored entity state. */
  orphanCursor?: string;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  startedBy?: string;
  /** Size of the requested selection; null for "everything the mapping imports". */
  selectionSize: number | null;
  selectionChunks: number;
  workTotal: number;
  workChunks: number;
  indexChunks: number;
  /** Chunks of the groups of imported entities that become same-named components (absent in older runs). */
  sameNameChunks?: number;
  counts: ImportCounts;
  /** Chunks of the renames the index phase applied (`renamed` list: new ref, old ref, new ref, old ref...). */
  renamedChunks?: number;
  /** Chunks of the refs a sync's ripple pass adds to the work list (entities new Compass components point back to). */
  rippleChunks?: number;
  /** A sync's ripple pass was added to the work list (it is added once). */
  rippled?: boolean;
  /** Key cursor of a sync's pass over the entities it did not read (Days since change, Tech Insights checks). */
  metricsAgeCursor?: string;
  /** That pass is done. */
  metricsAged?: boolean;
  /** The metrics phase listed Tech Insights' checks again (once per run). */
  checksListed?: boolean;
  /**
   * Entities of the entities phase's current slice already settled, saved between checkpoints so the page's
   * count moves within a slice; the slice's checkpoint folds them into `counts.done` and drops this.
   */
  sliceDone?: number;
  /** Consecutive invocations that failed outright; the run fails after MAX_FAILURE_STREAK. */
  failureStreak: number;
  /** The app's words for why the run failed or is failing (never Backstage's text). */
  error?: string;
  /** Whether this run's catalog read allows removals; decided at the end of the index phase. */
  removals?: RemovalVerdict;
  /** The admin asked to apply removals even though the catalog shrank since the last complete read. */
  applyRemovals?: boolean;
  metrics?: MetricRunTally;
}

export interface EntityResult {
  entityRef: string;
  outcome: EntityOutcome;
  componentId?: string;
  changedFields?: string[];
  reason?: string;
  warnings: Pick<MappingWarning, 'code' | 'message'>[];
  error?: { kind: string; message: string };
}

export const NOT_IN_CATALOG_REASON = 'Not in the Backstage catalog (deleted, renamed or invalid)';
const MAX_INVALID_REASON_LENGTH = 300;

/** Why an entity Backstage serves is skipped when it fails validation: the validation's words, cut short. */
export function notValidReason(validationReason: string): string {
  const reason =
    validationReason.length > MAX_INVALID_REASON_LENGTH
      ? `${validationReason.slice(0, MAX_INVALID_REASON_LENGTH - 1)}…`
      : validationReason;
  return `Backstage has this entity but it is not valid: ${reason}`;
}

/** Why by-refs gave no entity for a ref: Backstage has it but it failed validation (and why), or it is not there. */
export function notServedReason(entityRef: string, invalid: readonly InvalidEntity[]): string {
  const identity = entityRef.toLowerCase();
  const found = invalid.find((entity) => entity.entityRef.toLowerCase() === identity);
  return found ? notValidReason(found.reason) : NOT_IN_CATALOG_REASON;
}

export function emptyCounts(): ImportCounts {
  return {
    planned: 0,
    done: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    failed: 0,
    orphaned: 0,
    marked: 0,
    deleted: 0,
    withWarnings: 0,
    relationshipsAdded: 0,
    relationshipsRemoved: 0,
    relationshipsFailed: 0,
    relationshipsUnresolved: 0,
    relationshipsHeld: 0,
  };
}
