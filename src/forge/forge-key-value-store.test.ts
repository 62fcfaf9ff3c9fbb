// The Forge KeyValueStore over the real @forge/kvs client, with only the platform stubbed: the runtime's
// __forge_fetch__ goes to the sandbox's storage service (sandbox/forge/forge-platform-kvs.ts: 404 KEY_NOT_FOUND for
// a missing key, per-key failures in batch answers, prefix queries with an opaque cursor), recorded here, with the
// faults the service never makes on its own injected on the way.
import { ForgeKvsService } from '../../sandbox/forge/forge-platform-kvs';
import { forgeKeyValueStore } from './forge-key-value-store';
import { rejection } from '../testing/rejection';

interface KvsError {
  code: string;
  message: string;
}

interface QueryBody {
  limit?: number;
  after?: string;
  where?: { property: string; condition: string; values: unknown[] }[];
}

/** The sandbox's storage service as the client reaches it, recording each request and injecting faults. */
class RecordedKvsPlatform {
  readonly service = new ForgeKvsService();
  readonly requests: { path: string; body: unknown }[] = [];
  private readonly failingKeys = new Map<string, KvsError>();

  /** Stored values and secrets, as the service holds them. */
  get values() {
    const service = this.service;
    return {
      get: (key: string) => service.getValue(key),
      set: (key: string, value: unknown) => service.setValue(key, value),
      has: (key: string) => service.getValue(key) !== undefined,
      get size() {
        return service.stats().keys;
      },
    };
  }
  readonly secrets = { get: (key: string) => this.service.getSecretValue(key) };

  /** What a FAIL_IF_EXISTS write of an existing key is answered with (409) instead of the service's own code. */
  conflict?: KvsError;
  /** Answers every single-key set with this failure. */
  setFailure?: { status: number; body: KvsError };

  /** Makes every batch operation on `key` report it in failedKeys with `code`, leaving it untouched. */
  failKey(key: string, code = 'INTERNAL_SERVER_ERROR'): void {
    this.failingKeys.set(key, { code, message: `Simulated ${code}` });
  }

  requestsTo(path: string): unknown[] {
    return this.requests.filter((request) => request.path === path).map((request) => request.body);
  }

  readonly fetch = async (_target: unknown, path: string, init: RequestInit): Promise<Response> => {
    const body: unknown = JSON.parse(String(init.body));
    this.requests.push({ path, body });
    if (path === '/api/v1/set' && this.setFailure)
      return Response.json(this.setFailure.body, { status: this.setFailure.status });
    if (path.startsWith('/api/v1/batch/')) return this.batchWithFailures(path, body as { key: string }[]);
    const answer = await this.service.handle(path, init);
    if (path === '/api/v1/set' && answer.status === 409 && this.conflict)
      return Response.json(this.conflict, { status: 409 });
    return answer;
  };

  private async batchWithFailures(path: string, items: { key: string }[]): Promise<Response> {
    const failing = items.filter((item) => this.failingKeys.has(item.key));
    const passed = items.filter((item) => !this.failingKeys.has(item.key));
    const answer = (await (
      await this.service.handle(path, { method: 'POST', body: JSON.stringify(passed) })
    ).json()) as { successfulKeys: object[]; failedKeys: { key: string; error: KvsError }[] };
    answer.failedKeys.push(
      ...failing.map((item) => ({ key: item.key, error: this.failingKeys.get(item.key)! })),
    );
    return Response.json(answer);
  }
}

let platform: RecordedKvsPlatform;
const runtime = globalThis as { __forge_fetch__?: unknown };

beforeEach(() => {
  platform = new RecordedKvsPlatform();
  runtime.__forge_fetch__ = platform.fetch;
});

afterEach(() => {
  delete runtime.__forge_fetch__;
});

const keysOf = (count: number, prefix = 'entity:') =>
  Array.from({ length: count }, (_, index) => `${prefix}${String(index).padStart(4, '0')}`);

