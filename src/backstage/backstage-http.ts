// One authenticated JSON request to a Backstage backend, shared by the app's Backstage clients (the catalog's and
// Tech Insights'): the static bearer token (checked sendable first), the per-request timeout, and every failure
// (status, HTML page, body that is not JSON) as a BackstageCatalogError in the app's words.
import { registerSecret } from '../core/redaction';
import { BackstageCatalogError, type BackstageRequestDescription } from './backstage-errors';
import type { HttpFetch, HttpResponse } from './http-fetch';
import { parseJson } from './response-schemas';

export type BackstageRequest = BackstageRequestDescription & { body?: string };

/** What an HTTP header value can carry: visible ASCII, no spaces or line breaks. */
const HEADER_SAFE_TOKEN = /^[\x21-\x7e]+$/;

export class BackstageHttp {
  constructor(
    private readonly token: string,
    private readonly fetch: HttpFetch,
    private readonly timeoutMs: number,
  ) {
    // Whatever this process says from now on (answers, logs) is redacted of this token.
    registerSecret(token);
  }

  /** Sends one request and returns its JSON body, or throws the BackstageCatalogError for what went wrong. */
  async requestJson(request: BackstageRequest): Promise<unknown> {
    if (!HEADER_SAFE_TOKEN.test(this.token)) {
      // fetch would throw with the whole header, token included, in its message.
      throw new BackstageCatalogError('invalid-token', 'The saved token cannot be sent in an HTTP header', {
        request,
      });
    }
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${this.token}`,
    };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await this.fetch(request.url, {
      method: request.method === 'POST' ? 'POST' : 'GET',
      headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      timeoutMs: this.timeoutMs,
    });
    const text = await response.text();
    if (response.status < 200 || response.status > 299) throw errorFromStatus(request, response, text);
    if (/^\s*text\/html/i.test(response.headers.get('content-type') ?? '')) {
      // The Backstage frontend (or a sign-in proxy) answers every path with its HTML page.
      throw new BackstageCatalogError(
        'not-a-catalog',
        'The URL answered with an HTML page, not the catalog API',
        { request, status: response.status, said: text },
      );
    }
    const json = parseJson(text);
    if (!json.ok) {
      throw new BackstageCatalogError('malformed-response', `Unexpected response: ${json.problem}`, {
        request,
        status: response.status,
        said: text,
      });
    }
    return json.value;
  }
}

function retryAfterSeconds(response: HttpResponse): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * The typed error for a non-2xx answer, in the app's words. Backstage's own error body is never quoted (a backend or
 * proxy may echo the request's headers, token included); it goes to the log excerpt only.
 */
export function errorFromStatus(
  request: BackstageRequest,
  response: HttpResponse,
  text: string,
): BackstageCatalogError {
  const { status } = response;
  const details = { request, status, said: text };
  if (status === 401)
    return new BackstageCatalogError('unauthorized', 'Backstage rejected the token', details);
  if (status === 403) {
    return new BackstageCatalogError('forbidden', 'The token may not read the catalog', details);
  }
  if (status === 404) {
    return new BackstageCatalogError('not-a-catalog', 'No Backstage catalog answers at this URL', details);
  }
  if (status === 400)
    return new BackstageCatalogError('bad-request', 'Backstage rejected the request', details);
  if (status === 429) {
    const retryAfter = retryAfterSeconds(response);
    return new BackstageCatalogError('rate-limited', 'Too many requests', {
      ...details,
      ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  if (status >= 500) return new BackstageCatalogError('server-error', 'Backstage failed', details);
  return new BackstageCatalogError('unexpected-status', `Unexpected HTTP status ${status}`, details);
}
