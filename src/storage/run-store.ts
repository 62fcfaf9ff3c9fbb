// Where an import run lives: its record (one per site; the single source of truth for where the run is, so any
// consumer can pick it up), the start claim, the cancel request and the run's ref lists.
import type { KeyValueStore } from '../core/ports';
import type { ImportRun } from '../import/import-run';
import {
  refListKey,
  RUN_KEY,
  runCancelKey,
  runKeysPrefix,
  startClaimKey,
  type RefListName,
} from './storage-keys';

export type { RefListName };

/** A kvs value holds at most 240 KiB. */
export const REFS_PER_CHUNK = 2000;

export interface CancelRequest {
  at: string;
}

export function runStore(store: KeyValueStore) {
  return {
    /** The run record exactly as saved (a pending cancel request is not applied: see `loadRunAsSeen`). */
    load: () => store.get<ImportRun>(RUN_KEY),
    save: (run: ImportRun) => store.set(RUN_KEY, run),

    loadCancelRequest: (runId: string) => store.get<CancelRequest>(runCancelKey(runId)),
    /** Set once and never overwritten, so a consumer's checkpoint racing the cancel cannot undo it. */
    requestCancel: (runId: string, at: string) => store.set<CancelRequest>(runCancelKey(runId), { at }),
    /** The record and the run's cancel request in one read. */
    async loadWithCancelRequest(
      runId: string,
    ): Promise<{ run: ImportRun | undefined; cancel: CancelRequest | undefined }> {
      const found = await store.getMany<unknown>([RUN_KEY, runCancelKey(runId)]);
      return {
        run: found.get(RUN_KEY) as ImportRun | undefined,
        cancel: found.get(runCancelKey(runId)) as CancelRequest | undefined,
      };
    },

    /**
     * A conditional write of a key named after the run record the caller read (its run and sequence number):
     * answers whether this caller was first. The claim expires after `ttlSeconds`.
     */
    claimStart: (current: ImportRun | undefined, claimedAt: string, ttlSeconds: number) =>
      store.setIfAbsent(startClaimKey(current), { claimedAt }, { ttlSeconds }),

    /** Stores a ref list in chunks; returns the chunk count. */
    async saveRefList(runId: string, list: RefListName, refs: string[]): Promise<number> {
      const entries: { key: string; value: string[] }[] = [];
      for (let i = 0; i * REFS_PER_CHUNK < refs.length; i++) {
        entries.push({
          key: refListKey(runId, list, i),
          value: refs.slice(i * REFS_PER_CHUNK, (i + 1) * REFS_PER_CHUNK),
        });
      }
      await store.setMany(entries);
      return entries.length;
    },
    async loadRefList(runId: string, list: RefListName, chunks: number): Promise<string[]> {
      const keys = Array.from({ length: chunks }, (_, i) => refListKey(runId, list, i));
      const found = await store.getMany<string[]>(keys);
      return keys.flatMap((key) => found.get(key) ?? []);
    },
    /** The refs [from, from + count) of a stored list, reading only the chunks they fall in. */
    async loadRefSlice(runId: string, list: RefListName, from: number, count: number): Promise<string[]> {
      const first = Math.floor(from / REFS_PER_CHUNK);
      const last = Math.floor((from + count - 1) / REFS_PER_CHUNK);
      const keys = Array.from({ length: last - first + 1 }, (_, i) => refListKey(runId, list, first + i));
      const found = await store.getMany<string[]>(keys);
      const refs = keys.flatMap((key) => found.get(key) ?? []);
      const offset = from - first * REFS_PER_CHUNK;
      return refs.slice(offset, offset + count);
    },

    /**
     * Deletes one page (at most 100 keys) of what a run left besides its record: cancel request, ref lists and
     * per-entity results. Answers false once nothing is left.
     */
    async deleteLeftoversPage(runId: string): Promise<boolean> {
      const page = await store.listByPrefix<unknown>(runKeysPrefix(runId), { limit: 100 });
      if (page.entries.length === 0) return false;
      await store.deleteMany(page.entries.map((entry) => entry.key));
      return true;
    },
  };
}

/**
 * The run record as everyone but its consumer sees it: a pending cancel request makes a running run cancelled.
 * Cancelling only writes the request (kvs has no compare-and-set on plain keys), so the consumer stays the one
 * writer of the run record and its history entry, and a cancel can never be overwritten or undo a slice's counts.
 */
export async function loadRunAsSeen(store: KeyValueStore): Promise<ImportRun | undefined> {
  const runs = runStore(store);
  const run = await runs.load();
  if (run?.state !== 'running') return run;
  const cancel = await runs.loadCancelRequest(run.runId);
  return cancel ? { ...run, state: 'cancelled', finishedAt: cancel.at } : run;
}
