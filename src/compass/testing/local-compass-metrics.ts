// Test wiring: the app's metrics gateway talking to a fresh local Compass (or to one a test already has).
import { LocalCompass, type LocalCompassOptions } from '../../../sandbox/local-compass';
import { GraphqlCompassMetrics, type GraphqlCompassMetricsOptions } from '../graphql-compass-metrics';
import type { RequestGraph } from '../request-graph';

export function metricsOnLocalCompass(
  options: LocalCompassOptions & { compass?: LocalCompass } = {},
  wrap: (requestGraph: RequestGraph) => RequestGraph = (requestGraph) => requestGraph,
  gatewayOptions: Pick<GraphqlCompassMetricsOptions, 'batchSize' | 'pageSize'> = {},
): { compass: LocalCompass; metrics: GraphqlCompassMetrics } {
  const { compass: given, ...compassOptions } = options;
  const compass = given ?? new LocalCompass(compassOptions);
  const metrics = new GraphqlCompassMetrics({
    cloudId: compass.cloudId,
    requestGraph: wrap(compass.fetchApi().asApp().requestGraph),
    ...gatewayOptions,
  });
  return { compass, metrics };
}

/**
 * A transport that lets Compass execute the request and then loses the answer (as a dropped connection after
 * the server committed would), for the requests `lose` picks, as often as `times` says.
 */
export function losingAnswers(
  lose: (query: string, variables: Record<string, unknown> | undefined) => boolean,
  times = 1,
): (requestGraph: RequestGraph) => RequestGraph {
  let remaining = times;
  return (requestGraph) => async (query, variables, headers) => {
    const response = await requestGraph(query, variables, headers);
    if (remaining > 0 && lose(query, variables)) {
      remaining -= 1;
      throw new TypeError('fetch failed', { cause: new Error('answer lost after Compass executed it') });
    }
    return response;
  };
}
