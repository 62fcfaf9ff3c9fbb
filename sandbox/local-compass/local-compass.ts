// The local Compass: executes the GraphQL documents the SDK (and the app) send, with graphql-js, against the
// schema subset reconstructed from @atlassian/forge-graphql-types, answering from an in-memory store.
// It speaks `requestGraph` like @forge/api (a real WHATWG Response), so `new Api(localCompass.fetchApi())`
// runs the SDK's own methods end to end. Latency, rate limiting (429 + Retry-After), fault injection and
// request counters make it usable for retry, interruption and throughput tests.
import {
  execute,
  getOperationAST,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { CompassLimits } from './limits';
import { TokenBucket, type RateLimit } from './rate-limiter';
import { createRootValues, GatewayGraphQLError, type RootValues } from './resolvers';
import { headerOptIns, loadCompassSubsetSchema, missingOptIns } from './schema/compass-schema';
import {
  CompassStore,
  type RequestCaller,
  type SiteSeed,
  type StoredComponent,
  type StoredTeam,
  type StoredUser,
  type TeamSeed,
  type UserSeed,
} from './store';
import { ViewFactory } from './views';

export const DEFAULT_CLOUD_ID = '0f2e9c4a-5b1d-4c8e-9a7f-3d6b2e1c0a00';

/** Time source; tests pass a virtual clock so latency and rate limits are asserted without waiting. */
export interface LocalCompassClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: LocalCompassClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface LocalCompassOptions {
  /** Default site; more can be added with `sites` or `addSite`. */
  cloudId?: string;
  /** orgId of the default site (what `tenantContexts` returns); generated when absent. */
  orgId?: string;
  sites?: SiteSeed[];
  /** Awaited once per request before it is answered (also settable with `setLatency`). */
  latencyMs?: number;
  rateLimit?: RateLimit;
  teams?: TeamSeed[];
  /** People `users(accountIds)` names and `viewerPermissions` answers for (`addUser()` at runtime). */
  users?: UserSeed[];
  /**
   * Default true: a document that fails to parse or validate, variables that do not coerce, a missing
   * opt-in or an internal resolver error reject the `requestGraph` promise with a LocalCompassRequestError.
   * When false, they are answered as the gateway does (HTTP 200 with top-level `errors`).
   * Either way they are recorded in `rejectedRequests()`.
   */
  strict?: boolean;
  limits?: Partial<CompassLimits>;
  clock?: LocalCompassClock;
  siteUrl?: (cloudId: string) => string;
}

export type FaultKind =
  'http-500' | 'http-502' | 'network' | 'graphql-error' | 'rate-limit' | 'malformed-json';

export interface RequestInfo {
  /** 1-based arrival order since construction. */
  index: number;
  operationName: string | null;
  /** `compass.createComponent`, `team.teamSearchV2`, `tenantContexts`; one per compound segment. */
  rootFields: string[];
  query: string;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
  principal: 'app' | 'user';
  /** For `principal: 'user'`: the account Forge's host says the request runs as, when it says. */
  accountId?: string;
}

export interface FaultSpec {
  /** Operation name, root field (`createComponent` or `compass.createComponent`) or a predicate. */
  match: string | ((request: RequestInfo) => boolean);
  kind: FaultKind;
  /** How many matching requests fail (default 1; `Infinity` for all). */
  times?: number;
  message?: string;
  /** For `rate-limit`: the Retry-After header (default 1). */
  retryAfterSeconds?: number;
}

export interface FaultHandle {
  /** Matching requests still to fail. */
  remaining(): number;
  cancel(): void;
}

export interface LocalCompassStats {
  /** Every `requestGraph` call, answered or not. */
  requests: number;
  /** Requests that reached graphql-js execution. */
  executed: number;
  /** HTTP 429 answers (rate limiter and `rate-limit` faults). */
  rateLimited: number;
  /** Requests failed by an injected fault (including `rate-limit` faults). */
  faulted: number;
  /** Requests rejected as invalid (see `strict`). */
  rejected: number;
  /** Every request by operation name (`(anonymous)`, `(unparseable)`). */
  byOperation: Record<string, number>;
  /** Executed root fields; a compound mutation adds one per segment. */
  byRootField: Record<string, number>;
}

export type RejectionKind = 'invalid-document' | 'invalid-variables' | 'missing-opt-in' | 'internal-error';

export interface RejectedRequest {
  kind: RejectionKind;
  operationName: string | null;
  query: string;
  variables: Record<string, unknown>;
  errors: string[];
}

/** A request the local Compass refused in strict mode; the test (or code under test) sent something invalid. */
export class LocalCompassRequestError extends Error {
  override readonly name = 'LocalCompassRequestError';
  constructor(readonly rejection: RejectedRequest) {
    super(
      `local Compass rejected ${rejection.operationName ?? 'a request'} (${rejection.kind}): ${rejection.errors.join('; ')}`,
    );
  }
}

/** A read-only copy of a stored component in the app's terms, for assertions. */
export interface ComponentSnapshot {
  id: string;
  cloudId: string;
  name: string;
  description: string | null;
  typeId: string;
  state: string | null;
  ownerId: string | null;
  slug: string | null;
  fields: Record<string, string[]>;
  labels: string[];
  links: { id: string; type: string; url: string; name: string | null }[];
  externalAliases: { externalSource: string; externalId: string }[];
  /** Component ids this component DEPENDS_ON. */
  dependsOn: string[];
  /** Component id this component is CHILD_OF, if any. */
  childOf: string[];
  scorecardIds: string[];
  metricSources: {
    id: string;
    metricDefinitionId: string;
    externalMetricSourceId: string;
    values: number[];
  }[];
}

export interface MetricDefinitionSnapshot {
  id: string;
  name: string;
  description: string | null;
  suffix: string | null;
}

export interface ScorecardSnapshot {
  id: string;
  name: string;
  description: string | null;
  importance: string;
  scoringStrategyType: string;
  criteria: { kind: string; weight: number; metricDefinitionId: string | null }[];
  /** Component ids. */
  appliedTo: string[];
}

export interface LocalCompassFetchApi {
  asApp(): { requestGraph: RequestGraph };
  asUser(accountId?: string): { requestGraph: RequestGraph };
  fetch(): Promise<never>;
  requestJira(): Promise<never>;
  requestConfluence(): Promise<never>;
  requestBitbucket(): Promise<never>;
}

export type RequestGraph = (
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
) => Promise<Response>;

interface PreparedDocument {
  document?: DocumentNode;
  operation?: OperationDefinitionNode;
  operationName: string | null;
  rootFields: string[];
  errors: readonly GraphQLError[];
}

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

const DOCUMENT_CACHE_LIMIT = 1000;

export class LocalCompass {
  readonly cloudId: string;
  /** The backing store: for seeding and inspection in tests, never for the app. */
  readonly store: CompassStore;
  private readonly schema = loadCompassSubsetSchema();
  private readonly rootValues: RootValues;
  private readonly clock: LocalCompassClock;
  private readonly strict: boolean;
  private latencyMs: number;
  private bucket: TokenBucket | undefined;
  private faults: ActiveFault[] = [];
  private failAfter: { threshold: number; kind: FaultKind } | undefined;
  private readonly documents = new Map<string, PreparedDocument>();
  private counters = emptyStats();
  private arrivals = 0;
  private rejections: RejectedRequest[] = [];

  constructor(options: LocalCompassOptions = {}) {
    this.cloudId = options.cloudId ?? DEFAULT_CLOUD_ID;
    this.clock = options.clock ?? realClock;
    this.strict = options.strict ?? true;
    this.latencyMs = options.latencyMs ?? 0;
    this.store = new CompassStore(this.cloudId, this.clock, options.limits);
    if (options.orgId) this.store.site(this.cloudId).orgId = options.orgId;
    for (const site of options.sites ?? []) this.store.addSite(site);
    for (const team of options.teams ?? []) this.store.addTeam(team);
    for (const user of options.users ?? []) this.store.addUser(user);
    this.setRateLimit(options.rateLimit);
    const siteUrl =
      options.siteUrl ?? ((cloudId: string) => `https://site-${cloudId.slice(0, 8)}.atlassian.net`);
    this.rootValues = createRootValues(this.schema, this.store, new ViewFactory(this.store, siteUrl));
  }

  // ---- transport ---------------------------------------------------------------------------------------

  async requestGraph(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
    principal: 'app' | 'user' = 'app',
    accountId?: string,
  ): Promise<Response> {
    this.arrivals += 1;
    const prepared = this.prepare(query);
    const info: RequestInfo = {
      index: this.arrivals,
      operationName: prepared.operationName,
      rootFields: prepared.rootFields,
      query,
      variables,
      headers,
      principal,
      ...(accountId !== undefined ? { accountId } : {}),
    };
    this.counters.requests += 1;
    const operationKey = prepared.document ? (prepared.operationName ?? '(anonymous)') : '(unparseable)';
    increment(this.counters.byOperation, operationKey);

    const fault = this.takeFault(info);
    const decision = fault ? undefined : this.bucket?.take();
    if (this.latencyMs > 0) await this.clock.sleep(this.latencyMs);
    if (fault) return this.faultResponse(fault);
    if (decision && !decision.allowed) {
      this.counters.rateLimited += 1;
      return rateLimitedResponse(decision.retryAfterSeconds, this.bucket?.limit);
    }
    // A user request for an account the site does not know (none seeded with `users`) is refused as
    // unauthenticated; live Compass's shape for this is UNVERIFIED.
    if (principal === 'user' && !(accountId !== undefined && this.store.user(accountId))) {
      return jsonResponse(401, {
        errors: [{ message: 'Unauthorized', extensions: { statusCode: 401, errorType: 'UNAUTHENTICATED' } }],
      });
    }
    return this.answer(prepared, info);
  }

  /** An object `new Api(...)` of @atlassian/forge-graphql accepts in place of @forge/api. */
  fetchApi(): LocalCompassFetchApi {
    const unsupported = () => Promise.reject(new Error('The local Compass only provides requestGraph.'));
    const as = (principal: 'app' | 'user', accountId?: string) => ({
      requestGraph: (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) =>
        this.requestGraph(query, variables, headers, principal, accountId),
    });
    return {
      asApp: () => as('app'),
      // The account a user request runs as; on Forge the platform knows it from the invocation.
      asUser: (accountId?: string) => as('user', accountId),
      fetch: unsupported,
      requestJira: unsupported,
      requestConfluence: unsupported,
      requestBitbucket: unsupported,
    };
  }

  setLatency(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('latency must be >= 0');
    this.latencyMs = ms;
  }

  setRateLimit(limit: RateLimit | undefined): void {
    this.bucket = limit ? new TokenBucket(limit, () => this.clock.now()) : undefined;
  }

  // ---- faults -----------------------------------------------------------------------------------------

  injectFault(spec: FaultSpec): FaultHandle {
    const fault: ActiveFault = { spec, remaining: spec.times ?? 1 };
    this.faults.push(fault);
    return {
      remaining: () => fault.remaining,
      cancel: () => {
        this.faults = this.faults.filter((active) => active !== fault);
      },
    };
  }

  /** Every request after the next `count` fails with `kind` (an interrupted run). */
  failRequestsAfter(count: number, kind: FaultKind = 'network'): void {
    this.failAfter = { threshold: this.arrivals + count, kind };
  }

  clearFaults(): void {
    this.faults = [];
    this.failAfter = undefined;
  }

  // ---- counters and inspection ---------------------------------------------------------------------

  stats(): LocalCompassStats {
    return structuredClone(this.counters);
  }

  resetStats(): void {
    this.counters = emptyStats();
  }

  rejectedRequests(): RejectedRequest[] {
    return structuredClone(this.rejections);
  }

  clearRejectedRequests(): void {
    this.rejections = [];
  }

  addSite(site: SiteSeed): void {
    this.store.addSite(site);
  }

  addTeam(team: TeamSeed): StoredTeam {
    return this.store.addTeam(team);
  }

  addUser(user: UserSeed): StoredUser {
    return this.store.addUser(user);
  }

  components(cloudId: string = this.cloudId): ComponentSnapshot[] {
    return this.store.componentsOf(cloudId).map((component) => this.snapshot(component));
  }

  component(id: string): ComponentSnapshot | undefined {
    const component = this.store.findComponent(id);
    return component && this.snapshot(component);
  }

  /** The site's custom metric definitions, in creation order. */
  metricDefinitions(cloudId: string = this.cloudId): MetricDefinitionSnapshot[] {
    return this.store
      .metricDefinitionsOf(cloudId)
      .map(({ id, name, description, suffix }) => ({ id, name, description, suffix }));
  }

  /** The site's scorecards with their criteria, and the components each is applied to. */
  scorecards(cloudId: string = this.cloudId): ScorecardSnapshot[] {
    const components = this.store.componentsOf(cloudId);
    return this.store.scorecardsOf(cloudId).map((scorecard) =>
      structuredClone({
        id: scorecard.id,
        name: scorecard.name,
        description: scorecard.description,
        importance: scorecard.importance,
        scoringStrategyType: scorecard.scoringStrategyType,
        criteria: scorecard.criteria.map(({ kind, weight, metricDefinitionId }) => ({
          kind,
          weight,
          metricDefinitionId,
        })),
        appliedTo: components
          .filter((component) => component.scorecardIds.includes(scorecard.id))
          .map((component) => component.id),
      }),
    );
  }

  findByAlias(externalSource: string, externalId: string, cloudId: string = this.cloudId) {
    const component = this.store.componentByAlias(cloudId, externalSource, externalId);
    return component && this.snapshot(component);
  }

  // ---- internals ---------------------------------------------------------------------------------------

  private prepare(query: string): PreparedDocument {
    const cached = this.documents.get(query);
    if (cached) return cached;
    let prepared: PreparedDocument;
    try {
      const document = parse(query);
      const operation = getOperationAST(document) ?? undefined;
      const errors = validate(this.schema, document);
      prepared = {
        document,
        operation,
        operationName: operation?.name?.value ?? null,
        rootFields: operation ? rootFieldsOf(document, operation.selectionSet) : [],
        errors: operation
          ? errors
          : [...errors, new GraphQLError('The document must contain exactly one operation.')],
      };
    } catch (error) {
      const parseError = error instanceof GraphQLError ? error : new GraphQLError(String(error));
      prepared = { operationName: null, rootFields: [], errors: [parseError] };
    }
    if (this.documents.size >= DOCUMENT_CACHE_LIMIT) this.documents.clear();
    this.documents.set(query, prepared);
    return prepared;
  }

  private async answer(prepared: PreparedDocument, info: RequestInfo): Promise<Response> {
    const { document, operation } = prepared;
    if (!document || !operation || prepared.errors.length > 0) {
      return this.reject('invalid-document', info, prepared.errors);
    }
    const optInProblems = missingOptIns(this.schema, document, operation, headerOptIns(info.headers));
    if (optInProblems.length > 0) {
      return this.reject(
        'missing-opt-in',
        info,
        optInProblems.map((message) => new GraphQLError(message)),
      );
    }
    const result = (await execute({
      schema: this.schema,
      document,
      rootValue: operation.operation === 'mutation' ? this.rootValues.mutation : this.rootValues.query,
      variableValues: info.variables,
      contextValue: {
        principal: info.principal,
        ...(info.accountId !== undefined ? { accountId: info.accountId } : {}),
      } satisfies RequestCaller,
    })) as ExecutionResult;
    if (!('data' in result)) return this.reject('invalid-variables', info, result.errors ?? []);
    const internal = (result.errors ?? []).filter((error) => !isIntentional(error));
    // A resolver bug: recorded either way; in non-strict mode the partial result goes out as graphql-js made it.
    if (internal.length > 0) this.record('internal-error', info, internal);
    this.counters.executed += 1;
    for (const field of prepared.rootFields) increment(this.counters.byRootField, field);
    return jsonResponse(200, formatResult(result));
  }

  /** Records a rejection; in strict mode throws it at the caller. */
  private record(kind: RejectionKind, info: RequestInfo, errors: readonly GraphQLError[]): void {
    const rejection: RejectedRequest = {
      kind,
      operationName: info.operationName,
      query: info.query,
      variables: structuredClone(info.variables),
      errors: errors.map((error) => error.message),
    };
    this.rejections.push(rejection);
    this.counters.rejected += 1;
    if (this.strict) throw new LocalCompassRequestError(rejection);
  }

  private reject(kind: RejectionKind, info: RequestInfo, errors: readonly GraphQLError[]): Response {
    this.record(kind, info, errors);
    return jsonResponse(200, {
      errors: errors.map((error) => ({
        ...error.toJSON(),
        extensions: { ...error.extensions, classification: 'ValidationError' },
      })),
    });
  }

  private takeFault(info: RequestInfo): FaultSpec | undefined {
    if (this.failAfter && info.index > this.failAfter.threshold) {
      return {
        match: () => true,
        kind: this.failAfter.kind,
        message: `failing every request after #${this.failAfter.threshold}`,
      };
    }
    const active = this.faults.find((fault) => fault.remaining > 0 && faultMatches(fault.spec, info));
    if (!active) return undefined;
    active.remaining -= 1;
    return active.spec;
  }

  private faultResponse(fault: FaultSpec): Response {
    this.counters.faulted += 1;
    const message = fault.message ?? `injected ${fault.kind}`;
    switch (fault.kind) {
      case 'network':
        // What undici's fetch throws when the connection fails.
        throw new TypeError('fetch failed', { cause: new Error(message) });
      case 'http-500':
        return jsonResponse(500, {
          errors: [{ message, extensions: { classification: 'InternalServerError', statusCode: 500 } }],
        });
      case 'http-502':
        return new Response(`<html><body><h1>502 Bad Gateway</h1>${message}</body></html>`, {
          status: 502,
          headers: { 'content-type': 'text/html' },
        });
      case 'graphql-error':
        return jsonResponse(200, {
          data: null,
          errors: [
            {
              message,
              extensions: {
                classification: 'DataFetchingException',
                errorType: 'INTERNAL_SERVER_ERROR',
                errorSource: 'GRAPHQL_GATEWAY',
              },
            },
          ],
        });
      case 'rate-limit':
        this.counters.rateLimited += 1;
        return rateLimitedResponse(fault.retryAfterSeconds ?? 1, undefined);
      case 'malformed-json':
        return new Response('<html>upstream returned something that is not JSON</html>', {
          status: 200,
          headers: { 'content-type': 'text/html' },
        });
    }
  }

  private snapshot(component: StoredComponent): ComponentSnapshot {
    const related = (type: 'DEPENDS_ON' | 'CHILD_OF') =>
      this.store.relationshipsOf(component.id, type, 'OUTWARD').map((relationship) => relationship.endNodeId);
    return structuredClone({
      id: component.id,
      cloudId: component.cloudId,
      name: component.name,
      description: component.description,
      typeId: component.typeId,
      state: component.state,
      ownerId: component.ownerId,
      slug: component.slug,
      fields: Object.fromEntries(component.fields),
      labels: component.labels,
      links: component.links.map(({ id, type, url, name }) => ({ id, type, url, name })),
      externalAliases: component.externalAliases.map(({ externalSource, externalId }) => ({
        externalSource,
        externalId,
      })),
      dependsOn: related('DEPENDS_ON'),
      childOf: related('CHILD_OF'),
      scorecardIds: component.scorecardIds,
      metricSources: this.store.metricSourcesOfComponent(component.id).map((source) => ({
        id: source.id,
        metricDefinitionId: source.metricDefinitionId,
        externalMetricSourceId: source.externalMetricSourceId,
        values: source.values.map((value) => value.value),
      })),
    });
  }
}

/** Errors the double raises on purpose are gateway answers; anything else is a bug in the double. */
function isIntentional(error: GraphQLError): boolean {
  return error.originalError === undefined || error.originalError instanceof GatewayGraphQLError;
}

function faultMatches(spec: FaultSpec, info: RequestInfo): boolean {
  if (typeof spec.match === 'function') return spec.match(info);
  const match = spec.match;
  return (
    info.operationName === match ||
    info.rootFields.some((field) => field === match || field.endsWith(`.${match}`))
  );
}

const NAMESPACE_FIELDS = new Set(['compass', 'team']);

function rootFieldsOf(document: DocumentNode, selectionSet: SelectionSetNode, prefix = ''): string[] {
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [],
    ),
  );
  const fields: string[] = [];
  const visit = (set: SelectionSetNode, path: string) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        if (path === '' && NAMESPACE_FIELDS.has(name) && selection.selectionSet) {
          visit(selection.selectionSet, `${name}.`);
        } else {
          fields.push(`${path}${name}`);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, path);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet, path);
      }
    }
  };
  visit(selectionSet, prefix);
  return fields;
}

function formatResult(result: ExecutionResult): FormattedExecutionResult {
  return {
    ...(result.errors ? { errors: result.errors.map((error) => error.toJSON()) } : {}),
    data: result.data ?? null,
  };
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function rateLimitedResponse(retryAfterSeconds: number, limit: RateLimit | undefined): Response {
  const detail = limit
    ? ` (${limit.requestsPerSecond} requests/s, burst ${limit.burst ?? limit.requestsPerSecond})`
    : '';
  return new Response(
    JSON.stringify({
      errors: [
        {
          message: `Rate limit exceeded${detail}. Retry after ${retryAfterSeconds} s.`,
          extensions: { classification: 'RateLimited', errorType: 'RATE_LIMITED', statusCode: 429 },
        },
      ],
    }),
    {
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': String(retryAfterSeconds) },
    },
  );
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function emptyStats(): LocalCompassStats {
  return {
    requests: 0,
    executed: 0,
    rateLimited: 0,
    faulted: 0,
    rejected: 0,
    byOperation: {},
    byRootField: {},
  };
}
