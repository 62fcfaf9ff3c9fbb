// The sandbox's HTTP contract end to end, over real HTTP: the app's real handlers on the emulated Forge platform,
// the jest run's real Backstage and the local Compass. No browser here: the bridge stand-in the pages get is run
// in a VM context against the live server instead.
import { createServer, type Server } from 'node:net';
import { closedLoopbackPort } from '../../src/backstage/testing/test-servers';
import { runInNewContext } from 'node:vm';
import { TECH_INSIGHTS_CONFIG } from '../backstage/embedded-backstage';
import { testBackstage } from '../backstage/test-backstage';
import { componentPath, escapeHtml } from './pages';
import { SANDBOX_ACCOUNT_ID, SandboxPortInUseError, startSandbox, type Sandbox } from './start-sandbox';

const backstage = testBackstage();
let sandbox: Sandbox;

type Json = Record<string, unknown>;

async function post(path: string, body: unknown): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json, headers: response.headers };
}

async function get(path: string): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${sandbox.url}${path}`);
  return { status: response.status, text: await response.text(), headers: response.headers };
}

async function invoke(functionKey: string, method: string, payload?: unknown) {
  return post('/forge/invoke', { functionKey, method, payload });
}

async function stats(): Promise<Json & { backstage: Json; compass: Json; queue: Record<string, Json> }> {
  return JSON.parse((await get('/sandbox/stats')).text) as Json & {
    backstage: Json;
    compass: Json;
    queue: Record<string, Json>;
  };
}

async function importStatusWhenSettled(): Promise<Json> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { body } = await invoke('admin-resolver', 'getImportStatus');
    const status = body.value as Json;
    if (status.state !== 'running' || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The bridge stand-in a served Custom UI page starts with, run as the page would run it. */
async function bridgeOf(framePath: string) {
  const { text } = await get(framePath);
  const script = /<script>([\s\S]*?)<\/script>/.exec(text)?.[1];
  if (!script) throw new Error(`${framePath} has no inline script`);
  const window: Json = { location: { origin: sandbox.url, href: `${sandbox.url}${framePath}` } };
  window.parent = window;
  runInNewContext(script, {
    window,
    document: { readyState: 'complete', documentElement: { scrollHeight: 0, setAttribute: () => undefined } },
    // Relative to the page, as a browser resolves it.
    fetch: (url: string, init: RequestInit) => fetch(new URL(url, `${sandbox.url}${framePath}`), init),
    URL,
  });
  return window.__bridge as { callBridge(name: string, args?: unknown): Promise<unknown> };
}

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    backstage: { baseUrl: backstage.baseUrl, token: backstage.token },
    autoConnect: false,
  });
});

afterAll(async () => {
  await sandbox?.stop();
});

describe('the sandbox over HTTP', () => {
  it('GET /health: 200 with the Backstage and the local Compass in use', async () => {
    const response = await get('/health');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({
      ok: true,
      backstage: { baseUrl: backstage.baseUrl, embedded: false, totalEntities: backstage.entityCount },
      compass: { cloudId: sandbox.cloudId, components: 0, teams: 4 },
    });
  });

  it('connects Backstage and imports through the admin resolver; the queue works in the background', async () => {
    expect((await invoke('admin-resolver', 'startImport')).body).toMatchObject({
      ok: false,
      error: { code: 'not-connected' },
    });
    const saved = await invoke('admin-resolver', 'saveConnection', {
      baseUrl: backstage.baseUrl,
      token: backstage.token,
    });
    expect(saved).toMatchObject({
      status: 200,
      body: { ok: true, value: { baseUrl: backstage.baseUrl, token: { set: true } } },
    });
    expect(JSON.stringify((await invoke('admin-resolver', 'getConnection')).body)).not.toContain(
      backstage.token,
    );

    const started = await invoke('admin-resolver', 'startImport');
    expect(started.body).toMatchObject({ ok: true, value: { runId: expect.any(String) } });
    expect(await importStatusWhenSettled()).toMatchObject({
      state: 'done',
      created: 28,
      failed: 0,
      relationshipsAdded: 26,
      startedByName: 'Alex Admin',
    });
    expect(sandbox.compass.components()).toHaveLength(28);
  });

  it('the shell page lists the imported components with their owner teams, links and the import status', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('<link rel="icon" href="data:,">');
    expect(page.text).toContain('data-import-state="done"');
    const components = sandbox.compass.components();
    for (const component of components) {
      expect(page.text).toContain(`href="${componentPath(component.id)}">${escapeHtml(component.name)}</a>`);
    }
    const gateway = components.find((component) => component.name === 'Payment Gateway');
    expect(gateway).toBeDefined();
    const row = page.text.slice(page.text.indexOf(`data-component-id="${gateway!.id}"`));
    expect(row.slice(0, row.indexOf('</tr>'))).toContain('<td>Payments</td>');
  });

  it('hosts each surface in an iframe, its page starting with the bridge stand-in under a Forge-like CSP', async () => {
    const admin = await get('/admin');
    expect(admin.text).toContain(
      '<iframe class="app-frame fill" title="Backstage import" src="/apps/admin-page/"',
    );
    const component = sandbox.compass.components()[0]!;
    const host = await get(componentPath(component.id));
    expect(host.status).toBe(200);
    const frame = `/apps/component-panel/?componentId=${encodeURIComponent(component.id)}`;
    expect(host.text).toContain(`src="${frame.replace(/&/g, '&amp;')}"`);

    const app = await get(frame);
    expect(app.status).toBe(200);
    expect(app.text.indexOf('window.__bridge')).toBeGreaterThan(app.text.indexOf('<head>'));
    const csp = app.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect((await get('/components/no-such-component')).status).toBe(404);
  });

  it('serves Compass’s own paths the pages link to: a component’s /compass/component/<id>, a team’s page', async () => {
    const gateway = sandbox.compass.components().find((component) => component.name === 'Payment Gateway')!;
    const byUuid = await get(`/compass/component/${gateway.id.split('/').pop()}`);
    expect(byUuid.status).toBe(200);
    expect(byUuid.text).toContain(`?componentId=${encodeURIComponent(gateway.id)}`);
    expect((await get('/compass/component/no-such-component')).status).toBe(404);
    const team = await get(`/compass/people/team/${gateway.ownerId!.split('/').pop()}`);
    expect(team.status).toBe(200);
    expect(team.text).toContain('<h1>Payments</h1>');
    expect(team.text).toContain(`href="${componentPath(gateway.id)}">Payment Gateway</a>`);
    expect((await get('/compass/people/team/nobody')).status).toBe(404);
  });

  it("the bridge stand-in gives each surface its context, and invoke reaches that surface's resolver only", async () => {
    const component = sandbox.compass.components()[0]!;
    const panel = await bridgeOf(`/apps/component-panel/?componentId=${encodeURIComponent(component.id)}`);
    expect(await panel.callBridge('getContext')).toMatchObject({
      accountId: SANDBOX_ACCOUNT_ID,
      cloudId: sandbox.cloudId,
      siteUrl: sandbox.siteUrl,
      environmentType: 'DEVELOPMENT',
      moduleKey: 'backstage-component-panel',
      locale: 'en-US',
      timezone: 'UTC',
      localId: expect.stringContaining('backstage-component-panel'),
      extension: {
        type: 'compass:componentPage',
        component: { id: component.id },
        componentId: component.id,
      },
    });
    await expect(panel.callBridge('invoke', { functionKey: 'startImport', payload: {} })).rejects.toThrow(
      /no definition for 'startImport'/,
    );

    const admin = await bridgeOf('/apps/admin-page/');
    expect(await admin.callBridge('getContext')).toMatchObject({
      moduleKey: 'backstage-import-admin',
      extension: { type: 'compass:adminPage' },
    });
    expect(await admin.callBridge('invoke', { functionKey: 'getImportStatus' })).toMatchObject({
      ok: true,
      value: { state: 'done', created: 28 },
    });
  });

  it('POST /compass/graphql: the local Compass, its status and Retry-After passed through', async () => {
    const component = sandbox.compass.components()[0]!;
    const query = `query componentName($id: ID!) {
      compass { component(id: $id) { __typename ... on CompassComponent { name } } }
    }`;
    const answer = await post('/compass/graphql', { query, variables: { id: component.id } });
    expect(answer).toMatchObject({
      status: 200,
      body: { data: { compass: { component: { __typename: 'CompassComponent', name: component.name } } } },
    });
    const invalid = await post('/compass/graphql', { query: '{ compass { noSuchField } }' });
    expect(invalid.body.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('noSuchField') }),
    ]);

    sandbox.compass.setRateLimit({ requestsPerSecond: 0.1, burst: 1 });
    try {
      await post('/compass/graphql', { query, variables: { id: component.id } });
      const limited = await post('/compass/graphql', { query, variables: { id: component.id } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      sandbox.compass.setRateLimit(undefined);
    }
  });

  it('POST /forge/trigger/<key>: runs the scheduled trigger now, which starts a sync reading Backstage as the app', async () => {
    const before = (await stats()).backstage.requests as number;
    const answer = await post('/forge/trigger/backstage-scheduled-sync', {});
    expect(answer).toMatchObject({
      status: 200,
      body: { statusCode: 200, body: 'Started the scheduled sync.' },
    });
    expect((await post('/sandbox/queue/drain', { timeoutMs: 30_000 })).body).toMatchObject({ idle: true });
    expect((await stats()).backstage.requests).toBeGreaterThan(before);
    expect((await post('/forge/trigger/no-such-trigger', {})).status).toBe(404);
  });

  it("GET /sandbox/stats: the app's Backstage requests and the Compass requests by operation; a re-import writes nothing", async () => {
    const first = await stats();
    const byPath = first.backstage.byPath as Record<string, number>;
    expect(Object.keys(byPath)).toEqual(
      expect.arrayContaining(['/api/catalog/entities/by-query', '/api/catalog/entities/by-refs']),
    );
    expect(first.backstage.requests).toBe(Object.values(byPath).reduce((sum, count) => sum + count, 0));
    expect((first.compass.byOperation as Record<string, number>).BackstageForCompassWrite).toBeGreaterThan(0);
    expect(first.queue['backstage-import']).toMatchObject({ deliveries: expect.any(Number), deadEvents: 0 });
    // The sandbox's own health probe of Backstage is not the app's.
    await get('/health');
    expect((await stats()).backstage.requests).toBe(first.backstage.requests);

    await post('/sandbox/stats/reset', {});
    expect((await invoke('admin-resolver', 'startImport')).body).toMatchObject({ ok: true });
    expect((await post('/sandbox/queue/drain', { timeoutMs: 30_000 })).body).toMatchObject({ idle: true });
    expect(await importStatusWhenSettled()).toMatchObject({ state: 'done', unchanged: 28, created: 0 });
    const again = await stats();
    expect(again.backstage.requests).toBeGreaterThan(0);
    expect(again.compass.byOperation).not.toHaveProperty('BackstageForCompassWrite');
  });

  it('pushes one metric per Tech Insights check (all chosen when saving the connection found them), equal to its answers', async () => {
    // Saving the connection tested it, and the test found Tech Insights' five checks.
    const metrics = (await invoke('admin-resolver', 'getMetrics')).body.value as {
      metrics: { name: string; checkId?: string; enabled: boolean }[];
    };
    const checks = metrics.metrics.filter((metric) => metric.checkId);
    expect(checks.map((check) => [check.checkId, check.enabled])).toEqual(
      Object.keys(TECH_INSIGHTS_CONFIG.factChecker.checks).map((id) => [id, true]),
    );
    const definitionNames = new Map(sandbox.compass.metricDefinitions().map((d) => [d.id, d.name]));
    expect(
      [...definitionNames.values()].filter((name) => name.startsWith('Backstage check: ')).sort(),
    ).toEqual(checks.map((check) => check.name).sort());
    // Tech Insights' own answers, asked directly, for every imported component, once its fact retrievers have run
    // (an import before then has no answers to push; the next sync fills them in, as this one does).
    const refs = sandbox.compass
      .components()
      .map(
        (component) =>
          component.externalAliases.find((alias) => alias.externalSource === 'backstage')!.externalId,
      );
    type Answer = { entity: string; results: { check: { name: string }; result: boolean }[] };
    let answers: Answer[] = [];
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const response = await fetch(`${backstage.baseUrl}/api/tech-insights/checks/run`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${backstage.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ entities: refs }),
      });
      answers = (await response.json()) as Answer[];
      if (answers.every((answer) => answer.results.length === checks.length)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect((await invoke('admin-resolver', 'runSyncNow')).body).toMatchObject({ ok: true });
    expect(await importStatusWhenSettled()).toMatchObject({ state: 'done', failed: 0 });
    for (const component of sandbox.compass.components()) {
      const ref = component.externalAliases.find((alias) => alias.externalSource === 'backstage')!.externalId;
      const pushed = Object.fromEntries(
        component.metricSources
          .map((source) => [definitionNames.get(source.metricDefinitionId)!, source.values.at(-1)] as const)
          .filter(([name]) => name.startsWith('Backstage check: ')),
      );
      const answered = Object.fromEntries(
        (answers.find((answer) => answer.entity === ref)?.results ?? []).map((result) => [
          `Backstage check: ${result.check.name}`,
          result.result ? 1 : 0,
        ]),
      );
      expect({ ref, ...pushed }).toEqual({ ref, ...answered });
    }
  });

  it('answers errors as JSON with a non-2xx status', async () => {
    const cases: [number, string, Promise<{ status: number; body: Json }>][] = [
      [404, 'unknown-function', invoke('no-such-function', 'getConnection')],
      [400, 'not-a-resolver', invoke('import-worker', 'getConnection')],
      [404, 'unknown-method', invoke('admin-resolver', 'noSuchMethod')],
      [400, 'invalid-request', post('/forge/invoke', { functionKey: 'admin-resolver' })],
      [400, 'invalid-json', post('/forge/invoke', '{not json')],
      [400, 'invalid-request', post('/compass/graphql', { variables: {} })],
      [404, 'not-found', post('/no/such/route', {})],
    ];
    for (const [status, code, answer] of cases) {
      const { status: actual, body } = await answer;
      expect({ status: actual, code: (body.error as Json).code }).toEqual({ status, code });
      expect((body.error as Json).message).toEqual(expect.any(String));
    }
    const wrongMethod = await get('/forge/invoke');
    expect(wrongMethod.status).toBe(405);
    expect(JSON.parse(wrongMethod.text)).toMatchObject({
      error: { message: expect.stringContaining('POST') },
    });
  });

  it("the component page's function key cannot run a single admin method", async () => {
    for (const method of [
      'getConnection',
      'saveConnection',
      'startImport',
      'getImportStatus',
      'getImportResults',
      'retryFailed',
      'cancelImport',
    ]) {
      const answer = await invoke('panel-resolver', method, {});
      expect({ method, status: answer.status, code: (answer.body.error as Json).code }).toEqual({
        method,
        status: 404,
        code: 'unknown-method',
      });
    }
  });
});

describe('starting and stopping', () => {
  it('says clearly when the port is taken, before starting anything', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const attempt = startSandbox({
        port,
        backstage: { baseUrl: backstage.baseUrl, token: backstage.token },
      });
      await expect(attempt).rejects.toBeInstanceOf(SandboxPortInUseError);
      await expect(attempt).rejects.toThrow(`Port ${port} is in use; set PORT=`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('stop() frees the port and removes the platform it installed; a second stop is harmless', async () => {
    const { port } = sandbox;
    await sandbox.stop();
    await sandbox.stop();
    expect((globalThis as { __forge_fetch__?: unknown }).__forge_fetch__).toBeUndefined();
    const reuse: Server = createServer();
    await new Promise<void>((resolve, reject) => {
      reuse.once('error', reject);
      reuse.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => reuse.close(resolve));
  });

  it('GET /health: 503 while the Backstage in use does not answer', async () => {
    const unreachable = `http://127.0.0.1:${await closedLoopbackPort()}`;
    sandbox = await startSandbox({
      port: 0,
      backstage: { baseUrl: unreachable, token: 'a-token-for-nothing' },
      autoConnect: false,
    });
    const response = await get('/health');
    expect(response.status).toBe(503);
    expect(JSON.parse(response.text)).toMatchObject({
      ok: false,
      backstage: { baseUrl: unreachable, ok: false, error: expect.any(String) },
    });
  });
});
