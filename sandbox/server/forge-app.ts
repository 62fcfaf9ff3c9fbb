// The app as Forge sees it: manifest.yml's modules and functions, and the handlers src/index.ts exports under the
// names the manifest gives. Invokes them the way Forge does: a UI surface's resolver with
// `({ call: { functionKey: method, payload }, context }, { principal, installContext })`, a queue consumer with
// an AsyncEvent, a scheduled trigger with its event, each as one platform invocation with the function's timeout.
import * as path from 'node:path';
import { APP_DIRECTORY, readManifest } from '../../scripts/forge-manifest';
import { FunctionTimeoutError, type ForgePlatform } from '../forge/forge-platform';
import type { QueueConsumer, QueueDelivery } from '../forge/in-process-queue';

export type ForgeHandler = (event: unknown, context?: unknown) => Promise<unknown>;

/** A Custom UI module (compass:adminPage, compass:componentPage, …) and the resolver function behind it. */
export interface UiSurface {
  moduleType: string;
  moduleKey: string;
  title: string;
  resourceKey: string;
  /** The resource folder, absolute. */
  resourcePath: string;
  functionKey: string;
}

export interface QueueConsumerModule {
  moduleKey: string;
  queue: string;
  functionKey: string;
}

export interface ScheduledTriggerModule {
  moduleKey: string;
  functionKey: string;
  interval?: string;
}

export interface FunctionModule {
  key: string;
  /** `file.export`, the file relative to src/ (Forge's convention). */
  handler: string;
  timeoutSeconds?: number;
}

export interface AppModules {
  /** The uuid of manifest.yml's `app.id`. */
  appId: string;
  functions: Map<string, FunctionModule>;
  surfaces: UiSurface[];
  consumers: QueueConsumerModule[];
  triggers: ScheduledTriggerModule[];
  scopes: string[];
  external: unknown;
}

/** UI resolvers run at most 25 s on Forge, not configurable. */
const RESOLVER_TIMEOUT_MS = 25_000;
/** Forge's default for functions that do not set timeoutSeconds. */
const DEFAULT_FUNCTION_TIMEOUT_MS = 55_000;

interface ManifestModule {
  key: string;
  title?: string;
  resource?: string;
  resolver?: { function: string };
  function?: string;
  handler?: string;
  queue?: string;
  interval?: string;
  timeoutSeconds?: number;
}

export function readAppModules(appDirectory: string = APP_DIRECTORY): AppModules {
  const { manifest } = readManifest();
  const modules = manifest.modules as unknown as Record<string, ManifestModule[]>;
  const resources = new Map((manifest.resources ?? []).map((resource) => [resource.key, resource.path]));
  const surfaces: UiSurface[] = [];
  for (const [moduleType, entries] of Object.entries(modules)) {
    for (const entry of entries) {
      if (!entry.resource || !entry.resolver) continue;
      const resourcePath = resources.get(entry.resource);
      if (!resourcePath)
        throw new Error(`manifest.yml: module ${entry.key} names an unknown resource ${entry.resource}`);
      surfaces.push({
        moduleType,
        moduleKey: entry.key,
        title: entry.title ?? entry.key,
        resourceKey: entry.resource,
        resourcePath: path.join(appDirectory, resourcePath),
        functionKey: entry.resolver.function,
      });
    }
  }
  return {
    appId: manifest.app.id.split('/').pop() ?? manifest.app.id,
    functions: new Map(
      (modules.function ?? []).map((entry) => [
        entry.key,
        { key: entry.key, handler: entry.handler ?? '', timeoutSeconds: entry.timeoutSeconds },
      ]),
    ),
    surfaces,
    consumers: (modules.consumer ?? []).map((entry) => ({
      moduleKey: entry.key,
      queue: entry.queue ?? '',
      functionKey: entry.function ?? '',
    })),
    triggers: (modules.scheduledTrigger ?? []).map((entry) => ({
      moduleKey: entry.key,
      functionKey: entry.function ?? '',
      interval: entry.interval,
    })),
    scopes: manifest.permissions?.scopes ?? [],
    external: manifest.permissions?.external ?? {},
  };
}

