// Every cause in the error taxonomy, produced for real: the real backend for auth, not-found and bad requests;
// closed ports, an unresolvable name, a self-signed HTTPS server and a silent server for the transport failures;
// a fault-injecting proxy in front of the real backend for what Backstage will not do on demand.
import { testBackstage } from '../../sandbox/backstage/test-backstage';
import { BackstageCatalogClient } from './backstage-catalog-client';
import { BackstageCatalogError, urlForDisplay, type BackstageErrorKind } from './backstage-errors';
import { nodeHttpFetch } from './node-http-fetch';
import {
  closedLoopbackPort,
  startFaultInjectingProxy,
  startSelfSignedHttpsServer,
  startSilentServer,
  echoHeaders,
  type FaultInjectingProxy,
} from './testing/test-servers';

const backstage = testBackstage();

function client(baseUrl: string, options: { token?: string; timeoutMs?: number } = {}) {
  return new BackstageCatalogClient({
    baseUrl,
    token: options.token ?? backstage.token,
    fetch: nodeHttpFetch,
    timeoutMs: options.timeoutMs ?? 5000,
  });
}

async function failure(promise: Promise<unknown>): Promise<BackstageCatalogError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BackstageCatalogError) return error;
    throw error;
  }
  throw new Error('expected a BackstageCatalogError, but the call succeeded');
}

function expectKind(error: BackstageCatalogError, kind: BackstageErrorKind, status?: number): void {
  expect({ kind: error.kind, status: error.status }).toEqual({ kind, status });
  expect(error.message).toContain(error.whatToDo);
  expect(error.message).not.toContain(backstage.token);
}

describe('answers from the real backend', () => {
  it("401 for a wrong token, in the app's words: Backstage's text only in the log excerpt, never the token", async () => {
    const error = await failure(client(backstage.baseUrl, { token: 'not-the-token' }).queryEntitiesPage({}));
    expectKind(error, 'unauthorized', 401);
    expect(error.message).not.toContain('Illegal token');
    expect(error.logExcerpt).toContain('Illegal token');
    expect(error.message).toContain(`${backstage.baseUrl}/api/catalog/entities/by-query`);
    expect(error.message).not.toContain('not-the-token');
    expect(error.retryable).toBe(false);
  });

  it('401 for a token Backstage does not know', async () => {
    const error = await failure(
      client(backstage.baseUrl, { token: 'x'.repeat(40) }).getEntitiesByRefs(['component:x']),
    );
    expectKind(error, 'unauthorized', 401);
  });

  it('404 "not a catalog" for a base URL with a path the backend does not serve', async () => {
    const error = await failure(client(`${backstage.baseUrl}/backstage`).queryEntitiesPage({}));
    expectKind(error, 'not-a-catalog', 404);
    expect(error.request?.url).toContain('/backstage/api/catalog/entities/by-query');
  });

  it('400 "bad request" for a cursor it cannot read, Backstage\'s reason only in the log excerpt', async () => {
    const error = await failure(client(backstage.baseUrl).queryEntitiesPage({}, 'not-a-cursor'));
    expectKind(error, 'bad-request', 400);
    expect(error.message).not.toContain('Malformed cursor');
    expect(error.logExcerpt).toContain('Malformed cursor');
  });
});

