// Issue 9's "done when": a run against a Backstage that echoes request headers (Authorization included) in its
// error bodies, and once in a 200 body that is not JSON, leaves the token nowhere a person or a log reader sees.
// The real Backstage sits behind the fault-injecting proxy; the sandbox runs the app in-process. Every resolver
// operation (admin and panel, as an admin and not), an import that fails mid-run, the scheduled trigger, /health,
// /sandbox/stats and the pages in Chromium are exercised in each echo mode, and every answer body, log line,
// console or stdout write, trigger result and page (HTML and visible text, frames included) is kept and searched.
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { format } from 'node:util';
import type { Frame, Page } from 'playwright-core';
import { onLogLine } from '../../src/core/log';
import { adminContract } from '../../src/forge/contract/admin-contract';
import { panelContract } from '../../src/forge/contract/panel-contract';
import {
  echoHeaders,
  startFaultInjectingProxy,
  type Fault,
  type FaultInjectingProxy,
  type ProxiedRequest,
} from '../../src/backstage/testing/test-servers';
import { testBackstage } from '../backstage/test-backstage';
import { startSandbox, type Sandbox } from '../server/start-sandbox';
import { launchChromium, type BrowserSession } from './chromium';
import { componentIdOf, createUnlinkedComponent, UNIMPORTED_ENTITY } from './panel-sandbox';
import { appFrame } from './sandbox-page-driver';
import { assertUiBuilt } from './ui-build';

// The app's token: random, so that its first 8 characters mean nothing else (the embedded Backstage's own token
// starts with "embedded", a word the sandbox's answers use). A forwarder behind the proxy swaps it for the one
// Backstage accepts, so what the proxy echoes is exactly what the app sent.
const APP_TOKEN = randomBytes(30).toString('base64url');
const TOKEN_PREFIX = APP_TOKEN.slice(0, 8);

/** Imported in the pass-through phase: payment-gateway's view is saved, payments-api's is not. */
const CACHED_ENTITY = 'component:default/payment-gateway';
const UNCACHED_ENTITY = 'api:default/payments-api';
const IMPORTED = [CACHED_ENTITY, UNCACHED_ENTITY, 'resource:default/payments-db'];
const NON_ADMIN = '712020:9d1e2f3a-4b5c-4d6e-8f70-81a2b3c4d5e6';
const ECHO_STATUSES = [401, 403, 404, 429, 500, 502] as const;
const EXPECTED_CODES = [
  'unauthorized',
  'forbidden',
  'not-a-catalog',
  'rate-limited',
  'server-error',
  'malformed-response',
];

type Source = 'answer' | 'log-line' | 'output' | 'trigger' | 'page' | 'sandbox';

interface Collected {
  source: Source;
  where: string;
  text: string;
}

const corpus: Collected[] = [];
const record = (source: Source, where: string, text: string) => corpus.push({ source, where, text });
/** Every `code`, `kind` and `errorKind` value seen in an answer: which error states were reached. */
const codesSeen = new Set<string>();
/** Echo bodies the proxy sent that held the app's token, per mode. */
const echoed: Record<string, number> = {};
const logLines: string[] = [];
const pendingBodies: Promise<void>[] = [];

let backstageToken: string;
let forwarder: http.Server;
let proxy: FaultInjectingProxy;
let sandbox: Sandbox;
let browser: BrowserSession;
let stopListening: () => void;
let restoreOutput: () => void;
let cachedId: string;
let uncachedId: string;
let unlinkedId: string;

