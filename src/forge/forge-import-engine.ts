// The import engine as Forge runs it: the saved Backstage connection over Forge fetch, Compass through
// requestGraph, state in @forge/kvs and work on the backstage-import queue.
import { loadConnection } from '../connection/backstage-connection';
import type { ImportEngineDeps } from '../import/import-engine';
import { runStore } from '../storage/run-store';
import { forgeBackstageCatalog, forgeBackstageTechInsights } from './forge-backstage-catalog';
import { forgeCompassGateway, forgeCompassMetrics } from './forge-compass';
import { ForgeImportQueue } from './forge-import-queue';
import { forgeKeyValueStore } from './forge-key-value-store';

export class NotConnectedError extends Error {
  override readonly name = 'NotConnectedError';
  readonly kind = 'not-connected';
  constructor() {
    super('Backstage is not connected yet: save its URL and token on the admin page first.');
  }
}

/** Deps for a site; the cloud id is the resolver's, or (in the consumer) the one the run was started for. */
export async function forgeImportEngine(
  cloudId?: string,
): Promise<ImportEngineDeps & { backstageBaseUrl: string }> {
  const connection = await loadConnection(forgeKeyValueStore);
  if (!connection) throw new NotConnectedError();
  const site = cloudId ?? (await runStore(forgeKeyValueStore).load())?.cloudId;
  if (!site) throw new Error('No site to import into: the run record names no cloud id');
  return {
    catalog: forgeBackstageCatalog(connection),
    techInsights: forgeBackstageTechInsights(connection),
    gateway: forgeCompassGateway(site),
    metrics: forgeCompassMetrics(site),
    store: forgeKeyValueStore,
    queue: new ForgeImportQueue(),
    backstageBaseUrl: connection.baseUrl,
  };
}
