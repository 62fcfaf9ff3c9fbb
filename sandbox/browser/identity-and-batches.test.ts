// Issue 12 items 6, 7 and 2 in Chromium, in the sandbox: a Compass admin may link from the panel before anyone
// opened the admin page (Compass is asked as the user); one component Compass refuses fails alone instead of
// taking its whole create batch of 25 with it. The sandbox's user is seeded in the local Compass as a Compass
// admin (DEMO_USERS); the tests below run in order on one sandbox.
import type { Frame, Page } from 'playwright-core';
import { DEMO_USERS } from '../server/start-sandbox';
import { openWatchedPage, useSandboxInChromium } from './browser-session';
import type { PageProblemLog } from './page-problems';
import { createUnlinkedComponent } from './panel-sandbox';
import { appFrame, importFromAdminPage } from './sandbox-page-driver';

const session = useSandboxInChromium();
let page: Page;
let problems: PageProblemLog;

beforeAll(async () => {
  ({ page, problems } = await openWatchedPage(session.browser));
}, 60_000);

describe('who may link from the panel', () => {
  it('a Compass admin may link before anyone opened the admin page or imported; a viewer may not', async () => {
    const componentId = await createUnlinkedComponent(session.sandbox, 'Hand-made');
    await page.goto(session.sandbox.urls.component(componentId));
    let panel = await appFrame(page, 'component-panel');
    await panel.getByTestId('entity-search').waitFor();
    expect(await panel.getByTestId('admins-only').count()).toBe(0);

    // The same account, now one Compass lets view components but not edit them.
    const admin = DEMO_USERS.find((user) => user.accountId === session.sandbox.accountId)!;
    session.sandbox.compass.addUser({ ...admin, canEditComponents: false });
    await page.reload();
    panel = await appFrame(page, 'component-panel');
    await panel.getByTestId('admins-only').waitFor();
    session.sandbox.compass.addUser(admin);
    expect(problems.describe()).toBe('');
  }, 60_000);
});

describe('a batch Compass refuses because of one component', () => {
  it('fails that component alone: "Retry failed (1)", and its batch-mates are created', async () => {
    // Compass answers the request carrying Payment Gateway with a top-level error and no data (HTTP 200): not
    // a 429, 5xx or network failure, so nothing a retry of the same request would cure.
    session.sandbox.compass.injectFault({
      match: (request) => JSON.stringify(request.variables).includes('"name":"Payment Gateway"'),
      kind: 'graphql-error',
      times: Infinity,
    });
    await page.goto(session.sandbox.urls.admin);
    const frame: Frame = await appFrame(page, 'admin-page');
    await importFromAdminPage(frame);
    await frame.getByTestId('tab-results').click();
    await expect(frame.getByTestId('retry-failed').textContent()).resolves.toBe('Retry failed (1)');
    await frame
      .locator('tr[data-outcome="failed"][data-entity-ref="component:default/payment-gateway"]')
      .waitFor();
    const imported = session.sandbox.compass
      .components()
      .filter((component) => component.externalAliases.length > 0);
    expect(imported).toHaveLength(27);
    expect(
      session.sandbox.compass.findByAlias('backstage', 'component:default/payment-gateway'),
    ).toBeUndefined();
    expect(problems.describe()).toBe('');
  }, 120_000);
});

describe('people by name', () => {
  it('the history and the status name the starter; the account id never reaches the page', async () => {
    const frame = await appFrame(page, 'admin-page');
    await frame.getByTestId('tab-history').click();
    await frame.locator('[data-testid="history-table"] tbody tr').first().waitFor();
    const history = (await session.sandbox.app.invokeResolver({
      functionKey: 'admin-resolver',
      method: 'getHistory',
    })) as {
      value: { runs: Record<string, unknown>[] };
    };
    const status = await session.sandbox.app.invokeResolver({
      functionKey: 'admin-resolver',
      method: 'getImportStatus',
    });
    expect(history.value.runs[0]).toMatchObject({ startedByName: 'Alex Admin' });
    expect(status).toMatchObject({ value: { startedByName: 'Alex Admin' } });
    expect(JSON.stringify([history, status])).not.toContain(session.sandbox.accountId);
    // On screen (the bridge's context script carries the caller's id, as Forge's does; that is not the page).
    expect(await frame.locator('body').innerText()).not.toContain(session.sandbox.accountId);
    expect(problems.describe()).toBe('');
  }, 60_000);
});
