// Everything that can go wrong reading a Backstage catalog, as one error class with a kind per cause a person can
// act on. Messages are the app's own words: the request (method, URL without credentials), the HTTP status and what
// to do. Nothing Backstage, a proxy or the platform said goes into a message (a backend that echoes request headers
// would put the token there); a redacted excerpt of it is kept apart, for logs only.

import { redactText } from '../core/redaction';

export type BackstageErrorKind =
  /** The base URL is not an http(s) URL. */
  | 'invalid-base-url'
  /** Nothing answers at that host and port (refused, reset, unroutable). */
  | 'unreachable'
  /** The host name does not resolve. */
  | 'dns'
  /** The TLS handshake failed (self-signed, expired or mismatched certificate, protocol mismatch). */
  | 'tls'
  /** No complete answer within the per-request timeout. */
  | 'timeout'
  /** HTTP 401: the token is missing, wrong or expired. */
  | 'unauthorized'
  /** The saved token cannot be sent at all (characters an HTTP header cannot carry). */
  | 'invalid-token'
  /** HTTP 403 from Backstage: the token is valid but may not read the catalog. */
  | 'forbidden'
  /** HTTP 404, or an HTML page: the base URL does not lead to a Backstage catalog. */
  | 'not-a-catalog'
  /** Forge refused the outbound call: the host is not in the app's egress permissions, or not https. */
  | 'egress-blocked'
  /** HTTP 400: Backstage rejected the query (filter, fields, cursor). */
  | 'bad-request'
  /** HTTP 429: a rate limit in front of or inside Backstage. */
  | 'rate-limited'
  /** HTTP 5xx. */
  | 'server-error'
  /** A 2xx answer whose body is not JSON or not the shape the catalog API documents. */
  | 'malformed-response'
  /** Any other HTTP status. */
  | 'unexpected-status';

export interface BackstageRequestDescription {
  method: string;
  /** The request URL; credentials and long cursors are removed before it is shown. */
  url: string;
}

const WHAT_TO_DO: Record<BackstageErrorKind, string> = {
  'invalid-base-url':
    "Enter the Backstage backend's base URL, e.g. https://backstage.example.com (the app adds /api/catalog).",
  unreachable:
    'Check the host and port in the Backstage base URL, that Backstage is running, and that no firewall blocks it.',
  dns: 'Check the spelling of the host in the Backstage base URL; it must be a public DNS name.',
  tls: 'Backstage must serve HTTPS with a valid certificate for this host name, issued by a public certificate authority.',
  timeout:
    'Backstage or a proxy in front of it did not answer in time; try again, and check its load and network path.',
  unauthorized:
    "Check the token saved in the app against a static token under backend.auth.externalAccess in Backstage's app-config.",
  'invalid-token':
    'Save the token again on the admin page, pasted as one line without spaces (it holds characters an HTTP header cannot carry).',
  forbidden:
    "The token is valid but not allowed to read the catalog: widen its accessRestrictions or Backstage's permission policy.",
  'not-a-catalog':
    "Give the Backstage backend's base URL (where /api/catalog is served), not the frontend, a sign-in page or a sub-path.",
  'egress-blocked':
    "Add the Backstage host to the manifest's permissions.external.fetch.backend, redeploy, and use https.",
  'bad-request': 'Check the filter, fields and order expressions sent to the catalog.',
  'rate-limited':
    'Wait and retry; if it persists, raise the rate limit in front of Backstage for this token.',
  'server-error': 'Backstage failed on its side; retry later and check the Backstage backend logs.',
  'malformed-response':
    'Check that the base URL points at the Backstage backend and that no proxy rewrites its responses.',
  'unexpected-status': 'Check the Backstage base URL and any proxy in front of Backstage.',
};

const RETRYABLE: ReadonlySet<BackstageErrorKind> = new Set([
  'timeout',
  'rate-limited',
  'server-error',
  'unreachable',
]);

export class BackstageCatalogError extends Error {
  override readonly name = 'BackstageCatalogError';
  readonly kind: BackstageErrorKind;
  readonly request?: BackstageRequestDescription;
  readonly status?: number;
  /** What a person can do about it. Also the last sentence of `message`. */
  readonly whatToDo: string;
  /** Seconds, from a 429's Retry-After. */
  readonly retryAfterSeconds?: number;
  /** What the other side said (an error body, an exception's text), redacted and cut short: for logs, never for people. */
  readonly logExcerpt?: string;

  constructor(
    kind: BackstageErrorKind,
    problem: string,
    details: {
      request?: BackstageRequestDescription;
      status?: number;
      retryAfterSeconds?: number;
      cause?: unknown;
      /** Raw text from Backstage, a proxy or the platform; kept only as a redacted excerpt in `logExcerpt`. */
      said?: string;
    } = {},
  ) {
    const request = details.request
      ? { method: details.request.method, url: urlForDisplay(details.request.url) }
      : undefined;
    const where = request
      ? ` (${request.method} ${request.url}${details.status ? ` → HTTP ${details.status}` : ''})`
      : '';
    // No `cause`: a logged or serialised cause would carry the foreign text this class exists to keep out.
    super(`${problem}${where}. ${WHAT_TO_DO[kind]}`);
    this.kind = kind;
    this.request = request;
    this.status = details.status;
    this.whatToDo = WHAT_TO_DO[kind];
    this.retryAfterSeconds = details.retryAfterSeconds;
    const said = details.said ?? causeText(details.cause);
    if (said) this.logExcerpt = logExcerpt(said);
  }

  /** True when the same request may succeed later without anyone changing anything. */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

const LOG_EXCERPT_LENGTH = 200;

/** The messages of an error and its causes, for the log excerpt. */
function causeText(cause: unknown): string | undefined {
  const parts: string[] = [];
  let next: unknown = cause;
  while (next instanceof Error && parts.length < 5) {
    parts.push(`${next.name}: ${next.message}`);
    next = next.cause;
  }
  return parts.length > 0 ? parts.join(' <- ') : undefined;
}

/** A redacted, single-line excerpt of foreign text, fit for a log line. */
export function logExcerpt(text: string): string {
  const line = redactText(text).replace(/\s+/g, ' ').trim();
  return line.length > LOG_EXCERPT_LENGTH ? `${line.slice(0, LOG_EXCERPT_LENGTH)}…` : line;
}

const LONG_QUERY_VALUE = 48;

/** A URL fit for messages and logs: no user info, and cursors (long base64 blobs) cut short. */
export function urlForDisplay(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw.replace(/\/\/[^@/]*@/, '//');
  }
  url.username = '';
  url.password = '';
  const shortened = [...url.searchParams].map(([key, value]): [string, string] => [
    key,
    value.length > LONG_QUERY_VALUE ? `${value.slice(0, 12)}...` : value,
  ]);
  url.search = new URLSearchParams(shortened).toString();
  return url.toString();
}
