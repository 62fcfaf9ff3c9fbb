// Debian's Chromium driven by playwright-core: headless, a fresh profile per launch, nothing that phones home.
// The browser comes from apt (scripts/ensure-chromium.sh); playwright never downloads one here.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class ChromiumMissingError extends Error {
  override readonly name = 'ChromiumMissingError';
  constructor(readonly executablePath: string) {
    super(
      `Chromium is not installed at ${executablePath}. Install it with scripts/ensure-chromium.sh ` +
        `(apt-get install chromium; the test command runs it), or set CHROMIUM_PATH to a Chromium binary.`,
    );
  }
}

export interface BrowserSession {
  context: BrowserContext;
  newPage: () => Promise<Page>;
  close: () => Promise<void>;
}

export interface LaunchOptions {
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<BrowserSession> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new ChromiumMissingError(CHROMIUM_PATH);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  return {
    context,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
