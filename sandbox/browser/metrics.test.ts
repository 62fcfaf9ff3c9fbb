// The Metrics tab and the panel's "Scorecard metrics" section in the running sandbox, in Chromium, after an import
// of the demo catalog started from the admin page (its metrics phase pushes to the local Compass): the ten metrics
// with components counted, one turned off and saved, a custom metric previewed on ten entities and saved, the
// scorecard created twice and there once, and a component's values on its panel.
import type { Frame, Locator, Page } from 'playwright-core';
import { openWatchedPage, useSandboxInChromium } from './browser-session';
import type { PageProblemLog } from './page-problems';
import { componentIdOf, invokeAdmin } from './panel-sandbox';
import {
  appFrame,
  clickAndAnswer as clickAndAnswerOn,
  importFromAdminPage,
  openMetricsTab,
} from './sandbox-page-driver';

const session = useSandboxInChromium({}, 120_000);
let page: Page;
let admin: Frame;
let problems: PageProblemLog;

beforeAll(async () => {
  ({ page, problems } = await openWatchedPage(session.browser));
  await page.goto(session.sandbox.urls.admin);
  admin = await appFrame(page, 'admin-page');
  await admin.getByTestId('connection-url').waitFor();
  await importFromAdminPage(admin);
}, 120_000);

const clickAndAnswer = (method: string, target: Locator) => clickAndAnswerOn(page, method, target);

const metricRow = (name: string) => admin.locator(`[data-testid="metric-row"][data-metric-name="${name}"]`);

