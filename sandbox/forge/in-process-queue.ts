// An in-process stand-in for a Forge async-events queue (@forge/events 3.0.8) that keeps Forge's semantics, so
// the import consumer can run in tests, the import benchmark and the local sandbox exactly as it would on Forge:
// - push() enforces Forge's limits and throws errors named and worded as @forge/events' own; it also enforces the
//   platform-side limits of https://developer.atlassian.com/platform/forge/limits-async-events (100 KB per event
//   for consumers with a timeout over 55 s, like ours; 500 events a minute; 1,000 pushes in one chain of
//   invocations);
// - delivery is at-least-once: a consumer that throws, times out or returns an InvocationError gets the event
//   again, up to maxAttempts deliveries, after which the event is dead; successful events can be delivered again
//   on purpose (redeliver, duplicateProbability);
// - bodies arrive JSON round-tripped, as Forge serialises them;
// - delays order delivery on a clock that, by default, skips waiting instead of sleeping.
import { AsyncLocalStorage } from 'node:async_hooks';
import { QUEUE_PUSH_LIMITS, type ImportQueue } from '../../src/core/ports';

// ---- Errors, as @forge/events 3.0.8 names and words them (out/errors.js, out/text.js) ----

export class EventsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
export class NoEventsToPushError extends EventsError {}
export class TooManyEventsError extends EventsError {}
export class InvalidPayloadError extends EventsError {}
export class InvalidPushSettingsError extends EventsError {}
export class PayloadTooBigError extends EventsError {}
export class RateLimitError extends EventsError {}
export class InvocationLimitReachedError extends EventsError {}

/** What a delivery throws when failNextDelivery() stands in for an invocation killed before the consumer ran. */
export class InterruptedInvocationError extends Error {
  constructor(message = 'The invocation was interrupted before the consumer ran (simulated)') {
    super(message);
    this.name = 'InterruptedInvocationError';
  }
}

const MAX_DELAY_SECONDS = 900;
/** Forge's documented limit on one event for consumers whose timeout exceeds 55 s (ours is 300 s). */
const LONG_RUNNING_MAX_EVENT_BYTES = 100 * 1024;
const EVENTS_PER_MINUTE = 500;
const CYCLIC_INVOCATION_LIMIT = 1000;
const DEFAULT_MAX_ATTEMPTS = 5;

// ---- Public types ----

export type QueueEventInput = Parameters<ImportQueue['push']>[0][number];

export interface RetryContext {
  /** How many deliveries of this event came before this one. */
  retryCount: number;
  /** The InvocationError's retryReason; FUNCTION_PLATFORM_UNKNOWN_ERROR after a throw; FUNCTION_TIME_OUT. */
  retryReason: string;
  retryData?: unknown;
}

/** One delivery of an event to the consumer: Forge's AsyncEvent in the fields the import uses. */
export interface QueueDelivery {
  /** A fresh JSON round-tripped copy on every delivery. */
  body: Record<string, unknown>;
  eventId: string;
  /** One per push, as Forge gives one jobId per push call. */
  jobId: string;
  /** 1 on the first delivery of an event, 2 on its first redelivery, and so on. */
  attempt: number;
  /** Present when the previous delivery of this event failed, as on Forge's AsyncEvent. */
  retryContext?: RetryContext;
}

/** Returning an InvocationError (`{ _retry: true, retryOptions }`, as @forge/events builds it) asks for a retry. */
export type QueueConsumer = (delivery: QueueDelivery) => Promise<unknown>;

/** Time as the queue sees it; LocalCompassClock and VirtualClock from sandbox/local-compass fit this shape. */
export interface QueueClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface InProcessQueueOptions {
  /** Deliveries of one event before it is recorded as dead (default 5). */
  maxAttempts?: number;
  /** Deliveries run at once (default 1: one import per site runs one slice at a time). */
  concurrency?: number;
  /** Deliver a successful event again when this returns true (at-least-once on purpose). */
  redeliver?: (delivery: QueueDelivery) => boolean;
  /** Chance that a successful event is delivered again, drawn from a generator seeded with `seed`. */
  duplicateProbability?: number;
  seed?: number;
  /** Really wait out delays and retry back-offs instead of skipping ahead (ignored when `clock` is given). */
  realDelays?: boolean;
  /** The clock for delays, back-offs, the per-minute limit and invocation durations (default: FastForwardClock). */
  clock?: QueueClock;
  /** Seconds before a delivery that threw (or timed out) is retried (default 5, 10, 20, … capped at 900). */
  retryDelaySeconds?: (failedAttempt: number) => number;
  /** An invocation that runs longer is a failure (FUNCTION_TIME_OUT) and its event is redelivered. Default none. */
  invocationTimeoutMs?: number;
  /** Push requests allowed in one chain of invocations (default 1000, Forge's cyclic invocation limit). */
  cyclicInvocationLimit?: number;
  /** Events accepted in any 60 s of clock time (default 500). */
  eventsPerMinute?: number;
  /** Largest JSON size of one event (default 100 KB, Forge's limit for long-running consumers). */
  maxEventBytes?: number;
}

