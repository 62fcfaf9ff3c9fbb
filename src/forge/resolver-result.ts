// The one translator from what an operation did to what a page gets. Resolvers answer with data or with an error
// the page can show; they never throw at the browser, where Forge would turn the throw into a generic failure.
// Every answer passes the one redaction (src/core/redaction.ts) on its way out.
import { INVALID_REQUEST, InvalidRequestError } from '../core/invalid-request';
import { errorFields, log } from '../core/log';
import { redactDeep } from '../core/redaction';

/**
 * `code` is what a page may switch on: `invalid-request` (with `field`), `unknown-method`, `internal`, or the
 * `kind` of an error the app raises knowingly (not-connected, already-running, a Backstage or Compass error kind…).
 */
export interface ResolverError {
  code: string;
  message: string;
  /** The payload field at fault, as a dotted path (`filters.kind`, `selection.3`); `payload` for the whole of it. */
  field?: string;
}

export type ResolverResult<T> = { ok: true; value: T } | { ok: false; error: ResolverError };

export const UNKNOWN_METHOD = 'unknown-method';
export const INTERNAL = 'internal';

export const INTERNAL_MESSAGE =
  "Something went wrong in the app. Try again; if it keeps happening, check the app's logs.";

export { INVALID_REQUEST, InvalidRequestError };

/** One structured line for an error the app did not expect: what failed, never the stack, redacted and cut short. */
export function logUnexpected(operation: string, error: unknown): void {
  log.error('resolver-error', { operation, ...errorFields(error) });
}

/** The page's error for what an operation threw, with one log line per failure (the app's words, redacted). */
export function translateError(operation: string, error: unknown): ResolverError {
  if (typeof error === 'object' && error !== null) {
    if (error instanceof InvalidRequestError) {
      const { field, underlying } = error;
      log.warn('resolver-refused', {
        operation,
        code: INVALID_REQUEST,
        field,
        ...(underlying !== undefined ? errorFields(underlying) : {}),
      });
      return { code: INVALID_REQUEST, message: error.message, field };
    }
    const kind = (error as { kind?: unknown }).kind;
    if (typeof kind === 'string' && error instanceof Error) {
      log.warn('resolver-failed', { operation, code: kind });
      return { code: kind, message: error.message };
    }
  }
  logUnexpected(operation, error);
  return { code: INTERNAL, message: INTERNAL_MESSAGE };
}

/** Every answer leaves through here. */
export function answer<T>(result: ResolverResult<T>): ResolverResult<T> {
  return redactDeep(result);
}

export async function resolverResult<T>(
  operation: string,
  work: () => Promise<T>,
): Promise<ResolverResult<T>> {
  try {
    return answer({ ok: true, value: await work() });
  } catch (error) {
    return answer({ ok: false, error: translateError(operation, error) });
  }
}
