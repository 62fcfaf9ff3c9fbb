// The local sandbox: the whole app on one machine, on loopback. A real Backstage catalog backend (embedded with
// the demo catalog, or the one given), the local Compass seeded with a site and teams, the app's real Forge
// handlers running in-process on an emulation of the Forge platform (kvs, requestGraph, queues, egress), its
// Custom UI pages served in Compass-like host pages with a stand-in for @forge/bridge, and an HTTP contract
// (README, "Local sandbox") for scripts and tests.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { startEmbeddedBackstage, type EmbeddedBackstage } from '../backstage/embedded-backstage';
import { FIXTURE_CATALOG_FILES } from '../backstage/fixture-catalog';
import { ForgePlatform } from '../forge/forge-platform';
import { ForgeKvsService } from '../forge/forge-platform-kvs';
import { DEFAULT_CLOUD_ID, LocalCompass, type ComponentSnapshot } from '../local-compass';
import { MAPPING_RULES_KEY } from '../../src/storage/storage-keys';
import {
  bridgeScript,
  CONTENT_TYPES,
  customUiCsp,
  injectFirstScript,
  resolveResourceFile,
  resourceRoot,
} from './custom-ui';
import {
  ForgeAppRuntime,
  ForgeCallError,
  loadHandlers,
  readAppModules,
  type InvokeRequest,
  type UiSurface,
} from './forge-app';
import { HttpError, readJsonBody, sendError, sendHtml, sendJson } from './http-json';
import {
  componentPath,
  escapeHtml,
  HOST_PAGE_CSP,
  renderAdminHost,
  renderComponentHost,
  renderFrame,
  renderNotFound,
  renderShell,
  type ComponentRow,
  type ImportSummary,
} from './pages';
import { BackgroundQueueRunner, type QueueRunnerStats } from './queue-runner';

export interface SandboxTeam {
  displayName: string;
  /** The Backstage group this team owns components for: seeds the app's owner mapping. */
  backstageGroup?: string;
}

/** The demo catalog's teams, each mapped to an Atlassian team of the same name. */
export const DEMO_TEAMS: readonly SandboxTeam[] = [
  { displayName: 'Payments', backstageGroup: 'group:default/payments-team' },
  { displayName: 'Risk', backstageGroup: 'group:default/risk-team' },
  { displayName: 'Platform', backstageGroup: 'group:default/platform-team' },
  { displayName: 'Data', backstageGroup: 'group:default/data-team' },
];

export const DEFAULT_PORT = 3000;
export const SANDBOX_SITE_URL = 'https://local-sandbox.atlassian.net';
/** The signed-in user of the sandbox (an Atlassian account id in the current format). */
export const SANDBOX_ACCOUNT_ID = '712020:0b6a3f0e-5d1c-4e8b-9f3a-2c7d4e5f6a70';
/** A user of the site Compass lets view components but not edit them (the panel's "admins only" case). */
export const SANDBOX_VIEWER_ACCOUNT_ID = '712020:5c9e1d2a-7b3f-4a6e-8d0c-1f2e3a4b5c6d';

/** The people the local Compass knows: the signed-in user is a Compass admin, the other a viewer. */
export const DEMO_USERS = [
  { accountId: SANDBOX_ACCOUNT_ID, name: 'Alex Admin', canEditComponents: true },
  { accountId: SANDBOX_VIEWER_ACCOUNT_ID, name: 'Val Viewer', canEditComponents: false },
] as const;

