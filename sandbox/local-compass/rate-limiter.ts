// A token bucket: `requestsPerSecond` refill, `burst` capacity (default: one second's worth).

export interface RateLimit {
  requestsPerSecond: number;
  burst?: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class TokenBucket {
  private tokens: number;
  private lastRefill: number;
  private readonly capacity: number;

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number,
  ) {
    if (!(limit.requestsPerSecond > 0)) throw new RangeError('rateLimit.requestsPerSecond must be positive');
    this.capacity = Math.max(1, limit.burst ?? limit.requestsPerSecond);
    this.tokens = this.capacity;
    this.lastRefill = now();
  }

  take(): RateDecision {
    const now = this.now();
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((now - this.lastRefill) / 1000) * this.limit.requestsPerSecond,
    );
    this.lastRefill = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true };
    }
    // Whole seconds, as the Retry-After header carries them; never 0 so a client always waits.
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - this.tokens) / this.limit.requestsPerSecond));
    return { allowed: false, retryAfterSeconds };
  }
}
