// A clock whose sleeps return at once and advance virtual time: latency and rate limits become countable
// and deterministic in tests.
import type { LocalCompassClock } from './local-compass';

export class VirtualClock implements LocalCompassClock {
  /** Every sleep requested, in order. */
  readonly sleeps: number[] = [];

  constructor(private current = Date.parse('2026-01-01T00:00:00Z')) {}

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.current += ms;
    return Promise.resolve();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
