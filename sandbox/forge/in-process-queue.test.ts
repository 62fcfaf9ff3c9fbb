// The in-process queue against Forge's semantics: push limits checked side by side with the real @forge/events
// Queue (its HTTP edge stubbed), at-least-once delivery, delays as ordering, and the platform's own limits.
import { InvocationError, InvocationErrorCode, Queue } from '@forge/events';
import { VirtualClock } from '../local-compass/virtual-clock';
import {
  FastForwardClock,
  InProcessQueue,
  InterruptedInvocationError,
  InvalidPayloadError,
  InvocationLimitReachedError,
  PayloadTooBigError,
  RateLimitError,
  type QueueDelivery,
  type QueueEventInput,
} from './in-process-queue';
import { rejection } from '../../src/testing/rejection';

/** The real @forge/events Queue, its HTTP call answered as the platform answers an accepted push. */
function forgeQueue() {
  const apiClient = jest.fn(
    async (_path: string, _init?: RequestInit) => new Response(null, { status: 201 }),
  );
  return { queue: new Queue({ key: 'backstage-import' }, apiClient), apiClient };
}

/** A consumer that records what it was given. */
function recordingConsumer(handle: (delivery: QueueDelivery) => Promise<unknown> = async () => undefined) {
  const deliveries: QueueDelivery[] = [];
  return {
    deliveries,
    consumer: async (delivery: QueueDelivery) => {
      deliveries.push(delivery);
      return handle(delivery);
    },
  };
}

const events = (count: number, from = 0): QueueEventInput[] =>
  Array.from({ length: count }, (_, index) => ({ body: { n: from + index } }));

/** Events whose push payload (the JSON of the whole array, as Forge measures it) is exactly `bytes` long. */
function eventsOfPayloadBytes(bytes: number, count: number): QueueEventInput[] {
  const built = Array.from({ length: count }, () => ({ body: { pad: '' } }));
  const overhead = Buffer.byteLength(JSON.stringify(built));
  const padding = bytes - overhead;
  built.forEach((event, index) => {
    event.body.pad = 'x'.repeat(Math.floor(padding / count) + (index < padding % count ? 1 : 0));
  });
  if (Buffer.byteLength(JSON.stringify(built)) !== bytes) throw new Error(`could not build ${bytes} bytes`);
  return built;
}

/** One event whose own JSON is exactly `bytes` long (the push array adds its two brackets). */
const eventOfBytes = (bytes: number): QueueEventInput => eventsOfPayloadBytes(bytes + 2, 1)[0]!;