export interface InProcessQueueStats {
  /** Accepted push calls. */
  pushes: number;
  /** Push calls that threw. */
  rejectedPushes: number;
  eventsPushed: number;
  deliveries: number;
  /** Deliveries after the first of their event: retries plus duplicates. */
  redeliveries: number;
  /** Redeliveries of an event that had succeeded. */
  duplicateDeliveries: number;
  /** Deliveries that threw, asked for a retry or timed out. */
  failures: number;
  timeouts: number;
  deadEvents: number;
  /** Duration of every invocation, in delivery-completion order (clock milliseconds). */
  invocationMs: number[];
  maxInvocationMs: number;
}

export interface DeadEvent {
  eventId: string;
  jobId: string;
  body: Record<string, unknown>;
  attempts: number;
  reason: string;
  error?: unknown;
}

export interface PendingEvent {
  eventId: string;
  jobId: string;
  body: Record<string, unknown>;
  /** Milliseconds of clock time until the event is due (0 when it is due now). */
  dueInMs: number;
  /** Deliveries so far. */
  deliveries: number;
}

// ---- Clocks ----

/**
 * Real time, except that sleeps return at once and move the clock forward by their length. Epoch milliseconds with
 * performance.now()'s resolution, so it can also serve as the local Compass's clock (its timestamps stay dates).
 */
export class FastForwardClock implements QueueClock {
  private skippedMs = 0;

  now(): number {
    return performance.timeOrigin + performance.now() + this.skippedMs;
  }

  async sleep(ms: number): Promise<void> {
    this.skippedMs += Math.max(0, ms);
  }
}

export const realTimeClock: QueueClock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

// ---- The queue ----

interface QueuedEvent {
  eventId: string;
  jobId: string;
  bodyJson: string;
  /** The chain of invocations this event belongs to, for the cyclic invocation limit. */
  chainId: number;
  dueAt: number;
  sequence: number;
  deliveries: number;
  redeliveryKind?: 'retry' | 'duplicate';
  retryContext?: RetryContext;
}

interface QueueSettings {
  maxAttempts: number;
  concurrency: number;
  duplicateProbability: number;
  retryDelaySeconds: (failedAttempt: number) => number;
  cyclicInvocationLimit: number;
  eventsPerMinute: number;
  maxEventBytes: number;
  redeliver?: (delivery: QueueDelivery) => boolean;
  invocationTimeoutMs?: number;
}

type DeliveryOutcome =
  | { kind: 'success' }
  | { kind: 'failure'; reason: string; delaySeconds: number; retryData?: unknown; error?: unknown };

export class InProcessQueue implements ImportQueue {
  private readonly settings: QueueSettings;
  private readonly clock: QueueClock;
  private readonly random: () => number;
  private readonly waiting = new EventHeap();
  private readonly invocation = new AsyncLocalStorage<{ chainId: number }>();
  private readonly chainPushes = new Map<number, number>();
  private readonly recentPushes: { at: number; events: number }[] = [];
  private readonly dead: DeadEvent[] = [];
  private readonly deliveryFailures: Error[] = [];
  private readonly pushFailures: Error[] = [];
  private readonly counters: Omit<InProcessQueueStats, 'invocationMs' | 'maxInvocationMs'> = {
    pushes: 0,
    rejectedPushes: 0,
    eventsPushed: 0,
    deliveries: 0,
    redeliveries: 0,
    duplicateDeliveries: 0,
    failures: 0,
    timeouts: 0,
    deadEvents: 0,
  };
  private readonly invocationMs: number[] = [];
  private nextSequence = 0;
  private nextJob = 0;
  private nextEvent = 0;
  private nextChain = 0;
  private inFlight = 0;
  private running = false;