/** Forwards to Backstage with its own token in place of the app's. */
async function startTokenSwappingForwarder(target: string, token: string): Promise<http.Server> {
  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'accept']) {
        const value = incoming.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      if (incoming.headers.authorization === `Bearer ${APP_TOKEN}`) headers.authorization = `Bearer ${token}`;
      const body = Buffer.concat(chunks);
      fetch(`${target}${incoming.url ?? '/'}`, {
        method: incoming.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body } : {}),
      })
        .then(async (response) => {
          outgoing.writeHead(response.status, {
            'content-type': response.headers.get('content-type') ?? 'application/json',
          });
          outgoing.end(Buffer.from(await response.arrayBuffer()));
        })
        .catch(() => {
          outgoing.writeHead(502);
          outgoing.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Console and stdout/stderr writes of the process while the test runs, kept (console) or kept and passed on. */
function captureOutput(): () => void {
  const restores: (() => void)[] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const spy = jest
      .spyOn(console, method)
      .mockImplementation((...args: unknown[]) => record('output', `console.${method}`, format(...args)));
    restores.push(() => spy.mockRestore());
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    const name = stream === process.stdout ? 'stdout' : 'stderr';
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      record('output', name, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      return original(chunk, ...rest);
    }) as typeof stream.write;
    restores.push(() => {
      stream.write = original as typeof stream.write;
    });
  }
  // Log lines go to the console as well as to onLogLine (jest.setup-env.js silences them).
  const logSetting = process.env.BACKSTAGE_FOR_COMPASS_LOG;
  delete process.env.BACKSTAGE_FOR_COMPASS_LOG;
  restores.push(() => {
    if (logSetting !== undefined) process.env.BACKSTAGE_FOR_COMPASS_LOG = logSetting;
  });
  return () => restores.reverse().forEach((restore) => restore());
}

