// README screenshots from a sandbox this script starts itself: the shell (after an import), the admin page
// (its guided steps, then an import started from its own button) and its workflow screens (catalog preview with a
// row's warnings open, mapping with the unmapped owners, dry run, the run's summary, import results, history,
// scorecard metrics and their Tech Insights checks section, a connection whose test failed, the Sync tab with the
// circuit breaker's refusal and the drift report), and component pages: a service with its scorecard metrics, a
// service's Tech Insights checks, an API with its providers and consumers, Backstage stopped, and a component to
// link. Builds the pages first.
// Usage: tsx scripts/screenshots.ts [--out docs/screenshots]   (needs Chromium: scripts/ensure-chromium.sh)
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { launchChromium } from '../sandbox/browser/chromium';
import { watchPageProblems } from '../sandbox/browser/page-problems';
import {
  appFrame,
  chooseOption,
  importFromAdminPage,
  isAnswerTo,
  startRunFromAdminPage,
  openMetricsTab,
  openSyncTab,
  syncFromAdminPage,
} from '../sandbox/browser/sandbox-page-driver';
import { removeComponentsFromCatalog, temporaryCatalogDir } from '../sandbox/browser/backstage-catalog-edits';
import {
  createUnlinkedComponent,
  deadBackstageUrl,
  editComponentInCompass,
  pointAppAtBackstage,
  techInsightsAnswers,
} from '../sandbox/browser/panel-sandbox';
import { startSandbox, type Sandbox } from '../sandbox/server/start-sandbox';
import { buildUi } from './ui/build-ui';
import { REPO_ROOT } from './ui/custom-ui-apps';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');
/** The demo component the component-page shot shows (falls back to the first one listed). */
const FEATURED_COMPONENT = 'Payment Gateway';
/** The component whose create request Compass refuses in the admin results shot (then retried). */
const FAILING_COMPONENT = 'Payment Gateway';
/** Left out of the import, so the panel's search shows it with "Link" beside entities already in Compass. */
const LEFT_OUT_ENTITY = 'component:default/ops-cli';
/** A service that passes some Tech Insights checks and fails others (no title, no TechDocs, a person as owner). */
const FEATURED_CHECKS_ENTITY = 'component:default/payouts-worker';
/** An API whose panel shows who provides and who consumes it. */
const FEATURED_API = 'api:default/ledger-grpc-api';
/** Removed from Backstage for the circuit breaker's shot: more than 10% of the imported entities. */
const SYNC_REMOVED_ENTITIES = ['payouts-worker', 'card-tokenizer', 'risk-rules-engine', 'transaction-etl'];
/** Its description is edited in Compass for the drift report's shot. */
const SYNC_EDITED_ENTITY = 'component:default/ledger-service';
const VIEWPORT = { width: 1280, height: 800 };
const ADMIN_SCREEN_VIEWPORT = { width: 1280, height: 1100 };
/** The Metrics tab is long: its metric list, last push and scorecard in one shot. */
const METRICS_SCREEN_VIEWPORT = { width: 1280, height: 1500 };

export class ScreenshotError extends Error {
  override readonly name = 'ScreenshotError';
}

