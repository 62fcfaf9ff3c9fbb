// Jest global setup: one real Backstage catalog backend (fixture catalog) for the whole test run.
// Runs in jest's parent process before any worker starts, so the env vars set here reach every worker.
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { EMBEDDED_BACKSTAGE_DIR, startEmbeddedBackstage, type EmbeddedBackstage } from './embedded-backstage';
import { TEST_BACKSTAGE_ENV } from './test-backstage';

/** Where the teardown finds the running backend (same process as the setup). */
export const RUNNING_BACKSTAGE = Symbol.for('backstage-for-compass.embedded-backstage');

type GlobalWithBackstage = typeof globalThis & { [RUNNING_BACKSTAGE]?: EmbeddedBackstage };

function ensureInstalled(): void {
  const result = spawnSync(process.execPath, [path.join(EMBEDDED_BACKSTAGE_DIR, 'ensure-installed.mjs')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    throw new Error(
      `Installing the embedded Backstage failed (exit ${result.status}); see the npm output above.`,
    );
  }
}

export default async function globalSetup(): Promise<void> {
  ensureInstalled();
  const logFile = path.join(os.tmpdir(), `embedded-backstage-jest-${process.pid}.log`);
  const backstage = await startEmbeddedBackstage({ logFile });
  (globalThis as GlobalWithBackstage)[RUNNING_BACKSTAGE] = backstage;
  process.env[TEST_BACKSTAGE_ENV.baseUrl] = backstage.baseUrl;
  process.env[TEST_BACKSTAGE_ENV.token] = backstage.token;
  process.env[TEST_BACKSTAGE_ENV.entityCount] = String(backstage.entityCount);
  process.env[TEST_BACKSTAGE_ENV.logFile] = logFile;
  const rss = backstage.residentMemoryBytes();
  process.stdout.write(
    `\nEmbedded Backstage ready at ${backstage.baseUrl}: ${backstage.entityCount} entities in ` +
      `${(backstage.startupMs / 1000).toFixed(1)} s` +
      `${rss ? `, ${Math.round(rss / 2 ** 20)} MiB RSS` : ''} (log: ${logFile})\n`,
  );
}
