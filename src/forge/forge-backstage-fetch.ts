// HttpFetch over Forge's `fetch` (@forge/api), the only way a Forge function reaches a Backstage host.
// Forge's Node runtime wraps the platform's native fetch, so transport failures are classified as under plain Node.
// On top, it recognises Forge refusing the call (egress). How a blocked call surfaces is UNVERIFIED: a community
// report says a host missing from permissions.external.fetch.backend gets a 403 Response instead of an exception,
// plain http reportedly gets a 400 (ECO-876), and the platform may also throw or mark a `forge-proxy-error`
// header. All of these are handled; none has been observed on a live site yet.
import { fetch as forgeFetch } from '@forge/api';
import { BackstageCatalogError, type BackstageRequestDescription } from '../backstage/backstage-errors';
import type { HttpFetch, HttpResponse } from '../backstage/http-fetch';
import { parseBackstageErrorBody, parseJson } from '../backstage/response-schemas';
import { transportErrorFrom } from '../backstage/transport-errors';

// Words a platform refusal would plausibly carry (UNVERIFIED, see above).
const EGRESS_REFUSAL = /egress|not (allowed|permitted)|disallowed|blocked|permission/i;

/** The platform's own words go to the log excerpt only (`said`), never into the message. */
function egressBlocked(
  problem: string,
  request: BackstageRequestDescription,
  details: { status?: number; cause?: unknown; said?: string } = {},
) {
  return new BackstageCatalogError('egress-blocked', problem, { request, ...details });
}

/** True when the body is Backstage's own `{ error: { name, message } }`: Backstage answered, not Forge. */
function isBackstageErrorBody(text: string): boolean {
  const json = parseJson(text);
  return json.ok && parseBackstageErrorBody(json.value) !== undefined;
}

export const forgeBackstageFetch: HttpFetch = async (url, init): Promise<HttpResponse> => {
  const request = { method: init.method, url, timeoutMs: init.timeoutMs };
  // Whether Forge honours an abort signal is UNVERIFIED; the platform also cuts a request off at 180 s.
  const signal = AbortSignal.timeout(init.timeoutMs);
  let response: Awaited<ReturnType<typeof forgeFetch>>;
  try {
    response = await forgeFetch(url, { method: init.method, headers: init.headers, body: init.body, signal });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Only the outer message: undici's own errors say "fetch failed" and keep the socket error in `cause`.
    if (EGRESS_REFUSAL.test(message)) {
      throw egressBlocked('Forge refused the outbound call', request, { cause: error });
    }
    throw transportErrorFrom(error, request);
  }
  const readText = async (): Promise<string> => {
    try {
      return await response.text();
    } catch (error) {
      throw transportErrorFrom(error, request);
    }
  };

  const proxyError = response.headers.get('forge-proxy-error');
  if (proxyError)
    throw egressBlocked('Forge refused the outbound call', request, {
      status: response.status,
      said: `forge-proxy-error: ${proxyError}`,
    });

  // A refusal by Forge has no Backstage error body; Backstage's own 403/400 always has one.
  const refusalStatus = response.status === 403 || (response.status === 400 && url.startsWith('http:'));
  if (!refusalStatus) return { status: response.status, headers: response.headers, text: readText };
  const text = await readText();
  if (!isBackstageErrorBody(text)) {
    const reason =
      response.status === 400
        ? 'Forge answered HTTP 400 to a plain-http URL: Forge fetches external hosts over HTTPS only'
        : "HTTP 403 without a Backstage error body: the host is most likely not in the app's egress permissions";
    throw egressBlocked(reason, request, { status: response.status, said: text });
  }
  return { status: response.status, headers: response.headers, text: async () => text };
};
