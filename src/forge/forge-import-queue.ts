// The ImportQueue on Forge: @forge/events' Queue on the queue manifest.yml gives the import consumer. The limits
// (QUEUE_PUSH_LIMITS) are the caller's to respect; @forge/events checks them again and throws its own errors
// (TooManyEventsError, PayloadTooBigError, RateLimitError, …), which pass through unchanged.
import type { FetchMethod } from '@forge/api';
import { Queue } from '@forge/events';
import type { ImportQueue } from '../core/ports';

/** The `queue` of the import consumer in manifest.yml. */
export const IMPORT_QUEUE_KEY = 'backstage-import';

export class ForgeImportQueue implements ImportQueue {
  private readonly queue: Queue;

  /** `apiClient` replaces the platform call (@forge/api's app-scoped request) in tests. */
  constructor(apiClient?: FetchMethod) {
    this.queue = new Queue({ key: IMPORT_QUEUE_KEY }, apiClient);
  }

  async push(events: Parameters<ImportQueue['push']>[0]): Promise<void> {
    await this.queue.push(
      events.map(({ body, delayInSeconds }) => ({
        body,
        ...(delayInSeconds !== undefined ? { delayInSeconds } : {}),
      })),
    );
  }
}