  constructor(
    private readonly consumer: QueueConsumer,
    options: InProcessQueueOptions = {},
  ) {
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be >= 1');
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be >= 1');
    this.settings = {
      maxAttempts,
      concurrency,
      duplicateProbability: options.duplicateProbability ?? 0,
      retryDelaySeconds:
        options.retryDelaySeconds ??
        ((failedAttempt) => Math.min(MAX_DELAY_SECONDS, 5 * 2 ** (failedAttempt - 1))),
      cyclicInvocationLimit: options.cyclicInvocationLimit ?? CYCLIC_INVOCATION_LIMIT,
      eventsPerMinute: options.eventsPerMinute ?? EVENTS_PER_MINUTE,
      maxEventBytes: options.maxEventBytes ?? LONG_RUNNING_MAX_EVENT_BYTES,
      redeliver: options.redeliver,
      invocationTimeoutMs: options.invocationTimeoutMs,
    };
    this.clock = options.clock ?? (options.realDelays ? realTimeClock : new FastForwardClock());
    this.random = seededRandom(options.seed ?? 1);
  }

  /**
   * Validates as @forge/events does, then as the platform does; on success the events are queued under one new
   * jobId. A rejected push queues nothing.
   */
  async push(events: QueueEventInput[]): Promise<void> {
    try {
      this.accept(events);
    } catch (error) {
      this.counters.rejectedPushes += 1;
      throw error;
    }
  }

  private accept(events: QueueEventInput[]): void {
    const list = validatePushEvents(events);
    const bodies = list.map((event) => {
      if (Buffer.byteLength(JSON.stringify(event)) > this.settings.maxEventBytes) {
        throw new PayloadTooBigError(
          `The maximum size of one event is ${Math.round(this.settings.maxEventBytes / 1024)}KB for a long-running consumer.`,
        );
      }
      return JSON.stringify(event.body);
    });
    const injected = this.pushFailures.shift();
    if (injected) throw injected;

    const chainId = this.invocation.getStore()?.chainId ?? ++this.nextChain;
    const chainPushes = (this.chainPushes.get(chainId) ?? 0) + 1;
    if (chainPushes > this.settings.cyclicInvocationLimit) {
      throw new InvocationLimitReachedError('The limit on cyclic invocation has been reached.');
    }
    const now = this.clock.now();
    while (this.recentPushes.length > 0 && this.recentPushes[0]!.at <= now - 60_000)
      this.recentPushes.shift();
    const eventsThisMinute = this.recentPushes.reduce((sum, push) => sum + push.events, 0);
    if (eventsThisMinute + list.length > this.settings.eventsPerMinute)
      throw new RateLimitError('Too many requests.');

    this.chainPushes.set(chainId, chainPushes);
    this.recentPushes.push({ at: now, events: list.length });
    const jobId = `job-${++this.nextJob}`;
    list.forEach((event, index) => {
      const delaySeconds = Number.isFinite(event.delayInSeconds) ? (event.delayInSeconds as number) : 0;
      this.waiting.add({
        eventId: `event-${++this.nextEvent}`,
        jobId,
        bodyJson: bodies[index]!,
        chainId,
        dueAt: now + delaySeconds * 1000,
        sequence: this.nextSequence++,
        deliveries: 0,
      });
    });
    this.counters.pushes += 1;
    this.counters.eventsPushed += list.length;
  }

  /**
   * Delivers queued events in due order (FIFO among events due at the same time), including events the consumer
   * pushes, until none remain or `maxDeliveries` deliveries have started. Time is never skipped while a delivery
   * runs, since it may push an event due sooner.
   */
  async runUntilIdle(
    options: { maxDeliveries?: number } = {},
  ): Promise<{ deliveries: number; idle: boolean }> {
    if (this.running) throw new Error('runUntilIdle is already running on this queue');
    this.running = true;
    const maxDeliveries = options.maxDeliveries ?? Number.POSITIVE_INFINITY;
    const running = new Set<Promise<void>>();
    let deliveries = 0;
    try {
      for (;;) {
        while (running.size < this.settings.concurrency && deliveries < maxDeliveries) {
          const next = this.waiting.peek();
          if (!next) break;
          const waitMs = next.dueAt - this.clock.now();
          if (waitMs > 0) {
            if (running.size > 0) break;
            await this.clock.sleep(waitMs);
            continue;
          }
          this.waiting.pop();
          deliveries += 1;
          const delivery = this.deliver(next).finally(() => running.delete(delivery));
          running.add(delivery);
        }
        if (running.size === 0) break;
        await Promise.race(running);
      }
    } finally {
      this.running = false;
    }
    return { deliveries, idle: this.waiting.size === 0 && this.inFlight === 0 };
  }

