// The background runner delivers as events arrive (no one has to drain the queue), keeps the in-process queue's
// Forge semantics (redelivery after a failure, consumer pushes in the same chain) and stops cleanly.
import type { QueueDelivery } from '../forge/in-process-queue';
import { BackgroundQueueRunner } from './queue-runner';

describe('BackgroundQueueRunner', () => {
  it('delivers pushed events by itself, including the ones the consumer pushes', async () => {
    const seen: unknown[] = [];
    const runner: BackgroundQueueRunner = new BackgroundQueueRunner('work', async (delivery) => {
      seen.push(delivery.body);
      const step = delivery.body.step as number;
      if (step < 3) await runner.push([{ body: { step: step + 1 } }]);
    });
    await runner.push([{ body: { step: 0 } }]);
    expect(await runner.waitUntilIdle(5000)).toEqual({ idle: true });
    expect(seen).toEqual([{ step: 0 }, { step: 1 }, { step: 2 }, { step: 3 }]);
    expect(runner.stats()).toMatchObject({
      queue: 'work',
      pushes: 4,
      deliveries: 4,
      pending: 0,
      running: false,
    });
  });

  it('delivers a failed event again after its back-off, with the retry context', async () => {
    const deliveries: QueueDelivery[] = [];
    const runner = new BackgroundQueueRunner(
      'work',
      async (delivery) => {
        deliveries.push(delivery);
        if (delivery.attempt === 1) throw new Error('Backstage is down');
      },
      { retryDelaySeconds: () => 0.05 },
    );
    await runner.push([{ body: { runId: 'run-1', seq: 0 } }]);
    expect(await runner.waitUntilIdle(5000)).toEqual({ idle: true });
    expect(deliveries.map((delivery) => delivery.attempt)).toEqual([1, 2]);
    expect(deliveries[1]?.retryContext).toMatchObject({
      retryCount: 1,
      retryReason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR',
    });
    expect(runner.stats()).toMatchObject({ failures: 1, redeliveries: 1, deadEvents: 0 });
  });

  it('records an event that keeps failing as dead, with the reason', async () => {
    const runner = new BackgroundQueueRunner(
      'work',
      async () => {
        throw new Error('always fails');
      },
      { retryDelaySeconds: () => 0.01, maxAttempts: 3 },
    );
    await runner.push([{ body: { runId: 'run-2' } }]);
    await runner.waitUntilIdle(5000);
    expect(runner.stats().dead).toEqual([
      expect.objectContaining({
        attempts: 3,
        reason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR',
        error: 'always fails',
      }),
    ]);
  });

  it('starts no delivery after stop, even one waiting for its retry', async () => {
    let deliveries = 0;
    const runner = new BackgroundQueueRunner(
      'work',
      async () => {
        deliveries += 1;
        throw new Error('fails');
      },
      { retryDelaySeconds: () => 0.2 },
    );
    await runner.push([{ body: {} }]);
    while (deliveries === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await runner.stop();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(deliveries).toBe(1);
    expect(runner.stats().pending).toBe(1);
  });
});
