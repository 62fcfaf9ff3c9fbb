// One Compass GraphQL request, with every way it can fail turned into a typed error: transport, HTTP 429 and 5xx
// (after the caller's retries), a body that is not JSON, and top-level GraphQL errors. Payload errors inside a
// successful answer are the caller's to read.
import { CompassGatewayError, compassErrorFrom } from './compass-errors';
import type { RequestGraph } from './request-graph';

// Compass's own fields need the experimental opt-in the SDK also sends.
const EXPERIMENTAL_API_HEADERS = { 'X-ExperimentalApi': 'compass-beta, compass-prototype' };

type ErrorExtensions = { statusCode?: unknown; errorType?: unknown; classification?: unknown };

interface TopLevelError {
  message: string;
  /** An object on the gateway's errors; an array on query errors. */
  extensions?: ErrorExtensions | ErrorExtensions[];
}

export async function sendCompassRequest(
  requestGraph: RequestGraph,
  operation: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ data?: unknown }> {
  let response;
  try {
    response = await requestGraph(query, variables, EXPERIMENTAL_API_HEADERS);
  } catch (error) {
    throw new CompassGatewayError(
      'network',
      operation,
      `Compass could not be reached: ${(error as Error).message}`,
    );
  }
  if (response.status === 429) {
    throw new CompassGatewayError('rate-limited', operation, 'Compass rate limit reached (HTTP 429)', [
      { message: 'rate limited', statusCode: 429 },
    ]);
  }
  if (response.status >= 500) {
    throw new CompassGatewayError('server-error', operation, `Compass answered HTTP ${response.status}`, [
      { message: `HTTP ${response.status}`, statusCode: response.status },
    ]);
  }
  let body: { data?: unknown; errors?: TopLevelError[] };
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
    const httpStatus = response.status >= 400 ? response.status : undefined;
    throw compassErrorFrom(
      operation,
      body.errors.flatMap((error) => {
        const extensions = Array.isArray(error.extensions) ? error.extensions : [error.extensions ?? {}];
        return extensions.map((extension) => ({
          message: error.message,
          statusCode: typeof extension.statusCode === 'number' ? extension.statusCode : httpStatus,
          errorType: String(extension.errorType ?? extension.classification ?? 'GRAPHQL_ERROR'),
        }));
      }),
    );
  }
  return body;
}
