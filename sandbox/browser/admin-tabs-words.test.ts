// The admin page's Dry run, Results and History tabs read as words in Atlaskit tables: no warning code, Compass
// enum, run id or account id on screen, no red or yellow lozenge for a count of zero, and tables that sort on a
// header click (Atlaskit's dynamic table). Driven in Chromium against the sandbox with the demo catalog, whose
// owners are not all mapped to teams (so the dry run has "owner-unmapped" warnings to put in words).
import type { Frame, Locator, Page } from 'playwright-core';
import { openWatchedPage, useSandboxInChromium } from './browser-session';
import type { PageProblemLog } from './page-problems';
import { appFrame, importFromAdminPage } from './sandbox-page-driver';

const session = useSandboxInChromium();
let page: Page;
let frame: Frame;
let problems: PageProblemLog;

interface PlanAnswer {
  ok: true;
  value: { warningsByCode: Record<string, number>; items: { compassType?: string }[] };
}

beforeAll(async () => {
  ({ page, problems } = await openWatchedPage(session.browser));
  await page.goto(session.sandbox.urls.admin);
  frame = await appFrame(page, 'admin-page');
  await frame.getByTestId('tab-dry-run').waitFor();
}, 60_000);

function wholeWord(text: string): RegExp {
  return new RegExp(`(^|[^\\w-])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`);
}

/** An all-caps enum such as SERVICE or MACHINE_LEARNING_MODEL (two letters or more; "UI" and "API" are words). */
const ENUM = /\b[A-Z]{3,}(_[A-Z]+)+\b|\b(SERVICE|LIBRARY|WEBSITE|APPLICATION|OTHER)\b/;

/**
 * The lozenges whose text is a zero count ("0 failed"), each with whether it reads neutral: a lozenge's text and
 * outline colours have a hue only for the coloured appearances (red removed, yellow moved, blue, green, purple).
 */
async function zeroCountLozenges(scope: Locator): Promise<{ text: string; neutral: boolean }[]> {
  return scope.locator('[data-testid$="--text"]').evaluateAll((texts) =>
    texts
      .filter((text) => /^0(\s|$)/.test(text.textContent?.trim() ?? ''))
      .map((text) => {
        const lozenge = text.parentElement as HTMLElement;
        const saturation = (color: string): number => {
          const [r = 0, g = 0, b = 0] = (color.match(/[\d.]+/g) ?? []).map(Number);
          const max = Math.max(r, g, b);
          const min = Math.min(r, g, b);
          return max === 0 ? 0 : (max - min) / max;
        };
        const colours = [
          getComputedStyle(text).color,
          getComputedStyle(lozenge).backgroundColor,
          getComputedStyle(lozenge).outlineColor,
          getComputedStyle(lozenge).borderTopColor,
        ].filter((color) => !/rgba\([^)]*,\s*0\)$/.test(color) && color !== 'transparent');
        return {
          text: text.textContent?.trim() ?? '',
          neutral: colours.every((color) => saturation(color) < 0.45),
        };
      }),
  );
}

/** Clicks a dynamic table's column heading (a sort button) and reads the first column, top to bottom. */
async function sortBy(table: Locator, heading: string): Promise<string[]> {
  await table.locator('thead').getByText(heading, { exact: true }).click();
  return table.locator('tbody tr td:first-child').allTextContents();
}

async function expectSortsByHeading(table: Locator, heading: string): Promise<void> {
  await table.locator('thead th[aria-sort], thead th button').first().waitFor({ timeout: 5_000 });
  const ascending = await sortBy(table, heading);
  const descending = await sortBy(table, heading);
  expect(ascending.length).toBeGreaterThan(1);
  expect(descending).toEqual([...ascending].reverse());
  expect(ascending).not.toEqual(descending);
}

