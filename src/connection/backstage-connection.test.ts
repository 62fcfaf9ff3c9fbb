import { InvalidRequestError } from '../core/invalid-request';
import { InMemoryKeyValueStore } from '../state/in-memory-key-value-store';
import {
  getConnectionView,
  loadConnection,
  normaliseBackstageUrl,
  recordConnectionTest,
  saveConnection,
} from './backstage-connection';

describe('normaliseBackstageUrl', () => {
  it('keeps an https URL and drops trailing slashes', () => {
    expect(normaliseBackstageUrl(' https://backstage.acme.io/ ')).toBe('https://backstage.acme.io');
    expect(normaliseBackstageUrl('https://acme.io/backstage//')).toBe('https://acme.io/backstage');
  });

  it('drops the catalog API path the client adds itself, so entity links do not get it twice', () => {
    expect(normaliseBackstageUrl('https://backstage.acme.io/api/catalog/')).toBe('https://backstage.acme.io');
    expect(normaliseBackstageUrl('https://acme.io/portal/API/Catalog')).toBe('https://acme.io/portal');
  });

  it.each([
    ['not a url', /is not a URL/],
    ['http://backstage.acme.io', /must start with https/],
    ['ftp://backstage.acme.io', /must start with https/],
    ['https://admin:secret@backstage.acme.io', /user name and password/],
    ['https://backstage.acme.io/?token=x', /query string/],
  ])('rejects %s with a clear message', (input, message) => {
    expect(() => normaliseBackstageUrl(input)).toThrow(message);
    expect(() => normaliseBackstageUrl(input)).toThrow(InvalidRequestError);
  });

  it('accepts plain http only for loopback hosts, and only when allowed', () => {
    expect(normaliseBackstageUrl('http://127.0.0.1:7007', { allowLoopbackHttp: true })).toBe(
      'http://127.0.0.1:7007',
    );
    expect(() => normaliseBackstageUrl('http://127.0.0.1:7007')).toThrow(/https/);
    expect(() => normaliseBackstageUrl('http://backstage.acme.io', { allowLoopbackHttp: true })).toThrow(
      /https/,
    );
  });
});