export interface SandboxOptions {
  /** 0: a free port. Default: the PORT environment variable, else 3000. */
  port?: number;
  /** An existing Backstage backend; else BACKSTAGE_URL / BACKSTAGE_TOKEN; else an embedded one with the demo catalog. */
  backstage?: { baseUrl: string; token: string };
  /** More catalog files for the embedded Backstage (e.g. Backstage's own examples). */
  extraCatalogFiles?: readonly string[];
  /**
   * The embedded Backstage reads the demo catalog from a copy in this folder (made on first use, kept after) and
   * re-reads it every few seconds, so editing its files adds, changes, renames or removes entities.
   */
  editableCatalogDir?: string;
  /** Atlassian teams seeded in the local Compass (default DEMO_TEAMS); their Backstage groups seed the owner mapping. */
  teams?: readonly SandboxTeam[];
  /** Save the Backstage connection into the app's state at start, as an admin would (default true). */
  autoConnect?: boolean;
  /** Start an import at start (needs autoConnect). */
  importAtStart?: boolean;
  /** The folder holding the Custom UI apps (`<app>/build` or the `<app>` placeholder). Default: the manifest's resources. */
  staticDir?: string;
  /** Keep the app's kvs state in this JSON file across restarts. Default: SANDBOX_STATE_FILE, else memory only. */
  stateFile?: string;
  cloudId?: string;
  /** Latency of every local Compass request. */
  compassLatencyMs?: number;
  /** Progress lines while starting (main.ts prints them). */
  log?: (line: string) => void;
}

export interface SandboxBackstage {
  baseUrl: string;
  token: string;
  /** True when the sandbox started it (and stops it). */
  embedded: boolean;
  entityCount?: number;
  /** The folder of editable catalog files the embedded Backstage re-reads (with `editableCatalogDir`). */
  catalogDir?: string;
}

/** How often the embedded Backstage re-reads an editable catalog: a change shows within a few seconds. */
export const EDITABLE_CATALOG_INTERVAL_SECONDS = 2;

/** The demo catalog's files in `dir`, copied there unless the folder already holds YAML files (edits are kept). */
function editableCatalogFiles(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const present = readdirSync(dir).filter((file) => /\.ya?ml$/.test(file));
  if (present.length === 0) {
    for (const file of FIXTURE_CATALOG_FILES) copyFileSync(file, path.join(dir, path.basename(file)));
  }
  return readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => path.join(dir, file))
    .filter((file) => existsSync(file));
}

export interface SandboxStats {
  backstage: {
    requests: number;
    byPath: Record<string, number>;
    byOrigin: Record<string, number>;
    failures: number;
  };
  compass: ReturnType<LocalCompass['stats']>;
  queue: Record<string, QueueRunnerStats>;
  kvs: ReturnType<ForgeKvsService['stats']>;
}

export interface Sandbox {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  urls: { shell: string; admin: string; health: string; stats: string; component(id: string): string };
  backstage: SandboxBackstage;
  compass: LocalCompass;
  cloudId: string;
  siteUrl: string;
  accountId: string;
  /** The app's functions on the emulated platform, for tooling in the same process. */
  app: ForgeAppRuntime;
  platform: ForgePlatform;
  stats(): SandboxStats;
  /** Waits until every queue is idle (nothing pending or in flight) or `timeoutMs` passes. */
  drainQueues(timeoutMs?: number): Promise<{ idle: boolean }>;
  /** Milliseconds: the whole start, and the Backstage part of it. */
  startup: { totalMs: number; backstageMs: number };
  /** Stops everything it started; safe to call twice. */
  stop(): Promise<void>;
}

/** The port is taken; the message says how to choose another. */
export class SandboxPortInUseError extends Error {
  override readonly name = 'SandboxPortInUseError';
  constructor(readonly port: number) {
    super(
      `Port ${port} is in use; set PORT=... to choose another (e.g. PORT=${port + 1} npm start), or stop what uses it.`,
    );
  }
}

export class SandboxStartError extends Error {
  override readonly name = 'SandboxStartError';
}

