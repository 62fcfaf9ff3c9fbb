// Real local servers for the failures a real Backstage cannot be made to produce on demand: a fault-injecting
// proxy in front of the real backend (5xx, malformed JSON, invalid entities, odd cursors), a server that never
// answers, and an HTTPS server with a self-signed certificate. Test-only; nothing in the app imports this.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ProxiedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  /** The request's headers, lower-cased names (what an echoing backend would quote back). */
  headers: Record<string, string>;
  body: string;
}

/** What the proxy does with one request; `undefined` forwards it untouched. */
export type Fault =
  | { respond: { status: number; headers?: Record<string, string>; body: string } }
  | { rewriteJson: (json: unknown, request: ProxiedRequest) => unknown }
  | { rewriteBody: (text: string) => string }
  | { hang: true };

export interface LocalServer {
  baseUrl: string;
  close(): Promise<void>;
}

export interface FaultInjectingProxy extends LocalServer {
  /** Every request received, in order. */
  readonly requests: ProxiedRequest[];
  /** Decides the fault per request; `undefined` (or no rule) forwards everything. */
  setFault(rule: ((request: ProxiedRequest) => Fault | undefined) | undefined): void;
}

async function listen(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

function closer(server: http.Server | https.Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

/** A fault that answers like a backend (or proxy) echoing the request's headers in its error body. */
export function echoHeaders(status: number): (request: ProxiedRequest) => Fault {
  return (request) => ({
    respond: {
      status,
      body: JSON.stringify({
        error: { name: 'EchoError', message: `request headers: ${JSON.stringify(request.headers)}` },
        request: { method: request.method, url: request.url, headers: request.headers },
      }),
    },
  });
}

/** An HTTP proxy to `targetBaseUrl` that passes requests through unless the current fault rule says otherwise. */
export async function startFaultInjectingProxy(targetBaseUrl: string): Promise<FaultInjectingProxy> {
  const requests: ProxiedRequest[] = [];
  let rule: ((request: ProxiedRequest) => Fault | undefined) | undefined;
  const server = http.createServer((incoming, outgoing) => {
    void (async () => {
      const request: ProxiedRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers: Object.fromEntries(
          Object.entries(incoming.headers).flatMap(([name, value]) =>
            typeof value === 'string' ? [[name, value]] : [],
          ),
        ),
        body: '',
      };
      request.body = await readBody(incoming);
      requests.push(request);
      const fault = rule?.(request);
      if (fault && 'hang' in fault) return;
      if (fault && 'respond' in fault) {
        outgoing.writeHead(
          fault.respond.status,
          fault.respond.headers ?? { 'content-type': 'application/json' },
        );
        outgoing.end(fault.respond.body);
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type', 'accept']) {
        const value = incoming.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const upstream = await fetch(`${targetBaseUrl}${request.url}`, {
        method: request.method,
        headers,
        ...(request.body ? { body: request.body } : {}),
      });
      let text = await upstream.text();
      if (fault && 'rewriteJson' in fault)
        text = JSON.stringify(fault.rewriteJson(JSON.parse(text), request));
      if (fault && 'rewriteBody' in fault) text = fault.rewriteBody(text);
      outgoing.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/json',
      });
      outgoing.end(text);
    })().catch((error: Error) => {
      outgoing.writeHead(599, { 'content-type': 'text/plain' });
      outgoing.end(`proxy failure: ${error.message}`);
    });
  });
  const port = await listen(server);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    setFault: (next) => {
      rule = next;
    },
    close: closer(server),
  };
}

/** Accepts connections and requests, then never answers (or, with `headersOnly`, sends headers and stalls). */
export async function startSilentServer(options: { headersOnly?: boolean } = {}): Promise<LocalServer> {
  const server = http.createServer((_request, response) => {
    if (options.headersOnly) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"items":[');
    }
  });
  const port = await listen(server);
  return { baseUrl: `http://127.0.0.1:${port}`, close: closer(server) };
}

/** An HTTPS server on loopback with a freshly generated self-signed certificate (needs `openssl` on PATH). */
export async function startSelfSignedHttpsServer(): Promise<LocalServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'self-signed-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  const server = https.createServer(
    { key: readFileSync(keyFile), cert: readFileSync(certFile) },
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"items":[],"totalItems":0,"pageInfo":{}}');
    },
  );
  rmSync(dir, { recursive: true, force: true });
  const port = await listen(server);
  return { baseUrl: `https://127.0.0.1:${port}`, close: closer(server) };
}

/** A loopback port nothing listens on (bound, then released): connecting to it is refused. */
export async function closedLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
