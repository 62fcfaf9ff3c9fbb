// The Forge platform at its lowest boundary, so the app's real @forge/kvs, @forge/api and @forge/events run
// unmodified in this process:
// - `global.__forge_fetch__(target, path, init)`: what @forge/kvs (type kvs), @forge/api's requestGraph (fpp,
//   remote stargate, /graphql) and @forge/events' Queue (fpp stargate, /webhook/queue/publish/...) call. Routed to
//   the kvs service, the local Compass and the in-process queues;
// - `global.__forge_runtime__`: the invocation's app context (getAppContext, remaining time), per invocation
//   through AsyncLocalStorage, so overlapping invocations each see their own;
// - the runtime's global `fetch` (what @forge/api's `fetch` wraps, captured when @forge/api is first loaded):
//   passed straight to Node's fetch, counted when a function invocation makes the call (its egress).
// Install it before the app's modules are loaded, and invoke app handlers through `invoke()`.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { ForgeKvsService } from './forge-platform-kvs';
import type { QueueEventInput } from './in-process-queue';

export interface ForgeInvocation {
  /** The manifest's function key, e.g. `admin-resolver`. */
  functionKey: string;
  /** The module that caused the invocation, e.g. `backstage-import-admin`. */
  moduleKey: string;
  /** The function's timeout (manifest `timeoutSeconds`, 25 s for resolvers). */
  timeoutMs: number;
  /** The user a resolver call runs for: what `asUser()` requests run as. */
  accountId?: string;
}

interface ActiveInvocation extends ForgeInvocation {
  invocationId: string;
  startedAt: number;
}

export interface ForgeGraphTarget {
  /** Answers `requestGraph` as the product's GraphQL gateway would (the local Compass). */
  requestGraph(
    query: string,
    variables: Record<string, unknown> | undefined,
    headers: Record<string, string>,
    principal: 'app' | 'user',
    /** For a user request: the account it runs as (the invocation's user, or the one `asUser(id)` names). */
    accountId?: string,
  ): Promise<Response>;
}

/** Where a queue's pushes go; the in-process queue (Forge's limits, at-least-once delivery) in the sandbox. */
export interface ForgeQueueTarget {
  push(events: QueueEventInput[]): Promise<void>;
}

export interface ForgePlatformOptions {
  /** Forge's app id: the uuid in manifest.yml's `app.id` ARI. */
  appId: string;
  kvs: ForgeKvsService;
  graph: ForgeGraphTarget;
  /** Queues by key (the manifest consumer's `queue`). */
  queues: Record<string, ForgeQueueTarget>;
  /** Scopes and egress as the manifest declares them, for getAppContext().permissions. */
  permissions?: { scopes?: string[]; external?: unknown };
}

export interface EgressStats {
  requests: number;
  byPath: Record<string, number>;
  byOrigin: Record<string, number>;
  failures: number;
}

export interface ForgeFetchStats {
  graphRequests: number;
  queuePushes: number;
  rejectedQueuePushes: number;
  unsupported: number;
}

type ForgeFetchTarget = { type?: string; provider?: string; remote?: string; accountId?: string };
type Fetch = typeof fetch;

interface RuntimeGlobals {
  __forge_fetch__?: (target: ForgeFetchTarget, path: string, init?: RequestInit) => Promise<Response>;
  __forge_runtime__?: unknown;
  fetch: Fetch;
}

/**
 * One egress hook per process: @forge/api keeps the `fetch` it found at its first load for the life of the
 * module, so the function it captured must outlive any one platform and report to whichever is installed.
 */
interface EgressHook {
  original: Fetch;
  counting: Fetch;
  listener?: (url: URL, failed: boolean) => void;
}

const EGRESS_HOOK = Symbol.for('backstage-for-compass.sandbox.egress-hook');
const PROBE_URL = 'http://sandbox-egress-probe.invalid/';
const runtimeGlobals = globalThis as unknown as RuntimeGlobals & { [EGRESS_HOOK]?: EgressHook };

function egressHook(): EgressHook {
  const existing = runtimeGlobals[EGRESS_HOOK];
  if (existing) return existing;
  const original = runtimeGlobals.fetch;
  const hook: EgressHook = {
    original,
    counting: async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.href === PROBE_URL) return new Response('egress hook', { status: 200 });
      try {
        const response = await hook.original(input, init);
        hook.listener?.(url, false);
        return response;
      } catch (error) {
        hook.listener?.(url, true);
        throw error;
      }
    },
  };
  runtimeGlobals[EGRESS_HOOK] = hook;
  return hook;
}

