// Typed errors for everything that can go wrong talking to Compass: HTTP statuses, top-level GraphQL errors,
// a QueryError in a query's answer and the errors of a mutation payload, all classified here.

export type CompassErrorKind =
  | 'not-found'
  | 'invalid-input'
  | 'alias-conflict'
  | 'rate-limited'
  | 'server-error'
  | 'network'
  | 'schema-mismatch'
  | 'unexpected';

export interface CompassErrorDetail {
  message: string;
  statusCode?: number;
  errorType?: string;
}

export class CompassGatewayError extends Error {
  override readonly name = 'CompassGatewayError';
  constructor(
    readonly kind: CompassErrorKind,
    readonly operation: string,
    message: string,
    readonly details: CompassErrorDetail[] = [],
    /** For `rate-limited` over HTTP 429: how long Compass asked us to wait (its Retry-After), when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(`${operation}: ${message}`);
  }

  /** True when retrying the same request later may succeed. */
  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'server-error' || this.kind === 'network';
  }
}

const ALIAS_CONFLICT = /alias.*(already|exists|in use|taken)/i;

/** Classifies the error list of one operation into one typed error. */
export function compassErrorFrom(operation: string, details: CompassErrorDetail[]): CompassGatewayError {
  const first = details[0] ?? { message: 'unknown error' };
  const message = details.map((d) => d.message).join('; ');
  const types = details.map((d) => d.errorType ?? '');
  const statuses = details.map((d) => d.statusCode ?? 0);
  let kind: CompassErrorKind = 'unexpected';
  if (types.includes('COMPONENT_NOT_FOUND') || statuses.includes(404)) kind = 'not-found';
  else if (details.some((d) => ALIAS_CONFLICT.test(d.message)) || types.includes('EXTERNAL_ALIAS_CONFLICT'))
    kind = 'alias-conflict';
  else if (statuses.includes(429) || types.some((t) => /RATE_?LIMIT/i.test(t))) kind = 'rate-limited';
  else if (types.includes('SDK_SCHEMA_ERROR')) kind = 'schema-mismatch';
  // GraphQL's own refusal of a document or a variable (the gateway's `classification`): what was sent, not Compass.
  else if (statuses.some((s) => s >= 400 && s < 500) || types.includes('ValidationError'))
    kind = 'invalid-input';
  else if (statuses.some((s) => s >= 500)) kind = 'server-error';
  return new CompassGatewayError(kind, operation, message || first.message, details);
}

type ErrorExtensions = { statusCode?: unknown; errorType?: unknown; classification?: unknown };

/** A GraphQL error as Compass sends it: `extensions` is an object on the gateway's errors, an array on a QueryError. */
export interface GraphqlError {
  message: string;
  extensions?: ErrorExtensions | ErrorExtensions[] | null;
}

/**
 * The one reading of GraphQL errors (top-level, QueryError, mutation payload): one detail per extension, its
 * status code, else `httpStatus` when the answer itself failed with one.
 */
export function compassErrorFromGraphql(
  operation: string,
  errors: GraphqlError[],
  httpStatus?: number,
): CompassGatewayError {
  return compassErrorFrom(
    operation,
    errors.flatMap((error) => {
      const extensions = Array.isArray(error.extensions) ? error.extensions : [error.extensions ?? {}];
      return (extensions.length > 0 ? extensions : [{}]).map((extension) => {
        const errorType = extension.errorType ?? extension.classification;
        const statusCode = typeof extension.statusCode === 'number' ? extension.statusCode : httpStatus;
        return {
          message: error.message,
          ...(statusCode !== undefined ? { statusCode } : {}),
          ...(typeof errorType === 'string' ? { errorType } : {}),
        };
      });
    }),
  );
}