function portFromEnvironment(): number | undefined {
  const value = process.env.PORT;
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new SandboxStartError(`PORT=${value} is not a port number (0-65535)`);
  }
  return port;
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new SandboxPortInUseError(port) : error,
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function backstageFor(
  options: SandboxOptions,
  log: (line: string) => void,
): Promise<{ backstage: SandboxBackstage; embedded?: EmbeddedBackstage }> {
  if (options.backstage) return { backstage: { ...options.backstage, embedded: false } };
  const url = process.env.BACKSTAGE_URL;
  if (url) {
    const token = process.env.BACKSTAGE_TOKEN;
    if (!token) {
      throw new SandboxStartError(
        'BACKSTAGE_URL is set but BACKSTAGE_TOKEN is not: set both, or neither for the demo catalog.',
      );
    }
    log(`Using the Backstage backend at ${url}`);
    return { backstage: { baseUrl: url.replace(/\/+$/, ''), token, embedded: false } };
  }
  log('Starting a real Backstage catalog backend with the demo catalog ...');
  const catalogDir = options.editableCatalogDir && path.resolve(options.editableCatalogDir);
  const embedded = await startEmbeddedBackstage({
    extraCatalogFiles: options.extraCatalogFiles ?? [],
    ...(catalogDir
      ? {
          catalogFiles: editableCatalogFiles(catalogDir),
          processingIntervalSeconds: EDITABLE_CATALOG_INTERVAL_SECONDS,
        }
      : {}),
  });
  log(
    `Backstage ready at ${embedded.baseUrl}: ${embedded.entityCount} entities in ${(embedded.startupMs / 1000).toFixed(1)} s`,
  );
  return {
    backstage: {
      baseUrl: embedded.baseUrl,
      token: embedded.token,
      embedded: true,
      entityCount: embedded.entityCount,
      ...(catalogDir ? { catalogDir } : {}),
    },
    embedded,
  };
}

