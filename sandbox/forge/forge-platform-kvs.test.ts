// The sandbox's storage service under the real @forge/kvs client and the app's own KeyValueStore adapter, reached
// the way they reach Forge: through the runtime's __forge_fetch__, which the installed ForgePlatform answers.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kvs, WhereConditions, type ForgeKvsAPIError } from '@forge/kvs';
import { forgeKeyValueStore } from '../../src/forge/forge-key-value-store';
import { LocalCompass } from '../local-compass';
import { ForgePlatform } from './forge-platform';
import { ForgeKvsService, KVS_LIMITS } from './forge-platform-kvs';

function platformWith(service: ForgeKvsService): ForgePlatform {
  return new ForgePlatform({ appId: 'test-app', kvs: service, graph: new LocalCompass(), queues: {} });
}

async function rejection(promise: Promise<unknown>): Promise<ForgeKvsAPIError> {
  const outcome: unknown = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (outcome instanceof Error) return outcome as ForgeKvsAPIError;
  throw new Error('expected the promise to reject');
}

const keysOf = (count: number, prefix = 'entity:') =>
  Array.from({ length: count }, (_, index) => `${prefix}${String(index).padStart(4, '0')}`);

describe('the sandbox kvs service under @forge/kvs', () => {
  let now: number;
  let service: ForgeKvsService;
  let platform: ForgePlatform;

  beforeEach(() => {
    now = Date.UTC(2026, 0, 1);
    service = new ForgeKvsService({ now: () => now });
    platform = platformWith(service);
    platform.install();
  });

  afterEach(() => platform.uninstall());

  it('keeps values as copies; a missing key reads as undefined and deletes without error', async () => {
    const value = { runId: 'run-1', nested: { list: [1, 2] } };
    await forgeKeyValueStore.set('import-run', value);
    value.nested.list.push(3);
    expect(await forgeKeyValueStore.get('import-run')).toEqual({ runId: 'run-1', nested: { list: [1, 2] } });
    expect(await forgeKeyValueStore.get('missing')).toBeUndefined();
    await forgeKeyValueStore.delete('import-run');
    await forgeKeyValueStore.delete('import-run');
    expect(await kvs.get('import-run')).toBeUndefined();
  });

  it('keeps secrets apart from values', async () => {
    await forgeKeyValueStore.setSecret('backstage-token', 's3cret');
    expect(await forgeKeyValueStore.get('backstage-token')).toBeUndefined();
    expect(await forgeKeyValueStore.getSecret('backstage-token')).toBe('s3cret');
    const listed = await forgeKeyValueStore.listByPrefix('backstage');
    expect(listed.entries).toEqual([]);
    await forgeKeyValueStore.deleteSecret('backstage-token');
    expect(await forgeKeyValueStore.getSecret('backstage-token')).toBeUndefined();
  });

  it('answers batches per key: missing keys as KEY_NOT_FOUND, which the app reads as absent', async () => {
    const keys = keysOf(45);
    await forgeKeyValueStore.setMany(
      keys.filter((_, i) => i % 2 === 0).map((key) => ({ key, value: { key } })),
    );
    const found = await forgeKeyValueStore.getMany<{ key: string }>(keys);
    expect([...found.keys()]).toEqual(keys.filter((_, i) => i % 2 === 0));
    const raw = await kvs.batchGet([{ key: 'entity:0000' }, { key: 'entity:0001' }]);
    expect(raw.successfulKeys).toEqual([{ key: 'entity:0000', value: { key: 'entity:0000' } }]);
    expect(raw.failedKeys).toEqual([
      { key: 'entity:0001', error: expect.objectContaining({ code: 'KEY_NOT_FOUND' }) },
    ]);
    await forgeKeyValueStore.deleteMany(keys);
    expect(service.stats().keys).toBe(0);
  });

  it('lists a prefix in key order, at most 100 a page, with an opaque cursor', async () => {
    const keys = keysOf(250);
    await forgeKeyValueStore.setMany([...keys].reverse().map((key) => ({ key, value: 1 })));
    await forgeKeyValueStore.set('other:0001', 1);
    const pages: number[] = [];
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await forgeKeyValueStore.listByPrefix('entity:', { cursor, limit: 500 });
      pages.push(page.entries.length);
      listed.push(...page.entries.map((entry) => entry.key));
      cursor = page.nextCursor;
      if (cursor) expect(cursor).not.toContain('entity:');
    } while (cursor);
    expect(pages).toEqual([100, 100, 50]);
    expect(listed).toEqual(keys);
    expect(
      (await kvs.query().where('key', WhereConditions.beginsWith('entity:')).getMany()).results,
    ).toHaveLength(KVS_LIMITS.defaultQueryLimit);
  });

  it("refuses what the platform refuses, as @forge/kvs' typed error", async () => {
    const tooMany = await rejection(
      kvs.query().where('key', WhereConditions.beginsWith('a')).limit(101).getMany(),
    );
    expect(tooMany.code).toBe('INVALID_LIMIT');
    expect((await rejection(kvs.set('bad/key', 1))).code).toBe('INVALID_KEY');
    expect((await rejection(kvs.set('x'.repeat(KVS_LIMITS.maxKeyLength + 1), 1))).code).toBe('INVALID_KEY');
    const big = await rejection(kvs.set('big', 'x'.repeat(KVS_LIMITS.maxValueBytes)));
    expect(big.code).toBe('VALUE_TOO_LARGE');
  });

  it('honours a TTL and the set policies', async () => {
    await kvs.set('short-lived', 'v', { ttl: { value: 30, unit: 'SECONDS' } });
    expect(await kvs.get('short-lived')).toBe('v');
    now += 31_000;
    expect(await kvs.get('short-lived')).toBeUndefined();

    await kvs.set('once', 1, { keyPolicy: 'FAIL_IF_EXISTS' });
    expect((await rejection(kvs.set('once', 2, { keyPolicy: 'FAIL_IF_EXISTS' }))).code).toBe(
      'KEY_ALREADY_EXISTS',
    );
    const previous = await kvs.set('once', 3, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' });
    expect(previous).toMatchObject({ key: 'once', value: 1 });
    expect(await kvs.get('once')).toBe(3);
  });
});

