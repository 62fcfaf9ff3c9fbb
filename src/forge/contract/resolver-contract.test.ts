// A surface resolver as Forge invokes it (@forge/resolver is the real one): only the contract's own operations
// run, every payload is checked against its schema, and every answer is translated and redacted.
import { z } from 'zod';
import { forgetSecrets, registerSecret } from '../../core/redaction';
import { onLogLine } from '../../core/log';
import { INTERNAL_MESSAGE } from '../resolver-result';
import { LIMITS, surfaceResolver, textTable } from './resolver-contract';

const contract = {
  echo: z.strictObject({
    text: z.string().max(10).optional(),
    page: z.strictObject({ limit: z.int().min(1).max(100).optional() }).optional(),
    refs: z.array(z.string()).max(2).optional(),
    names: textTable(z.string()).optional(),
  }),
  fail: z.strictObject({}),
};

const calls: unknown[] = [];
let failWith: unknown;
const resolver = surfaceResolver<typeof contract, { echo: unknown; fail: never }>('test page', contract, {
  async echo(payload, context) {
    calls.push(payload);
    return { payload, accountId: context.accountId };
  },
  async fail() {
    throw failWith;
  },
});

function call(method: string, payload?: unknown) {
  return resolver(
    { call: { functionKey: method, payload }, context: {} },
    { principal: { accountId: 'a-1' } },
  );
}

beforeEach(() => {
  calls.length = 0;
});
afterEach(forgetSecrets);

describe('surfaceResolver', () => {
  it('runs an operation with its checked payload and the caller', async () => {
    expect(await call('echo', { text: 'hi', page: { limit: 5 } })).toEqual({
      ok: true,
      value: { payload: { text: 'hi', page: { limit: 5 } }, accountId: 'a-1' },
    });
    // @forge/resolver hands a falsy payload on as {}.
    for (const nothing of [undefined, null, 0, '', false]) {
      expect(await call('echo', nothing)).toMatchObject({ ok: true, value: { payload: {} } });
    }
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'noSuchMethod'])(
    'answers unknown-method for %s and calls nothing',
    async (method) => {
      const answer = await call(method, { text: 'x' });
      expect(answer).toEqual({
        ok: false,
        error: { code: 'unknown-method', message: `The test page has no definition for '${method}'.` },
      });
      expect(calls).toEqual([]);
    },
  );

  it.each([
    ['a string', 'str', 'payload'],
    ['a number', 42, 'payload'],
    ['an array', [1], 'payload'],
    ['true', true, 'payload'],
    ['a field of the wrong type', { text: 42 }, 'text'],
    ['a string too long', { text: 'x'.repeat(11) }, 'text'],
    ['a fraction', { page: { limit: 1.5 } }, 'page.limit'],
    ['a number out of range', { page: { limit: 101 } }, 'page.limit'],
    ['text for a number', { page: { limit: 'abc' } }, 'page.limit'],
    ['an item of the wrong type', { refs: ['a', 2] }, 'refs.1'],
    ['too many items', { refs: ['a', 'b', 'c'] }, 'refs'],
    ['an unknown field', { text: 'a', extra: 1 }, 'extra'],
    ['an unknown nested field', { page: { limit: 1, cursor: 'x' } }, 'page.cursor'],
    [
      'a table too large',
      { names: Object.fromEntries(Array.from({ length: LIMITS.mapEntries + 1 }, (_, i) => [`k${i}`, 'v'])) },
      'names',
    ],
    ['a table entry of the wrong type', { names: { a: 1 } }, 'names.a'],
  ])('answers invalid-request naming the field for %s', async (_case, payload, field) => {
    const answer = await call('echo', payload);
    expect(answer).toEqual({
      ok: false,
      error: { code: 'invalid-request', field, message: expect.stringMatching(new RegExp(`^${field} `)) },
    });
    expect(calls).toEqual([]);
  });

  it('says what is wrong in its own words', async () => {
    const messages = await Promise.all(
      [
        { page: { limit: 1.5 } },
        { page: { limit: 101 } },
        { extra: 1 },
        'str',
        { refs: ['a', 'b', 'c'] },
      ].map(async (payload) => {
        const answer = await call('echo', payload);
        return answer.ok ? undefined : answer.error.message;
      }),
    );
    expect(messages).toEqual([
      'page.limit must be a whole number',
      'page.limit must be at most 100',
      'extra is not a field this operation takes',
      'payload must be an object',
      'refs must have at most 2 items',
    ]);
  });

  it('answers an unexpected error with the app’s own words and logs one redacted line, no stack', async () => {
    registerSecret('tok-1234567890-secret');
    failWith = new TypeError('input.trim is not a function near tok-1234567890-secret');
    const lines: string[] = [];
    const stop = onLogLine((line) => lines.push(line));
    try {
      expect(await call('fail')).toEqual({
        ok: false,
        error: { code: 'internal', message: INTERNAL_MESSAGE },
      });
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toEqual({
        level: 'error',
        event: 'resolver-error',
        operation: 'fail',
        errorName: 'TypeError',
        errorMessage: 'input.trim is not a function near [redacted]',
      });
      expect(lines[0]).not.toContain('at ');
    } finally {
      stop();
    }
  });

  it('redacts the saved token from every answer, values and errors alike', async () => {
    registerSecret('tok-1234567890-secret');
    expect(JSON.stringify(await call('echo', { text: 'tok-1234567' }))).not.toContain('tok-1234567');
    failWith = Object.assign(new Error('Backstage said: Bearer tok-1234567890-secret'), {
      kind: 'unauthorized',
    });
    expect(await call('fail')).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'Backstage said: Bearer [redacted]' },
    });
  });
});
