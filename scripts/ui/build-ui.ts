// Builds the Custom UI apps with Vite, each with its own static/<app>/vite.config.mts.
// Usage: tsx scripts/ui/build-ui.ts [app ...]   (no app: all of them)
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { appSourceDir, CUSTOM_UI_APPS, isCustomUiApp, REPO_ROOT, type CustomUiApp } from './custom-ui-apps';

const VITE_CLI = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

export class UiBuildError extends Error {
  override readonly name = 'UiBuildError';
  constructor(
    readonly app: CustomUiApp,
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    super(`Building static/${app} failed (vite exited with ${exitCode}):\n${output}`);
  }
}

/** Runs `vite build` for one app; resolves when the build is written, rejects with the build's output. */
export function buildApp(app: CustomUiApp): Promise<void> {
  const appDir = appSourceDir(app);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [VITE_CLI, 'build', '--config', path.join(appDir, 'vite.config.mts'), '--logLevel', 'warn'],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && !/\bwarn(ing)?\b/i.test(output)) resolve();
      else if (code === 0) reject(new UiBuildError(app, code, `the build printed warnings:\n${output}`));
      else reject(new UiBuildError(app, code, output));
    });
  });
}

export async function buildUi(apps: readonly CustomUiApp[] = CUSTOM_UI_APPS): Promise<void> {
  // One at a time: two Vite builds on a 2-core machine are no faster and interleave their output.
  for (const app of apps) {
    const started = Date.now();
    await buildApp(app);
    process.stdout.write(`built static/${app}/build in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

if (require.main === module) {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !isCustomUiApp(name));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown app(s): ${unknown.join(', ')}. Known: ${CUSTOM_UI_APPS.join(', ')}\n`);
    process.exit(2);
  }
  buildUi(requested.length > 0 ? requested.filter(isCustomUiApp) : CUSTOM_UI_APPS).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
