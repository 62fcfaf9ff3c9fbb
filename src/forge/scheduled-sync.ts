// The hourly scheduled trigger. Until the sync engine schedules re-imports here, it checks that the saved
// Backstage connection still works and records the result for the admin page.
import { checkConnection, type ConnectionHealth } from '../connection/check-connection';
import { loadConnection } from '../connection/backstage-connection';
import { forgeBackstageCatalog } from './forge-backstage-catalog';
import { forgeKeyValueStore } from './forge-key-value-store';

export const CONNECTION_HEALTH_KEY = 'backstage-connection-health';

export async function scheduledSync(): Promise<{ statusCode: number; body: string }> {
  const connection = await loadConnection(forgeKeyValueStore);
  if (!connection) return { statusCode: 200, body: 'No Backstage connection saved yet; nothing to check.' };
  const health: ConnectionHealth = await checkConnection(forgeBackstageCatalog(connection));
  await forgeKeyValueStore.set(CONNECTION_HEALTH_KEY, health);
  return {
    statusCode: 200,
    body: health.ok ? `Backstage reachable: ${health.totalEntities} entities` : health.error.message,
  };
}