function collectCodes(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(collectCodes);
  if (typeof value !== 'object' || value === null) return;
  for (const [key, item] of Object.entries(value)) {
    if ((key === 'code' || key === 'kind' || key === 'errorKind') && typeof item === 'string')
      codesSeen.add(item);
    else collectCodes(item);
  }
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function httpCall(source: Source, where: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  record(source, `${where} (HTTP ${response.status})`, text);
  const json = parsed(text);
  collectCodes(json);
  return json;
}

interface Answer<T = unknown> {
  ok?: boolean;
  value?: T;
  error?: { code: string; message: string };
}

function invoke<T = unknown>(
  functionKey: 'admin-resolver' | 'panel-resolver',
  method: string,
  payload?: unknown,
  context?: Record<string, unknown>,
): Promise<Answer<T>> {
  return httpCall('answer', `${functionKey}.${method} ${JSON.stringify(payload ?? null)}`, '/forge/invoke', {
    functionKey,
    method,
    payload,
    ...(context ? { context } : {}),
  }) as Promise<Answer<T>>;
}

/** Every admin operation, with payloads that reach Backstage where the operation does. */
function adminCalls(): [string, unknown?][] {
  return [
    ['getConnection'],
    ['saveConnection', { baseUrl: proxy.baseUrl }],
    ['saveConnection', { baseUrl: proxy.baseUrl, token: APP_TOKEN }],
    ['testConnection'],
    ['previewCatalog', {}],
    ['previewCatalog', { search: 'pay', filters: { kind: 'Component' }, includeRefs: true }],
    ['getMapping'],
    ['saveMapping', {}],
    ['searchTeams', { owners: true }],
    ['planImport', { selection: IMPORTED }],
    ['planImport', {}],
    ['getHistory'],
    ['startImport', { selection: IMPORTED }],
    ['getImportStatus'],
    ['getImportResults', {}],
    ['getImportResults', { outcome: 'failed' }],
    ['retryFailed'],
    ['cancelImport'],
    ['getMetrics'],
    ['saveMetricSettings', { enabled: { techdocs: true } }],
    // Reads the catalog (the echoing Backstage) to compute its preview.
    [
      'previewCustomMetric',
      {
        metric: {
          name: 'Maturity',
          unit: '',
          kinds: ['component'],
          source: { type: 'spec', path: 'lifecycle', valueMap: { production: 3 } },
        },
      },
    ],
    ['createScorecard', {}],
    ['removeMetric', { key: 'orphaned' }],
    ['getRemovals', {}],
    ['applyRemovals', { confirm: true }],
    // Read the catalog (the echoing Backstage) to draft every imported entity.
    ['exportMapping', { format: 'csv', siteUrl: 'https://acme.atlassian.net' }],
    ['exportMapping', { format: 'compass-yml' }],
    ['getDrift', {}],
    ['resolveDrift', { take: 'all' }],
    // Reads the catalog to match entities with Compass's components.
    ['getAdoptionCandidates', { refresh: true }],
    ['adoptComponents', { decisions: [{ entityRef: 'component:default/ops-cli', decision: 'create' }] }],
    ['getSyncSettings'],
    ['saveSyncSettings', { schedule: 'hourly' }],
    // Reads the catalog (the echoing Backstage): its listing.
    ['runSyncNow', {}],
  ];
}

function componentContext(id: string, accountId?: string): Record<string, unknown> {
  return { ...(accountId ? { accountId } : {}), extension: { component: { id }, componentId: id } };
}

/** Every panel operation on a component with a saved view, one without, and one not linked. */
function panelCalls(accountId?: string): [string, unknown, Record<string, unknown>][] {
  return [
    ...[cachedId, uncachedId, unlinkedId].flatMap((id): [string, unknown, Record<string, unknown>][] => [
      ['getPanel', {}, componentContext(id, accountId)],
      ['refreshPanel', {}, componentContext(id, accountId)],
    ]),
    ['searchEntities', { query: 'ops' }, componentContext(unlinkedId, accountId)],
    ['linkEntity', { entityRef: UNIMPORTED_ENTITY }, componentContext(unlinkedId, accountId)],
  ];
}

/** Everything a caller can ask the sandbox, in the current proxy mode. */
async function callEverything(): Promise<void> {
  for (const [method, payload] of adminCalls()) await invoke('admin-resolver', method, payload);
  for (const accountId of [undefined, NON_ADMIN]) {
    for (const [method, payload, context] of panelCalls(accountId)) {
      await invoke('panel-resolver', method, payload, context);
    }
  }
  await httpCall('trigger', 'backstage-scheduled-sync', '/forge/trigger/backstage-scheduled-sync', {});
  await httpCall('sandbox', '/health', '/health');
  await httpCall('sandbox', '/sandbox/stats', '/sandbox/stats');
  await httpCall('sandbox', '/ (shell page)', '/');
}

/** Echoes the request's headers with `status`, counting the bodies that carry the app's token. */
function echo(mode: string, status: number): (request: ProxiedRequest) => Fault {
  return (request) => {
    const fault = echoHeaders(status)(request);
    if ('respond' in fault && fault.respond.body.includes(APP_TOKEN)) echoed[mode] = (echoed[mode] ?? 0) + 1;
    return fault;
  };
}

/** A 200 whose body is the request's Authorization header, as JSON's content type: not JSON at all. */
function authorizationAsBody(mode: string): (request: ProxiedRequest) => Fault {
  return (request) => {
    const body = request.headers.authorization ?? '';
    if (body.includes(APP_TOKEN)) echoed[mode] = (echoed[mode] ?? 0) + 1;
    return { respond: { status: 200, headers: { 'content-type': 'application/json' }, body } };
  };
}

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function openPage(url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (message) => record('page', `${url} console.${message.type()}`, message.text()));
  page.on('pageerror', (error) => record('page', `${url} page error`, String(error.stack ?? error.message)));
  page.on('response', (response) => {
    if (new URL(response.url()).pathname !== '/forge/invoke') return;
    const method = (parsed(response.request().postData() ?? '') as { method?: string } | undefined)?.method;
    pendingBodies.push(
      response.text().then(
        (text) => {
          record('answer', `browser ${method ?? '?'}`, text);
          collectCodes(parsed(text));
        },
        () => undefined,
      ),
    );
  });
  await page.goto(url);
  return page;
}

