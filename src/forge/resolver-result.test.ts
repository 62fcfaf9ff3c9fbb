// The one translator, fed the app's real error classes: input errors answer invalid-request (with the field
// when the error names one), the app's knowing errors their kind and own words, anything else `internal`.
import { PreviewInputError } from '../admin/preview-catalog';
import { MappingInputError } from '../admin/mapping-settings';
import { BackstageCatalogError } from '../backstage/backstage-errors';
import { CompassGatewayError } from '../compass/compass-errors';
import { ConnectionInputError } from '../connection/backstage-connection';
import { ImportRequestError } from '../import/import-engine';
import { PanelRequestError } from '../panel/component-panel';
import { NotConnectedError } from './forge-import-engine';
import { INTERNAL_MESSAGE, InvalidRequestError, resolverResult, translateError } from './resolver-result';

describe('translateError', () => {
  it.each([
    [new ConnectionInputError('baseUrl', 'Enter an https URL'), 'baseUrl'],
    [new MappingInputError('typeByKind.api', 'typeByKind.api: not a Compass type'), 'typeByKind.api'],
    [new InvalidRequestError('cursor', 'That page is gone'), 'cursor'],
  ])('answers the input error %p with invalid-request and its field', (error, field) => {
    expect(translateError('op', error)).toEqual({ code: 'invalid-request', message: error.message, field });
  });

  it.each([
    new PreviewInputError('limit must be 1 to 100'),
    new PanelRequestError('invalid-input', 'Type at least 2 characters to search.'),
  ])('answers the input error %p with invalid-request, never invalid-input', (error) => {
    expect(translateError('op', error)).toEqual({ code: 'invalid-request', message: error.message });
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
