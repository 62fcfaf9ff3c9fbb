// The record of an import run and where its pieces live in the key-value store. One run per site at a time;
// the record is the single source of truth for where the run is, so any consumer can pick it up.
import { createHash } from 'node:crypto';
import type { MappingWarning } from '../core/mapping-warning';
import type { InvalidEntity, KeyValueStore } from '../core/ports';
import type { EntitySyncState } from '../core/sync';
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

/** Forge kvs keys: at most 500 characters of letters, digits, `:._-#` and whitespace (not only whitespace). */
export const MAX_KEY_LENGTH = 500;
const KEPT = /^[a-zA-Z0-9:._-]$/;
// After the escape space come exactly six hex digits, so ` sha256 ` can never be part of an encoded ref.
const HASHED_MARK = ' sha256 ';

/**
 * A ref as a key part, reversibly: '/' becomes '#' (the encoding of every strict Backstage ref, unchanged since the
 * first release, so existing state is found), and any other character a key may not hold, or '#' and whitespace
 * themselves, becomes a space and its code point as six hex digits (`über` -> ` 0000fcber`). Strict refs never
 * hold a space, so their keys are as they always were.
 */
export function encodeRef(entityRef: string): string {
  let encoded = '';
  for (const character of entityRef) {
    if (character === '/') encoded += '#';
    else if (KEPT.test(character)) encoded += character;
    else encoded += ` ${character.codePointAt(0)!.toString(16).padStart(6, '0')}`;
  }
  return encoded;
}

/** The ref an encoded key part stands for; undefined for a hashed one (its ref is kept in the stored value). */
export function decodeRef(encoded: string): string | undefined {
  if (encoded.startsWith(HASHED_MARK)) return undefined;
  return encoded.replace(/#| ([0-9a-f]{6})/g, (_, hex?: string) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : '/',
  );
}

/** `prefix` + the encoded ref, or, where that would be too long for kvs, + a hash of the ref. */
function refKey(prefix: string, entityRef: string): string {
  const key = `${prefix}${encodeRef(entityRef)}`;
  if (key.length <= MAX_KEY_LENGTH) return key;
  return `${prefix}${HASHED_MARK}${createHash('sha256').update(entityRef).digest('hex')}`;
}

export const STATE_PREFIX = 'entity:';
export const stateKey = (entityRef: string) => refKey(STATE_PREFIX, entityRef);
export const resultPrefix = (runId: string) => `import:${runId}:result:`;
export const resultKey = (runId: string, entityRef: string) => refKey(resultPrefix(runId), entityRef);

/** Entity state as stored: the ref rides along, so a hashed key can still be read back as a ref. */
export type StoredEntityState = EntitySyncState & { entityRef?: string };

/** The ref of a stored state entry: from its value when kept there, else from its key. */
export function refOfStateEntry(entry: { key: string; value: unknown }): string | undefined {
  const kept = (entry.value as { entityRef?: unknown } | null)?.entityRef;
  if (typeof kept === 'string') return kept;
  return decodeRef(entry.key.slice(STATE_PREFIX.length));
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
