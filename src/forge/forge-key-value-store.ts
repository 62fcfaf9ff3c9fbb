// The KeyValueStore on Forge: @forge/kvs (scope storage:app). Secrets use kvs's encrypted secret API.
// Batch calls go in chunks (kvs's per-call batch size is not documented; 20 is conservative), and a key the
// platform reports as failed is an error: state must never be silently half-written.
import { kvs, WhereConditions } from '@forge/kvs';
import type { KeyValueStore } from '../core/ports';

const BATCH_CHUNK = 20;

function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH_CHUNK) result.push(items.slice(i, i + BATCH_CHUNK));
  return result;
}

// kvs reports a key that does not exist (batchGet, batchDelete) as failed with KEY_NOT_FOUND: that is an answer,
// not a failure.
function throwOnFailedKeys(
  operation: string,
  result: { failedKeys: { key: string; error: { code: string } }[] },
): void {
  const failed = result.failedKeys.filter((failure) => failure.error.code !== 'KEY_NOT_FOUND');
  if (failed.length > 0) {
    throw new Error(`kvs ${operation} failed for ${failed.map((failure) => failure.key).join(', ')}`);
  }
}

/**
 * Whether kvs refused a FAIL_IF_EXISTS write because the key exists. The code Forge answers is not documented:
 * the sandbox answers 409 KEY_ALREADY_EXISTS, a report from production says 409 KEY_CONFLICT. Either code, any
 * "already exists" or "conflict" code, or HTTP 409 counts; anything else is a real failure.
 */
export function isKeyConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, responseDetails } = error as { code?: unknown; responseDetails?: { status?: unknown } };
  if (typeof code === 'string' && /ALREADY_EXISTS|CONFLICT/i.test(code)) return true;
  return responseDetails?.status === 409;
}

export const forgeKeyValueStore: KeyValueStore = {
  async get<T>(key: string) {
    return (await kvs.get<T>(key)) ?? undefined;
  },
  async set<T>(key: string, value: T) {
    await kvs.set(key, value);
  },
  async setIfAbsent<T>(key: string, value: T, options: { ttlSeconds?: number } = {}) {
    try {
      await kvs.set(key, value, {
        keyPolicy: 'FAIL_IF_EXISTS',
        ...(options.ttlSeconds !== undefined ? { ttl: { value: options.ttlSeconds, unit: 'SECONDS' } } : {}),
      });
      return true;
    } catch (error) {
      if (isKeyConflict(error)) return false;
      throw error;
    }
  },
  async delete(key: string) {
    await kvs.delete(key);
  },
  async getMany<T>(keys: string[]) {
    const found = new Map<string, T>();
    for (const chunk of chunks(keys)) {
      const result = await kvs.batchGet<T>(chunk.map((key) => ({ key })));
      throwOnFailedKeys('batchGet', result);
      for (const item of result.successfulKeys) found.set(item.key, item.value);
    }
    return found;
  },
  async setMany<T>(entries: { key: string; value: T }[]) {
    for (const chunk of chunks(entries)) throwOnFailedKeys('batchSet', await kvs.batchSet(chunk));
  },
  async deleteMany(keys: string[]) {
    for (const chunk of chunks(keys))
      throwOnFailedKeys('batchDelete', await kvs.batchDelete(chunk.map((key) => ({ key }))));
  },
  async listByPrefix<T>(prefix: string, options: { cursor?: string; limit?: number } = {}) {
    let query = kvs
      .query()
      .where('key', WhereConditions.beginsWith(prefix))
      .limit(Math.min(options.limit ?? 100, 100));
    if (options.cursor) query = query.cursor(options.cursor);
    const page = await query.getMany<T>();
    return {
      entries: page.results.map((result) => ({ key: result.key, value: result.value })),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  },
  async getSecret<T>(key: string) {
    return (await kvs.getSecret<T>(key)) ?? undefined;
  },
  async setSecret<T>(key: string, value: T) {
    await kvs.setSecret(key, value);
  },
  async deleteSecret(key: string) {
    await kvs.deleteSecret(key);
  },
};