describe('forgeKeyValueStore', () => {
  it('sets, gets and deletes through kvs; a missing key reads as undefined and deletes without error', async () => {
    await forgeKeyValueStore.set('run:current', { runId: 'run-1' });
    expect(platform.values.get('run:current')).toEqual({ runId: 'run-1' });
    expect(await forgeKeyValueStore.get('run:current')).toEqual({ runId: 'run-1' });
    expect(await forgeKeyValueStore.get('run:missing')).toBeUndefined();
    await forgeKeyValueStore.delete('run:current');
    await forgeKeyValueStore.delete('run:current');
    expect(await forgeKeyValueStore.get('run:current')).toBeUndefined();
  });

  it('getMany asks kvs in chunks of 20 and returns the keys that exist; a missing key is not an error', async () => {
    const keys = keysOf(45);
    keys.filter((_, index) => index % 2 === 0).forEach((key) => platform.values.set(key, { key }));
    const found = await forgeKeyValueStore.getMany<{ key: string }>(keys);
    const chunks = platform.requestsTo('/api/v1/batch/get') as { key: string }[][];
    expect(chunks.map((chunk) => chunk.length)).toEqual([20, 20, 5]);
    expect(chunks.flat().map((item) => item.key)).toEqual(keys);
    expect([...found.keys()]).toEqual(keys.filter((_, index) => index % 2 === 0));
    expect(found.get('entity:0002')).toEqual({ key: 'entity:0002' });
    expect(await forgeKeyValueStore.getMany([])).toEqual(new Map());
    expect(platform.requestsTo('/api/v1/batch/get')).toHaveLength(3);
  });

  it('setMany writes in chunks of 20 and deleteMany removes in chunks, tolerating keys already gone', async () => {
    const keys = keysOf(41);
    await forgeKeyValueStore.setMany(keys.map((key, index) => ({ key, value: { index } })));
    expect((platform.requestsTo('/api/v1/batch/set') as unknown[][]).map((chunk) => chunk.length)).toEqual([
      20, 20, 1,
    ]);
    expect(platform.values.get('entity:0040')).toEqual({ index: 40 });
    await forgeKeyValueStore.deleteMany([...keys, 'entity:never-written']);
    expect((platform.requestsTo('/api/v1/batch/delete') as unknown[][]).map((chunk) => chunk.length)).toEqual(
      [20, 20, 2],
    );
    expect(platform.values.size).toBe(0);
  });

  it.each([
    ['getMany', () => forgeKeyValueStore.getMany(keysOf(30))],
    ['setMany', () => forgeKeyValueStore.setMany(keysOf(30).map((key) => ({ key, value: 1 })))],
    ['deleteMany', () => forgeKeyValueStore.deleteMany(keysOf(30))],
  ])('%s throws, naming the key, when kvs reports a key as failed', async (_, operation) => {
    keysOf(30).forEach((key) => platform.values.set(key, 0));
    platform.failKey('entity:0025', 'INTERNAL_SERVER_ERROR');
    const error = await rejection(operation());
    expect(error.message).toContain('entity:0025');
  });

  it('lists a prefix with the query builder: beginsWith the prefix, at most 100, the cursor passed back', async () => {
    const keys = keysOf(250);
    [...keys].reverse().forEach((key) => platform.values.set(key, { key }));
    platform.values.set('other:0001', {});
    const listed: string[] = [];
    const cursors: (string | undefined)[] = [];
    let cursor: string | undefined;
    do {
      const page = await forgeKeyValueStore.listByPrefix<{ key: string }>('entity:', { cursor, limit: 500 });
      expect(page.entries.every((entry) => entry.value.key === entry.key)).toBe(true);
      listed.push(...page.entries.map((entry) => entry.key));
      cursor = page.nextCursor;
      cursors.push(cursor);
    } while (cursor);
    expect(listed).toEqual(keys);
    const queries = platform.requestsTo('/api/v1/query') as QueryBody[];
    expect(queries).toEqual([
      { limit: 100, where: [{ property: 'key', condition: 'BEGINS_WITH', values: ['entity:'] }] },
      {
        limit: 100,
        after: cursors[0],
        where: [{ property: 'key', condition: 'BEGINS_WITH', values: ['entity:'] }],
      },
      {
        limit: 100,
        after: cursors[1],
        where: [{ property: 'key', condition: 'BEGINS_WITH', values: ['entity:'] }],
      },
    ]);
  });

  it('asks for a smaller page when given a smaller limit, and 100 when given none', async () => {
    keysOf(5).forEach((key) => platform.values.set(key, 1));
    const page = await forgeKeyValueStore.listByPrefix('entity:', { limit: 2 });
    expect(page.entries).toHaveLength(2);
    expect(page.nextCursor).toEqual(expect.any(String));
    const all = await forgeKeyValueStore.listByPrefix('entity:');
    expect(all.entries).toHaveLength(5);
    expect(all.nextCursor).toBeUndefined();
    expect((platform.requestsTo('/api/v1/query') as QueryBody[]).map((query) => query.limit)).toEqual([
      2, 100,
    ]);
  });

  it('keeps secrets in kvs secret storage, apart from values', async () => {
    await forgeKeyValueStore.setSecret('backstage:token', { token: 's3cret' });
    expect(platform.secrets.get('backstage:token')).toEqual({ token: 's3cret' });
    expect(platform.values.has('backstage:token')).toBe(false);
    expect(await forgeKeyValueStore.get('backstage:token')).toBeUndefined();
    expect(await forgeKeyValueStore.getSecret('backstage:token')).toEqual({ token: 's3cret' });
    await forgeKeyValueStore.deleteSecret('backstage:token');
    expect(await forgeKeyValueStore.getSecret('backstage:token')).toBeUndefined();
  });

  it('setIfAbsent writes with FAIL_IF_EXISTS and the TTL, and answers false when the key exists', async () => {
    expect(await forgeKeyValueStore.setIfAbsent('import-claim:none', { at: 1 }, { ttlSeconds: 60 })).toBe(
      true,
    );
    expect(platform.requestsTo('/api/v1/set')).toEqual([
      {
        key: 'import-claim:none',
        value: { at: 1 },
        options: { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 60, unit: 'SECONDS' } },
      },
    ]);
    expect(await forgeKeyValueStore.setIfAbsent('import-claim:none', { at: 2 }, { ttlSeconds: 60 })).toBe(
      false,
    );
    expect(platform.values.get('import-claim:none')).toEqual({ at: 1 });
  });

  it.each([['KEY_ALREADY_EXISTS'], ['KEY_CONFLICT'], ['CONFLICT'], ['SOMETHING_NEW']])(
    'setIfAbsent reads a 409 answer (%s) as "the key exists"',
    async (code) => {
      platform.values.set('claim', 1);
      platform.conflict = { code, message: 'exists' };
      expect(await forgeKeyValueStore.setIfAbsent('claim', 2)).toBe(false);
    },
  );

  it.each([
    [500, 'INTERNAL_SERVER_ERROR'],
    [429, 'RATE_LIMIT_EXCEEDED'],
    [400, 'INVALID_KEY'],
  ])('setIfAbsent rethrows any other failure (%i %s)', async (status, code) => {
    platform.setFailure = { status, body: { code, message: 'no' } };
    const error = await rejection(forgeKeyValueStore.setIfAbsent('claim', 1));
    expect(error).toMatchObject({ code });
  });
});