/**
 * Loads each function's handler from src/ as Forge's bundle would (`index.adminResolver` is the export
 * `adminResolver` of src/index). Call only after the platform is installed: the app's modules load @forge/*.
 */
export async function loadHandlers(
  modules: AppModules,
  appDirectory: string = APP_DIRECTORY,
): Promise<Map<string, ForgeHandler>> {
  const handlers = new Map<string, ForgeHandler>();
  for (const fn of modules.functions.values()) {
    const separator = fn.handler.lastIndexOf('.');
    const file = fn.handler.slice(0, separator);
    const exportName = fn.handler.slice(separator + 1);
    const loaded = (await import(path.join(appDirectory, 'src', file))) as Record<string, unknown>;
    const handler = loaded[exportName];
    if (typeof handler !== 'function') {
      throw new Error(
        `manifest.yml: function ${fn.key} names ${fn.handler}, which src/${file} does not export`,
      );
    }
    handlers.set(fn.key, handler as ForgeHandler);
  }
  return handlers;
}

/** Something a caller asked for that the app cannot do; `status` is the HTTP status the sandbox answers. */
export class ForgeCallError extends Error {
  override readonly name = 'ForgeCallError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface SiteIdentity {
  cloudId: string;
  siteUrl: string;
  /** The signed-in user's account id when a call names none. */
  accountId: string;
}

export interface InvokeRequest {
  functionKey: string;
  method: string;
  payload?: unknown;
  context?: Record<string, unknown>;
}

export class ForgeAppRuntime {
  constructor(
    private readonly platform: ForgePlatform,
    readonly modules: AppModules,
    private readonly handlers: Map<string, ForgeHandler>,
    readonly site: SiteIdentity,
  ) {}

  get installContext(): string {
    return `ari:cloud:compass::site/${this.site.cloudId}`;
  }

  surface(moduleType: string): UiSurface | undefined {
    return this.modules.surfaces.find((surface) => surface.moduleType === moduleType);
  }

