// The admin page's guided first import in Chromium, in the sandbox: a connection that was never tested, or whose
// test failed, is not "connected" and cannot start an import; a failing connection is only saved with "Save
// anyway"; each screen has one primary button; the steps lead Connect -> Map -> Dry run -> Import; progress moves
// in between; and a finished run says what it created, updated and linked, with links into Compass.
import type { Frame, Page } from 'playwright-core';
import { closedLoopbackPort } from '../../src/backstage/testing/test-servers';
import { CONNECTION_KEY } from '../../src/storage/storage-keys';
import { openWatchedPage, useSandboxInChromium } from './browser-session';
import type { PageProblemLog } from './page-problems';
import { appFrame, primaryButtons as primaryButtonsOf } from './sandbox-page-driver';

// The demo catalog; the connection is saved as the sandbox does at start.
const session = useSandboxInChromium({}, 120_000);
let page: Page;
let frame: Frame;
let problems: PageProblemLog;
let deadAddress: string;

interface StoredConnection {
  baseUrl: string;
  tokenSavedAt?: string;
  lastTest?: { ok: boolean; checkedAt: string };
}

beforeAll(async () => {
  deadAddress = `http://127.0.0.1:${await closedLoopbackPort()}`;
}, 120_000);

/** A fresh tab each time, so one page's aborted requests are not the next one's problems. */
async function openAdminPage(): Promise<void> {
  await page?.close();
  ({ page, problems } = await openWatchedPage(session.browser));
  await page.goto(session.sandbox.urls.admin);
  frame = await appFrame(page, 'admin-page');
  await frame.getByTestId('connection-section').waitFor();
}

const text = async (testId: string) => (await frame.getByTestId(testId).textContent()) ?? '';

const primaryButtons = () => primaryButtonsOf(frame);

const startImport = () => frame.getByTestId('start-import');

