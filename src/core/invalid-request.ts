// The one error for a request the app cannot take, whoever finds it: the resolver's schema at the edge or a use
// case's own checks (a URL that is not https, a mapping naming an unknown kind). `field` is the path a page points
// at; the resolver's translator answers it as `invalid-request`.
export const INVALID_REQUEST = 'invalid-request';

export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
  readonly kind = INVALID_REQUEST;
  constructor(
    /** The payload field at fault, as a dotted path (`filters.kind`, `selection.3`); `payload` for the whole of it. */
    readonly field: string,
    message: string,
    /** What the app met underneath (a store's refusal, say): for the log line only, never for the page. */
    readonly underlying?: unknown,
  ) {
    super(message);
  }
}
