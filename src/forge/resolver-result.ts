// Resolvers answer the page with data or with an error it can show; they never throw at the browser, where
// Forge would turn the throw into a generic failure message.
import { ConnectionInputError } from '../connection/backstage-connection';

export type ResolverResult<T> =
  { ok: true; value: T } | { ok: false; error: { code: string; message: string; field?: string } };

export async function resolverResult<T>(work: () => Promise<T>): Promise<ResolverResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof ConnectionInputError) {
      return { ok: false, error: { code: 'invalid-input', message: error.message, field: error.field } };
    }
    const kind = (error as { kind?: unknown }).kind;
    return {
      ok: false,
      error: {
        code: typeof kind === 'string' ? kind : 'internal',
        message: (error as Error).message ?? String(error),
      },
    };
  }
}
