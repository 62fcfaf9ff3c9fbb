// The Backstage catalog and its Tech Insights as a Forge function reaches them: the clients over Forge fetch.
import { BackstageCatalogClient } from '../backstage/backstage-catalog-client';
import { BackstageTechInsightsClient } from '../backstage/tech-insights-client';
import type { BackstageConnection } from '../connection/backstage-connection';
import { forgeBackstageFetch } from './forge-backstage-fetch';

export function forgeBackstageCatalog(connection: BackstageConnection): BackstageCatalogClient {
  return new BackstageCatalogClient({
    baseUrl: connection.baseUrl,
    token: connection.token,
    fetch: forgeBackstageFetch,
  });
}

export function forgeBackstageTechInsights(connection: BackstageConnection): BackstageTechInsightsClient {
  return new BackstageTechInsightsClient({
    baseUrl: connection.baseUrl,
    token: connection.token,
    fetch: forgeBackstageFetch,
  });
}