const NOOP_METRIC = {
  incr: () => undefined,
  decr: () => undefined,
  measure: () => ({ stop: () => undefined }),
};

export class ForgePlatformError extends Error {
  override readonly name = 'ForgePlatformError';
}

/** Thrown by `invoke` when the work outlives its function's timeout, as Forge stops such an invocation. */
export class FunctionTimeoutError extends Error {
  override readonly name = 'FunctionTimeoutError';
  readonly code = 'FUNCTION_TIME_OUT';
}

/** The environment id of the platform whose globals are installed. */
let installedPlatformId: string | undefined;

export class ForgePlatform {
  readonly environmentId = randomUUID();
  readonly installationId = randomUUID();
  private readonly invocations = new AsyncLocalStorage<ActiveInvocation>();
  private readonly egress: EgressStats = { requests: 0, byPath: {}, byOrigin: {}, failures: 0 };
  private readonly forgeFetchStats: ForgeFetchStats = {
    graphRequests: 0,
    queuePushes: 0,
    rejectedQueuePushes: 0,
    unsupported: 0,
  };
  private installed = false;

  constructor(private readonly options: ForgePlatformOptions) {}

  get kvs(): ForgeKvsService {
    return this.options.kvs;
  }

  /** Sets the runtime globals. One platform per process at a time (they are process globals on Forge too). */
  install(): void {
    if (installedPlatformId && installedPlatformId !== this.environmentId) {
      throw new ForgePlatformError(
        'Another sandbox Forge platform is installed in this process; stop its sandbox first.',
      );
    }
    const hook = egressHook();
    hook.listener = (url, failed) => this.recordEgress(url, failed);
    runtimeGlobals.fetch = hook.counting;
    runtimeGlobals.__forge_fetch__ = (target, path, init) => this.forgeFetch(target, path, init);
    Object.defineProperty(globalThis, '__forge_runtime__', {
      configurable: true,
      get: () => this.runtime(),
    });
    installedPlatformId = this.environmentId;
    this.installed = true;
  }

  uninstall(): void {
    if (!this.installed) return;
    const hook = egressHook();
    hook.listener = undefined;
    runtimeGlobals.fetch = hook.original;
    delete runtimeGlobals.__forge_fetch__;
    delete (globalThis as { __forge_runtime__?: unknown }).__forge_runtime__;
    installedPlatformId = undefined;
    this.installed = false;
  }

  /**
   * Checks that @forge/api's `fetch` (as the app imports it) goes through the egress hook: it does unless
   * @forge/api was loaded in this process before the platform was first installed.
   */
  async verifyEgressHook(
    forgeApiFetch: (url: string) => Promise<{ text(): Promise<string> }>,
  ): Promise<void> {
    let answered = false;
    try {
      answered = (await (await forgeApiFetch(PROBE_URL)).text()) === 'egress hook';
    } catch {
      answered = false;
    }
    if (!answered) {
      throw new ForgePlatformError(
        "@forge/api was loaded before the sandbox's Forge platform was installed, so the app's Backstage " +
          'requests cannot be counted. Start the sandbox before importing anything that imports @forge/api.',
      );
    }
  }

