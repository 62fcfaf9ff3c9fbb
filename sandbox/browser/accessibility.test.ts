// axe-core's accessibility rules over both pages in the running sandbox, in each state an admin or a developer
// sees: the admin page's tabs before and after an import, and the panel of an imported component. Serious and
// critical violations fail the test; the failure lists each rule, its help text and the elements it found.
import fs from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { useSandboxInChromium } from './browser-session';
import { createUnlinkedComponent } from './panel-sandbox';
import { appFrame, importFromAdminPage } from './sandbox-page-driver';

// Evaluated through the debugging protocol: the pages' CSP (as on Forge) refuses an injected <script>.
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const FAILING_IMPACTS = new Set(['serious', 'critical']);

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

const session = useSandboxInChromium({ autoConnect: true });

/** The serious and critical violations axe finds in the frame now, one line each. */
async function seriousViolations(frame: Frame, state: string): Promise<string[]> {
  if (!(await frame.evaluate(() => 'axe' in globalThis))) await frame.evaluate(AXE_SOURCE);
  const { violations, rulesPassed } = await frame.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (context: Document, options: object) => Promise<{ violations: unknown[]; passes: unknown[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return { violations: result.violations, rulesPassed: result.passes.length };
  });
  // A page axe could not read (blank, or still loading) passes no rules at all: that is a broken audit, not a clean one.
  if (rulesPassed < 10) return [`${state}: axe passed only ${rulesPassed} rules; the page did not render`];
  return (violations as AxeViolation[])
    .filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ''))
    .map(
      (violation) =>
        `${state}: ${violation.id} (${violation.impact}) ${violation.help} at ${violation.nodes
          .map((node) => JSON.stringify(node.target))
          .join(', ')}`,
    );
}

async function openTab(frame: Frame, name: string): Promise<void> {
  await frame.getByRole('tab', { name }).click();
  await frame.waitForLoadState('networkidle');
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
}

describe('accessibility (axe-core) of both pages', () => {
  it('the admin page has no serious or critical violations before and after an import, on every tab', async () => {
    const page = await session.browser.newPage();
    await page.goto(session.sandbox.urls.admin);
    const frame = await appFrame(page, 'admin-page');
    await frame.getByRole('heading', { level: 1, name: 'Backstage import' }).waitFor();
    await settle(page);
    const found = await seriousViolations(frame, 'admin page, first view');

    for (const tab of ['Catalog', 'Mapping', 'Dry run']) {
      await openTab(frame, tab);
      await settle(page);
      found.push(...(await seriousViolations(frame, `admin page, ${tab} tab`)));
    }

    await importFromAdminPage(frame);
    for (const tab of ['Results', 'History', 'Metrics']) {
      await openTab(frame, tab);
      await settle(page);
      found.push(...(await seriousViolations(frame, `admin page after an import, ${tab} tab`)));
    }
    expect(found).toEqual([]);
    await page.close();
  }, 180_000);

  it('the panel of an imported component has no serious or critical violations', async () => {
    if (session.sandbox.compass.components().length === 0) {
      const admin = session.sandbox.app.surface('compass:adminPage')!;
      await session.sandbox.app.invokeResolver({ functionKey: admin.functionKey, method: 'startImport' });
      expect((await session.sandbox.drainQueues(60_000)).idle).toBe(true);
    }
    const page = await session.browser.newPage();
    await page.goto(session.sandbox.urls.shell);
    await page.locator('tr[data-component-id] a').first().click();
    const frame = await appFrame(page, 'component-panel');
    await frame.getByTestId('open-in-backstage').waitFor();
    await settle(page);
    expect(await seriousViolations(frame, 'panel of an imported component')).toEqual([]);
    await page.close();
  }, 90_000);

  it('the panel of a component not linked to Backstage, with its entity search, has no serious or critical violations', async () => {
    const componentId = await createUnlinkedComponent(session.sandbox, 'Accessibility check');
    const page = await session.browser.newPage();
    await page.goto(session.sandbox.urls.component(componentId));
    const frame = await appFrame(page, 'component-panel');
    await frame.getByTestId('not-linked').waitFor();
    const found = await seriousViolations(frame, 'panel of an unlinked component');
    await frame.getByLabel('Backstage entity name').fill('service');
    await frame.getByRole('button', { name: 'Search' }).click();
    await settle(page);
    found.push(...(await seriousViolations(frame, 'panel of an unlinked component, search results')));
    expect(found).toEqual([]);
    await page.close();
  }, 90_000);
});
