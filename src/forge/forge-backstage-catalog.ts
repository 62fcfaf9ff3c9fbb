// The Backstage catalog as a Forge function reaches it: the catalog client over Forge fetch.
import { BackstageCatalogClient } from '../backstage/backstage-catalog-client';
import type { BackstageConnection } from '../connection/backstage-connection';
import { forgeBackstageFetch } from './forge-backstage-fetch';

export function forgeBackstageCatalog(connection: BackstageConnection): BackstageCatalogClient {
  return new BackstageCatalogClient({
    baseUrl: connection.baseUrl,
    token: connection.token,
    fetch: forgeBackstageFetch,
  });
}
