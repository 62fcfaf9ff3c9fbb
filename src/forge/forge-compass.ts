// Compass as a Forge function reaches it: @forge/api's requestGraph as the app, with retries for 429 and 5xx.
// Every Compass caller in a Forge function (the import's gateway, the panel, team search) takes this one
// transport beneath its CompassClient, so all of them retry the same way.
import api from '@forge/api';
import { GraphqlCompassGateway } from '../compass/graphql-compass-gateway';
import { GraphqlCompassMetrics } from '../compass/graphql-compass-metrics';
import { CompassIdentity } from '../compass/compass-identity';
import { withRetries, type RequestGraph } from '../compass/request-graph';

export const forgeRequestGraph: RequestGraph = withRetries((query, variables, headers) =>
  api.asApp().requestGraph(query, variables, headers),
);

/**
 * As the user a resolver runs for (Forge knows them from the invocation). Only for questions with a fallback
 * (permissions, names), so one quick retry: a user who has not granted a scope must not cost seconds of backoff.
 */
const forgeUserRequestGraph: RequestGraph = withRetries(
  (query, variables, headers) => api.asUser().requestGraph(query, variables, headers),
  { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 200, maxRetryAfterMs: 1000 },
);

/** Compass's answers about the calling user: their permissions on a component, and people's names. */
export function forgeCompassIdentity(): CompassIdentity {
  return new CompassIdentity(forgeUserRequestGraph);
}

export function forgeCompassGateway(cloudId: string): GraphqlCompassGateway {
  return new GraphqlCompassGateway({ cloudId, requestGraph: forgeRequestGraph });
}

export function forgeCompassMetrics(cloudId: string): GraphqlCompassMetrics {
  return new GraphqlCompassMetrics({ cloudId, requestGraph: forgeRequestGraph });
}

/** The cloud id from a Forge context: resolvers carry `cloudId`, events and triggers only `installContext`. */
export function cloudIdFrom(context: { cloudId?: string; installContext?: string } | undefined): string {
  if (context?.cloudId) return context.cloudId;
  const fromInstall = context?.installContext?.split('/').pop();
  if (!fromInstall) throw new Error('The Forge context names no site (no cloudId or installContext)');
  return fromInstall;
}
