// What the import must never do, tried against the real Backstage (behind a proxy for the faults a real server
// will not produce on demand): remove after a read that may be incomplete, keep a stale error, retry a wrong
// token for minutes, or lose a cancel (or the history of a cancelled run) to a racing checkpoint.
import { testBackstage } from '../../sandbox/backstage/test-backstage';
import { BackstageCatalogClient } from '../backstage/backstage-catalog-client';
import { nodeHttpFetch } from '../backstage/node-http-fetch';
import { startFaultInjectingProxy, type FaultInjectingProxy } from '../backstage/testing/test-servers';
import type { KeyValueStore } from '../core/ports';
import { InMemoryKeyValueStore } from '../state/in-memory-key-value-store';
import { DEFAULT_MAX_CATALOG_SHRINK, judgeCatalogRead } from './catalog-baseline';
import { cancelImport } from './cancel-import';
import { getImportResults, getImportStatus } from './import-status';
import { HISTORY_KEY } from '../storage/storage-keys';
import { startImport } from './start-import';
import type { RunHistoryEntry } from '../storage/history-store';
import { DEFAULT_SYNC_SETTINGS, syncSettingsStore } from '../storage/sync-settings-store';
import { importHarness } from './testing/import-harness';
import { serveWithout as serveHidden, type CatalogItem } from './testing/shrunken-catalog';

const backstage = testBackstage();
let proxy: FaultInjectingProxy;

beforeAll(async () => {
  proxy = await startFaultInjectingProxy(backstage.baseUrl);
});
afterAll(() => proxy.close());
afterEach(() => proxy.setFault(undefined));

const catalogBehindProxy = () =>
  new BackstageCatalogClient({ baseUrl: proxy.baseUrl, token: backstage.token, fetch: nodeHttpFetch });

/** Serve the catalog without the entities `hidden` picks (see serveWithout). */
const serveWithout = (
  hidden: (item: NonNullable<CatalogItem>) => boolean,
  options?: { keepTotal?: boolean },
) => serveHidden(proxy, hidden, options);

const isApiOrResource = (item: NonNullable<CatalogItem>) => item.kind === 'API' || item.kind === 'Resource';

describe('removals after a catalog read that may be incomplete', () => {
  it('a catalog that shrank by more than the set share: no relationship removed, the run says why', async () => {
    const harness = importHarness({ catalog: catalogBehindProxy() });
    const complete = await harness.importAll();
    expect(complete).toMatchObject({ state: 'done', relationshipsRemoved: 0 });
    expect(complete.relationshipsAdded).toBeGreaterThan(0);
    const before = harness.compass.components().map((c) => [c.id, [...c.dependsOn].sort()]);

    serveWithout(isApiOrResource);
    const partial = await harness.importAll();
    const hidden = harness.compass
      .components()
      .filter((c) => c.externalAliases.some((a) => /^(api|resource):/.test(a.externalId))).length;
    expect(partial).toMatchObject({
      state: 'done',
      relationshipsRemoved: 0,
      // Each entity the read missed is reported as held, and left as it is.
      orphaned: hidden,
      removalsHeld: { reason: 'catalog-shrank', message: expect.stringMatching(/nothing was removed/) },
    });
    const { results } = await getImportResults(harness.deps, { outcome: 'orphaned', limit: 100 });
    expect(results.every((result) => /removal safety held every removal/.test(result.reason!))).toBe(true);
    expect(partial.relationshipsHeld).toBeGreaterThan(0);
    expect(harness.compass.components().map((c) => [c.id, [...c.dependsOn].sort()])).toEqual(before);
    const [latest] = (await harness.store.get<RunHistoryEntry[]>(HISTORY_KEY))!;
    expect(latest!.removalsHeld).toMatch(/fewer than the \d+ of the last complete read/);

    // Backstage back in full: the next import is complete again, and removes nothing it should keep.
    proxy.setFault(undefined);
    await harness.importAll();
    expect(await getImportStatus(harness.deps)).toMatchObject({
      state: 'done',
      relationshipsRemoved: 0,
      relationshipsHeld: 0,
    });
    expect((await getImportStatus(harness.deps)).removalsHeld).toBeUndefined();
  });

  it('a read that returned fewer entities than Backstage reported holds removals even when asked to apply them', () => {
    const verdict = judgeCatalogRead(
      { entityCount: 40, reportedTotal: 56 },
      { entityCount: 56, readAt: '2026-12-01T00:00:00.000Z' },
      { maxShrink: DEFAULT_MAX_CATALOG_SHRINK, applyRemovals: true },
    );
    expect(verdict).toMatchObject({ allowed: false, reason: 'read-incomplete' });
  });

  it('a read missing entities the catalog itself counts: removals held', async () => {
    const harness = importHarness({ catalog: catalogBehindProxy() });
    await harness.importAll();
    serveWithout((item) => item.kind === 'Resource', { keepTotal: true });
    await harness.importAll();
    expect(await getImportStatus(harness.deps)).toMatchObject({
      state: 'done',
      relationshipsRemoved: 0,
      removalsHeld: { reason: 'read-incomplete' },
    });
  });

  it('an entity really deleted (a small share of the catalog), policy mark: its relationships are removed', async () => {
    const harness = importHarness({ catalog: catalogBehindProxy() });
    const first = await harness.importAll();
    await syncSettingsStore(harness.store).save({ ...DEFAULT_SYNC_SETTINGS, removalPolicy: 'mark' });
    // One resource goes: far under the 10% share.
    const gone = (item: NonNullable<CatalogItem>) =>
      item.kind === 'Resource' && item.metadata?.name === 'payments-db';
    serveWithout(gone);
    const status = await harness.importAll();
    expect(status.removalsHeld).toBeUndefined();
    expect(status.relationshipsRemoved).toBeGreaterThan(0);
    expect(status).toMatchObject({ orphaned: 0, marked: 1 });
    expect(first.relationshipsAdded).toBeGreaterThan(status.relationshipsRemoved);
  });

  it('applying removals after a shrink removes them, and that read becomes the new baseline', async () => {
    const verdict = judgeCatalogRead(
      { entityCount: 40, reportedTotal: 40 },
      { entityCount: 56, readAt: '2026-12-01T00:00:00.000Z' },
      { maxShrink: DEFAULT_MAX_CATALOG_SHRINK, applyRemovals: true },
    );
    expect(verdict).toEqual({ allowed: true });
    expect(
      judgeCatalogRead(
        { entityCount: 51, reportedTotal: 51 },
        { entityCount: 56, readAt: '2026-12-01T00:00:00.000Z' },
        { maxShrink: DEFAULT_MAX_CATALOG_SHRINK },
      ),
    ).toEqual({ allowed: true });
  });
});

