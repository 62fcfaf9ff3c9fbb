// The one translator, fed the app's real error classes: input errors answer invalid-request (with the field
// when the error names one), the app's knowing errors their kind and own words, anything else `internal`.
import { BackstageCatalogError } from '../backstage/backstage-errors';
import { CompassGatewayError } from '../compass/compass-errors';
import { ImportRequestError } from '../import/import-engine';
import { PanelRequestError } from '../panel/component-panel';
import { NotConnectedError } from './forge-import-engine';
import { onLogLine } from '../core/log';
import { INTERNAL_MESSAGE, InvalidRequestError, resolverResult, translateError } from './resolver-result';

describe('translateError', () => {
  it.each([
    [new InvalidRequestError('baseUrl', 'Enter an https URL'), 'baseUrl'],
    [new InvalidRequestError('typeByKind.api', 'typeByKind.api: not a Compass type'), 'typeByKind.api'],
    [new InvalidRequestError('cursor', 'That page is gone'), 'cursor'],
    [new InvalidRequestError('limit', 'limit must be 1 to 100'), 'limit'],
    [new InvalidRequestError('query', 'Type at least 2 characters to search.'), 'query'],
  ])('answers the input error %p with invalid-request and its field', (error, field) => {
    expect(translateError('op', error)).toEqual({ code: 'invalid-request', message: error.message, field });
  });

  it('answers a field-like error that is not the app’s input error as internal', () => {
    const error = Object.assign(new Error('oops'), { field: 'x', kind: undefined });
    expect(translateError('op', error)).toEqual({ code: 'internal', message: INTERNAL_MESSAGE });
  });

  it.each([
    [new ImportRequestError('already-running', 'An import is already running'), 'already-running'],
    [new PanelRequestError('forbidden', 'Only a Compass admin can link'), 'forbidden'],
    [new NotConnectedError(), 'not-connected'],
    [new BackstageCatalogError('unauthorized', 'Backstage refused the token'), 'unauthorized'],
    [new CompassGatewayError('rate-limited', 'createComponent', 'slow down'), 'rate-limited'],
  ])('answers the app’s knowing error %p with its kind and its own words', (error, code) => {
    expect(translateError('op', error)).toEqual({ code, message: error.message });
  });

  it.each([
    new TypeError('input.trim is not a function'),
    new Error('KVS_UNAVAILABLE: kvs is down'),
    'a thrown string',
    { kind: 'not-an-error' },
  ])('answers anything else (%p) with internal and the app’s fixed words', (error) => {
    expect(translateError('op', error)).toEqual({
      code: 'internal',
      message: INTERNAL_MESSAGE,
    });
  });
});

describe('resolverResult', () => {
  it('wraps a value and an error alike', async () => {
    expect(await resolverResult('op', async () => 1)).toEqual({ ok: true, value: 1 });
    expect(
      await resolverResult('op', async () => {
        throw new ImportRequestError('not-running', 'No import is running');
      }),
    ).toEqual({ ok: false, error: { code: 'not-running', message: 'No import is running' } });
  });
});

describe('one log line per failure', () => {
  function linesOf(work: () => unknown): Record<string, unknown>[] {
    const lines: string[] = [];
    const stop = onLogLine((line) => lines.push(line));
    try {
      work();
    } finally {
      stop();
    }
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('logs a refused payload with its field, and what lay underneath when there was something', () => {
    expect(
      linesOf(() => translateError('saveMapping', new InvalidRequestError('typeByKind.api', 'no'))),
    ).toEqual([
      {
        level: 'warn',
        event: 'resolver-refused',
        operation: 'saveMapping',
        code: 'invalid-request',
        field: 'typeByKind.api',
      },
    ]);
    const gone = Object.assign(new Error('The cursor is not valid'), { code: 'INVALID_CURSOR' });
    expect(
      linesOf(() =>
        translateError('getImportResults', new InvalidRequestError('cursor', 'start again', gone)),
      ),
    ).toEqual([
      {
        level: 'warn',
        event: 'resolver-refused',
        operation: 'getImportResults',
        code: 'invalid-request',
        field: 'cursor',
        errorName: 'Error',
        errorMessage: 'The cursor is not valid',
      },
    ]);
  });

  it('logs a knowing failure with its code only, never its words', () => {
    const error = new BackstageCatalogError('unauthorized', 'Backstage refused the token');
    expect(linesOf(() => translateError('testConnection', error))).toEqual([
      { level: 'warn', event: 'resolver-failed', operation: 'testConnection', code: 'unauthorized' },
    ]);
  });

  it('logs nothing for an answer that succeeded', async () => {
    const lines: string[] = [];
    const stop = onLogLine((line) => lines.push(line));
    await resolverResult('op', async () => 1).finally(stop);
    expect(lines).toEqual([]);
  });
});
