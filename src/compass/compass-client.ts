// The one way this app talks to Compass's GraphQL API: every request (the import's gateway, the panel, team
// search, and the metric and scorecard operations to come) goes through a CompassClient. It owns the headers,
// reads every answer the same way and turns every failure into a CompassGatewayError (see compass-errors.ts).
// Retries are the transport's: the Forge edge wraps requestGraph once with withRetries (src/forge/forge-compass.ts).
import {
  CompassGatewayError,
  compassErrorFrom,
  compassErrorFromGraphql,
  type GraphqlError,
} from './compass-errors';
import { buildCompassMutation, type MutationSegment } from './documents/compass-mutations';
import { parseRetryAfterMs, type RequestGraph } from './request-graph';

// Compass's own fields need the experimental opt-in (the SDK sends the same).
export const EXPERIMENTAL_API_HEADERS: Readonly<Record<string, string>> = {
  'X-ExperimentalApi': 'compass-beta, compass-prototype',
};

/** One item's outcome in a batched call: a failure is per item and never stops the others. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: CompassGatewayError };

/** What every Compass mutation payload carries, besides its own fields. */
export interface MutationPayload {
  success?: boolean;
  errors?: GraphqlError[] | null;
}

/** A union answer (`CompassComponentResult` and the like): the thing itself, or Compass's QueryError. */
export type QueryResult<T> = (T & { __typename: string }) | (GraphqlError & { __typename: 'QueryError' });

/**
 * Whether a request that failed as a whole may have failed for one of its items, so halving the batch finds it:
 * any failure but a transient one (429, 5xx, network: retried already, and every item would meet it alike)
 * and a refusal of the caller (401, 403). Compass refusing a variable is `invalid-input`; a top-level error
 * without data (HTTP 200, no status) is `unexpected`, and one item can cause it too.
 */
export function mayBeOneItemsFailure(error: CompassGatewayError): boolean {
  if (error.retryable) return false;
  return !error.details.some((detail) => detail.statusCode === 401 || detail.statusCode === 403);
}

export class CompassClient {
  constructor(private readonly requestGraph: RequestGraph) {}

  /**
   * One request; its `data`. Throws a CompassGatewayError when Compass cannot be reached, answers 429 (with its
   * Retry-After) or 5xx, answers something that is not JSON, answers top-level GraphQL errors, or answers
   * another failing HTTP status without any.
   */
  async query<T>(
    operation: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<T | undefined> {
    let response;
    try {
      response = await this.requestGraph(query, variables, { ...EXPERIMENTAL_API_HEADERS });
    } catch (error) {
      throw new CompassGatewayError(
        'network',
        operation,
        `Compass could not be reached: ${(error as Error).message}`,
      );
    }
    if (response.status === 429) {
      throw new CompassGatewayError(
        'rate-limited',
        operation,
        'Compass rate limit reached (HTTP 429)',
        [{ message: 'rate limited', statusCode: 429 }],
        parseRetryAfterMs(response.headers.get('retry-after')),
      );
    }
    if (response.status >= 500) {
      throw new CompassGatewayError('server-error', operation, `Compass answered HTTP ${response.status}`, [
        { message: `HTTP ${response.status}`, statusCode: response.status },
      ]);
    }
    let body: { data?: T | null; errors?: GraphqlError[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new CompassGatewayError(
        'unexpected',
        operation,
        `Compass answered HTTP ${response.status} without JSON`,
      );
    }
    if (body.errors && body.errors.length > 0) {
      throw compassErrorFromGraphql(
        operation,
        body.errors,
        response.status >= 400 ? response.status : undefined,
      );
    }
    // A refusal without GraphQL errors (a 401 or 403 from the gateway) must not read as "nothing there".
    if (!response.ok) {
      throw compassErrorFrom(operation, [
        { message: `Compass answered HTTP ${response.status}`, statusCode: response.status },
      ]);
    }
    return body.data ?? undefined;
  }

  /**
   * Sends the segments as one mutation and answers one outcome per segment, in order: a payload that is
   * unsuccessful, carries errors or is missing fails its segment only. A request that fails as a whole for a
   * reason one segment may have caused (see mayBeOneItemsFailure) is halved until the cause fails alone; one
   * that fails as a whole for every segment alike (429, 5xx, network, 401/403) fails each with the same error.
   */
  async mutate<P extends MutationPayload = MutationPayload>(
    operation: string,
    segments: MutationSegment[],
  ): Promise<Outcome<P>[]> {
    if (segments.length === 0) return [];
    const built = buildCompassMutation(segments);
    let data;
    try {
      data = await this.query<{ compass?: Record<string, P | null> }>(
        operation,
        built.query,
        built.variables,
      );
    } catch (error) {
      const typed =
        error instanceof CompassGatewayError
          ? error
          : new CompassGatewayError('unexpected', operation, String(error));
      // One item Compass cannot take can fail the whole request: halve the batch until that item fails alone.
      if (segments.length > 1 && mayBeOneItemsFailure(typed)) {
        const half = Math.ceil(segments.length / 2);
        return [
          ...(await this.mutate<P>(operation, segments.slice(0, half))),
          ...(await this.mutate<P>(operation, segments.slice(half))),
        ];
      }
      return segments.map(() => ({ ok: false, error: typed }));
    }
    const compass = data?.compass ?? {};
    return built.aliases.map((alias, index): Outcome<P> => {
      const payload = compass[alias];
      if (!payload) {
        const message = `Compass answered nothing for ${segments[index]!.field}`;
        return { ok: false, error: new CompassGatewayError('unexpected', operation, message) };
      }
      if (payload.success === false || (payload.errors?.length ?? 0) > 0) {
        const errors = payload.errors?.length
          ? payload.errors
          : [{ message: 'unsuccessful without an error message' }];
        return { ok: false, error: compassErrorFromGraphql(operation, errors) };
      }
      return { ok: true, value: payload };
    });
  }
}

/** The thing a union answer holds; null when absent or when Compass says there is no such thing (not-found). */
export function resultOf<T>(operation: string, result: QueryResult<T> | null | undefined): T | null {
  if (!result) return null;
  if (result.__typename === 'QueryError') {
    const queryError = result as GraphqlError;
    const error = compassErrorFromGraphql(operation, [
      { message: queryError.message ?? 'query error', extensions: queryError.extensions },
    ]);
    if (error.kind === 'not-found') return null;
    throw error;
  }
  return result as T;
}
