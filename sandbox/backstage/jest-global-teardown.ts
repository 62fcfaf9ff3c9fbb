// Jest global teardown: stops the backend the global setup started (same process, so it is found on globalThis).
import { rmSync } from 'node:fs';
import type { EmbeddedBackstage } from './embedded-backstage';
import { RUNNING_BACKSTAGE } from './jest-global-setup';
import { TEST_BACKSTAGE_ENV } from './test-backstage';

export default async function globalTeardown(): Promise<void> {
  const global = globalThis as typeof globalThis & { [RUNNING_BACKSTAGE]?: EmbeddedBackstage };
  await global[RUNNING_BACKSTAGE]?.stop();
  delete global[RUNNING_BACKSTAGE];
  const logFile = process.env[TEST_BACKSTAGE_ENV.logFile];
  if (logFile) rmSync(logFile, { force: true });
}