describe('the guided first import in the sandbox', () => {
  it('a saved connection that was never tested is not "connected", and Start import waits for a test', async () => {
    // A connection saved before the app kept its tests: no last test.
    const stored = session.sandbox.platform.kvs.getValue<StoredConnection>(CONNECTION_KEY)!;
    session.sandbox.platform.kvs.setValue(CONNECTION_KEY, {
      baseUrl: stored.baseUrl,
      tokenSavedAt: stored.tokenSavedAt,
    });
    await openAdminPage();
    await frame.getByTestId('connection-url').waitFor();
    await frame.getByTestId('import-state').waitFor();
    expect(await text('connection-section')).not.toMatch(/Connected/);
    await expect(startImport().isDisabled()).resolves.toBe(true);
    expect(await text('connection-state')).toBe('not tested');
    expect(await text('start-import-hint')).toMatch(/Test the Backstage connection first/);
    expect(await frame.getByTestId('import-guide').getAttribute('data-current-step')).toBe('connect');
    // The screen's one primary action is the test.
    expect(await primaryButtons()).toEqual(['Test connection']);

    await frame.getByTestId('test-connection').click();
    await frame.getByTestId('connection-test-summary').waitFor();
    await frame
      .getByTestId('connection-summary')
      .filter({ hasText: /^Connected to / })
      .waitFor();
    await expect(startImport().isEnabled()).resolves.toBe(true);
    expect(session.sandbox.platform.kvs.getValue<StoredConnection>(CONNECTION_KEY)?.lastTest?.ok).toBe(true);
  });

  it('a connection whose test fails reads not verified, not "Connected" above the failure, and cannot import', async () => {
    const stored = session.sandbox.platform.kvs.getValue<StoredConnection>(CONNECTION_KEY)!;
    // The saved address stops answering (Backstage moved), after a test that passed.
    session.sandbox.platform.kvs.setValue(CONNECTION_KEY, { ...stored, baseUrl: deadAddress });
    await openAdminPage();
    await frame.getByTestId('test-connection').click();
    await frame.getByTestId('connection-diagnosis').waitFor();
    expect(await frame.locator('[data-testid="connection-diagnosis"]').getAttribute('data-kind')).toBe(
      'unreachable',
    );
    expect(await text('connection-section')).toMatch(/Nothing answers at that address/);
    // Words on screen; the socket code and the request stay folded under "Technical details" until opened.
    const shown = await frame.getByTestId('connection-diagnosis').innerText();
    expect(shown).not.toMatch(/ECONNREFUSED|GET http/);
    await frame.getByText('Technical details').click();
    expect(await frame.getByTestId('connection-diagnosis').innerText()).toMatch(/ECONNREFUSED/);
    expect(await text('connection-section')).not.toMatch(/Connected/);
    await expect(startImport().isDisabled()).resolves.toBe(true);
    expect(await text('connection-state')).toBe('last test failed');
    session.sandbox.platform.kvs.setValue(CONNECTION_KEY, stored);
  });

  it('tests before saving: a failing connection is saved only with "Save anyway", and then as not verified', async () => {
    await openAdminPage();
    const before = session.sandbox.platform.kvs.getValue<StoredConnection>(CONNECTION_KEY)!;
    await frame.getByRole('button', { name: 'Change connection' }).click();
    await frame.locator('#backstage-base-url').fill(deadAddress);
    await frame.locator('#backstage-token').fill(session.sandbox.backstage.token);
    await frame.getByRole('button', { name: 'Save connection' }).click();
    await frame.getByTestId('save-anyway').waitFor();
    await frame.getByTestId('connection-diagnosis').waitFor();
    // Nothing saved: still the working connection.
    expect(session.sandbox.platform.kvs.getValue<StoredConnection>(CONNECTION_KEY)?.baseUrl).toBe(
      before.baseUrl,
    );
    expect(await primaryButtons()).toEqual(['Save connection']);

    await frame.getByTestId('save-anyway').click();
    await frame.getByTestId('connection-url').filter({ hasText: deadAddress }).waitFor();
    expect(await text('connection-summary')).toMatch(/^Saved, not verified/);
    expect(await text('connection-state')).toBe('last test failed');
    await expect(startImport().isDisabled()).resolves.toBe(true);

    // Back to the working Backstage: tested on save, so verified at once.
    await frame.getByRole('button', { name: 'Change connection' }).click();
    await frame.locator('#backstage-base-url').fill(session.sandbox.backstage.baseUrl);
    await frame.locator('#backstage-token').fill(session.sandbox.backstage.token);
    await frame.getByRole('button', { name: 'Save connection' }).click();
    await frame
      .getByTestId('connection-summary')
      .filter({ hasText: /^Connected to / })
      .waitFor();
    await expect(startImport().isEnabled()).resolves.toBe(true);
  });

  it('leads Connect -> Map -> Dry run -> Import, with one primary button on each screen', async () => {
    await openAdminPage();
    const guide = frame.getByTestId('import-guide');
    await guide.and(frame.locator('[data-current-step="map"]')).waitFor();
    // The Map step says how many owners (and components) have no team yet, before any import.
    await frame
      .getByTestId('import-step-advice')
      .filter({ hasText: /^\d+ owners? \(\d+ components?\) have no Compass team yet/ })
      .waitFor();
    expect(await primaryButtons()).toEqual(['Start import']);

    await frame.getByTestId('open-step').click();
    await frame.getByTestId('tab-mapping').and(frame.locator('[aria-selected="true"]')).waitFor();
    await guide.and(frame.locator('[data-current-step="dry-run"]')).waitFor();
    await frame.getByTestId('save-mapping').waitFor();
    // The mapping's own action (Save mapping, drawn primary once there is a change to save), never Start import too.
    expect(await primaryButtons()).not.toContain('Start import');
    expect((await primaryButtons()).length).toBeLessThanOrEqual(1);

    await frame.getByTestId('open-step').click();
    await frame.getByTestId('tab-dry-run').and(frame.locator('[aria-selected="true"]')).waitFor();
    await guide.and(frame.locator('[data-current-step="import"]')).waitFor();
    expect(await primaryButtons()).toEqual(['Run dry run']);

    await frame.getByTestId('tab-catalog').click();
    await frame.getByTestId('preview-table').waitFor();
    expect(await primaryButtons()).toEqual(['Start import']);
    // The import comes after the tabs, as the last step.
    const tabsBottom = await frame
      .getByRole('tablist')
      .evaluate((element) => element.getBoundingClientRect().top);
    const importTop = await startImport().evaluate((element) => element.getBoundingClientRect().top);
    expect(importTop).toBeGreaterThan(tabsBottom);
  });

  it('shows progress between 0 and the total, then what the run created, updated and linked', async () => {
    await openAdminPage();
    await startImport().and(frame.locator(':enabled')).waitFor();
    // Compass answers slowly, as over the internet, so the import spans several of the page's status reads.
    session.sandbox.compass.setLatency(1500);
    const seen = new Set<string>();
    await startImport().click();
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const summary = await frame
        .getByTestId('import-progress-summary')
        .textContent({ timeout: 1000 })
        .catch(() => '');
      if (summary) seen.add(summary);
      // Once the count has been seen between 0 and the total, the rest of the run may go at full speed.
      if (/^[1-9]\d* of (\d+)/.exec(summary ?? '') && !/^(\d+) of \1 /.test(summary ?? ''))
        session.sandbox.compass.setLatency(0);
      if (
        (await frame
          .getByTestId('import-state')
          .textContent()
          .catch(() => '')) === 'done'
      )
        break;
      await page.waitForTimeout(150);
    }
    session.sandbox.compass.setLatency(0);
    const counts = [...seen].flatMap((summary) => {
      const match = /^(\d+) of (\d+) entit/.exec(summary);
      return match ? [[Number(match[1]), Number(match[2])] as const] : [];
    });
    const total = Math.max(...counts.map(([, of]) => of));
    expect(total).toBeGreaterThan(20);
    // Not just 0, then the total.
    expect(counts.filter(([done]) => done > 0 && done < total).length).toBeGreaterThan(0);

    const summary = frame.getByTestId('run-summary');
    await summary.waitFor();
    expect(await text('run-summary-changed')).toMatch(
      /^\d+ components created, \d+ updated, \d+ unchanged\.$/,
    );
    const created = Number(/^(\d+)/.exec(await text('run-summary-changed'))?.[1]);
    expect(created).toBe(session.sandbox.compass.components().length);
    expect(await text('run-summary-relationships')).toMatch(/^[1-9]\d* relationships? linked/);
    // What needs attention: the entities whose owner has no team yet were imported with a warning.
    expect(await text('run-summary-attention')).toMatch(/\d+ entities were imported with warnings/);
    const link = frame.getByTestId('run-summary-component-link').first();
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(
      new RegExp(`^${session.sandbox.url}/compass/component/[^/]+$`),
    );
    expect(await text('run-summary-next')).toMatch(/^Next: /);
    expect(await frame.getByTestId('import-guide').getAttribute('data-current-step')).toBe('import');
    expect(problems.describe()).toBe('');
  }, 180_000);
});
