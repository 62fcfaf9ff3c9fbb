import { OutsideForgeError } from './forge-bridge';
import { callResolver, PAGE_ERROR_CODES } from './resolver-call';

describe('callResolver', () => {
  it('passes the operation and payload on and returns a resolver value as it came', async () => {
    const calls: unknown[] = [];
    const result = await callResolver<{ runId: string }>(
      'startImport',
      { selection: ['component:default/a'] },
      async (method, payload) => {
        calls.push([method, payload]);
        return { ok: true, value: { runId: 'r1' } };
      },
    );
    expect(calls).toEqual([['startImport', { selection: ['component:default/a'] }]]);
    expect(result).toEqual({ ok: true, value: { runId: 'r1' } });
  });

  it("returns a resolver's own error unchanged, field included", async () => {
    const error = { code: 'invalid-request', message: 'Enter an https URL', field: 'baseUrl' };
    const result = await callResolver('saveConnection', {}, async () => ({ ok: false, error }));
    expect(result).toEqual({ ok: false, error });
  });

  it('says the page is outside Forge when there is no bridge', async () => {
    const result = await callResolver('getConnection', undefined, async () => {
      throw new OutsideForgeError();
    });
    expect(result).toEqual({
      ok: false,
      error: { code: PAGE_ERROR_CODES.outsideForge, message: new OutsideForgeError().message },
    });
  });

  it('turns a failed invoke into an error naming the operation', async () => {
    const result = await callResolver('getImportStatus', undefined, async () => {
      throw new Error('socket hang up');
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: PAGE_ERROR_CODES.invokeFailed,
        message: 'The app did not answer getImportStatus: socket hang up',
      },
    });
  });

  it.each([undefined, null, 'ok', { ok: true }, { ok: false }, { ok: false, error: { message: 'no code' } }])(
    'refuses an answer in an unknown shape (%p)',
    async (answer) => {
      const result = await callResolver('getConnection', undefined, async () => answer);
      expect(result).toEqual({
        ok: false,
        error: {
          code: PAGE_ERROR_CODES.malformedAnswer,
          message: 'The app answered getConnection in an unknown shape.',
        },
      });
    },
  );
});
