// Classifies the errors Node's fetch (undici) throws, which Forge's Node runtime shares, into the taxonomy.
// undici wraps the socket error: TypeError('fetch failed', { cause: Error & { code } }), sometimes with an
// AggregateError cause when a host has several addresses.
import {
  BackstageCatalogError,
  type BackstageErrorKind,
  type BackstageRequestDescription,
} from './backstage-errors';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
// OpenSSL verification codes as Node reports them, plus Node's own TLS error codes.
const TLS_CODE =
  /^(CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;

// Socket and OpenSSL codes look like this; anything else is not shown.
const SAFE_CODE = /^[A-Z][A-Z0-9_]{1,40}$/;

const PROBLEM: Partial<Record<BackstageErrorKind, string>> = {
  dns: 'The Backstage host name does not resolve',
  unreachable: 'Cannot connect to the Backstage backend',
  tls: 'The TLS connection to the Backstage backend failed',
};

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The error and its causes, outermost first (AggregateError members included). */
function errorChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && chain.length < 10) {
    const next = queue.shift();
    if (typeof next !== 'object' || next === null) continue;
    const candidate = next as ErrorLike;
    chain.push(candidate);
    if (candidate.cause !== undefined) queue.push(candidate.cause);
    if (Array.isArray(candidate.errors)) queue.push(...candidate.errors);
  }
  return chain;
}

/** Turns whatever a fetch threw into a BackstageCatalogError (returned as is if it already is one). */
export function transportErrorFrom(
  error: unknown,
  request: BackstageRequestDescription & { timeoutMs: number },
): BackstageCatalogError {
  if (error instanceof BackstageCatalogError) return error;
  const chain = errorChain(error);
  const timedOut = chain.some((e) => e.name === 'TimeoutError' || e.name === 'AbortError');
  if (timedOut) {
    return new BackstageCatalogError('timeout', `No complete answer within ${request.timeoutMs} ms`, {
      request,
      cause: error,
    });
  }
  for (const link of chain) {
    const code = typeof link.code === 'string' ? link.code : undefined;
    if (!code) continue;
    // Only the code is the app's to show (a fixed vocabulary); the exception's text stays in the log excerpt.
    const shownCode = SAFE_CODE.test(code) ? ` (${code})` : '';
    let kind: BackstageErrorKind | undefined;
    if (DNS_CODES.has(code)) kind = 'dns';
    else if (UNREACHABLE_CODES.has(code)) kind = 'unreachable';
    else if (TLS_CODE.test(code)) kind = 'tls';
    else if (TIMEOUT_CODES.has(code)) {
      return new BackstageCatalogError('timeout', `No complete answer in time${shownCode}`, {
        request,
        cause: error,
      });
    }
    if (kind)
      return new BackstageCatalogError(kind, `${PROBLEM[kind]}${shownCode}`, { request, cause: error });
  }
  // Handshake failures without a code still say so in the message (e.g. "wrong version number").
  const messages = chain.map((e) => (typeof e.message === 'string' ? e.message : '')).join('; ');
  if (/\b(ssl|tls|certificate)\b/i.test(messages)) {
    return new BackstageCatalogError('tls', PROBLEM.tls!, { request, cause: error });
  }
  return new BackstageCatalogError('unreachable', PROBLEM.unreachable!, { request, cause: error });
}