describe('InProcessQueue push', () => {
  const invalidPushes: [string, unknown][] = [
    ['no events', []],
    ['51 events', events(51)],
    ['an event that is not an object', [null]],
    ['a body that is an array', [{ body: [1, 2] }]],
    ['a body that is a string', [{ body: 'text' }]],
    ['a body that is null', [{ body: null }]],
    ['a delay over 900 s', [{ body: {}, delayInSeconds: 901 }]],
    ['a negative delay', [{ body: {}, delayInSeconds: -1 }]],
    ['more than 200 KB of JSON', eventsOfPayloadBytes(200 * 1024 + 1, 3)],
  ];

  it.each(invalidPushes)(
    'refuses %s with the error class and message @forge/events uses',
    async (_, input) => {
      const local = new InProcessQueue(async () => undefined);
      const forge = forgeQueue();
      const ours = await rejection(local.push(input as QueueEventInput[]));
      const theirs = await rejection(forge.queue.push(input as QueueEventInput[]));
      expect(ours.constructor.name).toBe(theirs.constructor.name);
      expect(ours.message).toBe(theirs.message);
      expect(forge.apiClient).not.toHaveBeenCalled();
      expect(local.pending()).toBe(0);
      expect(local.stats()).toMatchObject({ pushes: 0, rejectedPushes: 1, eventsPushed: 0 });
    },
  );

  it('accepts what @forge/events accepts at the limits: 50 events, exactly 200 KB, delays 0 and 900', async () => {
    const pushes = [
      events(50),
      eventsOfPayloadBytes(200 * 1024, 3),
      [
        { body: { n: 1 }, delayInSeconds: 0 },
        { body: { n: 2 }, delayInSeconds: 900 },
      ],
    ];
    const local = new InProcessQueue(async () => undefined);
    const forge = forgeQueue();
    for (const push of pushes) {
      await local.push(push);
      await forge.queue.push(push);
    }
    expect(forge.apiClient).toHaveBeenCalledTimes(pushes.length);
    expect(local.stats()).toMatchObject({ pushes: 3, eventsPushed: 55 });
    expect(local.pending()).toBe(55);
  });

  it('refuses a body that is not a plain object, which Forge would silently flatten to {}', async () => {
    const queue = new InProcessQueue(async () => undefined);
    const map = new Map([['entityRefs', ['component:default/a']]]);
    const error = await rejection(queue.push([{ body: map as unknown as Record<string, unknown> }]));
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error.message).toBe('Event body must be an object.');
    await queue.push([{ body: Object.assign(Object.create(null) as object, { ok: true }) }]);
    expect(queue.pending()).toBe(1);
  });

  it('refuses one event over 100 KB, the limit for consumers with a timeout over 55 s', async () => {
    const queue = new InProcessQueue(async () => undefined);
    const event = eventOfBytes(100 * 1024 + 1);
    const error = await rejection(queue.push([event]));
    expect(error).toBeInstanceOf(PayloadTooBigError);
    await queue.push([eventOfBytes(100 * 1024)]);
    const lenient = new InProcessQueue(async () => undefined, { maxEventBytes: 200 * 1024 });
    await lenient.push([event]);
    expect([queue.pending(), lenient.pending()]).toEqual([1, 1]);
  });

  it('refuses more than 500 events in a minute of clock time, and accepts again a minute later', async () => {
    const clock = new VirtualClock();
    const queue = new InProcessQueue(async () => undefined, { clock });
    for (let push = 0; push < 10; push++) await queue.push(events(50, push * 50));
    expect(await rejection(queue.push(events(1)))).toBeInstanceOf(RateLimitError);
    clock.advance(59_000);
    expect(await rejection(queue.push(events(1)))).toBeInstanceOf(RateLimitError);
    clock.advance(1_000);
    await queue.push(events(50));
    expect(queue.stats()).toMatchObject({ pushes: 11, rejectedPushes: 2, eventsPushed: 550 });
  });

  it('failNextPush makes the next push fail as the platform would, queueing nothing', async () => {
    const queue = new InProcessQueue(async () => undefined);
    queue.failNextPush();
    const error = await rejection(queue.push(events(2)));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.message).toBe('Too many requests.');
    await queue.push(events(2));
    expect(queue.pending()).toBe(2);
  });
});