describe('the sandbox kvs service with latency', () => {
  it('answers each request after the latency, and of racing FAIL_IF_EXISTS writes exactly one wins', async () => {
    const platform = platformWith(new ForgeKvsService({ latencyMs: 20 }));
    platform.install();
    try {
      const started = Date.now();
      const outcomes = await Promise.all(
        [1, 2, 3, 4].map((caller) => forgeKeyValueStore.setIfAbsent('claim', { caller }, { ttlSeconds: 60 })),
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(19);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await forgeKeyValueStore.get('claim')).toEqual({ caller: outcomes.indexOf(true) + 1 });
    } finally {
      platform.uninstall();
    }
  });
});

describe('the state file', () => {
  it('keeps values and secrets across a restart, readable by its owner only', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sandbox-kvs-'));
    const stateFile = join(folder, 'state.json');
    try {
      const first = new ForgeKvsService({ stateFile });
      const platform = platformWith(first);
      platform.install();
      await forgeKeyValueStore.set('import-run', { runId: 'run-7' });
      await forgeKeyValueStore.setSecret('backstage-token', 'kept');
      first.flush();
      platform.uninstall();
      expect(statSync(stateFile).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toHaveProperty(['values', 'import-run']);

      const second = platformWith(new ForgeKvsService({ stateFile }));
      second.install();
      try {
        expect(await forgeKeyValueStore.get('import-run')).toEqual({ runId: 'run-7' });
        expect(await forgeKeyValueStore.getSecret('backstage-token')).toBe('kept');
      } finally {
        second.uninstall();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
