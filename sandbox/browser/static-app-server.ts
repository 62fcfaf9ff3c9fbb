// Serves the built Custom UI apps as plain files, with nothing of Forge around them: /apps/<app>/...
// from static/<app>/build. For checking that the pages load and render on their own.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { appBuildDir, isCustomUiApp } from '../../scripts/ui/custom-ui-apps';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface StaticAppServer {
  url: string;
  stop: () => Promise<void>;
}

function fileFor(urlPath: string): string | undefined {
  const match = /^\/apps\/([^/]+)\/(.*)$/.exec(urlPath);
  if (!match || !isCustomUiApp(match[1]!)) return undefined;
  const buildDir = appBuildDir(match[1]);
  const file = path.resolve(buildDir, decodeURIComponent(match[2] || 'index.html'));
  // Nothing outside the build folder, however the path is spelled.
  if (!file.startsWith(buildDir + path.sep)) return undefined;
  return fs.existsSync(file) && fs.statSync(file).isFile() ? file : undefined;
}

export async function startStaticAppServer(): Promise<StaticAppServer> {
  const server = http.createServer((request, response) => {
    const file = fileFor(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
