// The KeyValueStore in memory, for tests and command-line tooling. Values are copied on the way in and out,
// as a real store serialises them, so a caller can never mutate what is stored. Listing pages through keys in
// order with an opaque cursor, at most 100 per page, as @forge/kvs does.
import type { KeyValueStore } from '../core/ports';

const MAX_PAGE = 100;

export class InMemoryKeyValueStore implements KeyValueStore {
  private readonly values = new Map<string, string>();
  private readonly secrets = new Map<string, string>();

  async get<T>(key: string): Promise<T | undefined> {
    return read<T>(this.values, key);
  }
  async set<T>(key: string, value: T): Promise<void> {
    this.values.set(key, JSON.stringify(value));
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
  async getMany<T>(keys: string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    for (const key of keys) {
      const value = read<T>(this.values, key);
      if (value !== undefined) found.set(key, value);
    }
    return found;
  }
  async setMany<T>(entries: { key: string; value: T }[]): Promise<void> {
    for (const { key, value } of entries) this.values.set(key, JSON.stringify(value));
  }
  async deleteMany(keys: string[]): Promise<void> {
    for (const key of keys) this.values.delete(key);
  }
  async listByPrefix<T>(
    prefix: string,
    options: { cursor?: string; limit?: number } = {},
  ): Promise<{ entries: { key: string; value: T }[]; nextCursor?: string }> {
    const limit = Math.min(options.limit ?? MAX_PAGE, MAX_PAGE);
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
    return this.values.size;
  }
}

function read<T>(map: Map<string, string>, key: string): T | undefined {
  const raw = map.get(key);
  return raw === undefined ? undefined : (JSON.parse(raw) as T);
}
