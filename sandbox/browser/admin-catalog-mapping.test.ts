// The admin page's Catalog and Mapping tabs in Chromium, in the sandbox, as a Compass admin reads them before
// any import: only importable kinds by default (a toggle shows the rest), words instead of codes, Atlaskit
// controls only, a row's warnings opened in place, refs that wrap at their separators, and the owners not
// mapped to a team with how many components each owns.
import type { Frame, Page } from 'playwright-core';
import { DEMO_TEAMS } from '../server/start-sandbox';
import { openWatchedPage, useSandboxInChromium } from './browser-session';
import type { PageProblemLog } from './page-problems';
import { appFrame } from './sandbox-page-driver';

const session = useSandboxInChromium({
  // Data and Platform exist in Atlassian but are not mapped: their components warn "owner not mapped".
  teams: DEMO_TEAMS.map((team) =>
    team.displayName === 'Data' || team.displayName === 'Platform' ? { displayName: team.displayName } : team,
  ),
});
let page: Page;
let frame: Frame;
let problems: PageProblemLog;

const IMPORTABLE_REF = /^(component|api|resource):/;
/** Codes that must never reach the page: Compass enums and the field names of the app's data. */
const CODES = [/\b[A-Z]+_[A-Z_]+\b/, /\bspec\.\w+/, /\bownerId\b/, /external alias/i, /\bimportedKinds\b/];

beforeAll(async () => {
  ({ page, problems } = await openWatchedPage(session.browser));
  await page.goto(session.sandbox.urls.admin);
  frame = await appFrame(page, 'admin-page');
}, 60_000);

const catalogRows = () => frame.locator('[data-testid="preview-table"] tr[data-entity-ref]');
const rowRefs = () =>
  catalogRows().evaluateAll((rows) => rows.map((row) => row.getAttribute('data-entity-ref') ?? ''));

/** Every code the visible page shows. */
async function codesOnScreen(): Promise<string[]> {
  const words = await frame.locator('body').innerText();
  return CODES.flatMap((code) => words.match(code) ?? []);
}

/**
 * Native selects, and checkboxes Atlaskit did not draw: Atlaskit's checkbox and toggle put their input in a
 * label, followed by the icon they draw in its place.
 */
async function nativeControls(): Promise<string[]> {
  return frame.evaluate(() => [
    ...Array.from(document.querySelectorAll('select')).map((select) => `select ${select.id}`),
    ...Array.from(document.querySelectorAll<HTMLInputElement>('input[type="checkbox"]'))
      .filter((input) => {
        const drawn = input.nextElementSibling;
        return !(input.closest('label') && drawn && (drawn.matches('svg') || drawn.querySelector('svg')));
      })
      .map((input) => `checkbox ${input.getAttribute('aria-label') ?? input.id}`),
  ]);
}

describe('the catalog and mapping tabs before any import', () => {
  it('lists only importable kinds by default; "Show all kinds" adds the rest, which cannot be selected', async () => {
    await catalogRows().first().waitFor();
    const refs = await rowRefs();
    expect(refs.filter((ref) => !IMPORTABLE_REF.test(ref))).toEqual([]);
    expect(refs).toHaveLength(28);

    // Atlaskit's toggle draws over its input: click the toggle as a person would.
    const showAll = frame.getByTestId('show-all-kinds');
    await showAll.click({ timeout: 5_000 });
    await expect(frame.getByLabel('Show all kinds').isChecked()).resolves.toBe(true);
    await frame.locator('tr[data-entity-ref^="user:"]').first().waitFor({ timeout: 5_000 });
    const user = frame.locator('tr[data-entity-ref^="user:"]').first();
    await expect(user.locator('input[type="checkbox"]').count()).resolves.toBe(0);
    await showAll.click();
    await frame
      .locator('tr[data-entity-ref^="user:"]')
      .first()
      .waitFor({ state: 'detached', timeout: 5_000 });
  });

  it('wraps entity refs at their separators, never inside a word, in a narrow window', async () => {
    await page.setViewportSize({ width: 760, height: 900 });
    try {
      await catalogRows().first().waitFor();
      // Each character's line: a new line may only start after ':', '/', '.' or '-'.
      const badBreaks = await frame.evaluate(() =>
        Array.from(document.querySelectorAll('[data-testid="preview-table"] tr[data-entity-ref]')).flatMap(
          (row) => {
            // The innermost element that reads as the row's ref.
            const ref = row.getAttribute('data-entity-ref');
            const element = Array.from(row.querySelectorAll('*'))
              .filter((candidate) => candidate.textContent?.toLowerCase() === ref)
              .pop();
            if (!element) return [`${ref}: not shown`];
            const chars: { char: string; top: number }[] = [];
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const text = node.textContent ?? '';
              for (let i = 0; i < text.length; i++) {
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const rect = range.getClientRects()[0];
                if (rect) chars.push({ char: text[i]!, top: Math.round(rect.top) });
              }
            }
            return chars.flatMap((current, i) => {
              const before = chars[i - 1];
              return before && current.top > before.top + 2 && !/[:/.-]/.test(before.char)
                ? [`${element.textContent}: broke after "${before.char}"`]
                : [];
            });
          },
        ),
      );
      expect(badBreaks).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it("opens a row's warnings in place, by title and message", async () => {
    const row = frame.locator('tr[data-entity-ref="resource:default/transactions-warehouse"]');
    await row.waitFor({ timeout: 5_000 });
    await row.getByRole('button', { name: /warning/ }).click({ timeout: 5_000 });
    const warnings = row.getByTestId('row-warnings');
    await warnings.waitFor();
    await expect(warnings.innerText()).resolves.toMatch(/Owner not mapped to a team/);
  });

  it('shows Compass types and fields as words, with Atlaskit selects and checkboxes only', async () => {
    await expect(frame.getByRole('combobox').count()).resolves.toBeGreaterThan(0);
    await expect(nativeControls()).resolves.toEqual([]);
    await expect(codesOnScreen()).resolves.toEqual([]);

    await frame.getByTestId('tab-mapping').click();
    await frame.getByTestId('owner-mapping').waitFor();
    await frame.getByTestId('type-map').waitFor();
    await expect(nativeControls()).resolves.toEqual([]);
    await expect(codesOnScreen()).resolves.toEqual([]);
    // The fallback type's choices read as Compass titles them, never cut off.
    await frame.getByLabel('Any other Backstage type becomes').click();
    await frame.getByRole('option', { name: 'Machine learning model' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('lists the owners not mapped to a team with how many components each owns, before any import', async () => {
    expect(session.sandbox.compass.components()).toHaveLength(0);
    const overview = (await session.sandbox.app.invokeResolver({
      functionKey: 'admin-resolver',
      method: 'searchTeams',
      payload: { owners: true },
    })) as { ok: true; value: { owners: { ownerRef: string; entityCount: number; teamId?: string }[] } };
    const unmapped = overview.value.owners.filter((owner) => !owner.teamId && owner.entityCount > 0);
    expect(unmapped.length).toBeGreaterThan(1);
    const components = unmapped.reduce((sum, owner) => sum + owner.entityCount, 0);

    const section = frame.getByTestId('unmapped-owners');
    await expect(section.getByTestId('unmapped-owners-summary').innerText()).resolves.toBe(
      `Owners not mapped to a team: ${unmapped.length} owners, ${components} components`,
    );
    for (const owner of unmapped) {
      const item = section.locator(`[data-owner-ref="${owner.ownerRef}"]`);
      await expect(item.getByTestId('owned-count').innerText()).resolves.toBe(String(owner.entityCount));
    }
    expect(problems.describe()).toBe('');
  });
});