export async function takeScreenshots(outDir = SCREENSHOT_DIR): Promise<string[]> {
  await buildUi();
  fs.mkdirSync(outDir, { recursive: true });
  // An editable copy of the demo catalog: the Sync shots remove entities from it.
  const catalogDir = temporaryCatalogDir();
  const sandbox = await startSandbox({ port: 0, autoConnect: true, editableCatalogDir: catalogDir });
  const browser = await launchChromium({ viewport: VIEWPORT });
  const written: string[] = [];
  const shoot = async (page: Page, name: string, fullPage = false) => {
    const file = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: file, fullPage });
    written.push(file);
  };
  /** An admin workflow screen: the page's frame scrolled to its tabs, in a taller window. */
  const shootAdmin = async (page: Page, admin: Frame, name: string, viewport = ADMIN_SCREEN_VIEWPORT) => {
    await page.setViewportSize(viewport);
    await admin.locator('[role="tablist"]').evaluate((tabs) => tabs.scrollIntoView({ block: 'start' }));
    await shoot(page, name);
    await page.setViewportSize(VIEWPORT);
  };
  try {
    const page = await browser.newPage();
    const problems = watchPageProblems(page);

    await page.goto(sandbox.urls.admin);
    const admin = await appFrame(page, 'admin-page');
    await admin.getByTestId('connection-url').waitFor();
    await admin.getByTestId('import-guide').waitFor();
    await admin.getByTestId('preview-table').waitFor();
    await page.waitForLoadState('networkidle');
    await shoot(page, 'admin-guide');

    await admin.getByTestId('test-connection').click();
    await admin.getByTestId('connection-test-summary').waitFor();
    // One entity stays out of the import (the panel's search shows it to link), and a row's warnings are open.
    // From "everything", leaving one out first reads every importable ref: wait for the summary to change.
    await admin.getByRole('checkbox', { name: `Import ${LEFT_OUT_ENTITY}` }).click();
    await admin
      .getByTestId('selection-summary')
      .filter({ hasText: /selected entities/ })
      .waitFor();
    await admin
      .getByTestId('preview-table')
      .getByRole('button', { name: /^Show \d+ warnings?$/ })
      .first()
      .click();
    await admin.getByTestId('row-warnings').first().waitFor();
    await shootAdmin(page, admin, 'admin-preview');

    await admin.getByTestId('tab-mapping').click();
    await admin.getByTestId('unmapped-owners').first().waitFor();
    await admin.getByTestId('owner-table').waitFor();
    await shootAdmin(page, admin, 'admin-mapping');

    await admin.getByTestId('tab-dry-run').click();
    await admin.getByTestId('run-dry-run').click();
    await admin.getByTestId('plan-table').waitFor();
    await shootAdmin(page, admin, 'admin-dry-run');

    // Compass refuses the request that creates one component, so the results have failures to retry.
    const fault = sandbox.compass.injectFault({
      match: (request) => JSON.stringify(request.variables).includes(`"name":"${FAILING_COMPONENT}"`),
      kind: 'graphql-error',
      times: Infinity,
    });
    await admin.getByTestId('tab-results').click();
    // The import runs the Tech Insights checks: once Tech Insights answers them all, the panel's shot has answers.
    await techInsightsAnswers(sandbox, [FEATURED_CHECKS_ENTITY]);
    await importFromAdminPage(admin);
    await admin.getByTestId('run-summary').waitFor();
    await admin.getByTestId('run-summary').screenshot({ path: path.join(outDir, 'admin-run-summary.png') });
    written.push(path.join(outDir, 'admin-run-summary.png'));
    await admin.getByTestId('component-link').first().waitFor();
    await chooseOption(admin, 'results-filter', 'Failed');
    await admin
      .locator('[data-testid="results-table"] tr[data-outcome]:not([data-outcome="failed"])')
      .first()
      .waitFor({ state: 'detached' });
    await shootAdmin(page, admin, 'admin-results');

    fault.cancel();
    await admin.getByTestId('retry-failed').click();
    await admin
      .getByTestId('import-count-failed')
      .filter({ hasText: /^0 failed$/ })
      .waitFor();
    await admin
      .getByTestId('import-state')
      .filter({ hasText: /^done$/ })
      .waitFor();
    await chooseOption(admin, 'results-filter', 'Every outcome');
    await admin.evaluate(() => window.scrollTo(0, 0));
    await page.waitForLoadState('networkidle');
    await shoot(page, 'admin-page', true);

    await admin.getByTestId('tab-history').click();
    await admin.getByTestId('history-table').waitFor();
    await shootAdmin(page, admin, 'admin-history');

    // Once more over the whole selection, so the Metrics tab counts every component (the retry above ran for one).
    const runId = await startRunFromAdminPage(admin, 'startImport', admin.getByTestId('start-import'));
    await page.waitForResponse(
      async (response) => {
        if (!isAnswerTo('getImportStatus')(response)) return false;
        const read = (await response.json()) as { value?: { runId?: string; state?: string } };
        return read.value?.runId === runId && read.value.state === 'done';
      },
      { timeout: 60_000 },
    );
    // The import above pushed the scorecard metrics; the scorecard is created so its state shows.
    await openMetricsTab(admin);
    await admin.getByTestId('create-scorecard').click();
    await admin
      .getByTestId('scorecard-state')
      .filter({ hasText: /^Created$/ })
      .waitFor();
    await shootAdmin(page, admin, 'admin-metrics', METRICS_SCREEN_VIEWPORT);
    // The Tech Insights checks the connection test found (all chosen), with the values the import pushed.
    const techInsightsFile = path.join(outDir, 'admin-tech-insights.png');
    await admin.getByTestId('check-metric-table').waitFor();
    await admin.getByTestId('tech-insights-checks').screenshot({ path: techInsightsFile });
    written.push(techInsightsFile);

    // A new address whose test fails is not saved without "Save anyway" (the form is left unsaved).
    await admin.evaluate(() => window.scrollTo(0, 0));
    await admin.getByRole('button', { name: 'Change connection' }).click();
    await admin.locator('#backstage-base-url').fill(await deadBackstageUrl());
    await admin.locator('#backstage-token').fill('not-the-token');
    await admin.getByRole('button', { name: 'Save connection' }).click();
    await admin.getByTestId('save-anyway').waitFor();
    const connectionFile = path.join(outDir, 'admin-connection-save-anyway.png');
    await admin.getByTestId('connection-section').screenshot({ path: connectionFile });
    written.push(connectionFile);

    await page.goto(sandbox.urls.shell);
    await page.locator('tr[data-component-id]').first().waitFor();
    await shoot(page, 'shell');

    const featured = page.locator('tr[data-component-id]', { hasText: FEATURED_COMPONENT });
    const row =
      (await featured.count()) > 0 ? featured.first() : page.locator('tr[data-component-id]').first();
    await row.locator('a').first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/components/'));
    const panel = await appFrame(page, 'component-panel');
    await panel.getByTestId('entity-details').waitFor();
    await panel.getByTestId('open-in-backstage').waitFor();
    await page.waitForLoadState('networkidle');
    // The whole panel: the frame grows to its content.
    await shoot(page, 'component-page', true);
    const metricsFile = path.join(outDir, 'component-panel-metrics.png');
    await panel.getByTestId('scorecard-metrics').screenshot({ path: metricsFile });
    written.push(metricsFile);
    await shootPanelStates(sandbox, page, (name) => shoot(page, name, true));

    const checked = sandbox.compass.findByAlias('backstage', FEATURED_CHECKS_ENTITY);
    if (!checked) throw new ScreenshotError(`The import made no component for ${FEATURED_CHECKS_ENTITY}`);
    await page.goto(sandbox.urls.component(checked.id));
    const checksPanel = await appFrame(page, 'component-panel');
    await checksPanel.getByTestId('tech-insights').waitFor();
    await page.waitForLoadState('networkidle');
    const checksFile = path.join(outDir, 'panel-tech-insights.png');
    await checksPanel.getByTestId('tech-insights').screenshot({ path: checksFile });
    written.push(checksFile);

    const api = sandbox.compass.findByAlias('backstage', FEATURED_API);
    if (!api) throw new ScreenshotError(`The import made no component for ${FEATURED_API}`);
    await page.goto(sandbox.urls.component(api.id));
    const apiPanel = await appFrame(page, 'component-panel');
    await apiPanel.getByTestId('provided-by').waitFor();
    await page.waitForLoadState('networkidle');
    await shoot(page, 'component-page-api', true);

    await shootSync(sandbox, page, async (name, admin, section) => {
      await page.setViewportSize(ADMIN_SCREEN_VIEWPORT);
      await admin.getByTestId(section).evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await shoot(page, name);
      await page.setViewportSize(VIEWPORT);
    });

    if (problems.problems.length > 0) {
      throw new ScreenshotError(
        `The pages reported problems while being photographed:\n${problems.describe()}`,
      );
    }
    return written;
  } finally {
    await browser.close();
    await sandbox.stop();
    fs.rmSync(catalogDir, { recursive: true, force: true });
  }
}

