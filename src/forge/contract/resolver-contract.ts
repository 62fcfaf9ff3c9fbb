// What every resolver surface shares: a contract names each operation with the schema of its payload (zod) and,
// by type only, its value; `surfaceResolver` turns a contract and its handlers into the function Forge invokes.
// A payload is checked at this edge, so a use case gets typed values; only the contract's own operations can be
// called (@forge/resolver looks a name up with `in` on a plain object, so `constructor` or `toString` would reach
// Object.prototype); every answer leaves through the one translator.
import Resolver from '@forge/resolver';
import { z } from 'zod';
import {
  answer,
  InvalidRequestError,
  resolverResult,
  UNKNOWN_METHOD,
  type ResolverResult,
} from '../resolver-result';

/** Operation name -> the schema of its payload. */
export type Contract = Record<string, z.ZodType>;

/** What Forge's context holds for a resolver (@forge/resolver adds the caller and the install). */
export interface ResolverContext {
  cloudId?: string;
  installContext?: string;
  accountId?: string;
  extension?: { component?: { id?: unknown }; componentId?: unknown };
}

export type PayloadOf<C extends Contract, K extends keyof C> = z.output<C[K]>;
/** What a page sends: the schema's input side (defaults and transforms not applied yet). */
export type RequestOf<C extends Contract, K extends keyof C> = z.input<C[K]>;

export type Handlers<C extends Contract, Values extends { [K in keyof C]: unknown }> = {
  [K in keyof C]: (payload: PayloadOf<C, K>, context: ResolverContext) => Promise<Values[K]>;
};

/** The payload of an operation that takes none: nothing, or an empty object. */
export const noPayload = z.strictObject({});

/** Limits shared by the contracts. */
export const LIMITS = {
  /** An entity ref, a search string, an id: nothing a page sends is longer. */
  shortText: 500,
  url: 2048,
  token: 4096,
  selection: 10_000,
  mapEntries: 1000,
} as const;

export const shortText = () => z.string().max(LIMITS.shortText);

/** A record of text to text with bounded keys, values and size. */
export function textTable<V extends z.ZodType>(value: V) {
  return z.record(shortText(), value).refine((table) => Object.keys(table).length <= LIMITS.mapEntries, {
    // parsePayload puts the field in front.
    message: `must have at most ${LIMITS.mapEntries} entries`,
  });
}

const MAX_METHOD_IN_MESSAGE = 100;

function fieldOf(path: readonly PropertyKey[], extraKey?: string): string {
  const parts = [...path.map(String), ...(extraKey !== undefined ? [extraKey] : [])];
  return parts.length === 0 ? 'payload' : parts.join('.');
}

function bound(origin: string, which: 'at most' | 'at least', limit: number | bigint): string {
  if (origin === 'string') return `must be ${which} ${limit} characters`;
  if (origin === 'array') return `must have ${which} ${limit} items`;
  return `must be ${which} ${limit}`;
}

/** The app's words for a schema refusal; a schema's own message (a page-facing one) wins over these. */
function describeIssue(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'must be a whole number';
      return `must be ${article(issue.expected)}`;
    case 'too_big':
      return bound(issue.origin, 'at most', issue.maximum);
    case 'too_small':
      return bound(issue.origin, 'at least', issue.minimum);
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => String(value)).join(', ')}`;
    case 'invalid_format':
      return 'is not in the expected format';
    case 'unrecognized_keys':
      return 'is not a field this operation takes';
    default:
      return 'is not acceptable';
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** The payload read by the operation's schema, or an InvalidRequestError naming the first field at fault. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const parsed = schema.safeParse(payload, {
    error: (issue) => {
      const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
      return `${fieldOf(issue.path ?? [], key)} ${describeIssue(issue)}`;
    },
  });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = fieldOf(issue.path, issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined);
  // A refinement's message is a predicate ("must have at most …"); the others are whole sentences already.
  throw new InvalidRequestError(field, issue.code === 'custom' ? `${field} ${issue.message}` : issue.message);
}

interface ForgeCall {
  call?: { functionKey?: unknown; payload?: unknown; jobId?: unknown };
  context?: unknown;
}

/** The function Forge invokes for one UI surface: its contract's operations and nothing else. */
export function surfaceResolver<C extends Contract, Values extends { [K in keyof C]: unknown }>(
  surface: string,
  contract: C,
  handlers: Handlers<C, Values>,
): (request: ForgeCall, backendRuntimePayload?: unknown) => Promise<ResolverResult<unknown>> {
  const resolver = new Resolver();
  for (const operation of Object.keys(contract) as (keyof C & string)[]) {
    resolver.define(operation, ({ payload, context }) =>
      resolverResult(operation, async () =>
        handlers[operation](parsePayload(contract[operation]!, payload), context as ResolverContext),
      ),
    );
  }
  const definitions = resolver.getDefinitions() as (
    request: ForgeCall,
    backendRuntimePayload?: unknown,
  ) => Promise<ResolverResult<unknown>>;
  return async (request, backendRuntimePayload) => {
    const method = request?.call?.functionKey;
    if (typeof method === 'string' && Object.hasOwn(contract, method)) {
      return definitions(request, backendRuntimePayload);
    }
    const named = typeof method === 'string' ? method.slice(0, MAX_METHOD_IN_MESSAGE) : String(method);
    return answer({
      ok: false,
      error: { code: UNKNOWN_METHOD, message: `The ${surface} has no definition for '${named}'.` },
    });
  };
}