  /**
   * The context a surface's iframe gets from view.getContext() (Forge's FullContext); the resolver receives
   * the same fields. `extension` carries what the module type adds (the component for a component page).
   */
  surfaceContext(surface: UiSurface, extension: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      accountId: this.site.accountId,
      cloudId: this.site.cloudId,
      environmentId: this.platform.environmentId,
      environmentType: 'DEVELOPMENT',
      extension: { type: surface.moduleType, ...extension },
      localId: `ari:cloud:ecosystem::extension/${this.modules.appId}/${this.platform.environmentId}/static/${surface.moduleKey}`,
      locale: 'en-US',
      moduleKey: surface.moduleKey,
      siteUrl: this.site.siteUrl,
      timezone: 'UTC',
      theme: {
        colorMode: 'light',
        light: 'light',
        dark: 'dark',
        spacing: 'spacing',
        typography: 'typography',
      },
      surfaceColor: null,
    };
  }

  /** A resolver method of the surface whose resolver is `functionKey`, as a Custom UI invoke() reaches it. */
  async invokeResolver(request: InvokeRequest): Promise<unknown> {
    const { functionKey, method } = request;
    const handler = this.handlers.get(functionKey);
    if (!handler) {
      throw new ForgeCallError(404, 'unknown-function', `manifest.yml has no function "${functionKey}"`);
    }
    const surface = this.modules.surfaces.find((candidate) => candidate.functionKey === functionKey);
    if (!surface) {
      throw new ForgeCallError(
        400,
        'not-a-resolver',
        `Function "${functionKey}" is not the resolver of any UI module, so no page can invoke it`,
      );
    }
    if (typeof method !== 'string' || method.length === 0) {
      throw new ForgeCallError(400, 'invalid-request', 'method must name a resolver definition');
    }
    const defaults = this.surfaceContext(surface);
    const given = request.context ?? {};
    const context: Record<string, unknown> = {
      ...defaults,
      ...given,
      // A caller naming only the component keeps the surface's extension type.
      extension: { ...(defaults.extension as object), ...((given.extension as object | undefined) ?? {}) },
    };
    const accountId = typeof context.accountId === 'string' ? context.accountId : this.site.accountId;
    // Forge passes the principal and install context beside the call; @forge/resolver merges them in.
    delete context.accountId;
    let answer: unknown;
    try {
      answer = await this.platform.invoke(
        { functionKey, moduleKey: surface.moduleKey, timeoutMs: RESOLVER_TIMEOUT_MS, accountId },
        () =>
          handler(
            { call: { functionKey: method, payload: request.payload }, context },
            { principal: { accountId }, installContext: this.installContext },
          ),
      );
    } catch (error) {
      throw asCallError(error, functionKey);
    }
    // The resolver answers a method it does not define (src/forge/contract/resolver-contract.ts); over HTTP that is a 404.
    const refused = unknownMethodMessage(answer);
    if (refused !== undefined) throw new ForgeCallError(404, 'unknown-method', `${functionKey}: ${refused}`);
    return answer;
  }

  /** Runs the scheduled trigger with that manifest key now, as its schedule would. */
  async runTrigger(moduleKey: string): Promise<unknown> {
    const trigger = this.modules.triggers.find((candidate) => candidate.moduleKey === moduleKey);
    if (!trigger) {
      const known = this.modules.triggers.map((candidate) => candidate.moduleKey).join(', ');
      throw new ForgeCallError(
        404,
        'unknown-trigger',
        `manifest.yml has no scheduledTrigger "${moduleKey}" (known: ${known})`,
      );
    }
    const handler = this.requireHandler(trigger.functionKey);
    try {
      return await this.platform.invoke(
        { functionKey: trigger.functionKey, moduleKey, timeoutMs: this.timeoutMs(trigger.functionKey) },
        () =>
          handler(
            { context: { cloudId: this.site.cloudId, moduleKey }, contextToken: 'sandbox-context-token' },
            { installContext: this.installContext },
          ),
      );
    } catch (error) {
      throw asCallError(error, trigger.functionKey);
    }
  }

  /** The consumer behind a queue: each delivery is one invocation of the consumer's function with an AsyncEvent. */
  consumerOf(queue: string): { consumer: QueueConsumer; timeoutMs: number } {
    const module = this.modules.consumers.find((candidate) => candidate.queue === queue);
    if (!module) throw new Error(`manifest.yml has no consumer for queue ${queue}`);
    const handler = this.requireHandler(module.functionKey);
    const timeoutMs = this.timeoutMs(module.functionKey);
    const consumer = (delivery: QueueDelivery) =>
      this.platform.invoke({ functionKey: module.functionKey, moduleKey: module.moduleKey, timeoutMs }, () =>
        handler(
          {
            queueName: queue,
            jobId: delivery.jobId,
            eventId: delivery.eventId,
            body: delivery.body,
            ...(delivery.retryContext ? { retryContext: delivery.retryContext } : {}),
            contextToken: 'sandbox-context-token',
          },
          { installContext: this.installContext },
        ),
      );
    return { consumer, timeoutMs };
  }

  private requireHandler(functionKey: string): ForgeHandler {
    const handler = this.handlers.get(functionKey);
    if (!handler) throw new Error(`manifest.yml names function ${functionKey}, which has no handler`);
    return handler;
  }

  private timeoutMs(functionKey: string): number {
    const seconds = this.modules.functions.get(functionKey)?.timeoutSeconds;
    return seconds ? seconds * 1000 : DEFAULT_FUNCTION_TIMEOUT_MS;
  }
}

function unknownMethodMessage(answer: unknown): string | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const { ok, error } = answer as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  return ok === false && error?.code === 'unknown-method' ? String(error.message) : undefined;
}

function asCallError(error: unknown, functionKey: string): ForgeCallError {
  if (error instanceof ForgeCallError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof FunctionTimeoutError) return new ForgeCallError(504, 'function-timeout', message);
  return new ForgeCallError(500, 'function-error', `${functionKey} failed: ${message}`);
}
