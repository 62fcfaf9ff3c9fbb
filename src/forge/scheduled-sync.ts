// The hourly scheduled trigger. Until the sync engine schedules re-imports here, it checks that the saved
// Backstage connection still works and logs the result.
import { checkConnection, type ConnectionHealth } from '../connection/check-connection';
import { loadConnection } from '../connection/backstage-connection';
import { errorFields, log } from '../core/log';
import { redactText } from '../core/redaction';
import { forgeBackstageCatalog } from './forge-backstage-catalog';
import { forgeKeyValueStore } from './forge-key-value-store';

export async function scheduledSync(): Promise<{ statusCode: number; body: string }> {
  let health: ConnectionHealth;
  try {
    const connection = await loadConnection(forgeKeyValueStore);
    if (!connection) {
      log.info('trigger.not-connected');
      return { statusCode: 200, body: 'No Backstage connection saved yet; nothing to check.' };
    }
    health = await checkConnection(forgeBackstageCatalog(connection));
  } catch (error) {
    // The platform does not retry a trigger: the next hour's run tries again; the log says what happened.
    log.error('trigger.failed', errorFields(error));
    return { statusCode: 500, body: 'The connection check could not run; the app’s logs have the details.' };
  }
  if (health.ok) log.info('trigger.connection-ok', { totalEntities: health.totalEntities });
  else log.warn('trigger.connection-failed', { errorKind: health.error.kind });
  // The result is shown by the platform (and the sandbox): in the app's words, redacted like every answer.
  return {
    statusCode: 200,
    body: redactText(
      health.ok ? `Backstage reachable: ${health.totalEntities} entities` : health.error.message,
    ),
  };
}
