// Delivers a queue's events in the background as they arrive, as Forge does: a push wakes the runner, which
// works through everything due (including what the consumer pushes) and sleeps through delays and retry
// back-offs in real time. stop() ends it: no delivery starts after that, and it waits for the one in progress.
import {
  InProcessQueue,
  type InProcessQueueOptions,
  type InProcessQueueStats,
  type QueueClock,
  type QueueConsumer,
  type QueueEventInput,
} from '../forge/in-process-queue';

/** Real time whose sleeps never end once stopped, so a runner waiting for a retry is simply abandoned. */
class StoppableClock implements QueueClock {
  private stopped = false;
  private readonly sleepers = new Set<NodeJS.Timeout>();

  now(): number {
    return Date.now();
  }

  sleep(ms: number): Promise<void> {
    if (this.stopped) return new Promise(() => undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          this.sleepers.delete(timer);
          resolve();
        },
        Math.max(0, ms),
      );
      this.sleepers.add(timer);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.sleepers) clearTimeout(timer);
    this.sleepers.clear();
  }
}

export interface QueueRunnerStats extends Omit<InProcessQueueStats, 'invocationMs'> {
  queue: string;
  pending: number;
  inFlight: number;
  running: boolean;
  dead: { eventId: string; attempts: number; reason: string; error?: string }[];
}

export class QueueStoppedError extends Error {
  override readonly name = 'QueueStoppedError';
  constructor() {
    super('The sandbox is stopping: no more deliveries');
  }
}

export class BackgroundQueueRunner {
  readonly queue: InProcessQueue;
  private readonly clock = new StoppableClock();
  private loop: Promise<void> | undefined;
  private inFlight = 0;
  private stopped = false;
  private readonly idleWaiters = new Set<() => void>();

  constructor(
    readonly name: string,
    consumer: QueueConsumer,
    options: Pick<InProcessQueueOptions, 'invocationTimeoutMs' | 'retryDelaySeconds' | 'maxAttempts'> = {},
  ) {
    this.queue = new InProcessQueue(
      async (delivery) => {
        if (this.stopped) throw new QueueStoppedError();
        this.inFlight += 1;
        try {
          return await consumer(delivery);
        } finally {
          this.inFlight -= 1;
        }
      },
      { ...options, clock: this.clock },
    );
  }

  /** The platform's push: queued with Forge's checks, then delivered in the background. */
  async push(events: QueueEventInput[]): Promise<void> {
    await this.queue.push(events);
    this.wake();
  }

  /** Resolves once nothing is pending or being delivered (or after `timeoutMs`), saying which. */
  async waitUntilIdle(timeoutMs = 60_000): Promise<{ idle: boolean }> {
    if (this.isIdle()) return { idle: true };
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.idleWaiters.delete(done);
        resolve({ idle: this.isIdle() });
      };
      const timer = setTimeout(done, timeoutMs);
      this.idleWaiters.add(done);
    });
  }

  stats(): QueueRunnerStats {
    const { invocationMs: _omitted, ...counters } = this.queue.stats();
    return {
      queue: this.name,
      ...counters,
      pending: this.queue.pending(),
      inFlight: this.inFlight,
      running: this.loop !== undefined,
      dead: this.queue.deadEvents().map((event) => ({
        eventId: event.eventId,
        attempts: event.attempts,
        reason: event.reason,
        ...(event.error !== undefined
          ? { error: event.error instanceof Error ? event.error.message : String(event.error) }
          : {}),
      })),
    };
  }

  /** No delivery starts after this; waits up to `graceMs` for the one in progress. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    this.clock.stop();
    const deadline = Date.now() + graceMs;
    while (this.inFlight > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    this.notifyIdle();
  }

  private isIdle(): boolean {
    return this.queue.pending() === 0 && this.inFlight === 0 && this.loop === undefined;
  }

  private wake(): void {
    if (this.loop || this.stopped) return;
    this.loop = this.queue
      .runUntilIdle()
      .then(
        () => undefined,
        // runUntilIdle only throws when called twice, which `loop` prevents; delivery failures stay in the queue.
        () => undefined,
      )
      .finally(() => {
        this.loop = undefined;
        if (this.queue.pending() > 0 && !this.stopped) this.wake();
        else this.notifyIdle();
      });
  }

  private notifyIdle(): void {
    for (const waiter of [...this.idleWaiters]) waiter();
  }
}
