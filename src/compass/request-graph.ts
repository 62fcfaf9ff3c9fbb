// The transport beneath the CompassClient: `requestGraph` as @forge/api's `asApp()` offers it. Forge passes its
// own implementation (wrapped once with withRetries); tests and the sandbox pass the local Compass's.

export interface GraphResponse {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  text(): Promise<string>;
}

export type RequestGraph = (
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
) => Promise<GraphResponse>;

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound on one Retry-After wait we agree to honour. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60000,
};

export interface RetryEnvironment {
  sleep(ms: number): Promise<void>;
  random(): number;
}

const realEnvironment: RetryEnvironment = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Seconds or an HTTP date, per RFC 9110; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Wraps requestGraph so HTTP 429 honours Retry-After and 5xx or network failures retry with exponential
 * backoff and full jitter, a bounded number of times. The last failing response (or error) is passed through
 * unchanged, for the CompassClient to classify.
 */
export function withRetries(
  requestGraph: RequestGraph,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  env: RetryEnvironment = realEnvironment,
): RequestGraph {
  return async (query, variables, headers) => {
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= policy.maxAttempts;
      const backoff = () =>
        env.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      let response: GraphResponse;
      try {
        response = await requestGraph(query, variables, headers);
      } catch (error) {
        if (last) throw error;
        await env.sleep(backoff());
        continue;
      }
      if (last || (response.status !== 429 && response.status < 500)) return response;
      const retryAfter =
        response.status === 429 ? parseRetryAfterMs(response.headers.get('retry-after')) : undefined;
      await env.sleep(retryAfter !== undefined ? Math.min(retryAfter, policy.maxRetryAfterMs) : backoff());
    }
  };
}