describe('InProcessQueue delivery', () => {
  it('delivers FIFO, one at a time, with one jobId per push and a copy of the body as JSON would carry it', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const { deliveries, consumer } = recordingConsumer(async (delivery) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setImmediate(resolve));
      delivery.body.touchedByConsumer = true;
      running -= 1;
    });
    const queue = new InProcessQueue(consumer);
    const body = { refs: ['component:default/a'], at: new Date('2026-01-02T03:04:05Z'), gone: undefined };
    await queue.push([{ body }, { body: { n: 2 } }]);
    body.refs.push('mutated after push');
    await queue.push([{ body: { n: 3 } }]);

    expect(await queue.runUntilIdle()).toEqual({ deliveries: 3, idle: true });
    expect(mostAtOnce).toBe(1);
    expect(deliveries.map((delivery) => delivery.body)).toEqual([
      { refs: ['component:default/a'], at: '2026-01-02T03:04:05.000Z', touchedByConsumer: true },
      { n: 2, touchedByConsumer: true },
      { n: 3, touchedByConsumer: true },
    ]);
    const [first, second, third] = deliveries;
    expect(first!.jobId).toBe(second!.jobId);
    expect(third!.jobId).not.toBe(first!.jobId);
    expect(new Set(deliveries.map((delivery) => delivery.eventId)).size).toBe(3);
    expect(deliveries.every((delivery) => delivery.attempt === 1 && !delivery.retryContext)).toBe(true);
  });

  it('delivers the continuations a consumer pushes in the same run, until none remain', async () => {
    const queue: InProcessQueue = new InProcessQueue(async ({ body }) => {
      const slice = body.slice as number;
      if (slice < 9) await queue.push([{ body: { slice: slice + 1 } }]);
    });
    await queue.push([{ body: { slice: 0 } }]);
    expect(await queue.runUntilIdle()).toEqual({ deliveries: 10, idle: true });
    expect(queue.stats()).toMatchObject({ pushes: 10, eventsPushed: 10, deliveries: 10, redeliveries: 0 });
    expect(queue.pending()).toBe(0);
  });

  it('orders by delay without waiting, and moves an injected clock forward by the delays skipped', async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const { deliveries, consumer } = recordingConsumer();
    const queue = new InProcessQueue(consumer, { clock });
    await queue.push([
      { body: { name: 'late' }, delayInSeconds: 60 },
      { body: { name: 'soon' }, delayInSeconds: 5 },
      { body: { name: 'now' } },
    ]);
    await queue.push([{ body: { name: 'also late' }, delayInSeconds: 60 }]);
    expect(queue.pendingEvents().map((event) => [event.body.name, event.dueInMs])).toEqual([
      ['now', 0],
      ['soon', 5_000],
      ['late', 60_000],
      ['also late', 60_000],
    ]);
    await queue.runUntilIdle();
    expect(deliveries.map((delivery) => delivery.body.name)).toEqual(['now', 'soon', 'late', 'also late']);
    expect(clock.now() - start).toBe(60_000);
  });

  it('skips delays on the default clock, and really waits with realDelays', async () => {
    const fast = new InProcessQueue(async () => undefined);
    await fast.push([{ body: {}, delayInSeconds: 900 }]);
    const fastStart = performance.now();
    await fast.runUntilIdle();
    expect(performance.now() - fastStart).toBeLessThan(1_000);

    const real = new InProcessQueue(async () => undefined, { realDelays: true });
    await real.push([{ body: {}, delayInSeconds: 0.2 }]);
    const realStart = performance.now();
    await real.runUntilIdle();
    expect(performance.now() - realStart).toBeGreaterThanOrEqual(190);
  });

  it('redelivers an event whose consumer threw, with Forge-style retryContext, until it succeeds', async () => {
    const { deliveries, consumer } = recordingConsumer(async ({ attempt }) => {
      if (attempt < 3) throw new Error(`Compass unavailable (attempt ${attempt})`);
    });
    const queue = new InProcessQueue(consumer);
    await queue.push([{ body: { slice: 1 } }]);
    await queue.runUntilIdle();
    expect(deliveries.map((delivery) => [delivery.attempt, delivery.retryContext])).toEqual([
      [1, undefined],
      [2, { retryCount: 1, retryReason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR' }],
      [3, { retryCount: 2, retryReason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR' }],
    ]);
    expect(new Set(deliveries.map((delivery) => delivery.eventId)).size).toBe(1);
    expect(queue.stats()).toMatchObject({ deliveries: 3, redeliveries: 2, failures: 2, deadEvents: 0 });
  });

  it('backs off before retrying a throw, so other due events go first', async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const { deliveries, consumer } = recordingConsumer(async ({ body, attempt }) => {
      if (body.name === 'flaky' && attempt === 1) throw new Error('boom');
    });
    const queue = new InProcessQueue(consumer, { clock, retryDelaySeconds: (failed) => 30 * failed });
    await queue.push([{ body: { name: 'flaky' } }, { body: { name: 'steady' } }]);
    await queue.runUntilIdle();
    expect(deliveries.map((delivery) => delivery.body.name)).toEqual(['flaky', 'steady', 'flaky']);
    expect(clock.now() - start).toBe(30_000);
  });

  it('records an event as dead after maxAttempts failed deliveries', async () => {
    const failure = new Error('always fails');
    const queue = new InProcessQueue(
      async () => {
        throw failure;
      },
      { maxAttempts: 3 },
    );
    await queue.push([{ body: { slice: 7 } }]);
    expect(await queue.runUntilIdle()).toEqual({ deliveries: 3, idle: true });
    expect(queue.deadEvents()).toEqual([
      expect.objectContaining({
        body: { slice: 7 },
        attempts: 3,
        reason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR',
        error: failure,
      }),
    ]);
    expect(queue.stats()).toMatchObject({ deliveries: 3, failures: 3, deadEvents: 1 });
  });

  it("retries after an InvocationError's retryAfter, passing its reason and retryData on", async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const { deliveries, consumer } = recordingConsumer(async ({ attempt }) =>
      attempt === 1
        ? new InvocationError({
            retryAfter: 45,
            retryReason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED,
            retryData: { cursor: 'page-2' },
          })
        : { ok: true },
    );
    const queue = new InProcessQueue(consumer, { clock });
    await queue.push([{ body: { slice: 1 } }]);
    await queue.runUntilIdle();
    expect(deliveries[1]?.retryContext).toEqual({
      retryCount: 1,
      retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED',
      retryData: { cursor: 'page-2' },
    });
    expect(clock.now() - start).toBe(45_000);
    expect(queue.stats()).toMatchObject({ deliveries: 2, failures: 1, deadEvents: 0 });
  });

  it('delivers a successful event again when redeliver says so, behind the events already due', async () => {
    const { deliveries, consumer } = recordingConsumer();
    const queue = new InProcessQueue(consumer, { redeliver: (delivery) => delivery.body.n === 0 });
    await queue.push(events(3));
    await queue.runUntilIdle();
    expect(deliveries.map((delivery) => [delivery.body.n, delivery.attempt])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
      [0, 2],
      [0, 3],
      [0, 4],
      [0, 5],
    ]);
    expect(queue.stats()).toMatchObject({
      deliveries: 7,
      redeliveries: 4,
      duplicateDeliveries: 4,
      failures: 0,
    });
  });

  it('duplicates successful events with a seeded probability: the same seed gives the same run', async () => {
    async function run(seed: number) {
      const { deliveries, consumer } = recordingConsumer();
      const queue = new InProcessQueue(consumer, { duplicateProbability: 0.3, seed, maxAttempts: 2 });
      for (let push = 0; push < 4; push++) await queue.push(events(50, push * 50));
      await queue.runUntilIdle();
      return deliveries.filter((delivery) => delivery.attempt === 2).map((delivery) => delivery.body.n);
    }
    const first = await run(42);
    expect(await run(42)).toEqual(first);
    expect(await run(7)).not.toEqual(first);
    // 200 successes at p = 0.3: the count lies far inside 30..90 for any reasonable generator.
    expect(first.length).toBeGreaterThan(30);
    expect(first.length).toBeLessThan(90);
  });

  it('failNextDelivery fails the next delivery before the consumer runs, as a killed invocation', async () => {
    const { deliveries, consumer } = recordingConsumer();
    const queue = new InProcessQueue(consumer);
    await queue.push(events(2));
    queue.failNextDelivery();
    queue.failNextDelivery(new Error('second kill'));
    await queue.runUntilIdle();
    expect(deliveries.map((delivery) => [delivery.body.n, delivery.attempt])).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(queue.stats()).toMatchObject({ deliveries: 4, failures: 2, redeliveries: 2 });
    expect(new InterruptedInvocationError()).toBeInstanceOf(Error);
  });

  it('keeps what a failed delivery pushed: its continuation runs, and the retry pushes another', async () => {
    const { deliveries, consumer } = recordingConsumer(async ({ body, attempt }) => {
      if (body.step !== 'start') return;
      await queue.push([{ body: { step: 'continue' } }]);
      if (attempt === 1) throw new Error('killed after re-enqueueing');
    });
    const queue: InProcessQueue = new InProcessQueue(consumer);
    await queue.push([{ body: { step: 'start' } }]);
    await queue.runUntilIdle();
    expect(deliveries.filter((delivery) => delivery.body.step === 'continue')).toHaveLength(2);
  });

  it('treats an invocation longer than invocationTimeoutMs as timed out and redelivers it', async () => {
    const clock = new VirtualClock();
    const { deliveries, consumer } = recordingConsumer(async ({ attempt }) => {
      await clock.sleep(attempt === 1 ? 301_000 : 10_000);
    });
    const queue = new InProcessQueue(consumer, { clock, invocationTimeoutMs: 300_000 });
    await queue.push([{ body: {} }]);
    await queue.runUntilIdle();
    expect(deliveries[1]?.retryContext?.retryReason).toBe('FUNCTION_TIME_OUT');
    expect(queue.stats()).toMatchObject({
      deliveries: 2,
      timeouts: 1,
      failures: 1,
      maxInvocationMs: 301_000,
    });
    expect(queue.stats().invocationMs).toEqual([301_000, 10_000]);
  });

  it('measures every invocation with the clock (performance.now() by default)', async () => {
    const queue = new InProcessQueue(async ({ body }) => {
      await new Promise((resolve) => setTimeout(resolve, body.ms as number));
    });
    await queue.push([{ body: { ms: 5 } }, { body: { ms: 60 } }, { body: { ms: 5 } }]);
    await queue.runUntilIdle();
    const { invocationMs, maxInvocationMs } = queue.stats();
    expect(invocationMs).toHaveLength(3);
    expect(maxInvocationMs).toBe(Math.max(...invocationMs));
    expect(maxInvocationMs).toBeGreaterThanOrEqual(55);
    expect(invocationMs[0]!).toBeLessThan(maxInvocationMs);
  });

  it("refuses a chain's push beyond the cyclic invocation limit; a push from outside starts a new chain", async () => {
    const queue: InProcessQueue = new InProcessQueue(
      async ({ body }) => {
        await queue.push([{ body: { hop: (body.hop as number) + 1 } }]);
      },
      { cyclicInvocationLimit: 5, maxAttempts: 2 },
    );
    await queue.push([{ body: { hop: 1 } }]);
    await queue.runUntilIdle();
    // Pushes 1 (from outside) to 5 succeed; hop 5's push is the sixth and fails on both attempts.
    expect(queue.stats()).toMatchObject({ pushes: 5, rejectedPushes: 2, deadEvents: 1 });
    const [dead] = queue.deadEvents();
    expect(dead?.body).toEqual({ hop: 5 });
    expect(dead?.error).toBeInstanceOf(InvocationLimitReachedError);
    expect((dead?.error as Error).message).toBe('The limit on cyclic invocation has been reached.');
    await queue.push([{ body: { hop: 100 } }]);
    expect(queue.pending()).toBe(1);
  });

  it('allows 1,000 pushes in one chain by default', async () => {
    const queue: InProcessQueue = new InProcessQueue(
      async ({ body }) => {
        await queue.push([{ body: { hop: (body.hop as number) + 1 } }]);
      },
      { maxAttempts: 1, eventsPerMinute: Number.POSITIVE_INFINITY },
    );
    await queue.push([{ body: { hop: 1 } }]);
    await queue.runUntilIdle();
    expect(queue.stats()).toMatchObject({ pushes: 1000, deliveries: 1000, deadEvents: 1 });
    expect(queue.deadEvents()[0]?.body).toEqual({ hop: 1000 });
  });

  it('stops after maxDeliveries, leaving the rest queued for the next run', async () => {
    const queue: InProcessQueue = new InProcessQueue(async ({ body }) => {
      if ((body.slice as number) < 24) await queue.push([{ body: { slice: (body.slice as number) + 1 } }]);
    });
    await queue.push([{ body: { slice: 0 } }]);
    expect(await queue.runUntilIdle({ maxDeliveries: 10 })).toEqual({ deliveries: 10, idle: false });
    expect(queue.pendingEvents().map((event) => event.body)).toEqual([{ slice: 10 }]);
    expect(await queue.runUntilIdle()).toEqual({ deliveries: 15, idle: true });
  });

  it('runs up to `concurrency` deliveries at once when asked', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const queue = new InProcessQueue(
      async () => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
      },
      { concurrency: 3 },
    );
    await queue.push(events(10));
    expect(await queue.runUntilIdle()).toEqual({ deliveries: 10, idle: true });
    expect(mostAtOnce).toBe(3);
  });

  it('refuses a second runUntilIdle while one runs', async () => {
    let second: Promise<unknown> | undefined;
    const queue: InProcessQueue = new InProcessQueue(async () => {
      second = queue.runUntilIdle();
    });
    await queue.push(events(1));
    await queue.runUntilIdle();
    expect((await rejection(second!)).message).toBe('runUntilIdle is already running on this queue');
  });

  it('FastForwardClock keeps real time in epoch milliseconds and skips what it is asked to sleep', async () => {
    const clock = new FastForwardClock();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1_000);
    const before = clock.now();
    await clock.sleep(3_600_000);
    expect(clock.now() - before).toBeGreaterThanOrEqual(3_600_000);
    expect(clock.now() - before).toBeLessThan(3_601_000);
  });

  it('refuses options that cannot work', () => {
    expect(() => new InProcessQueue(async () => undefined, { maxAttempts: 0 })).toThrow(RangeError);
    expect(() => new InProcessQueue(async () => undefined, { concurrency: 0 })).toThrow(RangeError);
  });
});
