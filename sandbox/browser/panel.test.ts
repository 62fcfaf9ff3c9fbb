// The component page panel in the running sandbox, in Chromium, after an import: a demo component's Backstage
// data within 2 Backstage requests (0 the second time), linking a hand-made component, and Backstage "stopped".
import type { Page } from 'playwright-core';
import { openWatchedPage, useSandboxInChromium } from './browser-session';
import type { PageProblemLog } from './page-problems';
import {
  backstageRequests,
  componentIdOf,
  createUnlinkedComponent,
  deadBackstageUrl,
  importAllButOne,
  pointAppAtBackstage,
  resetStats,
  UNIMPORTED_ENTITY,
} from './panel-sandbox';
import { appFrame } from './sandbox-page-driver';

const session = useSandboxInChromium({}, 90_000);
beforeAll(() => importAllButOne(session.sandbox), 90_000);

/** The panel's entity view, named by ref (the page prints no ref; Compass shows the component's name). */
function shownEntity(panel: Awaited<ReturnType<typeof appFrame>>, ref: string) {
  return panel.locator(`[data-testid="entity-details"][data-entity-ref="${ref}"]`);
}

/** Where the pages link a component: Compass's path, which the sandbox serves at its own origin. */
function compassPathOf(componentId: string): string {
  return `${session.sandbox.url}/compass/component/${componentId.split('/').pop()}`;
}

async function openComponent(componentId: string): Promise<{ page: Page; problems: PageProblemLog }> {
  const { page, problems } = await openWatchedPage(session.browser);
  await page.goto(session.sandbox.urls.component(componentId));
  return { page, problems };
}