  /** Runs `work` as one invocation of `functionKey`: its own runtime context, egress counted, its timeout. */
  async invoke<T>(invocation: ForgeInvocation, work: () => Promise<T>): Promise<T> {
    const active: ActiveInvocation = { ...invocation, invocationId: randomUUID(), startedAt: Date.now() };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new FunctionTimeoutError(
              `${invocation.functionKey} ran longer than its ${invocation.timeoutMs / 1000} s timeout`,
            ),
          ),
        invocation.timeoutMs,
      );
      timer.unref();
    });
    try {
      return await Promise.race([this.invocations.run(active, work), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  egressStats(): EgressStats {
    return structuredClone(this.egress);
  }

  forgeFetchCounters(): ForgeFetchStats {
    return { ...this.forgeFetchStats };
  }

  resetStats(): void {
    Object.assign(this.egress, { requests: 0, byPath: {}, byOrigin: {}, failures: 0 });
    Object.assign(this.forgeFetchStats, {
      graphRequests: 0,
      queuePushes: 0,
      rejectedQueuePushes: 0,
      unsupported: 0,
    });
  }

  private recordEgress(url: URL, failed: boolean): void {
    // Only calls a function makes are the app's egress; the sandbox's own health checks are not.
    if (!this.invocations.getStore()) return;
    this.egress.requests += 1;
    if (failed) this.egress.failures += 1;
    this.egress.byPath[url.pathname] = (this.egress.byPath[url.pathname] ?? 0) + 1;
    this.egress.byOrigin[url.origin] = (this.egress.byOrigin[url.origin] ?? 0) + 1;
  }

  /** What `global.__forge_runtime__` holds during an invocation; absent outside one, as on Forge. */
  private runtime(): unknown {
    const invocation = this.invocations.getStore();
    if (!invocation) return undefined;
    return {
      appContext: {
        appId: this.options.appId,
        appVersion: '0.0.0-sandbox',
        environmentId: this.environmentId,
        environmentType: 'DEVELOPMENT',
        invocationId: invocation.invocationId,
        installationId: this.installationId,
        moduleKey: invocation.moduleKey,
        permissions: this.options.permissions ?? {},
      },
      lambdaContext: {
        functionName: invocation.functionKey,
        getRemainingTimeInMillis: () => Math.max(0, invocation.startedAt + invocation.timeoutMs - Date.now()),
      },
      metrics: { counter: () => NOOP_METRIC, timing: () => NOOP_METRIC, gauge: () => NOOP_METRIC },
      tracing: {
        traceId: invocation.invocationId.replace(/-/g, ''),
        spanId: invocation.invocationId.slice(0, 16),
      },
      externalAuth: [],
    };
  }

  private async forgeFetch(target: ForgeFetchTarget, path: string, init?: RequestInit): Promise<Response> {
    if (target.type === 'kvs') return this.options.kvs.handle(path, init);
    if (target.type === 'fpp' && target.remote === 'stargate') {
      if (path === '/graphql') return this.graph(target, init);
      const publish = /^\/webhook\/queue\/publish\//.test(path);
      if (publish) return this.publish(init);
    }
    this.forgeFetchStats.unsupported += 1;
    // What the platform's proxy does with a call it will not make; @forge/api turns it into ProxyRequestError.
    return new Response(null, {
      status: 501,
      headers: { 'forge-proxy-error': `NOT_EMULATED_IN_SANDBOX ${target.type}/${target.remote} ${path}` },
    });
  }

  private async graph(target: ForgeFetchTarget, init?: RequestInit): Promise<Response> {
    this.forgeFetchStats.graphRequests += 1;
    const { query, variables } = JSON.parse(String(init?.body)) as {
      query: string;
      variables?: Record<string, unknown>;
    };
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
    if (target.provider !== 'user') return this.options.graph.requestGraph(query, variables, headers, 'app');
    const accountId = target.accountId ?? this.invocations.getStore()?.accountId;
    return this.options.graph.requestGraph(query, variables, headers, 'user', accountId);
  }

  /** The publish request @forge/events' Queue.push sends; answered with the statuses it maps to its errors. */
  private async publish(init?: RequestInit): Promise<Response> {
    const request = JSON.parse(String(init?.body)) as { queueName: string; payload: QueueEventInput[] };
    const queue = this.options.queues[request.queueName];
    if (!queue) {
      this.forgeFetchStats.rejectedQueuePushes += 1;
      return Response.json(
        { message: `No consumer in manifest.yml listens on queue ${request.queueName}` },
        { status: 404 },
      );
    }
    try {
      await queue.push(request.payload);
      this.forgeFetchStats.queuePushes += 1;
      return new Response(null, { status: 201 });
    } catch (error) {
      this.forgeFetchStats.rejectedQueuePushes += 1;
      const name = error instanceof Error ? error.name : '';
      const message = error instanceof Error ? error.message : String(error);
      if (name === 'RateLimitError') return new Response(null, { status: 429 });
      if (name === 'InvocationLimitReachedError') return new Response(null, { status: 405 });
      if (name === 'PayloadTooBigError') return Response.json({ errorMessage: message }, { status: 413 });
      return Response.json({ message }, { status: 400 });
    }
  }
}
