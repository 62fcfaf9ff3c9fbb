// The KeyValueStore on Forge: @forge/kvs (scope storage:app). Secrets use kvs's encrypted secret API.
import { kvs } from '@forge/kvs';
import type { KeyValueStore } from '../core/ports';

export const forgeKeyValueStore: KeyValueStore = {
  async get<T>(key: string) {
    return (await kvs.get<T>(key)) ?? undefined;
  },
  async set<T>(key: string, value: T) {
    await kvs.set(key, value);
  },
  async delete(key: string) {
    await kvs.delete(key);
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