/** Resolver answers are `{ ok, value }` or `{ ok: false, error }` (src/forge/resolver-result.ts). */
function resolverValue(functionKey: string, method: string, answer: unknown): unknown {
  const result = answer as { ok?: boolean; value?: unknown; error?: { message?: string } } | null;
  if (result?.ok === true) return result.value;
  throw new SandboxStartError(
    `${functionKey} ${method} failed: ${result?.error?.message ?? JSON.stringify(answer)}`,
  );
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const startedAt = performance.now();
  const log = options.log ?? (() => undefined);
  const requestedPort = options.port ?? portFromEnvironment() ?? DEFAULT_PORT;
  const cloudId = options.cloudId ?? DEFAULT_CLOUD_ID;
  const siteUrl = SANDBOX_SITE_URL;
  const siteName = new URL(siteUrl).host;

  // The routes see these once they exist; until `ready`, /health answers 503 and the app's routes wait.
  let ready = false;
  const server = http.createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (response.headersSent) return response.destroy();
      if (error instanceof HttpError) return sendError(response, error.status, error.code, error.message);
      if (error instanceof ForgeCallError)
        return sendError(response, error.status, error.code, error.message);
      sendError(response, 500, 'sandbox-error', error instanceof Error ? error.message : String(error));
    });
  });
  // Bind first: a taken port fails at once, before anything slow starts.
  const port = await listen(server, requestedPort);
  const url = `http://127.0.0.1:${port}`;

  const teams = options.teams ?? DEMO_TEAMS;
  const compass = new LocalCompass({
    cloudId,
    // As the real gateway: an invalid document is answered (200 with errors), and recorded in stats.rejected.
    strict: false,
    latencyMs: options.compassLatencyMs ?? 0,
    users: [...DEMO_USERS],
    siteUrl: () => siteUrl,
  });
  const teamIds = new Map(teams.map((team) => [team, compass.addTeam({ displayName: team.displayName }).id]));
  const kvs = new ForgeKvsService({
    stateFile: options.stateFile ?? (process.env.SANDBOX_STATE_FILE || undefined),
  });
  const modules = readAppModules();
  const queues: Record<string, BackgroundQueueRunner> = {};
  const platform = new ForgePlatform({
    appId: modules.appId,
    kvs,
    graph: compass,
    queues,
    permissions: { scopes: modules.scopes, external: modules.external },
  });
  let embedded: EmbeddedBackstage | undefined;
  const backstageStartedAt = performance.now();
  let backstageMs = 0;
  // Started at once; awaited after the platform is up, so the two overlap.
  const backstageReady = backstageFor(options, log).then((result) => {
    embedded = result.embedded;
    backstageMs = performance.now() - backstageStartedAt;
    return result.backstage;
  });
  backstageReady.catch(() => undefined);

  const loopbackSetting = process.env.BACKSTAGE_FOR_COMPASS_ALLOW_LOOPBACK_HTTP;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      ready = false;
      await Promise.all(Object.values(queues).map((runner) => runner.stop()));
      await closeServer(server);
      kvs.flush();
      platform.uninstall();
      if (loopbackSetting === undefined) delete process.env.BACKSTAGE_FOR_COMPASS_ALLOW_LOOPBACK_HTTP;
      else process.env.BACKSTAGE_FOR_COMPASS_ALLOW_LOOPBACK_HTTP = loopbackSetting;
      // An embedded Backstage still starting is stopped once it is up.
      await backstageReady.then(
        () => embedded?.stop(),
        () => undefined,
      );
    })());

  let app: ForgeAppRuntime;
  let backstage: SandboxBackstage;
  try {
    platform.install();
    // The admin resolver then accepts http://127.0.0.1 Backstage URLs (Forge itself fetches over HTTPS only).
    process.env.BACKSTAGE_FOR_COMPASS_ALLOW_LOOPBACK_HTTP = 'true';
    const handlers = await loadHandlers(modules);
    const forgeApi = await import('@forge/api');
    await platform.invoke({ functionKey: 'sandbox-probe', moduleKey: 'sandbox-probe', timeoutMs: 5000 }, () =>
      platform.verifyEgressHook(forgeApi.fetch),
    );
    app = new ForgeAppRuntime(platform, modules, handlers, {
      cloudId,
      siteUrl,
      accountId: SANDBOX_ACCOUNT_ID,
    });
    for (const consumer of modules.consumers) {
      const { consumer: deliver, timeoutMs } = app.consumerOf(consumer.queue);
      queues[consumer.queue] = new BackgroundQueueRunner(consumer.queue, deliver, {
        invocationTimeoutMs: timeoutMs,
      });
    }
    backstage = await backstageReady;

    const admin = app.surface('compass:adminPage');
    if (options.autoConnect ?? true) {
      if (!admin)
        throw new SandboxStartError('manifest.yml has no compass:adminPage to save the connection with');
      resolverValue(
        admin.functionKey,
        'saveConnection',
        await app.invokeResolver({
          functionKey: admin.functionKey,
          method: 'saveConnection',
          payload: { baseUrl: backstage.baseUrl, token: backstage.token },
        }),
      );
      log(`Saved the Backstage connection (${backstage.baseUrl}) in the app's state`);
    }
    // The owner mapping an admin would set: each seeded team for its Backstage group, unless one is saved.
    const ownerTeamIds = Object.fromEntries(
      teams.filter((team) => team.backstageGroup).map((team) => [team.backstageGroup!, teamIds.get(team)!]),
    );
    if (Object.keys(ownerTeamIds).length > 0 && kvs.getValue(MAPPING_RULES_KEY) === undefined) {
      kvs.setValue(MAPPING_RULES_KEY, { ownerTeamIds });
    }
    ready = true;
    if (options.importAtStart) {
      if (!admin)
        throw new SandboxStartError('manifest.yml has no compass:adminPage to start an import with');
      const started = resolverValue(
        admin.functionKey,
        'startImport',
        await app.invokeResolver({ functionKey: admin.functionKey, method: 'startImport' }),
      ) as { runId: string };
      log(`Import ${started.runId} started`);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const stats = (): SandboxStats => ({
    backstage: platform.egressStats(),
    compass: compass.stats(),
    queue: Object.fromEntries(Object.entries(queues).map(([name, runner]) => [name, runner.stats()])),
    kvs: kvs.stats(),
  });
  const drainQueues = async (timeoutMs = 60_000) => {
    const results = await Promise.all(Object.values(queues).map((runner) => runner.waitUntilIdle(timeoutMs)));
    return { idle: results.every((result) => result.idle) };
  };

  // ---- routes ----------------------------------------------------------------------------------------------

  async function route(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const requestUrl = new URL(request.url ?? '/', url);
    const { pathname } = requestUrl;
    const method = request.method ?? 'GET';
    if (pathname === '/health') return health(response);
    if (!ready) {
      throw new HttpError(503, 'starting', 'The sandbox is still starting (or stopping); watch GET /health');
    }
    const post = method === 'POST';
    const get = method === 'GET' || method === 'HEAD';
    if (pathname === '/forge/invoke' && post) return invoke(request, response);
    if (pathname.startsWith('/forge/trigger/') && post) {
      const key = decodeURIComponent(pathname.slice('/forge/trigger/'.length));
      return sendJson(response, 200, await app.runTrigger(key));
    }
    if (pathname === '/compass/graphql' && post) return graphql(request, response);
    if (pathname === '/sandbox/stats' && get) return sendJson(response, 200, stats());
    if (pathname === '/sandbox/stats/reset' && post) {
      compass.resetStats();
      platform.resetStats();
      return sendJson(response, 200, stats());
    }
    if (pathname === '/sandbox/queue/drain' && post) {
      const body = (await readJsonBody(request)) as { timeoutMs?: unknown };
      const timeoutMs = typeof body.timeoutMs === 'number' ? body.timeoutMs : 60_000;
      const { idle } = await drainQueues(timeoutMs);
      if (!idle) {
        return sendJson(response, 504, {
          error: { code: 'queue-busy', message: `The queue still had work after ${timeoutMs} ms` },
          queue: stats().queue,
        });
      }
      return sendJson(response, 200, { idle, queue: stats().queue });
    }
    if (get && pathname === '/') return shell(response);
    if (get && pathname === '/admin') return adminHost(response);
    if (get && pathname.startsWith('/components/')) {
      return componentHost(response, safeDecode(pathname.slice('/components/'.length)));
    }
    // Compass's own paths, which the app's pages link to (static/shared/compass-links.ts).
    if (get && pathname.startsWith('/compass/component/')) {
      const id = safeDecode(pathname.slice('/compass/component/'.length));
      const component = compass.components().find((candidate) => candidate.id.endsWith(`/${id}`));
      return componentHost(response, component?.id ?? id);
    }
    if (get && pathname.startsWith('/compass/people/team/')) {
      return teamHost(response, safeDecode(pathname.slice('/compass/people/team/'.length)));
    }
    if (get && pathname.startsWith('/apps/')) return customUi(requestUrl, response);
    if (
      ['/forge/invoke', '/compass/graphql', '/sandbox/queue/drain', '/sandbox/stats/reset'].includes(pathname)
    ) {
      throw new HttpError(405, 'method-not-allowed', `${method} ${pathname} is not supported; use POST`);
    }
    throw new HttpError(404, 'not-found', `No route for ${method} ${pathname}`);
  }

  async function health(response: http.ServerResponse): Promise<void> {
    const compassView = { cloudId, siteUrl, components: compass.components().length, teams: teams.length };
    if (!ready) {
      return sendJson(response, 503, {
        ok: false,
        starting: !stopping,
        backstage: null,
        compass: compassView,
      });
    }
    const reachable = await probeBackstage(backstage);
    const body = {
      ok: reachable.ok,
      backstage: { baseUrl: backstage.baseUrl, embedded: backstage.embedded, ...reachable },
      compass: compassView,
    };
    return sendJson(response, reachable.ok ? 200 : 503, body);
  }

  async function invoke(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const body = (await readJsonBody(request)) as Partial<InvokeRequest> | null;
    if (typeof body?.functionKey !== 'string' || typeof body.method !== 'string') {
      throw new HttpError(
        400,
        'invalid-request',
        'The body is { functionKey, method, payload?, context? } with string functionKey and method',
      );
    }
    if (body.context !== undefined && (typeof body.context !== 'object' || body.context === null)) {
      throw new HttpError(400, 'invalid-request', 'context must be an object');
    }
    const result = await app.invokeResolver({
      functionKey: body.functionKey,
      method: body.method,
      payload: body.payload,
      context: body.context,
    });
    sendJson(response, 200, result);
  }

  async function graphql(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const body = (await readJsonBody(request)) as { query?: unknown; variables?: unknown } | null;
    if (typeof body?.query !== 'string')
      throw new HttpError(400, 'invalid-request', 'The body is { query, variables? }');
    const headers: Record<string, string> = {};
    for (const name of ['x-experimentalapi', 'x-experimental-api']) {
      const value = request.headers[name];
      if (typeof value === 'string') headers['X-ExperimentalApi'] = value;
    }
    const answer = await compass.requestGraph(
      body.query,
      (body.variables ?? undefined) as Record<string, unknown> | undefined,
      headers,
    );
    const passed: Record<string, string> = {
      'content-type': answer.headers.get('content-type') ?? 'application/json',
    };
    const retryAfter = answer.headers.get('retry-after');
    if (retryAfter) passed['retry-after'] = retryAfter;
    response.writeHead(answer.status, { ...passed, 'cache-control': 'no-store' });
    response.end(await answer.text());
  }

  function componentRow(component: ComponentSnapshot): ComponentRow {
    return {
      id: component.id,
      name: component.name,
      typeId: component.typeId,
      ownerName: component.ownerId ? compass.store.team(component.ownerId)?.displayName : undefined,
      lifecycle: component.fields['compass:lifecycle']?.[0],
      description: component.description,
      labels: component.labels,
      backstageRef: component.externalAliases.find((alias) => alias.externalSource === 'backstage')
        ?.externalId,
    };
  }

  async function shell(response: http.ServerResponse): Promise<void> {
    const components = compass
      .components()
      .map(componentRow)
      .sort((a, b) => a.name.localeCompare(b.name));
    sendHtml(response, 200, renderShell(siteName, components, await importSummary()), {
      'content-security-policy': HOST_PAGE_CSP,
    });
  }

  async function importSummary(): Promise<ImportSummary> {
    const admin = app.surface('compass:adminPage');
    if (!admin) return { kind: 'unavailable', message: 'manifest.yml has no admin page' };
    try {
      const answer = (await app.invokeResolver({
        functionKey: admin.functionKey,
        method: 'getImportStatus',
      })) as {
        ok?: boolean;
        value?: Record<string, unknown>;
        error?: { message?: string };
      };
      if (answer?.ok && answer.value) return { kind: 'status', status: answer.value };
      return { kind: 'unavailable', message: answer?.error?.message ?? 'no answer' };
    } catch (error) {
      return { kind: 'unavailable', message: error instanceof Error ? error.message : String(error) };
    }
  }

  function requireSurface(moduleType: string): UiSurface {
    const surface = app.surface(moduleType);
    if (!surface) throw new HttpError(404, 'no-surface', `manifest.yml has no ${moduleType} module`);
    return surface;
  }

  function adminHost(response: http.ServerResponse): void {
    const surface = requireSurface('compass:adminPage');
    sendHtml(response, 200, renderAdminHost(siteName, surface.title, `/apps/${surface.resourceKey}/`), {
      'content-security-policy': HOST_PAGE_CSP,
    });
  }

  function componentHost(response: http.ServerResponse, componentId: string): void {
    const surface = requireSurface('compass:componentPage');
    const component = compass.component(componentId);
    if (!component) {
      return sendHtml(
        response,
        404,
        renderNotFound(siteName, `The local Compass has no component ${componentId}.`),
        {
          'content-security-policy': HOST_PAGE_CSP,
        },
      );
    }
    const frameUrl = `/apps/${surface.resourceKey}/?componentId=${encodeURIComponent(component.id)}`;
    sendHtml(response, 200, renderComponentHost(siteName, componentRow(component), surface.title, frameUrl), {
      'content-security-policy': HOST_PAGE_CSP,
    });
  }

  /** A team's page: its name and the components it owns. */
  function teamHost(response: http.ServerResponse, teamId: string): void {
    const team = compass.store.team(`ari:cloud:identity::team/${teamId}`);
    if (!team) {
      return sendHtml(response, 404, renderNotFound(siteName, `The local Compass has no team ${teamId}.`), {
        'content-security-policy': HOST_PAGE_CSP,
      });
    }
    const owned = compass
      .components()
      .filter((component) => component.ownerId === team.id)
      .map(
        (component) => `<li><a href="${componentPath(component.id)}">${escapeHtml(component.name)}</a></li>`,
      );
    const content = `<div class="breadcrumbs">Teams</div>
<h1>${escapeHtml(team.displayName)}</h1>
<h2 class="section">Components owned</h2>
${owned.length > 0 ? `<ul>${owned.join('')}</ul>` : '<p class="muted">None yet.</p>'}`;
    sendHtml(
      response,
      200,
      renderFrame({ siteName, active: 'components', title: team.displayName }, content),
      {
        'content-security-policy': HOST_PAGE_CSP,
      },
    );
  }

  /** /apps/<resource>/... : the app's files; its index.html with the bridge stand-in and the surface's context. */
  async function customUi(requestUrl: URL, response: http.ServerResponse): Promise<void> {
    const [, , resourceKey = '', ...rest] = requestUrl.pathname.split('/');
    const surface = modules.surfaces.find((candidate) => candidate.resourceKey === resourceKey);
    if (!surface) throw new HttpError(404, 'not-found', `No Custom UI resource "${resourceKey}"`);
    if (rest.length === 0) {
      response.writeHead(301, { location: `/apps/${resourceKey}/${requestUrl.search}` });
      return void response.end();
    }
    const root = resourceRoot(surface.resourcePath, options.staticDir);
    const file = resolveResourceFile(root, rest.join('/'));
    if (!file) throw new HttpError(404, 'not-found', `${requestUrl.pathname} is not in ${root}`);
    if (path.extname(file) !== '.html') {
      const content = await readFile(file);
      response.writeHead(200, {
        'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      return void response.end(content);
    }
    const componentId = requestUrl.searchParams.get('componentId');
    const extension: Record<string, unknown> =
      surface.moduleType === 'compass:componentPage' && componentId
        ? { component: { id: componentId }, componentId }
        : {};
    const html = injectFirstScript(
      await readFile(file, 'utf8'),
      bridgeScript({
        functionKey: surface.functionKey,
        context: app.surfaceContext(surface, extension),
        invokeUrl: '/forge/invoke',
      }),
    );
    sendHtml(response, 200, html, { 'content-security-policy': customUiCsp(html) });
  }

  return {
    url,
    port,
    urls: {
      shell: `${url}/`,
      admin: `${url}/admin`,
      health: `${url}/health`,
      stats: `${url}/sandbox/stats`,
      component: (id: string) => `${url}/components/${encodeURIComponent(id)}`,
    },
    backstage,
    compass,
    cloudId,
    siteUrl,
    accountId: SANDBOX_ACCOUNT_ID,
    app,
    platform,
    stats,
    drainQueues,
    startup: { totalMs: performance.now() - startedAt, backstageMs },
    stop,
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

async function probeBackstage(
  backstage: SandboxBackstage,
): Promise<{ ok: boolean; totalEntities?: number; error?: string }> {
  try {
    const response = await fetch(`${backstage.baseUrl}/api/catalog/entities/by-query?limit=0`, {
      headers: { Authorization: `Bearer ${backstage.token}` },
      signal: AbortSignal.timeout(3000),
    });
    if (!response.ok) return { ok: false, error: `Backstage answered HTTP ${response.status}` };
    const body = (await response.json()) as { totalItems?: number };
    return { ok: true, ...(typeof body.totalItems === 'number' ? { totalEntities: body.totalItems } : {}) };
  } catch (error) {
    // In our own words: a parse error quotes the body's start, which a proxy may fill with the request's token.
    return { ok: false, error: probeFailure(error) };
  }
}

function probeFailure(error: unknown): string {
  // By name: fetch's errors may come from another realm (jest), where instanceof fails.
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'SyntaxError') return 'Backstage answered with something that is not JSON';
  if (name === 'TimeoutError') return 'Backstage did not answer within 3 s';
  return 'Backstage could not be reached';
}
