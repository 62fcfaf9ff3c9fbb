// The consumer of the backstage-import queue: one event is one stretch of an import run (see import-engine.ts).
// Delivery is at-least-once; a thrown error makes Forge deliver the event again, and the run goes on from its
// last checkpoint.
import type { AsyncEvent } from '@forge/events';
import { errorFields, log } from '../core/log';
import { handleImportEvent } from '../import/consume-import';
import { forgeImportEngine, NotConnectedError } from './forge-import-engine';

export async function importWorker(event: AsyncEvent) {
  const { runId, seq } = (event.body ?? {}) as { runId?: unknown; seq?: unknown };
  const where = {
    runId: typeof runId === 'string' ? runId : null,
    seq: typeof seq === 'number' ? seq : null,
  };
  try {
    const outcome = await handleImportEvent(await forgeImportEngine(), event.body);
    log.info('import.event', { ...where, outcome });
    return { outcome };
  } catch (error) {
    // Redelivering cannot help until an admin connects Backstage again; the run shows as stale and can be resumed.
    if (error instanceof NotConnectedError) {
      log.warn('import.event', { ...where, outcome: 'ignored', ...errorFields(error) });
      return { outcome: 'ignored', error: error.message };
    }
    log.error('import.event-failed', { ...where, ...errorFields(error) });
    throw error;
  }
}
