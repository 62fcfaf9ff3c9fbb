// The Custom UI pages in the running sandbox, in a real browser: the shell, the admin page in its frame
// driving a whole import from its button, the component page in its frame with its context.
import type { Page } from 'playwright-core';
import { openWatchedPage, useSandboxInChromium } from './browser-session';
import type { PageProblemLog } from './page-problems';
import { appFrame, importFromAdminPage } from './sandbox-page-driver';

const session = useSandboxInChromium({ autoConnect: true });

async function open(url: string): Promise<{ page: Page; problems: PageProblemLog }> {
  const { page, problems } = await openWatchedPage(session.browser);
  await page.goto(url);
  return { page, problems };
}

/** getImportStatus calls the admin page sends to the sandbox's POST /forge/invoke. */
function countStatusReads(page: Page): { count: () => number } {
  let reads = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/forge/invoke') {
      const body = request.postDataJSON() as { method?: string } | null;
      if (body?.method === 'getImportStatus') reads += 1;
    }
  });
  return { count: () => reads };
}

describe('the sandbox pages in Chromium', () => {
  it('the shell page loads without console errors and links to the admin page', async () => {
    const { page, problems } = await open(session.sandbox.urls.shell);
    await page.waitForLoadState('networkidle');
    await expect(page.locator('a[href="/admin"]').first().isVisible()).resolves.toBe(true);
    expect(problems.describe()).toBe('');
    await page.close();
  });

  it('the admin page shows the connection and runs an import from its button to done', async () => {
    const { page, problems } = await open(session.sandbox.urls.admin);
    const statusReads = countStatusReads(page);
    const frame = await appFrame(page, 'admin-page');

    await frame.getByRole('heading', { level: 1, name: 'Backstage import' }).waitFor();
    await expect(frame.getByTestId('connection-url').textContent()).resolves.toBe(
      session.sandbox.backstage.baseUrl,
    );
    await expect(frame.getByTestId('connection-token').textContent()).resolves.toMatch(/^Token set /);

    const readsBeforeStart = statusReads.count();
    await importFromAdminPage(frame);

    // Reaching "done" took the page's own polling: more than the one read right after starting.
    expect(statusReads.count() - readsBeforeStart).toBeGreaterThanOrEqual(2);
    const summary = await frame.getByTestId('import-progress-summary').textContent();
    const [, done, total] = /^([\d,]+) of ([\d,]+) entit/.exec(summary ?? '') ?? [];
    expect(Number(total?.replace(/,/g, ''))).toBeGreaterThan(0);
    expect(done).toBe(total);
    // What the page says was created is what the local Compass now holds.
    const created = await frame.getByTestId('import-count-created').textContent();
    expect(created).toBe(`${session.sandbox.compass.components().length} created`);
    await expect(frame.getByTestId('import-count-failed').textContent()).resolves.toBe('0 failed');
    await expect(frame.getByTestId('cancel-import').count()).resolves.toBe(0);

    expect(problems.describe()).toBe('');
    await page.close();
  }, 90_000);

  it('the component page, opened from the shell, shows the component id from its context', async () => {
    if (session.sandbox.compass.components().length === 0) {
      // Independent of the test before: import through the HTTP contract when nothing is imported yet.
      const admin = session.sandbox.app.surface('compass:adminPage')!;
      await session.sandbox.app.invokeResolver({ functionKey: admin.functionKey, method: 'startImport' });
      expect((await session.sandbox.drainQueues(60_000)).idle).toBe(true);
    }
    const { page, problems } = await open(session.sandbox.urls.shell);
    const row = page.locator('tr[data-component-id]').first();
    const componentId = await row.getAttribute('data-component-id');
    expect(componentId).toBeTruthy();
    await row.locator('a').first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/components/'));

    const frame = await appFrame(page, 'component-panel');
    await expect(frame.getByTestId('component-id').getAttribute('data-component-id')).resolves.toBe(
      componentId,
    );
    await frame.getByTestId('open-in-backstage').waitFor();
    expect(problems.describe()).toBe('');
    await page.close();
  }, 90_000);

  it('keyboard: Tab from the top of the admin page reaches the Start import button', async () => {
    const { page, problems } = await open(session.sandbox.urls.admin);
    const frame = await appFrame(page, 'admin-page');
    await frame.getByTestId('start-import').and(frame.locator(':enabled')).waitFor();

    const focusedTestId = () =>
      frame.evaluate(() =>
        document.hasFocus() ? document.activeElement?.getAttribute('data-testid') : null,
      );
    let presses = 0;
    // Start import comes after the workflow tabs (the catalog's rows and their checkboxes), as the flow's last step.
    while ((await focusedTestId()) !== 'start-import' && presses < 200) {
      await page.keyboard.press('Tab');
      presses += 1;
    }
    expect(await focusedTestId()).toBe('start-import');
    // Reached through the host page's links and the page's own controls, not by luck of the first press.
    expect(presses).toBeGreaterThan(1);
    expect(problems.describe()).toBe('');
    await page.close();
  });
});
