// The built pages on their own, served as plain files: outside Forge they render and say so (no blank page,
// no console noise); with a Forge host present, the lazily loaded @forge/bridge reaches it.
import type { Page } from 'playwright-core';
import { openWatchedPage, useStaticAppsInChromium } from './browser-session';

const session = useStaticAppsInChromium();

async function openPage(appPath: string, prepare?: (page: Page) => Promise<unknown>) {
  const { page, problems } = await openWatchedPage(session.browser);
  await prepare?.(page);
  await page.goto(`${session.server.url}${appPath}`);
  return { page, problems };
}

describe('the built Custom UI pages outside Forge', () => {
  it('the admin page renders its heading and says it is outside Forge, without console problems', async () => {
    const { page, problems } = await openPage('/apps/admin-page/');
    await page.getByRole('heading', { level: 1, name: 'Backstage import' }).waitFor();
    await page.getByText('Not inside Forge').first().waitFor();
    expect(await page.locator('[data-error-code="outside-forge"]').count()).toBeGreaterThan(0);
    await page.waitForLoadState('networkidle');
    expect(problems.describe()).toBe('');
    await page.close();
  });

  it('the component page renders and says it is outside Forge, without console problems', async () => {
    const { page, problems } = await openPage('/apps/component-panel/');
    await page.getByRole('heading', { level: 1, name: 'Backstage' }).waitFor();
    await page.getByText('Not inside Forge').waitFor();
    await page.waitForLoadState('networkidle');
    expect(problems.describe()).toBe('');
    await page.close();
  });
});

describe('the built component page with a Forge host', () => {
  it("loads @forge/bridge lazily and shows the component id from the host's context", async () => {
    const componentId = 'ari:cloud:compass:site-1:component/workspace-1/static-check';
    const { page, problems } = await openPage('/apps/component-panel/', (page) =>
      page.addInitScript((id) => {
        // What Forge's host page provides to a Custom UI iframe, reduced to the one call this page makes.
        (globalThis as { __bridge?: unknown }).__bridge = {
          callBridge: async (name: string) => {
            if (name === 'getContext')
              return { extension: { type: 'compass:componentPage', component: { id } } };
            // The panel then asks its resolver (getPanel); this host answers as an app not yet connected.
            if (name === 'invoke')
              return {
                ok: true,
                value: { state: 'not-connected', componentId: id, message: 'Not connected.' },
              };
            throw new Error(`unexpected bridge call ${name}`);
          },
        };
      }, componentId),
    );
    await expect(page.getByTestId('component-id').getAttribute('data-component-id')).resolves.toBe(
      componentId,
    );
    await page.getByTestId('not-connected').waitFor();
    expect(problems.describe()).toBe('');
    await page.close();
  });
});
