// The HTTP port the catalog client talks through. Two adapters: plain Node (node-http-fetch.ts, for tests and
// tooling) and Forge (src/forge/forge-backstage-fetch.ts). Adapters enforce the timeout and turn transport
// failures into BackstageCatalogError; the client interprets statuses and bodies.

export interface HttpRequestInit {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Covers connecting, waiting for headers and reading the body. */
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  headers: { get(name: string): string | null };
  /** Rejects with a BackstageCatalogError (timeout, connection dropped) when the body cannot be read. */
  text(): Promise<string>;
}

export type HttpFetch = (url: string, init: HttpRequestInit) => Promise<HttpResponse>;
