// The hourly scheduled trigger: starts a sync when the admin's schedule says one is due (hourly: every hour; daily:
// once per UTC day), through the queue like any run. The platform does not retry a trigger and may run it twice:
// the schedule's slot is claimed first, so a duplicate run starts nothing.
import { BackstageCatalogError } from '../backstage/backstage-errors';
import { errorFields, log } from '../core/log';
import { redactText } from '../core/redaction';
import { startScheduledRun, type ScheduledRunOutcome } from '../import/scheduled-run';
import { forgeImportEngine, NotConnectedError } from './forge-import-engine';
import { forgeKeyValueStore } from './forge-key-value-store';

const SKIPPED: Record<Extract<ScheduledRunOutcome, { started: false }>['reason'], string> = {
  'schedule-off': 'The sync schedule is off; nothing to do.',
  'nothing-imported-yet': 'Nothing has been imported yet; nothing to sync.',
  'slot-taken': 'The scheduled sync for this slot has already started.',
  'already-running': 'An import or sync is running; it does the same work.',
};

export async function scheduledSync(): Promise<{ statusCode: number; body: string }> {
  try {
    const outcome = await startScheduledRun(forgeKeyValueStore, (site) => forgeImportEngine(site));
    log.info(
      'trigger.scheduled-sync',
      outcome.started ? { runId: outcome.runId } : { skipped: outcome.reason },
    );
    return {
      statusCode: 200,
      body: outcome.started ? 'Started the scheduled sync.' : SKIPPED[outcome.reason],
    };
  } catch (error) {
    if (error instanceof NotConnectedError) {
      log.info('trigger.scheduled-sync', { skipped: 'not-connected' });
      return { statusCode: 200, body: 'No Backstage connection saved yet; nothing to sync.' };
    }
    if (error instanceof BackstageCatalogError) {
      // Backstage refused or could not be reached: its kind in the log, the app's own words (redacted) as the body.
      log.warn('trigger.scheduled-sync-failed', { errorKind: error.kind });
      return { statusCode: 200, body: redactText(error.message) };
    }
    // The next hour's run tries again; the log says what happened.
    log.error('trigger.scheduled-sync-failed', errorFields(error));
    return { statusCode: 500, body: 'The scheduled sync could not start; the app’s logs have the details.' };
  }
}
