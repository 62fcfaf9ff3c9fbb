// Steps on the sandbox's pages that the browser tests and the screenshot script share.
import type { Frame, Locator, Page, Response } from 'playwright-core';

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

/** Opens the admin page's Sync tab (loaded on first open) and waits for its settings. */
export async function openSyncTab(adminFrame: Frame): Promise<void> {
  await adminFrame.getByTestId('tab-sync').click();
  await adminFrame.getByTestId('sync-settings').waitFor();
}

/** Clicks `target`, which starts a run through the resolver operation `method`, and answers the run's id. */
export async function startRunFromAdminPage(
  adminFrame: Frame,
  method: string,
  target: Locator,
): Promise<string> {
  const started = adminFrame.page().waitForResponse(isAnswerTo(method));
  await target.click();
  const answer = (await (await started).json()) as { ok: boolean; value?: { runId: string } };
  if (!answer.ok || !answer.value) throw new Error(`${method} answered ${JSON.stringify(answer)}`);
  return answer.value.runId;
}

/**
 * Waits until the Sync tab has read the run `runId` back finished (the tab reads its settings again when the run's
 * state changes), then for the tab to say so.
 */
export async function waitForSyncTabRun(adminFrame: Frame, runId: string, timeoutMs = 60_000): Promise<void> {
  await adminFrame.page().waitForResponse(
    async (response) => {
      if (!isAnswerTo('getSyncSettings')(response)) return false;
      const read = (await response.json()) as { value?: { lastSync?: { runId: string; state: string } } };
      return read.value?.lastSync?.runId === runId && read.value.lastSync.state !== 'running';
    },
    { timeout: timeoutMs },
  );
  await adminFrame
    .getByTestId('last-sync-headline')
    .filter({ hasText: /^Last sync: / })
    .waitFor();
}

/** Clicks the Sync tab's Sync now and waits until the tab shows the run finished. */
export async function syncFromAdminPage(adminFrame: Frame, timeoutMs = 60_000): Promise<void> {
  const runId = await startRunFromAdminPage(adminFrame, 'runSyncNow', adminFrame.getByTestId('sync-now'));
  await waitForSyncTabRun(adminFrame, runId, timeoutMs);
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

/** Whether `response` is the sandbox's answer to a call of the resolver operation `method`. */
export function isAnswerTo(method: string): (response: Response) => boolean {
  return (response) =>
    new URL(response.url()).pathname === '/forge/invoke' &&
    (response.request().postDataJSON() as { method?: string } | null)?.method === method;
}

/** Clicks `target`, and waits for the admin resolver's answer to `method`. */
export async function clickAndAnswer(page: Page, method: string, target: Locator): Promise<void> {
  const answered = page.waitForResponse(isAnswerTo(method));
  await target.click();
  await answered;
}
