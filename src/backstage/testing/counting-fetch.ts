// What a run asked of Backstage: the HTTP adapter the app uses in Node, wrapped to record each request's path and
// the size of each answer (measured as the caller says: the benchmark counts compact JSON).
import type { HttpFetch } from '../http-fetch';
import { nodeHttpFetch } from '../node-http-fetch';

export class CountingHttpFetch {
  paths: string[] = [];
  bytes = 0;

  constructor(private readonly measure: (text: string) => number = (text) => Buffer.byteLength(text)) {}

  get requests(): number {
    return this.paths.length;
  }

  readonly fetch: HttpFetch = async (url, init) => {
    this.paths.push(new URL(url).pathname);
    const response = await nodeHttpFetch(url, init);
    return {
      status: response.status,
      headers: response.headers,
      text: async () => {
        const text = await response.text();
        this.bytes += this.measure(text);
        return text;
      },
    };
  };

  reset(): void {
    this.paths = [];
    this.bytes = 0;
  }
}