  /** Makes the next delivery throw `error` before the consumer runs, as a killed invocation would. Stacks. */
  failNextDelivery(error: Error = new InterruptedInvocationError()): void {
    this.deliveryFailures.push(error);
  }

  /** Makes the next push throw `error` (default: Forge's RateLimitError) and queue nothing. Stacks. */
  failNextPush(error: Error = new RateLimitError('Too many requests.')): void {
    this.pushFailures.push(error);
  }

  /** Events waiting for delivery (not counting those being delivered). */
  pending(): number {
    return this.waiting.size;
  }

  /** Copies of the waiting events, in delivery order. */
  pendingEvents(): PendingEvent[] {
    const now = this.clock.now();
    return this.waiting.ordered().map((event) => ({
      eventId: event.eventId,
      jobId: event.jobId,
      body: JSON.parse(event.bodyJson) as Record<string, unknown>,
      dueInMs: Math.max(0, event.dueAt - now),
      deliveries: event.deliveries,
    }));
  }

  deadEvents(): DeadEvent[] {
    return this.dead.map((event) => ({ ...event, body: structuredClone(event.body) }));
  }

  stats(): InProcessQueueStats {
    return {
      ...this.counters,
      invocationMs: [...this.invocationMs],
      maxInvocationMs: this.invocationMs.reduce((max, ms) => Math.max(max, ms), 0),
    };
  }

  private async deliver(event: QueuedEvent): Promise<void> {
    this.inFlight += 1;
    event.deliveries += 1;
    this.counters.deliveries += 1;
    if (event.redeliveryKind) this.counters.redeliveries += 1;
    if (event.redeliveryKind === 'duplicate') this.counters.duplicateDeliveries += 1;
    const delivery = (): QueueDelivery => ({
      body: JSON.parse(event.bodyJson) as Record<string, unknown>,
      eventId: event.eventId,
      jobId: event.jobId,
      attempt: event.deliveries,
      ...(event.retryContext ? { retryContext: structuredClone(event.retryContext) } : {}),
    });

    const started = this.clock.now();
    let outcome: DeliveryOutcome;
    try {
      const injected = this.deliveryFailures.shift();
      if (injected) throw injected;
      const result = await this.invocation.run({ chainId: event.chainId }, () => this.consumer(delivery()));
      outcome = retryRequested(result) ?? { kind: 'success' };
    } catch (error) {
      outcome = {
        kind: 'failure',
        reason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR',
        delaySeconds: this.settings.retryDelaySeconds(event.deliveries),
        error,
      };
    }
    const durationMs = this.clock.now() - started;
    this.invocationMs.push(durationMs);
    const timeoutMs = this.settings.invocationTimeoutMs;
    if (timeoutMs !== undefined && durationMs > timeoutMs) {
      this.counters.timeouts += 1;
      outcome = {
        kind: 'failure',
        reason: 'FUNCTION_TIME_OUT',
        delaySeconds: this.settings.retryDelaySeconds(event.deliveries),
      };
    }
    this.inFlight -= 1;

    if (outcome.kind === 'failure') {
      this.counters.failures += 1;
      if (event.deliveries >= this.settings.maxAttempts) {
        this.counters.deadEvents += 1;
        this.dead.push({
          eventId: event.eventId,
          jobId: event.jobId,
          body: JSON.parse(event.bodyJson) as Record<string, unknown>,
          attempts: event.deliveries,
          reason: outcome.reason,
          ...(outcome.error !== undefined ? { error: outcome.error } : {}),
        });
        return;
      }
      this.requeue(event, outcome.delaySeconds, 'retry', {
        retryCount: event.deliveries,
        retryReason: outcome.reason,
        ...(outcome.retryData !== undefined ? { retryData: outcome.retryData } : {}),
      });
      return;
    }
    if (event.deliveries < this.settings.maxAttempts && this.deliverAgain(delivery())) {
      this.requeue(event, 0, 'duplicate', undefined);
    }
  }

