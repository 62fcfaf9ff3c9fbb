// The KeyValueStore in memory, for tests and command-line tooling: the app's own Forge adapter
// (src/forge/forge-key-value-store.ts) over the real @forge/kvs client, whose requests the sandbox's storage service
// (sandbox/forge/forge-platform-kvs.ts) answers. So there is one definition of Forge's storage semantics (key rules,
// value size, 404 KEY_NOT_FOUND, pages of at most 100 with opaque cursors, TTLs, FAIL_IF_EXISTS) and the adapter is
// exercised wherever a test needs a store.
import { AsyncLocalStorage } from 'node:async_hooks';
import { ForgeKvsService } from '../../sandbox/forge/forge-platform-kvs';
import type { KeyValueStore } from '../core/ports';
import { forgeKeyValueStore } from '../forge/forge-key-value-store';

type ForgeFetch = (target: { type?: string }, path: string, init?: RequestInit) => Promise<Response>;
interface Routed extends ForgeFetch {
  /** Whatever `__forge_fetch__` was before (a sandbox platform, say): calls outside a store go there. */
  previous?: ForgeFetch;
}

const runtime = globalThis as { __forge_fetch__?: ForgeFetch };
// @forge/kvs is one client per process, reaching storage through the global __forge_fetch__: each store's calls
// run in its own async context, so concurrent stores (and a sandbox platform installed meanwhile) stay apart.
const activeService = new AsyncLocalStorage<ForgeKvsService>();
const routed: Routed = (target, path, init) => {
  const service = activeService.getStore();
  if (service && target.type === 'kvs') return service.handle(path, init);
  if (!routed.previous) throw new Error('No Forge platform answers __forge_fetch__ here');
  return routed.previous(target, path, init);
};

function withService<T>(service: ForgeKvsService, work: () => Promise<T>): Promise<T> {
  if (runtime.__forge_fetch__ !== routed) {
    routed.previous = runtime.__forge_fetch__;
    runtime.__forge_fetch__ = routed;
  }
  return activeService.run(service, work);
}

export class InMemoryKeyValueStore implements KeyValueStore {
  private readonly service: ForgeKvsService;

  constructor(options: { now?: () => number } = {}) {
    this.service = new ForgeKvsService(options.now ? { now: options.now } : {});
  }

  get<T>(key: string) {
    return withService(this.service, () => forgeKeyValueStore.get<T>(key));
  }
  set<T>(key: string, value: T) {
    return withService(this.service, () => forgeKeyValueStore.set(key, value));
  }
  setIfAbsent<T>(key: string, value: T, options?: { ttlSeconds?: number }) {
    return withService(this.service, () => forgeKeyValueStore.setIfAbsent(key, value, options));
  }
  delete(key: string) {
    return withService(this.service, () => forgeKeyValueStore.delete(key));
  }
  getMany<T>(keys: string[]) {
    return withService(this.service, () => forgeKeyValueStore.getMany<T>(keys));
  }
  setMany<T>(entries: { key: string; value: T }[]) {
    return withService(this.service, () => forgeKeyValueStore.setMany(entries));
  }
  deleteMany(keys: string[]) {
    return withService(this.service, () => forgeKeyValueStore.deleteMany(keys));
  }
  listByPrefix<T>(prefix: string, options?: { cursor?: string; limit?: number }) {
    return withService(this.service, () => forgeKeyValueStore.listByPrefix<T>(prefix, options));
  }
  getSecret<T>(key: string) {
    return withService(this.service, () => forgeKeyValueStore.getSecret<T>(key));
  }
  setSecret<T>(key: string, value: T) {
    return withService(this.service, () => forgeKeyValueStore.setSecret(key, value));
  }
  deleteSecret(key: string) {
    return withService(this.service, () => forgeKeyValueStore.deleteSecret(key));
  }

  /** How many plain values are stored, expired ones not counted (for tests and benchmarks). */
  get size(): number {
    return this.service.stats().keys;
  }
}
