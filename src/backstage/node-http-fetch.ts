// HttpFetch over Node's global fetch (undici), for tests, tooling and the local sandbox.
import type { HttpFetch, HttpResponse } from './http-fetch';
import { transportErrorFrom } from './transport-errors';

export const nodeHttpFetch: HttpFetch = async (url, init): Promise<HttpResponse> => {
  const request = { method: init.method, url, timeoutMs: init.timeoutMs };
  // One signal for the whole exchange, so a body that trickles in forever also times out.
  const signal = AbortSignal.timeout(init.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { method: init.method, headers: init.headers, body: init.body, signal });
  } catch (error) {
    throw transportErrorFrom(error, request);
  }
  return {
    status: response.status,
    headers: response.headers,
    text: async () => {
      try {
        return await response.text();
      } catch (error) {
        throw transportErrorFrom(error, request);
      }
    },
  };
};