async function snapshot(where: string, page: Page, frame: Frame): Promise<void> {
  record('page', `${where}: HTML`, await page.content());
  record('page', `${where}: frame HTML`, await frame.content());
  record('page', `${where}: text`, await page.locator('body').innerText());
  record('page', `${where}: frame text`, await frame.locator('body').innerText());
}

/** The admin page with its error states: the catalog, the connection test, the failed import, then each tab. */
async function renderAdminPage(mode: string): Promise<void> {
  const page = await openPage(sandbox.urls.admin);
  const frame = await appFrame(page, 'admin-page');
  await frame.getByTestId('connection-url').waitFor();
  await frame.locator('[data-error-code]').first().waitFor();
  await frame.getByTestId('test-connection').click();
  await frame.getByTestId('connection-diagnosis').waitFor();
  // The run's error (failed now; at 10b3e31 the run kept retrying with it).
  await frame.getByText('The import reported a problem').waitFor();
  await snapshot(`admin page (${mode})`, page, frame);
  await frame.getByTestId('tab-mapping').click();
  await frame.getByTestId('owner-mapping').waitFor();
  await snapshot(`admin page mapping tab (${mode})`, page, frame);
  await frame.getByTestId('tab-dry-run').click();
  const errorsBefore = await frame.locator('[data-error-code]').count();
  await frame.getByTestId('run-dry-run').click();
  await waitFor(
    'the dry run’s error',
    () => frame.locator('[data-error-code]').count(),
    (n) => n > errorsBefore,
  );
  await snapshot(`admin page dry-run tab (${mode})`, page, frame);
  await frame.getByTestId('tab-results').click();
  await snapshot(`admin page results tab (${mode})`, page, frame);
  await frame.getByTestId('tab-history').click();
  await frame.getByTestId('history-table').waitFor();
  await snapshot(`admin page history tab (${mode})`, page, frame);
  await frame.getByTestId('tab-metrics').click();
  await frame.getByTestId('metric-table').waitFor();
  await snapshot(`admin page metrics tab (${mode})`, page, frame);
  await page.close();
}

/** The component pages: a saved view refreshed (its warning), one with nothing saved, one to link by search. */
async function renderComponentPages(mode: string): Promise<void> {
  const cached = await openPage(sandbox.urls.component(cachedId));
  const cachedPanel = await appFrame(cached, 'component-panel');
  await cachedPanel.getByTestId('entity-details').waitFor();
  await cachedPanel.getByRole('button', { name: 'Refresh' }).click();
  await cachedPanel.getByTestId('stale-warning').locator('[data-error-code]').waitFor();
  await snapshot(`saved component page (${mode})`, cached, cachedPanel);
  await cached.close();

  const uncached = await openPage(sandbox.urls.component(uncachedId));
  const uncachedPanel = await appFrame(uncached, 'component-panel');
  await uncachedPanel.getByTestId('backstage-unreachable').locator('[data-error-code]').waitFor();
  await snapshot(`unsaved component page (${mode})`, uncached, uncachedPanel);
  await uncached.close();

  const unlinked = await openPage(sandbox.urls.component(unlinkedId));
  const unlinkedPanel = await appFrame(unlinked, 'component-panel');
  await unlinkedPanel.getByTestId('not-linked').waitFor();
  await unlinkedPanel.getByLabel('Backstage entity name').fill('ops');
  await unlinkedPanel.getByRole('button', { name: 'Search' }).click();
  await unlinkedPanel.locator('[data-error-code]').waitFor();
  await snapshot(`unlinked component page (${mode})`, unlinked, unlinkedPanel);
  await unlinked.close();
}

