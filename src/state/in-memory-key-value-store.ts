// The KeyValueStore in memory, for tests and command-line tooling. Values are copied on the way in and out,
// as a real store serialises them, so a caller can never mutate what is stored.
import type { KeyValueStore } from '../core/ports';

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
  async getSecret<T>(key: string): Promise<T | undefined> {
    return read<T>(this.secrets, key);
  }
  async setSecret<T>(key: string, value: T): Promise<void> {
    this.secrets.set(key, JSON.stringify(value));
  }
  async deleteSecret(key: string): Promise<void> {
    this.secrets.delete(key);
  }
}

function read<T>(map: Map<string, string>, key: string): T | undefined {
  const raw = map.get(key);
  return raw === undefined ? undefined : (JSON.parse(raw) as T);
}