describe('the component page panel in the sandbox', () => {
  it('shows a demo component’s owner, lifecycle, APIs and dependencies: 2 Backstage requests, then 0', async () => {
    const componentId = componentIdOf(session.sandbox, 'component:default/payment-gateway');
    await resetStats(session.sandbox);
    const { page, problems } = await openComponent(componentId);
    const panel = await appFrame(page, 'component-panel');
    await shownEntity(panel, 'component:default/payment-gateway').waitFor();
    await expect(panel.getByTestId('entity-lifecycle').textContent()).resolves.toBe('production');
    await expect(panel.getByTestId('entity-kind').textContent()).resolves.toBe('Component · service');
    // The owner group's title, and the Atlassian team the sandbox maps it to, on the sandbox's team page.
    await expect(panel.getByTestId('entity-owner').textContent()).resolves.toBe('Payments · Team in Compass');
    const gateway = session.sandbox.compass.component(componentId)!;
    await expect(
      panel.getByTestId('entity-owner').getByRole('link', { name: 'Team in Compass' }).getAttribute('href'),
    ).resolves.toBe(`${session.sandbox.url}/compass/people/team/${gateway.ownerId!.split('/').pop()}`);
    const linkTo = (section: string, ref: string) => panel.getByTestId(section).locator(`a[title="${ref}"]`);
    expect(await linkTo('provides-apis', 'api:default/payments-api').count()).toBe(1);
    expect(await linkTo('consumes-apis', 'api:default/fraud-scoring-api').count()).toBe(1);
    // An imported dependency links to its Compass component page.
    const paymentsDb = linkTo('depends-on', 'resource:default/payments-db');
    await expect(paymentsDb.getAttribute('data-compass-component-id')).resolves.toBe(
      componentIdOf(session.sandbox, 'resource:default/payments-db'),
    );
    await expect(paymentsDb.getAttribute('href')).resolves.toBe(
      compassPathOf(componentIdOf(session.sandbox, 'resource:default/payments-db')),
    );
    await expect(panel.getByTestId('as-of').textContent()).resolves.toMatch(/^Data as of .+ \(just now\)$/);
    await expect(panel.getByTestId('open-in-backstage').getAttribute('href')).resolves.toBe(
      `${session.sandbox.backstage.baseUrl}/catalog/default/component/payment-gateway`,
    );
    // The entity, then its related entities in one by-refs call.
    expect(await backstageRequests(session.sandbox)).toBe(2);
    // Words only: no ARI, and no "None" for an empty list.
    expect(await panel.locator('body').innerText()).not.toMatch(/ari:|\bNone\b/);

    await resetStats(session.sandbox);
    await page.reload();
    const again = await appFrame(page, 'component-panel');
    await shownEntity(again, 'component:default/payment-gateway').waitFor();
    expect(await backstageRequests(session.sandbox)).toBe(0);
    expect(problems.describe()).toBe('');
    await page.close();
  }, 60_000);

  it('every imported demo component’s panel shows its Backstage entity (through POST /forge/invoke)', async () => {
    const imported = session.sandbox.compass
      .components()
      .flatMap((component) =>
        component.externalAliases
          .filter((alias) => alias.externalSource === 'backstage')
          .map((alias) => ({ id: component.id, ref: alias.externalId })),
      );
    expect(imported.length).toBeGreaterThanOrEqual(27);
    for (const { id, ref } of imported) {
      const response = await fetch(`${session.sandbox.url}/forge/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          functionKey: 'panel-resolver',
          method: 'getPanel',
          context: { extension: { component: { id }, componentId: id } },
        }),
      });
      const answer = (await response.json()) as {
        ok: boolean;
        value?: { state: string; entity?: { ref: string } };
      };
      expect({ ref, state: answer.value?.state, shown: answer.value?.entity?.ref }).toEqual({
        ref,
        state: 'ready',
        shown: ref,
      });
    }
  }, 60_000);

  it('links a component made by hand to a Backstage entity found by name', async () => {
    const componentId = await createUnlinkedComponent(session.sandbox, 'Ops command line');
    const { page, problems } = await openComponent(componentId);
    const panel = await appFrame(page, 'component-panel');
    await panel.getByTestId('not-linked').waitFor();
    // The sandbox's user started the import, so it is an admin: no "admins only" note.
    expect(await panel.getByTestId('admins-only').count()).toBe(0);
    await panel.getByLabel('Backstage entity name').fill('ops');
    await panel.getByRole('button', { name: 'Search' }).click();
    await panel.getByRole('button', { name: `Link ${UNIMPORTED_ENTITY}` }).click();
    await panel.getByTestId('open-in-backstage').waitFor();
    await shownEntity(panel, UNIMPORTED_ENTITY).waitFor();
    expect(session.sandbox.compass.findByAlias('backstage', UNIMPORTED_ENTITY)?.id).toBe(componentId);
    expect(problems.describe()).toBe('');
    await page.close();
  }, 60_000);

  it('offers an imported entity as "Open component", which opens that component’s page in the sandbox', async () => {
    const componentId = await createUnlinkedComponent(session.sandbox, 'Payments by hand');
    const { page, problems } = await openComponent(componentId);
    const panel = await appFrame(page, 'component-panel');
    await panel.getByLabel('Backstage entity name').fill('payment-gateway');
    await panel.getByRole('button', { name: 'Search' }).click();
    const open = panel.getByRole('link', { name: 'Open component Payment Gateway' });
    const gatewayId = componentIdOf(session.sandbox, 'component:default/payment-gateway');
    await expect(open.getAttribute('href')).resolves.toBe(compassPathOf(gatewayId));
    expect(await panel.getByRole('button', { name: 'Link component:default/payment-gateway' }).count()).toBe(
      0,
    );
    await open.click();
    await page.waitForURL(compassPathOf(gatewayId));
    const gatewayPanel = await appFrame(page, 'component-panel');
    await shownEntity(gatewayPanel, 'component:default/payment-gateway').waitFor();
    expect(problems.describe()).toBe('');
    await page.close();
  }, 60_000);

  it('shows the saved view with a warning when Backstage is stopped, and comes back when it answers', async () => {
    const componentId = componentIdOf(session.sandbox, 'component:default/payment-gateway');
    const liveUrl = session.sandbox.backstage.baseUrl;
    await pointAppAtBackstage(session.sandbox, await deadBackstageUrl());
    try {
      const { page } = await openComponent(componentId);
      const panel = await appFrame(page, 'component-panel');
      await shownEntity(panel, 'component:default/payment-gateway').waitFor();
      await panel.getByRole('button', { name: 'Refresh' }).click();
      await panel.getByTestId('stale-warning').waitFor();
      await expect(panel.getByTestId('stale-warning').textContent()).resolves.toMatch(/showing saved data/i);
      // The saved data is still on the page.
      await expect(panel.getByTestId('entity-owner').textContent()).resolves.toMatch(/^Payments/);

      await pointAppAtBackstage(session.sandbox, liveUrl);
      await panel.getByRole('button', { name: 'Refresh' }).click();
      await panel.getByTestId('stale-warning').waitFor({ state: 'detached' });
      await page.close();
    } finally {
      await pointAppAtBackstage(session.sandbox, liveUrl);
    }
  }, 60_000);
});
