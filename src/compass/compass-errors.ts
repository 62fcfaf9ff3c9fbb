// Typed errors for everything that can go wrong talking to Compass, translated from the SDK's SdkError
// shapes, GraphQL payload errors and HTTP statuses at the gateway boundary.

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
  ) {
    super(`${operation}: ${message}`);
  }

  /** True when retrying the same request later may succeed. */
  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'server-error' || this.kind === 'network';
  }
}

const ALIAS_CONFLICT = /alias.*(already|exists|in use|taken)/i;

/** Classifies the error list of one operation (SDK errors or GraphQL payload errors) into one typed error. */
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
  else if (statuses.some((s) => s >= 400 && s < 500)) kind = 'invalid-input';
  else if (statuses.some((s) => s >= 500)) kind = 'server-error';
  return new CompassGatewayError(kind, operation, message || first.message, details);
}
