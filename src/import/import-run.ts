// The record of an import run and where its pieces live in the key-value store. One run per site at a time;
// the record is the single source of truth for where the run is, so any consumer can pick it up.
import type { MappingWarning } from '../core/mapping-warning';
import type { KeyValueStore } from '../core/ports';
import type { RemovalVerdict } from './catalog-baseline';

export type ImportRunState = 'running' | 'done' | 'failed' | 'cancelled';
export type ImportPhase = 'index' | 'entities' | 'relationships' | 'orphans' | 'cleanup' | 'finished';
export type EntityOutcome = 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed' | 'orphaned';

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
  /** In the app's state but no longer in Backstage: reported, left alone. */
  orphaned: number;
  relationshipsAdded: number;
  relationshipsRemoved: number;
  relationshipsFailed: number;
  /** Wanted, but the target has no Compass component. */
  relationshipsUnresolved: number;
  /** Removals not made because the catalog read may have been incomplete (see `ImportRun.removals`). */
  relationshipsHeld: number;
}

export interface ImportRun {
  runId: string;
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
  /** Consecutive invocations that failed outright; the run fails after MAX_FAILURE_STREAK. */
  failureStreak: number;
  /** The app's words for why the run failed or is failing (never Backstage's text). */
  error?: string;
  /** Whether this run's catalog read allows removals; decided at the end of the index phase. */
  removals?: RemovalVerdict;
  /** The admin asked to apply removals even though the catalog shrank since the last complete read. */
  applyRemovals?: boolean;
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

export const RUN_KEY = 'import-run';
export const MAPPING_RULES_KEY = 'mapping-rules';
export const REFS_PER_CHUNK = 2000;

/** kvs keys allow [a-zA-Z0-9:._ -#]: entity refs are `kind:namespace/name`, so the slash becomes '#'. */
export function encodeRef(entityRef: string): string {
  return entityRef.replace(/\//g, '#');
}
export function decodeRef(encoded: string): string {
  return encoded.replace(/#/g, '/');
}

export const STATE_PREFIX = 'entity:';
export const stateKey = (entityRef: string) => `${STATE_PREFIX}${encodeRef(entityRef)}`;
export const resultPrefix = (runId: string) => `import:${runId}:result:`;
export const resultKey = (runId: string, entityRef: string) =>
  `${resultPrefix(runId)}${encodeRef(entityRef)}`;

export type RefListName = 'work' | 'index' | 'selection' | 'same-name';
const refListKey = (runId: string, list: RefListName, chunk: number) => `import:${runId}:${list}:${chunk}`;

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
    relationshipsAdded: 0,
    relationshipsRemoved: 0,
    relationshipsFailed: 0,
    relationshipsUnresolved: 0,
    relationshipsHeld: 0,
  };
}

/** Stores a ref list in chunks (a kvs value holds at most 240 KiB); returns the chunk count. */
export async function saveRefList(
  store: KeyValueStore,
  runId: string,
  list: RefListName,
  refs: string[],
): Promise<number> {
  const entries: { key: string; value: string[] }[] = [];
  for (let i = 0; i * REFS_PER_CHUNK < refs.length; i++) {
    entries.push({
      key: refListKey(runId, list, i),
      value: refs.slice(i * REFS_PER_CHUNK, (i + 1) * REFS_PER_CHUNK),
    });
  }
  await store.setMany(entries);
  return entries.length;
}

export async function loadRefList(
  store: KeyValueStore,
  runId: string,
  list: RefListName,
  chunks: number,
): Promise<string[]> {
  const keys = Array.from({ length: chunks }, (_, i) => refListKey(runId, list, i));
  const found = await store.getMany<string[]>(keys);
  return keys.flatMap((key) => found.get(key) ?? []);
}

/** The refs [from, from + count) of a stored list, reading only the chunks they fall in. */
export async function loadRefSlice(
  store: KeyValueStore,
  runId: string,
  list: RefListName,
  from: number,
  count: number,
): Promise<string[]> {
  const first = Math.floor(from / REFS_PER_CHUNK);
  const last = Math.floor((from + count - 1) / REFS_PER_CHUNK);
  const keys = Array.from({ length: last - first + 1 }, (_, i) => refListKey(runId, list, first + i));
  const found = await store.getMany<string[]>(keys);
  const refs = keys.flatMap((key) => found.get(key) ?? []);
  const offset = from - first * REFS_PER_CHUNK;
  return refs.slice(offset, offset + count);
}

/** Set once by cancelImport and never overwritten, so a consumer's checkpoint racing the cancel cannot undo it. */
export const runCancelKey = (runId: string) => `import:${runId}:cancel`;
