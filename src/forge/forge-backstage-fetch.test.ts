// The Forge adapter with @forge/api mocked at the edge: its `fetch` passes through to Node's fetch (what Forge's
// runtime wraps) to reach the real backend and real failing servers, or plays the platform refusing a call.
import { BackstageCatalogClient } from '../backstage/backstage-catalog-client';
import { BackstageCatalogError } from '../backstage/backstage-errors';
import { closedLoopbackPort, startSilentServer } from '../backstage/testing/test-servers';
import { testBackstage } from '../../sandbox/backstage/test-backstage';
import { forgeBackstageFetch } from './forge-backstage-fetch';

const forgeFetch = jest.fn<Promise<Response>, [string, RequestInit]>();
jest.mock('@forge/api', () => ({ fetch: (url: string, init: RequestInit) => forgeFetch(url, init) }));

const backstage = testBackstage();
const passThrough = (url: string, init: RequestInit) => fetch(url, init);

function client(baseUrl = backstage.baseUrl, timeoutMs = 5000) {
  return new BackstageCatalogClient({
    baseUrl,
    token: backstage.token,
    fetch: forgeBackstageFetch,
    timeoutMs,
  });
}

async function failure(promise: Promise<unknown>): Promise<BackstageCatalogError> {
  const error: unknown = await promise.then(
    () => new Error('expected a BackstageCatalogError, but the call succeeded'),
    (thrown: unknown) => thrown,
  );
  if (error instanceof BackstageCatalogError) return error;
  throw error;
}

beforeEach(() => {
  forgeFetch.mockReset();
  forgeFetch.mockImplementation(passThrough);
});

describe('forgeBackstageFetch', () => {
  it('reads the real catalog through @forge/api fetch, with the token and an abort signal', async () => {
    const page = await client().queryEntitiesPage({ pageSize: 3, fields: ['kind', 'metadata.name'] });
    expect(page.items).toHaveLength(3);
    const items = await client().getEntitiesByRefs(['component:default/payment-gateway']);
    expect(items[0]?.metadata.name).toBe('payment-gateway');
    const [, init] = forgeFetch.mock.calls[0] ?? [];
    expect((init?.headers as Record<string, string>).Authorization).toBe(`Bearer ${backstage.token}`);
    expect(init?.signal).toBeInstanceOf(AbortSignal);
  });

  it("keeps Backstage's own 401 and 400 answers as such", async () => {
    const unauthorized = await failure(
      new BackstageCatalogClient({
        baseUrl: backstage.baseUrl,
        token: 'wrong-token',
        fetch: forgeBackstageFetch,
      }).queryEntitiesPage({}),
    );
    expect(unauthorized.kind).toBe('unauthorized');
    // A real 400 from Backstage on a plain-http URL carries Backstage's error body, so it is not Forge refusing.
    const badRequest = await failure(client().queryEntitiesPage({}, 'not-a-cursor'));
    expect(badRequest.kind).toBe('bad-request');
  });

  it('classifies real transport failures as under Node: refused connection, timeout', async () => {
    const refused = await failure(
      client(`http://127.0.0.1:${await closedLoopbackPort()}`).queryEntitiesPage({}),
    );
    expect(refused.kind).toBe('unreachable');
    expect(refused.message).toContain('ECONNREFUSED');
    const silent = await startSilentServer();
    try {
      expect((await failure(client(silent.baseUrl, 300).queryEntitiesPage({}))).kind).toBe('timeout');
    } finally {
      await silent.close();
    }
  });

  it("egress blocked: a 403 without Backstage's error body", async () => {
    forgeFetch.mockResolvedValue(new Response('Forbidden', { status: 403 }));
    const error = await failure(client('https://backstage.acme.example').queryEntitiesPage({}));
    expect({ kind: error.kind, status: error.status }).toEqual({ kind: 'egress-blocked', status: 403 });
    expect(error.message).toContain('permissions.external.fetch.backend');
  });

  it('forbidden, not egress: a 403 that Backstage itself sent', async () => {
    const body = JSON.stringify({ error: { name: 'NotAllowedError', message: 'no catalog access' } });
    forgeFetch.mockResolvedValue(new Response(body, { status: 403 }));
    const error = await failure(client('https://backstage.acme.example').queryEntitiesPage({}));
    expect({ kind: error.kind, status: error.status }).toEqual({ kind: 'forbidden', status: 403 });
    expect(error.message).not.toContain('no catalog access');
    expect(error.logExcerpt).toContain('no catalog access');
  });

  it('egress blocked: the platform throws instead of answering', async () => {
    forgeFetch.mockRejectedValue(new Error('URL not included in the external fetch backend permissions'));
    const error = await failure(client('https://backstage.acme.example').queryEntitiesPage({}));
    expect(error.kind).toBe('egress-blocked');
  });

  it('egress blocked: a forge-proxy-error header', async () => {
    forgeFetch.mockResolvedValue(
      new Response('', { status: 502, headers: { 'forge-proxy-error': 'EGRESS_NOT_ALLOWED' } }),
    );
    const error = await failure(client('https://backstage.acme.example').queryEntitiesPage({}));
    expect(error.kind).toBe('egress-blocked');
    // The platform's words are for the log only.
    expect(error.message).not.toContain('EGRESS_NOT_ALLOWED');
    expect(error.logExcerpt).toContain('EGRESS_NOT_ALLOWED');
  });

  it('egress blocked: a bare 400 to a plain-http URL (Forge is https only)', async () => {
    forgeFetch.mockResolvedValue(new Response('Bad Request', { status: 400 }));
    const error = await failure(client('http://backstage.acme.example').queryEntitiesPage({}));
    expect(error.kind).toBe('egress-blocked');
    expect(error.message).toContain('HTTPS only');
  });
});
