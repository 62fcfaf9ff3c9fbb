// The daily scheduled trigger: starts a run like the last import, which recomputes the scorecard metrics and
// pushes what changed. A trigger is not retried by the platform and may run twice: a second start finds the
// first one running and does nothing.
import { errorFields, log } from '../core/log';
import { startScheduledRun } from '../import/scheduled-run';
import { forgeImportEngine, NotConnectedError } from './forge-import-engine';
import { forgeKeyValueStore } from './forge-key-value-store';

export async function dailyRefresh(): Promise<{ statusCode: number; body: string }> {
  try {
    const outcome = await startScheduledRun(forgeKeyValueStore, (site) => forgeImportEngine(site));
    log.info(
      'trigger.daily-refresh',
      outcome.started ? { runId: outcome.runId } : { skipped: outcome.reason },
    );
    return {
      statusCode: 200,
      body: outcome.started
        ? 'Started the daily refresh of the scorecard metrics.'
        : outcome.reason === 'already-running'
          ? 'An import is running; it refreshes the metrics.'
          : 'Nothing has been imported yet; nothing to refresh.',
    };
  } catch (error) {
    if (error instanceof NotConnectedError) {
      log.info('trigger.daily-refresh', { skipped: 'not-connected' });
      return { statusCode: 200, body: 'No Backstage connection saved yet; nothing to refresh.' };
    }
    log.error('trigger.daily-refresh-failed', errorFields(error));
    return { statusCode: 500, body: 'The daily refresh could not start; the app’s logs have the details.' };
  }
}