describe('saveConnection', () => {
  const now = () => new Date('2026-11-24T10:00:00.000Z');

  it('stores the token as a secret and never shows it', async () => {
    const store = new InMemoryKeyValueStore();
    const view = await saveConnection(
      store,
      { baseUrl: 'https://backstage.acme.io/', token: ' tok-123456 ' },
      { now },
    );
    expect(view).toEqual({
      baseUrl: 'https://backstage.acme.io',
      token: { set: true, savedAt: '2026-11-24T10:00:00.000Z' },
      saved: true,
    });
    expect(JSON.stringify(await getConnectionView(store))).not.toContain('tok-123456');
    expect(await store.getSecret('backstage-token')).toBe('tok-123456');
    expect(await loadConnection(store)).toEqual({
      baseUrl: 'https://backstage.acme.io',
      token: 'tok-123456',
    });
  });

  it.each(['https://new.acme.io', 'https://old.acme.io/portal', 'https://old.acme.io:8443'])(
    'never sends the saved token to a new address: %s alone is refused and nothing changes',
    async (newUrl) => {
      const store = new InMemoryKeyValueStore();
      await saveConnection(store, { baseUrl: 'https://old.acme.io', token: 'tok-123456' }, { now });
      const refused = saveConnection(store, { baseUrl: newUrl });
      await expect(refused).rejects.toThrow(InvalidRequestError);
      await expect(saveConnection(store, { baseUrl: newUrl })).rejects.toMatchObject({ field: 'token' });
      expect(await loadConnection(store)).toEqual({ baseUrl: 'https://old.acme.io', token: 'tok-123456' });
      // With the token again, the new address is saved.
      await saveConnection(store, { baseUrl: newUrl, token: 'tok-654321' });
      expect(await loadConnection(store)).toEqual({ baseUrl: newUrl, token: 'tok-654321' });
    },
  );

  it('tests before saving: a failed test saves nothing when a passing one is required, and is kept otherwise', async () => {
    const store = new InMemoryKeyValueStore();
    const tested: { baseUrl: string; token: string }[] = [];
    const failing = async (connection: { baseUrl: string; token: string }) => {
      tested.push(connection);
      return { ok: false, checkedAt: '2026-11-24T10:00:00.000Z' };
    };
    const refused = await saveConnection(
      store,
      { baseUrl: 'https://backstage.acme.io', token: 'tok-123456' },
      { now, test: failing, requirePassingTest: true },
    );
    expect(refused).toMatchObject({ saved: false, test: { ok: false }, token: { set: false } });
    expect(await loadConnection(store)).toBeUndefined();
    expect(tested).toEqual([{ baseUrl: 'https://backstage.acme.io', token: 'tok-123456' }]);

    // "Save anyway": saved, and read back as not verified (its last test failed).
    const anyway = await saveConnection(
      store,
      { baseUrl: 'https://backstage.acme.io', token: 'tok-123456' },
      { now, test: failing },
    );
    expect(anyway).toMatchObject({ saved: true, lastTest: { ok: false } });
    // Saved again with the token kept: the saved token is what gets tested; a passing test verifies it.
    await saveConnection(
      store,
      { baseUrl: 'https://backstage.acme.io' },
      { test: async () => ({ ok: true, checkedAt: '2026-11-24T10:01:00.000Z' }), requirePassingTest: true },
    );
    expect((await getConnectionView(store)).lastTest).toEqual({
      ok: true,
      checkedAt: '2026-11-24T10:01:00.000Z',
    });
    await recordConnectionTest(store, { ok: false, checkedAt: '2026-11-24T10:02:00.000Z' });
    expect((await getConnectionView(store)).lastTest).toEqual({
      ok: false,
      checkedAt: '2026-11-24T10:02:00.000Z',
    });
  });

  it('keeps the saved token when the same address is saved again (as typed differently)', async () => {
    const store = new InMemoryKeyValueStore();
    await saveConnection(store, { baseUrl: 'https://old.acme.io', token: 'tok-123456' }, { now });
    await saveConnection(store, { baseUrl: ' https://old.acme.io/api/catalog/ ' });
    expect(await loadConnection(store)).toEqual({ baseUrl: 'https://old.acme.io', token: 'tok-123456' });
  });

  it.each([
    ['a line break inside', 'tok-1234\n56789', /one line/],
    ['a space inside', 'tok-1234 56789', /one line/],
    ['a non-ASCII character', 'tok-1234é56789', /visible ASCII/],
    ['a control character', 'tok-1234\u000756789', /visible ASCII/],
    ['too short', 'tok-12', /8 to 4096/],
    ['too long', 'x'.repeat(4097), /8 to 4096/],
  ])('refuses a token with %s, never quoting it, and keeps the saved one', async (_case, token, message) => {
    const store = new InMemoryKeyValueStore();
    await saveConnection(store, { baseUrl: 'https://acme.io', token: 'tok-123456' });
    const error = await saveConnection(store, { baseUrl: 'https://acme.io', token }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ field: 'token', message: expect.stringMatching(message) });
    expect((error as Error).message).not.toContain(token.trim());
    expect(await loadConnection(store)).toEqual({ baseUrl: 'https://acme.io', token: 'tok-123456' });
  });

  it('requires a token the first time and refuses an empty one, losing nothing', async () => {
    const store = new InMemoryKeyValueStore();
    await expect(saveConnection(store, { baseUrl: 'https://acme.io' })).rejects.toThrow(/token is required/);
    await saveConnection(store, { baseUrl: 'https://acme.io', token: 'tok-123456' });
    await expect(saveConnection(store, { baseUrl: 'https://other.io', token: '  ' })).rejects.toThrow(
      /empty/,
    );
    expect(await loadConnection(store)).toEqual({ baseUrl: 'https://acme.io', token: 'tok-123456' });
  });

  it('reports no connection before one is saved', async () => {
    const store = new InMemoryKeyValueStore();
    expect(await loadConnection(store)).toBeUndefined();
    expect(await getConnectionView(store)).toEqual({ token: { set: false } });
  });
});
