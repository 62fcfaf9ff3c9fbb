import { parseRetryAfterMs, withRetries, type GraphResponse } from './request-graph';

function response(status: number, headers: Record<string, string> = {}): GraphResponse {
  return {
    status,
    ok: status < 400,
    headers: { get: (name) => headers[name.toLowerCase()] ?? null },
    json: async () => ({}),
    text: async () => '',
  };
}

describe('parseRetryAfterMs', () => {
  it('reads seconds and HTTP dates, and ignores what it cannot read', () => {
    expect(parseRetryAfterMs('3')).toBe(3000);
    expect(
      parseRetryAfterMs('Tue, 24 Nov 2026 10:00:05 GMT', Date.parse('Tue, 24 Nov 2026 10:00:00 GMT')),
    ).toBe(5000);
    expect(parseRetryAfterMs(null)).toBeUndefined();
    expect(parseRetryAfterMs('soon')).toBeUndefined();
  });
});

describe('withRetries', () => {
  const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 150, maxRetryAfterMs: 1000 };

  it('caps a Retry-After it would otherwise honour, and gives up after maxAttempts with the last answer', async () => {
    const waits: number[] = [];
    let calls = 0;
    const send = withRetries(
      async () => {
        calls++;
        return response(429, { 'retry-after': '120' });
      },
      policy,
      { sleep: async (ms) => void waits.push(ms), random: () => 1 },
    );
    expect((await send('query { x }')).status).toBe(429);
    expect(calls).toBe(3);
    expect(waits).toEqual([1000, 1000]);
  });

  it('does not retry a client error, and bounds exponential backoff by maxDelayMs', async () => {
    const waits: number[] = [];
    const answers = [503, 503, 400];
    const send = withRetries(async () => response(answers.shift()!), policy, {
      sleep: async (ms) => void waits.push(ms),
      random: () => 1,
    });
    expect((await send('query { x }')).status).toBe(400);
    expect(waits).toEqual([100, 150]);
  });
});