/** Where the token (or its start, or any bearer credential but a redacted one) shows, with a little context. */
function leaksIn(entries: Collected[]): string[] {
  const patterns: [string, RegExp][] = [
    ['the token', new RegExp(escapeRegExp(APP_TOKEN), 'g')],
    ['the token’s first 8 characters', new RegExp(escapeRegExp(TOKEN_PREFIX), 'g')],
    ['Backstage’s own token', new RegExp(escapeRegExp(backstageToken), 'g')],
    ['a bearer credential', /Bearer\s+(?!\[redacted\])[^\s"'<&]*/gi],
  ];
  const found: string[] = [];
  for (const entry of entries) {
    for (const [what, pattern] of patterns) {
      for (const match of entry.text.matchAll(pattern)) {
        const at = match.index;
        const context = entry.text
          .slice(Math.max(0, at - 60), at + match[0].length + 20)
          .replace(/\s+/g, ' ');
        found.push(`${entry.source} ${entry.where}: ${what} in …${context}…`);
      }
    }
  }
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const sourced = (...sources: Source[]) => corpus.filter((entry) => sources.includes(entry.source));

beforeAll(async () => {
  assertUiBuilt();
  const backstage = testBackstage();
  backstageToken = backstage.token;
  forwarder = await startTokenSwappingForwarder(backstage.baseUrl, backstage.token);
  proxy = await startFaultInjectingProxy(`http://127.0.0.1:${(forwarder.address() as AddressInfo).port}`);
  stopListening = onLogLine((line) => {
    logLines.push(line);
    record('log-line', 'onLogLine', line);
  });
  restoreOutput = captureOutput();
  sandbox = await startSandbox({
    port: 0,
    backstage: { baseUrl: proxy.baseUrl, token: APP_TOKEN },
    log: (line) => record('output', 'sandbox start', line),
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  restoreOutput?.();
  stopListening?.();
  await browser?.close();
  await sandbox?.stop();
  await proxy?.close();
  await new Promise((resolve) => forwarder?.close(resolve));
});

describe('a run against a Backstage that echoes the token', () => {
  it('calls every admin and panel operation the contracts list', () => {
    expect(new Set(adminCalls().map(([method]) => method))).toEqual(new Set(Object.keys(adminContract)));
    expect(new Set(panelCalls().map(([method]) => method))).toEqual(new Set(Object.keys(panelContract)));
  });

  it('imports through the proxy while it passes everything on, and saves one panel view', async () => {
    const started = await invoke('admin-resolver', 'startImport', { selection: IMPORTED });
    expect(started.ok).toBe(true);
    expect((await sandbox.drainQueues(30_000)).idle).toBe(true);
    await expect(invoke('admin-resolver', 'getImportStatus')).resolves.toMatchObject({
      value: { state: 'done' },
    });
    cachedId = componentIdOf(sandbox, CACHED_ENTITY);
    uncachedId = componentIdOf(sandbox, UNCACHED_ENTITY);
    unlinkedId = await createUnlinkedComponent(sandbox, 'Ops command line');
    await expect(invoke('panel-resolver', 'getPanel', {}, componentContext(cachedId))).resolves.toMatchObject(
      {
        value: { state: 'ready' },
      },
    );
  }, 40_000);

  it('fails an import mid-run when only by-refs echoes (502, then 401), and reads its status, results and history', async () => {
    const byRefsOnly = (mode: string, status: number) => {
      const fault = echo(mode, status);
      return (request: ProxiedRequest) =>
        request.url.includes('/entities/by-refs') ? fault(request) : undefined;
    };
    proxy.setFault(byRefsOnly('by-refs 502', 502));
    const started = await invoke<{ runId: string }>('admin-resolver', 'startImport', { selection: IMPORTED });
    expect(started.ok).toBe(true);
    // The run got past the index and failed its first entities step; the queue delivers it again in 5 s.
    await waitFor(
      'the run’s error',
      () => invoke<{ state: string; error?: string }>('admin-resolver', 'getImportStatus'),
      (status) => status.value?.state === 'running' && status.value.error !== undefined,
    );
    proxy.setFault(byRefsOnly('by-refs 401', 401));
    const failed = await waitFor(
      'the run to fail',
      () => invoke<{ state: string; error?: string }>('admin-resolver', 'getImportStatus'),
      (status) => status.value?.state === 'failed',
    );
    expect(failed.value?.error).toEqual(expect.any(String));
    const runId = started.value!.runId;
    await invoke('admin-resolver', 'getImportResults', { runId });
    await invoke('admin-resolver', 'getImportResults', { runId, outcome: 'failed' });
    const history = await invoke<{ runs: { runId: string; state?: string }[] }>(
      'admin-resolver',
      'getHistory',
    );
    expect(history.value?.runs.find((run) => run.runId === runId)).toMatchObject({ state: 'failed' });
    await invoke('admin-resolver', 'retryFailed');
    await httpCall(
      'trigger',
      'backstage-scheduled-sync (by-refs 401)',
      '/forge/trigger/backstage-scheduled-sync',
      {},
    );
    expect(echoed['by-refs 502']).toBeGreaterThan(0);
    expect(echoed['by-refs 401']).toBeGreaterThan(0);
  }, 40_000);

  it.each(ECHO_STATUSES)(
    'calls everything while Backstage echoes the headers with HTTP %i',
    async (status) => {
      proxy.setFault(echo(`echo ${status}`, status));
      await callEverything();
      expect(echoed[`echo ${status}`]).toBeGreaterThan(0);
    },
  );

  it('calls everything while Backstage answers 200 with the Authorization header as the body', async () => {
    proxy.setFault(authorizationAsBody('200 not JSON'));
    await callEverything();
    // The sandbox's own probe says so in its words (a parse error's text quotes the body: the token).
    await expect(httpCall('sandbox', '/health', '/health')).resolves.toMatchObject({
      backstage: { ok: false, error: 'Backstage answered with something that is not JSON' },
    });
    expect(echoed['200 not JSON']).toBeGreaterThan(0);
  });

  it('renders the admin and component pages in their error states while echoing', async () => {
    proxy.setFault(echo('pages 500', 500));
    await renderAdminPage('500');
    await renderComponentPages('500');
    proxy.setFault(authorizationAsBody('pages 200 not JSON'));
    await renderAdminPage('200 not JSON');
    await renderComponentPages('200 not JSON');
    expect(echoed['pages 500']).toBeGreaterThan(0);
    expect(echoed['pages 200 not JSON']).toBeGreaterThan(0);
  }, 60_000);

  describe('what it collected', () => {
    beforeAll(async () => {
      proxy.setFault(undefined);
      await sandbox.drainQueues(10_000);
      await Promise.all(pendingBodies);
    });

    it('reached the error states it set out to reach', () => {
      expect([...codesSeen].sort()).toEqual(expect.arrayContaining(EXPECTED_CODES));
      // At least every operation in every echo mode (the browser's calls come on top).
      const callsPerMode = adminCalls().length + 2 * panelCalls().length;
      expect(sourced('answer').length).toBeGreaterThan((ECHO_STATUSES.length + 1) * callsPerMode);
      // Two modes of the admin page (6 screens each) and of the component pages (3 each).
      expect(sourced('page').filter((entry) => entry.where.endsWith('frame HTML')).length).toBe(18);
      expect(sourced('trigger').length).toBe(ECHO_STATUSES.length + 2);
      expect(logLines.some((line) => line.includes('"import.step-failed"'))).toBe(true);
      expect(logLines.some((line) => line.includes('"trigger.scheduled-sync-failed"'))).toBe(true);
      // The proxy really sent the token back: in the body of every echoed answer counted.
      expect(Object.values(echoed).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(100);
    });

    it.each<[string, Source[]]>([
      ['resolver answers (over HTTP and in the browser) and the sandbox’s answers', ['answer', 'sandbox']],
      ['log lines, console and stdout/stderr writes', ['log-line', 'output']],
      ['trigger results', ['trigger']],
      ['rendered pages (HTML and visible text, frames included, and their console)', ['page']],
    ])('finds no token in %s', (_what, sources) => {
      const entries = sourced(...sources);
      expect(entries.length).toBeGreaterThan(0);
      expect(leaksIn(entries)).toEqual([]);
    });
  });
});
