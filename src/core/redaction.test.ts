import { forgetSecrets, redactDeep, redactText, registerSecret, REDACTED } from './redaction';

describe('redaction', () => {
  afterEach(forgetSecrets);

  it('removes a registered secret wherever it appears, and its leading part', () => {
    registerSecret('s3cr3t-token-value-42');
    expect(redactText('x s3cr3t-token-value-42 y')).toBe(`x ${REDACTED} y`);
    // A parse error quoting only the first characters of an echoed header.
    expect(redactText('Unexpected token, "s3cr3t-tok"... is not valid JSON')).not.toContain('s3cr3t-t');
  });

  it('removes bearer credentials and Authorization headers even for secrets it was never told', () => {
    expect(redactText('header was Bearer abc.def-ghi and more')).toBe(
      `header was Bearer ${REDACTED} and more`,
    );
    expect(redactText('{"authorization":"Bearer zzz"}')).not.toContain('zzz');
    expect(redactText('Authorization: Basic dXNlcjpwYXNz')).not.toContain('dXNlcjpwYXNz');
  });

  it('ignores secrets too short to match safely', () => {
    registerSecret('abc');
    expect(redactText('abc abc')).toBe('abc abc');
  });

  it('walks answers: nested strings and keys, other values untouched', () => {
    registerSecret('token-0123456789');
    const answer = {
      ok: false,
      error: { code: 'server-error', message: 'echo: token-0123456789' },
      list: [1, null, 'token-0123456789'],
      ['token-0123456789']: true,
    };
    const redacted = redactDeep(answer);
    expect(JSON.stringify(redacted)).not.toContain('token-0123456789');
    expect(redacted.ok).toBe(false);
    expect(redacted.list[0]).toBe(1);
    expect(redacted.list[1]).toBeNull();
  });
});
