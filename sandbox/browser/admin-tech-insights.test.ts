// Tech Insights on the admin page in the running sandbox, in Chromium, against the test Backstage and its five
// Tech Insights checks: "Test connection" says Tech Insights answers with its checks by name, the Metrics tab lists
// the five checks' metrics turned on in their own section, and turning one off is saved (the check is no longer
// chosen).
import type { Frame, Page } from 'playwright-core';
import { TECH_INSIGHTS_CONFIG } from '../backstage/embedded-backstage';
import { openWatchedPage, useSandboxInChromium } from './browser-session';
import type { PageProblemLog } from './page-problems';
import { invokeAdmin } from './panel-sandbox';
import { appFrame, openMetricsTab } from './sandbox-page-driver';

const session = useSandboxInChromium({}, 120_000);
let page: Page;
let admin: Frame;
let problems: PageProblemLog;

const CHECK_NAMES = Object.values(TECH_INSIGHTS_CONFIG.factChecker.checks).map((check) => check.name);

beforeAll(async () => {
  ({ page, problems } = await openWatchedPage(session.browser));
  await page.goto(session.sandbox.urls.admin);
  admin = await appFrame(page, 'admin-page');
  await admin.getByTestId('connection-url').waitFor();
}, 60_000);

const checkRow = (name: string) =>
  admin.locator(`[data-testid="check-metric-row"][data-metric-name="${name}"]`);

describe('Tech Insights on the admin page', () => {
  it('Test connection says Tech Insights answers, with its five checks by name', async () => {
    await admin.getByTestId('test-connection').click();
    const detection = admin.getByTestId('tech-insights-detection');
    await detection.waitFor();
    await expect(detection.getByTestId('tech-insights-summary').textContent()).resolves.toBe(
      'Tech Insights answers: 5 checks',
    );
    await expect(detection.getByTestId('tech-insights-check').allTextContents()).resolves.toEqual(
      expect.arrayContaining(CHECK_NAMES),
    );
    // Names, not the checks' ids.
    await expect(detection.textContent()).resolves.not.toMatch(/Check\b|groupOwner/);
  });

  it('the Metrics tab lists the five checks turned on, beside Checks passed', async () => {
    await openMetricsTab(admin);
    const section = admin.getByTestId('tech-insights-checks');
    await section.getByTestId('check-metric-table').waitFor();
    await expect(section.getByTestId('check-metric-row').count()).resolves.toBe(6);
    for (const name of CHECK_NAMES) {
      await expect(
        checkRow(`Backstage check: ${name}`).getByLabel(`Backstage check: ${name}: on`).count(),
      ).resolves.toBe(1);
    }
    await expect(
      checkRow('Backstage: Checks passed').getByLabel('Backstage: Checks passed: on').count(),
    ).resolves.toBe(1);
    await expect(section.getByTestId('tech-insights-listed').textContent()).resolves.toMatch(
      /^5 of 5 checks chosen\. Tech Insights last listed its checks on /,
    );
    // The built-in metrics keep their own table.
    await expect(admin.getByTestId('metric-row').count()).resolves.toBe(10);
  });

  it('turning a check off saves it: the check is no longer chosen', async () => {
    const name = `Backstage check: ${CHECK_NAMES[0]!}`;
    await checkRow(name).getByLabel(`${name}: on`).click({ force: true });
    await admin
      .getByTestId('metrics-saved')
      .filter({ hasText: `${name} is turned off.` })
      .waitFor();
    await checkRow(name).getByLabel(`${name}: off`).waitFor();
    const saved = await invokeAdmin<{
      ok: true;
      value: { metrics: { name: string; enabled: boolean }[]; techInsights: { chosenCount: number } };
    }>(session.sandbox, 'getMetrics');
    expect(saved.value.metrics.find((metric) => metric.name === name)?.enabled).toBe(false);
    expect(saved.value.techInsights.chosenCount).toBe(4);
    await expect(admin.getByTestId('tech-insights-listed').textContent()).resolves.toMatch(/^4 of 5 checks/);
    expect(problems.describe()).toBe('');
  });
});
