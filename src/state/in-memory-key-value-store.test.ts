// The in-memory KeyValueStore behaves as @forge/kvs does where the sync engine depends on it: values are stored
// serialised (so every read is a copy), listing pages through a prefix in key order, and secrets live apart.
import { forgeKeyValueStore } from '../forge/forge-key-value-store';
import { rejection } from '../testing/rejection';
import { InMemoryKeyValueStore } from './in-memory-key-value-store';

interface EntityState {
  componentId: string;
  hash: string;
  seenAt: string | Date;
}

async function listAll(store: InMemoryKeyValueStore, prefix: string, limit?: number) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listByPrefix<unknown>(prefix, { cursor, limit });
    pages.push(page.entries.map((entry) => entry.key));
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
}

describe('InMemoryKeyValueStore', () => {
  it('reads back what was set, undefined for what was not or was deleted', async () => {
    const store = new InMemoryKeyValueStore();
    await store.set('run:current', { runId: 'run-1', status: 'running' });
    expect(await store.get('run:current')).toEqual({ runId: 'run-1', status: 'running' });
    expect(await store.get('run:missing')).toBeUndefined();
    await store.delete('run:current');
    await store.delete('run:never-set');
    expect(await store.get('run:current')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('stores copies: changing what was set, or what was read, leaves the stored value as it was', async () => {
    const store = new InMemoryKeyValueStore();
    const state: EntityState = { componentId: 'c-1', hash: 'h1', seenAt: '2026-01-01' };
    await store.set('entity:a', state);
    state.hash = 'changed by the caller';
    const read = await store.get<EntityState>('entity:a');
    read!.hash = 'changed by a reader';
    const many = await store.getMany<EntityState>(['entity:a']);
    many.get('entity:a')!.hash = 'changed by a batch reader';
    const [listed] = (await store.listByPrefix<EntityState>('entity:')).entries;
    listed!.value.hash = 'changed by a lister';
    expect(await store.get('entity:a')).toEqual({ componentId: 'c-1', hash: 'h1', seenAt: '2026-01-01' });
  });

  it('serialises as JSON does: a Date comes back as its ISO string, undefined fields are dropped', async () => {
    const store = new InMemoryKeyValueStore();
    await store.set('entity:a', { seenAt: new Date('2026-02-03T04:05:06Z'), note: undefined });
    expect(await store.get('entity:a')).toEqual({ seenAt: '2026-02-03T04:05:06.000Z' });
  });

  it('batches: getMany returns only the keys that exist, setMany and deleteMany write them all', async () => {
    const store = new InMemoryKeyValueStore();
    await store.setMany([
      { key: 'entity:a', value: { n: 1 } },
      { key: 'entity:b', value: { n: 2 } },
      { key: 'entity:c', value: { n: 3 } },
    ]);
    const found = await store.getMany<{ n: number }>(['entity:c', 'entity:missing', 'entity:a']);
    expect([...found.entries()]).toEqual([
      ['entity:c', { n: 3 }],
      ['entity:a', { n: 1 }],
    ]);
    await store.deleteMany(['entity:a', 'entity:c', 'entity:missing']);
    expect([...(await store.getMany(['entity:a', 'entity:b', 'entity:c'])).keys()]).toEqual(['entity:b']);
    expect(await store.getMany([])).toEqual(new Map());
  });

  it('lists a prefix in key order, whatever the order of writing, and nothing outside the prefix', async () => {
    const store = new InMemoryKeyValueStore();
    for (const key of ['entity:c', 'run:1', 'entity:a', 'entity-other', 'entity:b', 'entities:x']) {
      await store.set(key, { key });
    }
    const page = await store.listByPrefix<{ key: string }>('entity:');
    expect(page.entries).toEqual([
      { key: 'entity:a', value: { key: 'entity:a' } },
      { key: 'entity:b', value: { key: 'entity:b' } },
      { key: 'entity:c', value: { key: 'entity:c' } },
    ]);
    expect(page.nextCursor).toBeUndefined();
  });

  it('pages 250 keys 100 at a time with a cursor, each key exactly once, in order', async () => {
    const store = new InMemoryKeyValueStore();
    const keys = Array.from({ length: 250 }, (_, index) => `entity:${String(index).padStart(4, '0')}`);
    await store.setMany([...keys].reverse().map((key) => ({ key, value: {} })));
    await store.set('other:0001', {});
    const pages = await listAll(store, 'entity:');
    expect(pages.map((page) => page.length)).toEqual([100, 100, 50]);
    expect(pages.flat()).toEqual(keys);
  });

  it('honours a smaller limit, never gives more than 100, and gives no cursor after exactly one full page', async () => {
    const store = new InMemoryKeyValueStore();
    await store.setMany(
      Array.from({ length: 100 }, (_, index) => ({ key: `k:${1000 + index}`, value: index })),
    );
    expect((await listAll(store, 'k:', 30)).map((page) => page.length)).toEqual([30, 30, 30, 10]);
    expect((await listAll(store, 'k:', 500)).map((page) => page.length)).toEqual([100]);
    await store.set('k:2000', 100);
    expect((await listAll(store, 'k:', 500)).map((page) => page.length)).toEqual([100, 1]);
  });

  it('continues from a cursor whose key was deleted between pages', async () => {
    const store = new InMemoryKeyValueStore();
    await store.setMany(['p:a', 'p:b', 'p:c', 'p:d'].map((key) => ({ key, value: key })));
    const first = await store.listByPrefix<string>('p:', { limit: 2 });
    expect(first.entries.map((entry) => entry.key)).toEqual(['p:a', 'p:b']);
    await store.delete('p:b');
    const second = await store.listByPrefix<string>('p:', { limit: 2, cursor: first.nextCursor });
    expect(second.entries.map((entry) => entry.key)).toEqual(['p:c', 'p:d']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('keeps secrets apart from values: neither get nor listing sees a secret, nor getSecret a value', async () => {
    const store = new InMemoryKeyValueStore();
    await store.setSecret('backstage:token', { token: 's3cret' });
    await store.set('backstage:connection', { baseUrl: 'https://backstage.example.com' });
    expect(await store.get('backstage:token')).toBeUndefined();
    expect(await store.getSecret('backstage:connection')).toBeUndefined();
    expect((await store.listByPrefix('backstage:')).entries.map((entry) => entry.key)).toEqual([
      'backstage:connection',
    ]);
    expect(await store.getSecret('backstage:token')).toEqual({ token: 's3cret' });
    expect(store.size).toBe(1);
    await store.deleteSecret('backstage:token');
    expect(await store.getSecret('backstage:token')).toBeUndefined();
    expect(await store.get('backstage:connection')).toEqual({ baseUrl: 'https://backstage.example.com' });
  });

  it('setIfAbsent writes only a key that is absent or expired, exactly once among racing callers', async () => {
    let now = Date.UTC(2026, 0, 1);
    const store = new InMemoryKeyValueStore({ now: () => now });
    const outcomes = await Promise.all(
      ['a', 'b', 'c'].map((caller) => store.setIfAbsent('claim', { caller }, { ttlSeconds: 60 })),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const winner = ['a', 'b', 'c'][outcomes.indexOf(true)];
    expect(await store.get('claim')).toEqual({ caller: winner });
    now += 59_000;
    expect(await store.setIfAbsent('claim', { caller: 'd' }, { ttlSeconds: 60 })).toBe(false);
    now += 2_000;
    expect(await store.get('claim')).toBeUndefined();
    expect(await store.setIfAbsent('claim', { caller: 'e' })).toBe(true);
    now += 3_600_000;
    expect(await store.get('claim')).toEqual({ caller: 'e' });
  });

  it('refuses what Forge’s storage refuses: a key outside its pattern or length, a value over 240 KiB', async () => {
    const store = new InMemoryKeyValueStore();
    expect(await rejection(store.set('entity:a/b', 1))).toMatchObject({ code: 'INVALID_KEY' });
    expect(await rejection(store.set('k'.repeat(501), 1))).toMatchObject({ code: 'INVALID_KEY' });
    expect(await rejection(store.set('big', 'x'.repeat(240 * 1024)))).toMatchObject({
      code: 'VALUE_TOO_LARGE',
    });
    expect(store.size).toBe(0);
  });

  it('keeps each store apart, even racing, and leaves calls outside a store to the runtime installed', async () => {
    const [first, second] = [new InMemoryKeyValueStore(), new InMemoryKeyValueStore()];
    await Promise.all([first.set('run', 'first'), second.set('run', 'second')]);
    expect([await first.get('run'), await second.get('run')]).toEqual(['first', 'second']);
    const outside = await rejection(forgeKeyValueStore.get('run'));
    expect(outside.message).toMatch(/No Forge platform/);
  });
});
