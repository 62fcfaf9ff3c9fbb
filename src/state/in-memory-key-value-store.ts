// The KeyValueStore in memory, for tests and command-line tooling. Values are copied on the way in and out,
// as a real store serialises them, so a caller can never mutate what is stored. Listing pages through keys in
// order with an opaque cursor, at most 100 per page, as @forge/kvs does.
import type { KeyValueStore } from '../core/ports';

const MAX_PAGE = 100;

export class InMemoryKeyValueStore implements KeyValueStore {
  private readonly values = new Map<string, string>();
  private readonly secrets = new Map<string, string>();
  /** Epoch milliseconds after which a key written with a TTL reads as absent. */
  private readonly expiries = new Map<string, number>();
  private readonly now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  async get<T>(key: string): Promise<T | undefined> {
    this.expire(key);
    return read<T>(this.values, key);
  }
  async set<T>(key: string, value: T): Promise<void> {
    this.expiries.delete(key);
    this.values.set(key, JSON.stringify(value));
  }
  async setIfAbsent<T>(key: string, value: T, options: { ttlSeconds?: number } = {}): Promise<boolean> {
    this.expire(key);
    if (this.values.has(key)) return false;
    this.values.set(key, JSON.stringify(value));
    if (options.ttlSeconds === undefined) this.expiries.delete(key);
    else this.expiries.set(key, this.now() + options.ttlSeconds * 1000);
    return true;
  }
  async delete(key: string): Promise<void> {
    this.expiries.delete(key);
    this.values.delete(key);
  }
  async getMany<T>(keys: string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    for (const key of keys) {
      this.expire(key);
      const value = read<T>(this.values, key);
      if (value !== undefined) found.set(key, value);
    }
    return found;
  }
  async setMany<T>(entries: { key: string; value: T }[]): Promise<void> {
    for (const { key, value } of entries) {
      this.expiries.delete(key);
      this.values.set(key, JSON.stringify(value));
    }
  }
  async deleteMany(keys: string[]): Promise<void> {
    for (const key of keys) {
      this.expiries.delete(key);
      this.values.delete(key);
    }
  }
  async listByPrefix<T>(
    prefix: string,
    options: { cursor?: string; limit?: number } = {},
  ): Promise<{ entries: { key: string; value: T }[]; nextCursor?: string }> {
    const limit = Math.min(options.limit ?? MAX_PAGE, MAX_PAGE);
    for (const key of [...this.expiries.keys()]) this.expire(key);
    const keys = [...this.values.keys()]
      .filter((key) => key.startsWith(prefix) && (!options.cursor || key > options.cursor))
      .sort();
    const page = keys.slice(0, limit);
    return {
      entries: page.map((key) => ({ key, value: read<T>(this.values, key)! })),
      ...(keys.length > limit ? { nextCursor: page[page.length - 1] } : {}),
    };
  }
  async getSecret<T>(key: string): Promise<T | undefined> {
    return read<T>(this.secrets, key);
  }
  async setSecret<T>(key: string, value: T): Promise<void> {
    this.secrets.set(key, JSON.stringify(value));
  }
  async deleteSecret(key: string): Promise<void> {
    this.secrets.delete(key);
  }

  /** How many plain values are stored (for tests and benchmarks). */
  get size(): number {
    for (const key of [...this.expiries.keys()]) this.expire(key);
    return this.values.size;
  }

  private expire(key: string): void {
    const expiresAt = this.expiries.get(key);
    if (expiresAt === undefined || expiresAt > this.now()) return;
    this.expiries.delete(key);
    this.values.delete(key);
  }
}

function read<T>(map: Map<string, string>, key: string): T | undefined {
  const raw = map.get(key);
  return raw === undefined ? undefined : (JSON.parse(raw) as T);
}
