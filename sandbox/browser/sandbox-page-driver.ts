// Steps on the sandbox's pages that the browser tests and the screenshot script share.
import type { Frame, Locator, Page } from 'playwright-core';

/** A Custom UI app's frame, by the app folder its src is served from (/apps/<app>/). */
export async function appFrame(page: Page, app: string): Promise<Frame> {
  await page.locator(`iframe[src^="/apps/${app}/"]`).waitFor();
  const frame = page
    .frames()
    .find((candidate) => new URL(candidate.url()).pathname.startsWith(`/apps/${app}/`));
  if (!frame) throw new Error(`No frame of /apps/${app}/ on ${page.url()}`);
  return frame;
}

/** Clicks the admin page's Start import and waits until the page itself shows the run done. */
export async function importFromAdminPage(adminFrame: Frame, timeoutMs = 60_000): Promise<void> {
  await adminFrame.getByTestId('start-import').click();
  await adminFrame
    .getByTestId('import-state')
    .filter({ hasText: /^done$/ })
    .waitFor({ timeout: timeoutMs });
}

/** Opens the admin page's Metrics tab (loaded on first open) and waits for its metric list. */
export async function openMetricsTab(adminFrame: Frame): Promise<void> {
  await adminFrame.getByTestId('tab-metrics').click();
  await adminFrame.getByTestId('metric-table').waitFor();
}

/** Picks an option of an Atlaskit select (react-select: no native <select>) wrapped in the element of `testId`. */
export async function chooseOption(frame: Frame, testId: string, option: string): Promise<void> {
  await frame.getByTestId(testId).click();
  await frame.getByRole('option', { name: option, exact: true }).click();
}

/** Visible buttons drawn as primary (the brand's bold blue), by their words. */
export async function primaryButtons(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => {
    // A primary button is drawn in the brand colour, or its hovered or pressed shade under the pointer.
    const brandShades = [
      'var(--ds-background-brand-bold, #1868DB)',
      'var(--ds-background-brand-bold-hovered, #1558BC)',
      'var(--ds-background-brand-bold-pressed, #144794)',
    ].map((colour) => {
      const probe = document.createElement('div');
      probe.style.backgroundColor = colour;
      document.body.appendChild(probe);
      const computed = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return computed;
    });
    return Array.from(document.querySelectorAll('button'))
      .filter(
        (button) =>
          button.offsetParent !== null && brandShades.includes(getComputedStyle(button).backgroundColor),
      )
      .map((button) => button.textContent?.trim() ?? '');
  });
}

/** Clicks `target`, and waits for the admin resolver's answer to `method`. */
export async function clickAndAnswer(page: Page, method: string, target: Locator): Promise<void> {
  const answered = page.waitForResponse(
    (response) =>
      new URL(response.url()).pathname === '/forge/invoke' &&
      (response.request().postDataJSON() as { method?: string } | null)?.method === method,
  );
  await target.click();
  await answered;
}
