import { removeTextControls } from './text-controls';

describe('removeTextControls', () => {
  it.each([
    ['bidi overrides and isolates', 'pay\u202Ements\u202C \u2066gateway\u2069', 'payments gateway'],
    ['marks', '\u200Eledger\u200F\u061C', 'ledger'],
    ['C0 controls', 'led\u0000ger\u0007\u001B', 'ledger'],
    ['DEL and C1 controls', 'led\u007Fger\u0086\u009B', 'ledger'],
  ])('removes %s', (_what, raw, text) => {
    expect(removeTextControls(raw, 'single-line')).toEqual({ text, removed: true });
  });

  it('turns a line break or tab in a single line into a space, so words stay apart', () => {
    expect(removeTextControls('Payment\tGateway\r\nv2', 'single-line')).toEqual({
      text: 'Payment Gateway  v2',
      removed: true,
    });
  });

  it('keeps line breaks and tabs in multi-line text, reading \\r\\n and \\r as line breaks', () => {
    expect(removeTextControls('first\r\nsecond\rthird\n\tindented', 'multi-line')).toEqual({
      text: 'first\nsecond\nthird\n\tindented',
      removed: false,
    });
    expect(removeTextControls('first\n\u202Esecond', 'multi-line')).toEqual({
      text: 'first\nsecond',
      removed: true,
    });
  });

  it('leaves visible text alone: accents, emoji with joiners, right-to-left scripts', () => {
    for (const text of ['Café', '👩‍💻 team', 'مدفوعات', 'ledger']) {
      expect(removeTextControls(text, 'single-line')).toEqual({ text, removed: false });
    }
  });
});