/**
 * The Sync tab: its settings after a sync with nothing to do, the circuit breaker refusing to mark the components of
 * entities removed from Backstage, and a description edited in Compass in the drift report.
 */
async function shootSync(
  sandbox: Sandbox,
  page: Page,
  shoot: (name: string, admin: Frame, section: string) => Promise<void>,
): Promise<void> {
  await page.goto(sandbox.urls.admin);
  const admin = await appFrame(page, 'admin-page');
  // A sync covers the last import's selection: the panel shots' last import was one entity, so import everything.
  await admin.getByTestId('connection-url').waitFor();
  await importFromAdminPage(admin);
  await openSyncTab(admin);
  await chooseOption(admin, 'removal-policy', 'Mark in Compass');
  await admin.getByTestId('save-sync-settings').click();
  await admin.getByTestId('sync-notice').waitFor();
  await syncFromAdminPage(admin);
  await shoot('admin-sync', admin, 'sync');

  await removeComponentsFromCatalog(sandbox.backstage, SYNC_REMOVED_ENTITIES);
  await syncFromAdminPage(admin);
  await admin.getByTestId('breaker').waitFor();
  await shoot('admin-removals-breaker', admin, 'removals');

  const edited = sandbox.compass.findByAlias('backstage', SYNC_EDITED_ENTITY);
  if (!edited) throw new ScreenshotError(`The import made no component for ${SYNC_EDITED_ENTITY}`);
  await editComponentInCompass(sandbox, edited.id, { description: 'Edited by hand in Compass' });
  await admin.getByTestId('check-drift').click();
  await admin.getByTestId('drift-table').waitFor();
  await shoot('admin-drift', admin, 'drift');
}

