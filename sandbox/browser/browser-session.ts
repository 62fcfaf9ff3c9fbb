// The lifecycle the browser tests share: the built pages checked, a sandbox on the test Backstage (or the static
// app server), one Chromium for the file, both closed after it, and pages opened with their problems watched.
import type { Page } from 'playwright-core';
import { testBackstage } from '../backstage/test-backstage';
import { startSandbox, type Sandbox, type SandboxOptions } from '../server/start-sandbox';
import { launchChromium, type BrowserSession } from './chromium';
import { watchPageProblems, type PageProblemLog } from './page-problems';
import { startStaticAppServer, type StaticAppServer } from './static-app-server';
import { assertUiBuilt } from './ui-build';

export interface WatchedPage {
  page: Page;
  problems: PageProblemLog;
}

/** A new page of `browser` with its problems watched from the start, not yet navigated. */
export async function openWatchedPage(browser: BrowserSession): Promise<WatchedPage> {
  const page = await browser.newPage();
  return { page, problems: watchPageProblems(page) };
}

export interface SandboxInChromium {
  readonly sandbox: Sandbox;
  readonly browser: BrowserSession;
}

/**
 * Registers the file's beforeAll (built pages, a sandbox on any free port against the test Backstage with `options`,
 * Chromium) and afterAll (both closed). The getters answer once beforeAll has run.
 */
export function useSandboxInChromium(
  options: Omit<SandboxOptions, 'port' | 'backstage'> = {},
  timeoutMs = 60_000,
): SandboxInChromium {
  let sandbox: Sandbox | undefined;
  let browser: BrowserSession | undefined;
  beforeAll(async () => {
    assertUiBuilt();
    const backstage = testBackstage();
    sandbox = await startSandbox({
      port: 0,
      backstage: { baseUrl: backstage.baseUrl, token: backstage.token },
      ...options,
    });
    browser = await launchChromium();
  }, timeoutMs);
  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });
  return {
    get sandbox() {
      if (!sandbox) throw new Error('the sandbox is not started (beforeAll has not run)');
      return sandbox;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not launched (beforeAll has not run)');
      return browser;
    },
  };
}

export interface StaticAppsInChromium {
  readonly server: StaticAppServer;
  readonly browser: BrowserSession;
}

/** As useSandboxInChromium, for the built apps served as plain files (no Forge host, no Backstage). */
export function useStaticAppsInChromium(): StaticAppsInChromium {
  let server: StaticAppServer | undefined;
  let browser: BrowserSession | undefined;
  beforeAll(async () => {
    assertUiBuilt();
    server = await startStaticAppServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('the static app server is not started (beforeAll has not run)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not launched (beforeAll has not run)');
      return browser;
    },
  };
}

/** What a scripted Forge host answers the built panel: each resolver method's answer, and the page's context. */
export interface PanelHostScript {
  componentId: string;
  answers: Record<string, unknown>;
  /** The view context's siteUrl, when the test needs one. */
  siteUrl?: string;
  /** How long getPanel is held back, to show the loading state. */
  delayMs?: number;
}

/**
 * The built panel served as plain files, under a scripted Forge host (a `__bridge` stand-in): getContext names
 * the component, invoke answers from the script, and any other bridge call fails the page.
 */
export async function openPanelWithScriptedHost(
  apps: StaticAppsInChromium,
  script: PanelHostScript,
): Promise<WatchedPage> {
  const watched = await openWatchedPage(apps.browser);
  await watched.page.addInitScript((script: PanelHostScript) => {
    (globalThis as { __bridge?: unknown }).__bridge = {
      callBridge: async (name: string, args?: { functionKey?: string }) => {
        if (name === 'getContext')
          return {
            ...(script.siteUrl ? { siteUrl: script.siteUrl } : {}),
            extension: { type: 'compass:componentPage', componentId: script.componentId },
          };
        if (name === 'invoke' && args?.functionKey && args.functionKey in script.answers) {
          if (args.functionKey === 'getPanel' && script.delayMs)
            await new Promise((resolve) => setTimeout(resolve, script.delayMs));
          return script.answers[args.functionKey];
        }
        throw new Error(`unexpected bridge call ${name} ${args?.functionKey ?? ''}`);
      },
    };
  }, script);
  await watched.page.goto(`${apps.server.url}/apps/component-panel/`);
  return watched;
}
