// The consumer of the backstage-import queue: one event is one stretch of an import run (see import-engine.ts).
// Delivery is at-least-once; a thrown error makes Forge deliver the event again, and the run goes on from its
// last checkpoint.
import type { AsyncEvent } from '@forge/events';
import { handleImportEvent } from '../import/import-engine';
import { forgeImportEngine, NotConnectedError } from './forge-import-engine';

export async function importWorker(event: AsyncEvent) {
  try {
    return { outcome: await handleImportEvent(await forgeImportEngine(), event.body) };
  } catch (error) {
    // Redelivering cannot help until an admin connects Backstage again; the run shows as stale and can be resumed.
    if (error instanceof NotConnectedError) return { outcome: 'ignored', error: error.message };
    throw error;
  }
}