describe('the scorecard metrics in the sandbox', () => {
  it('lists the ten metrics with the components the import gave a value', async () => {
    await openMetricsTab(admin);
    await expect(admin.getByTestId('metric-row').count()).resolves.toBe(10);
    const counts = await admin.getByTestId('metric-table').getByTestId('metric-components').allTextContents();
    expect(counts).toHaveLength(10);
    for (const count of counts) expect(count).toMatch(/^\d+ components?$/);
    // Every imported component has an owner-in-catalog value (0 or 1).
    const imported = session.sandbox.compass.components().length;
    await expect(
      metricRow('Backstage: Owner in catalog').getByTestId('metric-components').textContent(),
    ).resolves.toBe(`${imported} components`);
    await expect(admin.getByTestId('last-push-summary').textContent()).resolves.toMatch(/\d+ values sent/);
    // Words, not codes.
    const text = (await admin.getByTestId('metrics').textContent()) ?? '';
    expect(text).not.toMatch(/owner-in-catalog|days-since-change|relation-count/);
  });

  it('turns a metric off and keeps it off', async () => {
    await metricRow('Backstage: Orphaned').getByLabel('Backstage: Orphaned: on').click({ force: true });
    await admin
      .getByTestId('metrics-saved')
      .filter({ hasText: 'Backstage: Orphaned is turned off.' })
      .waitFor();
    const saved = await invokeAdmin<{
      ok: true;
      value: { metrics: { name: string; enabled: boolean; builtIn: boolean; checkId?: string }[] };
    }>(session.sandbox, 'getMetrics');
    expect(saved.value.metrics.find((metric) => metric.name === 'Backstage: Orphaned')?.enabled).toBe(false);
    // The ten built-ins (the Tech Insights checks' metrics have a section of their own).
    const builtIns = saved.value.metrics.filter(
      (metric) =>
        metric.builtIn && metric.checkId === undefined && metric.name !== 'Backstage: Checks passed',
    );
    expect(builtIns.filter((metric) => metric.enabled)).toHaveLength(9);
  });

  it('previews a custom metric from spec.lifecycle through a value map on 10 entities', async () => {
    await admin.getByLabel('Name', { exact: true }).fill('Maturity');
    await admin.getByLabel('Spec field (e.g. spec.lifecycle)').fill('spec.lifecycle');
    await admin.getByTestId('add-value-map-row').click();
    await admin.getByTestId('add-value-map-row').click();
    await admin.getByLabel('Text 1', { exact: true }).fill('production');
    await admin.getByLabel('Number for text 1').fill('3');
    await admin.getByLabel('Text 2', { exact: true }).fill('experimental');
    await admin.getByLabel('Number for text 2').fill('1');
    await admin.getByTestId('preview-custom-metric').click();
    await admin.getByTestId('custom-metric-preview').waitFor();
    await expect(admin.getByTestId('custom-metric-preview-row').count()).resolves.toBe(10);
    const values = await admin
      .locator('[data-testid^="custom-metric-preview-row"] td:last-child')
      .allTextContents();
    expect(values).toHaveLength(10);
    expect(values.every((value) => ['3', '1', 'No value'].includes(value))).toBe(true);
    expect(values).toContain('3');
    await expect(admin.getByTestId('custom-metric-preview-summary').textContent()).resolves.toMatch(
      /^\d+ of 10 entities have a value\.$/,
    );
  });

  it('saves the previewed metric as the admin’s own, to be pushed by the next import', async () => {
    await clickAndAnswer('saveMetricSettings', admin.getByTestId('add-custom-metric'));
    await admin
      .getByTestId('metrics-saved')
      .filter({ hasText: 'Added “Maturity”. The next import pushes its values.' })
      .waitFor();
    await expect(admin.getByTestId('metric-row').count()).resolves.toBe(11);
    await expect(metricRow('Backstage: Maturity').textContent()).resolves.toContain('spec.lifecycle');
  });

  it('creates the scorecard once, however often it is clicked', async () => {
    await clickAndAnswer('createScorecard', admin.getByTestId('create-scorecard'));
    await admin
      .getByTestId('scorecard-state')
      .filter({ hasText: /^Created$/ })
      .waitFor();
    await clickAndAnswer('createScorecard', admin.getByTestId('create-scorecard'));
    await admin
      .getByTestId('metrics-saved')
      .filter({ hasText: 'The scorecard is ready in Compass.' })
      .waitFor();
    const scorecards = session.sandbox.compass
      .scorecards()
      .filter((card) => card.name === 'Backstage catalog health');
    expect(scorecards).toHaveLength(1);
    expect(scorecards[0]!.criteria.reduce((sum, criterion) => sum + criterion.weight, 0)).toBe(100);
    expect(problems.describe()).toBe('');
  });

  it('shows a component’s scorecard metrics on its panel, with what each means', async () => {
    const { page: panelPage, problems: panelProblems } = await openWatchedPage(session.browser);
    await panelPage.goto(
      session.sandbox.urls.component(componentIdOf(session.sandbox, 'component:default/payment-gateway')),
    );
    const panel = await appFrame(panelPage, 'component-panel');
    const section = panel.getByTestId('scorecard-metrics');
    await section.waitFor();
    await expect(section.getByRole('heading', { name: 'Scorecard metrics' }).count()).resolves.toBe(1);
    // Orphaned was turned off above: the panel shows the metrics that are on, Checks passed among them (the sandbox
    // has Tech Insights); each check's own 0/1 is in the panel's Tech Insights section instead.
    const rows = section.getByTestId('scorecard-metric');
    await expect(rows.count()).resolves.toBe(10);
    await expect(rows.filter({ hasText: /^Checks passed/ }).count()).resolves.toBe(1);
    await expect(section.textContent()).resolves.not.toContain('Backstage check:');
    const techDocs = rows.filter({ hasText: /^TechDocs/ });
    await expect(techDocs.getByTestId('scorecard-metric-value').textContent()).resolves.toMatch(/^(Yes|No)$/);
    await expect(techDocs.textContent()).resolves.toContain('backstage.io/techdocs-ref');
    await expect(section.textContent()).resolves.not.toContain('Orphaned');
    expect(panelProblems.describe()).toBe('');
    await panelPage.close();
  });
});