describe('failures', () => {
  it('a run that failed once and then finished has no error in its status', async () => {
    const harness = importHarness({ catalog: catalogBehindProxy() });
    let failures = 1;
    proxy.setFault((request) =>
      request.url.includes('/entities/by-refs') && failures-- > 0
        ? { respond: { status: 503, body: '{"error":{"name":"Unavailable","message":"starting"}}' } }
        : undefined,
    );
    const status = await harness.importAll();
    expect(status.state).toBe('done');
    expect(status.error).toBeUndefined();
  });

  it('a token Backstage refuses mid-run fails the run at once, with the app’s words, not after five deliveries', async () => {
    const harness = importHarness({ catalog: catalogBehindProxy() });
    proxy.setFault((request) =>
      request.url.includes('/entities/by-refs')
        ? {
            respond: {
              status: 401,
              body: '{"error":{"name":"AuthenticationError","message":"Illegal token"}}',
            },
          }
        : undefined,
    );
    const byRefs = () => proxy.requests.filter((request) => request.url.includes('/entities/by-refs')).length;
    const before = byRefs();
    const status = await harness.importAll();
    expect(status.state).toBe('failed');
    expect(status.error).toMatch(/^Backstage rejected the token/);
    expect(status.error).not.toContain('Illegal token');
    // One delivery, one by-refs request: no redelivery of a failure only an admin can cure.
    expect(byRefs() - before).toBe(1);
  });
});

/** kvs as Forge serves it: every call takes a while, so two callers can interleave between a read and a write. */
function withLatency(store: KeyValueStore, ms: number): KeyValueStore {
  const pause = () => new Promise((resolve) => setTimeout(resolve, ms));
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await pause();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

describe('cancel', () => {
  // The cancel comes from another invocation (the admin page) that sees kvs slower than the consumer does, so its
  // writes land in the middle of the consumer's checkpoint.
  it.each([40, 120, 300])(
    'a cancel racing a checkpoint (cancel latency %i ms) is never lost, and the history counts what was written',
    async (cancelLatencyMs) => {
      const shared = new InMemoryKeyValueStore();
      // Compass answers slowly enough that the cancel lands while slices remain.
      const harness = importHarness({
        store: withLatency(shared, 5) as InMemoryKeyValueStore,
        options: { sliceSize: 5 },
        compassOptions: { latencyMs: 150 },
      });
      await startImport(harness.deps, {
        cloudId: harness.compass.cloudId,
        backstageWebBaseUrl: harness.backstageBaseUrl,
      });
      const adminPage = { store: withLatency(shared, cancelLatencyMs) };
      const gateway = harness.deps.gateway;
      const createComponents = gateway.createComponents.bind(gateway);
      let cancelling: Promise<unknown> | undefined;
      gateway.createComponents = async (drafts) => {
        cancelling ??= cancelImport(adminPage);
        return createComponents(drafts);
      };
      await harness.queue.runUntilIdle();
      await cancelling;
      const status = await getImportStatus(harness.deps);
      expect(status.state).toBe('cancelled');
      expect(status.done).toBeLessThan(status.total);
      const [entry] = (await shared.get<RunHistoryEntry[]>(HISTORY_KEY))!;
      expect(entry).toMatchObject({ state: 'cancelled' });
      expect(entry!.counts.created).toBe(harness.compass.components().length);
    },
  );
});

describe('reporting', () => {
  it('two entities that become same-named components are both warned about, even in different slices', async () => {
    const twins = new Set(['payment-gateway', 'transactions-warehouse']);
    const retitle = (item: CatalogItem) =>
      item && twins.has(item.metadata?.name ?? '')
        ? { ...item, metadata: { ...item.metadata, title: 'Twin Ledger' } }
        : item;
    proxy.setFault((request) =>
      request.url.includes('/entities/by-query') || request.url.includes('/entities/by-refs')
        ? {
            rewriteJson: (json) => ({
              ...(json as object),
              items: (json as { items: CatalogItem[] }).items.map(retitle),
            }),
          }
        : undefined,
    );
    const harness = importHarness({ catalog: catalogBehindProxy(), options: { sliceSize: 5 } });
    await harness.importAll();
    const { results } = await getImportResults(harness.deps, { limit: 100 });
    const warned = results.filter((result) => result.warnings.some((w) => w.code === 'name-duplicate'));
    expect(warned.map((result) => result.entityRef).sort()).toEqual([
      'component:default/payment-gateway',
      'resource:default/transactions-warehouse',
    ]);
  });
});