describe('the admin tabs in words and Atlaskit tables', () => {
  it('the dry run names warnings and Compass types in words, and a zero count is neutral', async () => {
    await frame.getByTestId('tab-dry-run').click();
    await frame.getByTestId('run-dry-run').click();
    await frame.getByTestId('plan-counts').waitFor();
    const plan = (await session.sandbox.app.invokeResolver({
      functionKey: 'admin-resolver',
      method: 'planImport',
      payload: {},
    })) as PlanAnswer;
    const codes = Object.keys(plan.value.warningsByCode);
    expect(codes).toContain('owner-unmapped');
    const types = [...new Set(plan.value.items.map((item) => item.compassType).filter(Boolean))] as string[];
    expect(types).toContain('SERVICE');

    const dryRun = frame.getByTestId('dry-run');
    await dryRun.locator('tbody tr').first().waitFor();
    const shown = await dryRun.innerText();
    for (const code of codes) expect(shown).not.toMatch(wholeWord(code));
    expect(shown).not.toMatch(ENUM);
    expect(shown).toContain('Owner not mapped to a team');
    expect(shown).toContain('Service');

    const zeros = await zeroCountLozenges(dryRun);
    expect(zeros.length).toBeGreaterThan(0);
    expect(zeros.filter((zero) => !zero.neutral)).toEqual([]);
  });

  it('the dry run list is a dynamic table that sorts on a header click', async () => {
    await expectSortsByHeading(frame.getByTestId('plan-table'), 'Entity');
  });

  it('after an import, the results show no run id, account id, code or enum, and count relationships', async () => {
    await importFromAdminPage(frame);
    const status = (await session.sandbox.app.invokeResolver({
      functionKey: 'admin-resolver',
      method: 'getImportStatus',
    })) as { ok: true; value: { runId: string; relationshipsAdded: number; failed: number } };
    expect(status.value.failed).toBe(0);
    expect(status.value.relationshipsAdded).toBeGreaterThan(0);

    await frame.getByTestId('tab-results').click();
    const results = frame.getByTestId('results');
    await results.locator('tbody tr').first().waitFor();
    const shown = await results.innerText();
    expect(shown).not.toContain(status.value.runId);
    expect(shown).not.toContain(session.sandbox.accountId);
    expect(shown).not.toMatch(/ari:cloud:/);
    expect(shown).not.toMatch(ENUM);
    expect(shown).not.toMatch(wholeWord('owner-unmapped'));
    await expect(frame.getByTestId('results-count-relationships').innerText()).resolves.toContain(
      String(status.value.relationshipsAdded),
    );

    // A clean run: "failed" and "skipped" are zero, and neither is red or yellow.
    const zeros = await zeroCountLozenges(frame.locator('body'));
    expect(zeros.length).toBeGreaterThan(0);
    expect(zeros.filter((zero) => !zero.neutral)).toEqual([]);
  }, 90_000);

  it('the results are a dynamic table that sorts on a header click', async () => {
    await expectSortsByHeading(frame.getByTestId('results-table'), 'Entity');
  });

  it('the history names who started a run instead of an account id, and shows no run id', async () => {
    await frame.getByTestId('tab-history').click();
    const history = frame.getByTestId('history-table');
    await history.locator('tbody tr').first().waitFor();
    const shown = await history.innerText();
    const status = (await session.sandbox.app.invokeResolver({
      functionKey: 'admin-resolver',
      method: 'getImportStatus',
    })) as { ok: true; value: { runId: string } };
    expect(shown).not.toContain(session.sandbox.accountId);
    expect(shown).not.toContain(status.value.runId);
    expect(shown).not.toMatch(ENUM);
    // By name when the platform tells it, "an admin" when it cannot, "Schedule" for the scheduled trigger.
    const startedBy = await history.locator('tbody tr td:nth-child(2)').first().innerText();
    expect(startedBy.trim()).not.toBe('');
    expect(startedBy).not.toMatch(/\d{4,}|:/);
    await history.locator('thead th[aria-sort], thead th button').first().waitFor({ timeout: 5_000 });
    expect(problems.describe()).toBe('');
  });
});