describe('transport failures', () => {
  it('unreachable: nothing listens on the port', async () => {
    const port = await closedLoopbackPort();
    const error = await failure(client(`http://127.0.0.1:${port}`).queryEntitiesPage({}));
    expectKind(error, 'unreachable');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.retryable).toBe(true);
  });

  it('unreachable through localhost, where the refusal comes as an AggregateError per address', async () => {
    const port = await closedLoopbackPort();
    const error = await failure(client(`http://localhost:${port}`).queryEntitiesPage({}));
    expectKind(error, 'unreachable');
  });

  it('dns: a name that cannot resolve', async () => {
    const error = await failure(client('https://backstage.example.invalid').queryEntitiesPage({}));
    expectKind(error, 'dns');
    expect(error.message).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });

  it('tls: a self-signed certificate', async () => {
    const server = await startSelfSignedHttpsServer();
    try {
      const error = await failure(client(server.baseUrl).queryEntitiesPage({}));
      expectKind(error, 'tls');
      expect(error.message).toMatch(/SELF_SIGNED|self-signed/i);
    } finally {
      await server.close();
    }
  });

  it('tls: speaking https to a plain-http port', async () => {
    const error = await failure(client(backstage.baseUrl.replace('http:', 'https:')).queryEntitiesPage({}));
    expectKind(error, 'tls');
  });

  it('timeout: a server that accepts and never answers', async () => {
    const server = await startSilentServer();
    try {
      const started = Date.now();
      const error = await failure(client(server.baseUrl, { timeoutMs: 300 }).queryEntitiesPage({}));
      expectKind(error, 'timeout');
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error.retryable).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('timeout: headers arrive but the body never completes', async () => {
    const server = await startSilentServer({ headersOnly: true });
    try {
      const error = await failure(client(server.baseUrl, { timeoutMs: 300 }).queryEntitiesPage({}));
      expectKind(error, 'timeout');
    } finally {
      await server.close();
    }
  });
});

describe('faults injected in front of the real backend', () => {
  let proxy: FaultInjectingProxy;
  beforeAll(async () => {
    proxy = await startFaultInjectingProxy(backstage.baseUrl);
  });
  afterAll(() => proxy.close());
  afterEach(() => proxy.setFault(undefined));

  it('passes a clean request through (the proxy itself is transparent)', async () => {
    const page = await client(proxy.baseUrl).queryEntitiesPage({ pageSize: 1 });
    expect(page.totalItems).toBe(backstage.entityCount);
  });

  it("5xx: server error, retryable; Backstage's message goes to the log excerpt, not the message", async () => {
    proxy.setFault(() => ({
      respond: {
        status: 503,
        body: JSON.stringify({ error: { name: 'ServiceUnavailableError', message: 'database is starting' } }),
      },
    }));
    const error = await failure(client(proxy.baseUrl).queryEntitiesPage({}));
    expectKind(error, 'server-error', 503);
    expect(error.message).not.toContain('database is starting');
    expect(error.logExcerpt).toContain('database is starting');
    expect(error.retryable).toBe(true);
  });

  it('5xx from a gateway with an HTML body', async () => {
    proxy.setFault(() => ({
      respond: { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' },
    }));
    expectKind(await failure(client(proxy.baseUrl).queryEntitiesPage({})), 'server-error', 502);
  });

  it("403 with Backstage's error body: the token may not read the catalog", async () => {
    proxy.setFault(() => ({
      respond: {
        status: 403,
        body: JSON.stringify({ error: { name: 'NotAllowedError', message: 'Unauthorized' } }),
      },
    }));
    expectKind(await failure(client(proxy.baseUrl).queryEntitiesPage({})), 'forbidden', 403);
  });

  it('429 with Retry-After: rate limited, retryable, with the delay', async () => {
    proxy.setFault(() => ({ respond: { status: 429, headers: { 'retry-after': '7' }, body: '' } }));
    const error = await failure(client(proxy.baseUrl).queryEntitiesPage({}));
    expectKind(error, 'rate-limited', 429);
    expect(error.retryAfterSeconds).toBe(7);
  });

  it('malformed JSON: the real body cut short', async () => {
    proxy.setFault(() => ({ rewriteBody: (text) => text.slice(0, text.length / 2) }));
    const error = await failure(client(proxy.baseUrl).queryEntitiesPage({}));
    expectKind(error, 'malformed-response', 200);
    expect(error.message).toContain('not JSON');
  });

  it.each([401, 403, 404, 429, 500, 502])(
    'a backend echoing the request headers in a %i body: the token is in no message and no excerpt',
    async (status) => {
      proxy.setFault(echoHeaders(status));
      const error = await failure(client(proxy.baseUrl).queryEntitiesPage({}));
      expect(error.logExcerpt).toContain('authorization');
      for (const text of [error.message, error.logExcerpt ?? '', JSON.stringify(error), String(error)]) {
        expect(text).not.toContain(backstage.token);
        expect(text).not.toContain(backstage.token.slice(0, 8));
      }
    },
  );

  it('a 200 answer that is not JSON but the echoed headers: nothing of the token in the parse error', async () => {
    proxy.setFault((request) => ({
      respond: { status: 200, body: `Bearer ${request.headers.authorization} and more` },
    }));
    const error = await failure(client(proxy.baseUrl).queryEntitiesPage({}));
    expectKind(error, 'malformed-response', 200);
    for (const text of [error.message, error.logExcerpt ?? '', JSON.stringify(error)]) {
      expect(text).not.toContain(backstage.token.slice(0, 8));
    }
  });

  it('a token an HTTP header cannot carry is refused before any request, never quoted', async () => {
    const token = `${backstage.token}\nX-Injected: 1`;
    const before = proxy.requests.length;
    const error = await failure(client(proxy.baseUrl, { token }).queryEntitiesPage({}));
    expectKind(error, 'invalid-token');
    expect(proxy.requests.length).toBe(before);
    expect(JSON.stringify({ message: error.message, excerpt: error.logExcerpt })).not.toContain(
      backstage.token,
    );
  });

  it('unexpected shape: valid JSON that is not a by-query page', async () => {
    proxy.setFault(() => ({ rewriteJson: (json) => ({ ...(json as object), items: { not: 'an array' } }) }));
    const error = await failure(client(proxy.baseUrl).queryEntitiesPage({}));
    expectKind(error, 'malformed-response', 200);
    expect(error.message).toContain('"items" is a object');
  });

  it('unexpected shape: by-refs answering fewer items than refs asked', async () => {
    proxy.setFault(() => ({ rewriteJson: () => ({ items: [] }) }));
    const error = await failure(
      client(proxy.baseUrl).getEntitiesByRefs(['component:default/payment-gateway']),
    );
    expectKind(error, 'malformed-response', 200);
  });

  it('an HTML page with status 200 (a frontend or sign-in page): not a catalog', async () => {
    proxy.setFault(() => ({
      respond: {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: '<!doctype html>',
      },
    }));
    expectKind(await failure(client(proxy.baseUrl).queryEntitiesPage({})), 'not-a-catalog', 200);
  });

  it('a server handing back the same cursor forever is stopped', async () => {
    const stuck = { items: [], totalItems: 1, pageInfo: { nextCursor: 'stuck-cursor' } };
    proxy.setFault(() => ({ respond: { status: 200, body: JSON.stringify(stuck) } }));
    const pages: unknown[] = [];
    const error = await failure(
      (async () => {
        for await (const page of client(proxy.baseUrl).queryAllEntities({ pageSize: 2 })) pages.push(page);
      })(),
    );
    expectKind(error, 'malformed-response');
    expect(pages).toHaveLength(2);
  });
});

describe('invalid entities are reported with ref and reason, never fatal', () => {
  let proxy: FaultInjectingProxy;
  beforeAll(async () => {
    proxy = await startFaultInjectingProxy(backstage.baseUrl);
  });
  afterAll(() => proxy.close());

  type RawEntity = {
    kind: string;
    metadata: { name: string; tags?: string[] };
    spec?: Record<string, unknown>;
  };
  /** Breaks two real entities the way a misbehaving catalog (or a custom processor) might serve them. */
  function breakEntities(items: (RawEntity | null)[]): (RawEntity | null)[] {
    return items.map((item) => {
      if (item?.metadata.name === 'payment-gateway')
        return { ...item, spec: { ...item.spec, lifecycle: undefined } };
      if (item?.metadata.name === 'ledger-service') {
        return { ...item, metadata: { ...item.metadata, tags: ['Not A Tag'] } };
      }
      return item;
    });
  }

  it('in a by-query page', async () => {
    proxy.setFault(() => ({
      rewriteJson: (json) => ({
        ...(json as object),
        items: breakEntities((json as { items: RawEntity[] }).items),
      }),
    }));
    const page = await client(proxy.baseUrl).queryEntitiesPage({ filter: ['kind=component'], pageSize: 500 });
    // Unordered: without orderField the catalog pages by internal uid.
    expect(page.invalid).toHaveLength(2);
    expect(page.invalid).toEqual(
      expect.arrayContaining([
        {
          entityRef: 'component:default/ledger-service',
          reason: expect.stringContaining('"tags.0" is not valid'),
        },
        {
          entityRef: 'component:default/payment-gateway',
          reason: expect.stringContaining("required property 'lifecycle'"),
        },
      ]),
    );
    expect(page.items).toHaveLength(page.totalItems - 2);
    expect(page.items.map((entity) => entity.metadata.name)).not.toContain('payment-gateway');
  });

  it('in a by-refs batch: null in its slot, listed in invalid', async () => {
    proxy.setFault(() => ({
      rewriteJson: (json) => ({ items: breakEntities((json as { items: (RawEntity | null)[] }).items) }),
    }));
    const result = await client(proxy.baseUrl).lookupEntitiesByRefs([
      'component:default/payment-gateway',
      'component:default/status-page',
    ]);
    expect(result.items[0]).toBeNull();
    expect(result.items[1]?.metadata.name).toBe('status-page');
    expect(result.invalid).toEqual([
      { entityRef: 'component:default/payment-gateway', reason: expect.stringContaining('lifecycle') },
    ]);
  });
});

describe('urlForDisplay', () => {
  it('drops credentials and shortens cursors, keeping repeated parameters', () => {
    const cursor = 'eyJvcmRlckZpZWxkcyI6W3siZmllbGQiOiJtZXRhZGF0YS5uYW1lIiwib3JkZXIiOiJhc2MifV19';
    const shown = urlForDisplay(
      `https://user:secret@backstage.example.com/api/catalog/entities/by-query?cursor=${cursor}&filter=a&filter=b`,
    );
    expect(shown).not.toContain('secret');
    expect(shown).not.toContain(cursor);
    expect(new URL(shown).searchParams.getAll('filter')).toEqual(['a', 'b']);
  });
});
