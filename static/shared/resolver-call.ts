// Calls one resolver operation and turns every way it can go wrong into the same error shape the resolvers
// answer with ({ ok: false, error }), so a page has one kind of error to show.
// The resolvers' codes a page may switch on: `invalid-request` (with `field`), `unknown-method`, `internal`, and
// the kinds of the app's own errors (src/forge/resolver-result.ts).
import type { ResolverError, ResolverResult } from '../../src/forge/resolver-result';
import { invokeResolver, OutsideForgeError } from './forge-bridge';

export type { ResolverError, ResolverResult };

/** Error codes the page itself produces, next to the resolvers' own. */
export const PAGE_ERROR_CODES = {
  outsideForge: 'outside-forge',
  invokeFailed: 'invoke-failed',
  malformedAnswer: 'malformed-answer',
} as const;

function isResolverResult(answer: unknown): answer is ResolverResult<unknown> {
  if (typeof answer !== 'object' || answer === null || !('ok' in answer)) return false;
  if (answer.ok === true) return 'value' in answer;
  if (answer.ok !== false || !('error' in answer)) return false;
  const error = answer.error as { code?: unknown; message?: unknown } | null;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

export async function callResolver<T>(
  method: string,
  payload?: Record<string, unknown>,
  invoke: typeof invokeResolver = invokeResolver,
): Promise<ResolverResult<T>> {
  let answer: unknown;
  try {
    answer = await invoke(method, payload);
  } catch (error) {
    if (error instanceof OutsideForgeError) {
      return { ok: false, error: { code: PAGE_ERROR_CODES.outsideForge, message: error.message } };
    }
    return {
      ok: false,
      error: {
        code: PAGE_ERROR_CODES.invokeFailed,
        message: `The app did not answer ${method}: ${error instanceof Error ? error.message : String(error)}`,
      },
    };
  }
  if (!isResolverResult(answer)) {
    return {
      ok: false,
      error: {
        code: PAGE_ERROR_CODES.malformedAnswer,
        message: `The app answered ${method} in an unknown shape.`,
      },
    };
  }
  return answer as ResolverResult<T>;
}