/** The panel's other states: Backstage stopped (the saved view with a warning), and a component to link. */
async function shootPanelStates(
  sandbox: Sandbox,
  page: Page,
  shoot: (name: string) => Promise<void>,
): Promise<void> {
  const liveUrl = sandbox.backstage.baseUrl;
  await pointAppAtBackstage(sandbox, await deadBackstageUrl());
  try {
    const stale = await appFrame(page, 'component-panel');
    await stale.getByRole('button', { name: 'Refresh' }).click();
    await stale.getByTestId('stale-warning').waitFor();
    await shoot('component-panel-backstage-down');
  } finally {
    await pointAppAtBackstage(sandbox, liveUrl);
  }
  await page.goto(sandbox.urls.component(await createUnlinkedComponent(sandbox, 'Ops command line')));
  const unlinked = await appFrame(page, 'component-panel');
  await unlinked.getByLabel('Backstage entity name').fill('ops');
  await unlinked.getByRole('button', { name: 'Search' }).click();
  await unlinked.getByTestId('search-results').waitFor();
  await shoot('component-panel-not-linked');
}

if (require.main === module) {
  const outFlag = process.argv.indexOf('--out');
  const outDir =
    outFlag >= 0 && process.argv[outFlag + 1] ? path.resolve(process.argv[outFlag + 1]!) : SCREENSHOT_DIR;
  takeScreenshots(outDir).then(
    (files) =>
      process.stdout.write(files.map((file) => `wrote ${path.relative(process.cwd(), file)}\n`).join('')),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
