import { compassErrorFrom } from './compass-errors';

describe('compassErrorFrom', () => {
  it.each([
    [
      [{ message: 'Component not found', statusCode: 404, errorType: 'COMPONENT_NOT_FOUND' }],
      'not-found',
      false,
    ],
    [
      [{ message: 'External alias already exists for another component', statusCode: 400 }],
      'alias-conflict',
      false,
    ],
    [
      [{ message: 'Label "A" must be in lowercase', statusCode: 400, errorType: 'INVALID_LABEL' }],
      'invalid-input',
      false,
    ],
    [[{ message: 'Too many requests', errorType: 'RATE_LIMITED' }], 'rate-limited', true],
    [[{ message: 'boom', statusCode: 500, errorType: 'INTERNAL_SERVER_ERROR' }], 'server-error', true],
    [
      [{ message: 'The compass catalog schema has changed', statusCode: 500, errorType: 'SDK_SCHEMA_ERROR' }],
      'schema-mismatch',
      false,
    ],
  ])('classifies %j as %s', (details, kind, retryable) => {
    const error = compassErrorFrom('createComponent', details);
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(retryable);
    expect(error.message).toContain('createComponent: ');
    expect(error.details).toEqual(details);
  });
});