  private deliverAgain(delivery: QueueDelivery): boolean {
    if (this.settings.redeliver?.(delivery)) return true;
    return this.settings.duplicateProbability > 0 && this.random() < this.settings.duplicateProbability;
  }

  private requeue(
    event: QueuedEvent,
    delaySeconds: number,
    kind: 'retry' | 'duplicate',
    retryContext: RetryContext | undefined,
  ): void {
    event.dueAt = this.clock.now() + Math.max(0, delaySeconds) * 1000;
    event.sequence = this.nextSequence++;
    event.redeliveryKind = kind;
    event.retryContext = retryContext;
    this.waiting.add(event);
  }
}

// ---- Helpers ----

/** @forge/events' validatePushEvents, with one deliberate difference: a body must be a plain object. */
function validatePushEvents(events: QueueEventInput[]): QueueEventInput[] {
  const list: unknown[] = Array.isArray(events) ? events : [events];
  if (list.length === 0) throw new NoEventsToPushError('No events pushed.');
  if (list.length > QUEUE_PUSH_LIMITS.maxEvents) {
    throw new TooManyEventsError(
      `This push contains more than the ${QUEUE_PUSH_LIMITS.maxEvents} events allowed.`,
    );
  }
  for (const event of list) {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      throw new InvalidPayloadError('Event must be an object.');
    }
    // Forge accepts any non-array object and serialises it, so a Map or a class instance arrives as `{}` or
    // loses its prototype; refusing it here catches that mistake in tests instead of on a customer's site.
    if (!isPlainObject((event as { body?: unknown }).body)) {
      throw new InvalidPayloadError('Event body must be an object.');
    }
    const delay = (event as { delayInSeconds?: number }).delayInSeconds;
    if (delay && (delay > MAX_DELAY_SECONDS || delay < 0)) {
      throw new InvalidPushSettingsError(
        `The delayInSeconds setting must be between 0 and ${MAX_DELAY_SECONDS}.`,
      );
    }
  }
  if (Buffer.byteLength(JSON.stringify(list)) > QUEUE_PUSH_LIMITS.maxPayloadBytes) {
    throw new PayloadTooBigError(
      `The maximum payload size is ${QUEUE_PUSH_LIMITS.maxPayloadBytes / 1024}KB.`,
    );
  }
  return list as QueueEventInput[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** An InvocationError or a QueueResponse marked for retry, as @forge/events serialises them. */
function retryRequested(result: unknown): DeliveryOutcome | undefined {
  if (typeof result !== 'object' || result === null || (result as { _retry?: unknown })._retry !== true) {
    return undefined;
  }
  const options = (
    result as { retryOptions?: { retryAfter?: number; retryReason?: string; retryData?: unknown } }
  ).retryOptions;
  return {
    kind: 'failure',
    reason: options?.retryReason ?? 'FUNCTION_RETRY_REQUEST',
    // @forge/events raises a retryAfter below 1 to 1 (MIN_RETRY_AFTER).
    delaySeconds: Math.max(1, options?.retryAfter ?? 1),
    ...(options?.retryData !== undefined ? { retryData: options.retryData } : {}),
  };
}

/** xorshift32: a small deterministic generator, so a seeded duplicate pattern is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 0x2545f491;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

/** A binary min-heap of events by (dueAt, sequence): delivery order stays O(log n) for large fan-outs. */
class EventHeap {
  private readonly items: QueuedEvent[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): QueuedEvent | undefined {
    return this.items[0];
  }

  add(event: QueuedEvent): void {
    this.items.push(event);
    let index = this.items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(this.items[index]!, this.items[parent]!)) break;
      this.swap(index, parent);
      index = parent;
    }
  }

  pop(): QueuedEvent | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (top === undefined || last === undefined || this.items.length === 0) return top;
    this.items[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < this.items.length && before(this.items[left]!, this.items[smallest]!)) smallest = left;
      if (right < this.items.length && before(this.items[right]!, this.items[smallest]!)) smallest = right;
      if (smallest === index) return top;
      this.swap(index, smallest);
      index = smallest;
    }
  }

  ordered(): QueuedEvent[] {
    return [...this.items].sort((a, b) => (before(a, b) ? -1 : 1));
  }

  private swap(a: number, b: number): void {
    [this.items[a], this.items[b]] = [this.items[b]!, this.items[a]!];
  }
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.sequence < b.sequence);
}
