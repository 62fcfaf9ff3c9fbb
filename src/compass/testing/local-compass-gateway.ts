// Test wiring: the app's Compass gateway talking to a fresh local Compass.
import { LocalCompass, type LocalCompassOptions } from '../../../sandbox/local-compass';
import { GraphqlCompassGateway } from '../graphql-compass-gateway';
import type { RequestGraph } from '../request-graph';

export function gatewayOnLocalCompass(
  options: LocalCompassOptions = {},
  wrap: (requestGraph: RequestGraph) => RequestGraph = (requestGraph) => requestGraph,
): { compass: LocalCompass; gateway: GraphqlCompassGateway } {
  const compass = new LocalCompass(options);
  const gateway = new GraphqlCompassGateway({
    cloudId: compass.cloudId,
    requestGraph: wrap(compass.fetchApi().asApp().requestGraph),
  });
  return { compass, gateway };
}
