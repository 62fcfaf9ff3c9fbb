// The built panel in Chromium with a Forge host whose resolver answers each state the panel can be in: the page
// shows each one (and the loading skeleton, and a non-admin's refused link) without console problems.
import type { PanelState } from '../../src/panel/component-panel';
import type { BoundedPanelEntityView as PanelEntityView } from '../../src/panel/panel-view-bounds';
import { openPanelWithScriptedHost, useStaticAppsInChromium, type WatchedPage } from './browser-session';

const COMPONENT_ID = 'ari:cloud:compass:site-1:component/workspace-1/panel-states';
const ASOF = '2026-11-24T10:00:00.000Z';

/** What the fake host answers per resolver method; `delayMs` holds getPanel back. */
interface HostScript {
  answers: Record<string, unknown>;
  delayMs?: number;
}

const session = useStaticAppsInChromium();

function openPanel(script: HostScript): Promise<WatchedPage> {
  return openPanelWithScriptedHost(session, { componentId: COMPONENT_ID, ...script });
}

const ok = (value: unknown) => ({ ok: true, value });

function entityView(overrides: Partial<PanelEntityView> = {}): PanelEntityView {
  return {
    ref: 'component:default/billing',
    title: 'Billing',
    name: 'billing',
    namespace: 'default',
    kind: 'Component',
    type: 'service',
    lifecycle: 'experimental',
    tags: [],
    links: [],
    providesApis: [],
    consumesApis: [],
    dependsOn: [],
    dependents: [],
    annotations: {},
    processingErrors: [],
    backstageUrl: 'https://backstage.example.com/catalog/default/component/billing',
    ...overrides,
  };
}

describe('the panel’s states in the built page', () => {
  it('shows a skeleton while loading, then the entity with its processing errors', async () => {
    const ready: PanelState = {
      state: 'ready',
      componentId: COMPONENT_ID,
      asOf: ASOF,
      fromCache: false,
      entity: entityView({
        processingErrors: [{ level: 'error', type: 'catalog', message: 'Policy check failed for owner' }],
      }),
    };
    const { page, problems } = await openPanel({ answers: { getPanel: ok(ready) }, delayMs: 800 });
    await page.getByTestId('panel-skeleton').waitFor();
    await page
      .locator('[data-testid="entity-details"][data-entity-ref="component:default/billing"]')
      .waitFor();
    expect(await page.getByTestId('panel-skeleton').count()).toBe(0);
    await expect(page.getByTestId('processing-errors').textContent()).resolves.toMatch(/Policy check failed/);
    await expect(page.getByTestId('as-of').getAttribute('title')).resolves.toBe(ASOF);
    // An empty list is left out, not printed as "None".
    expect(await page.getByTestId('dependents').count()).toBe(0);
    expect(problems.describe()).toBe('');
    await page.close();
  });

  it('says where the saved view was cut, each with a link to the entity in Backstage', async () => {
    const backstageUrl = 'https://backstage.example.com/catalog/default/component/billing';
    const dependency = (i: number) => ({
      ref: `component:default/dep-${i}`,
      title: `Dependency ${i}`,
      kind: 'Component',
      backstageUrl: `https://backstage.example.com/catalog/default/component/dep-${i}`,
      exists: true,
    });
    const ready: PanelState = {
      state: 'ready',
      componentId: COMPONENT_ID,
      asOf: ASOF,
      fromCache: true,
      entity: entityView({
        description: `${'Billing handles invoices. '.repeat(76)}Billin…`,
        descriptionTruncated: true,
        tags: ['java', 'billing'],
        dependsOn: Array.from({ length: 25 }, (_, i) => dependency(i)),
        more: { dependsOn: 812, tags: 3, processingErrors: 30 },
        processingErrors: [{ level: 'error', type: 'catalog', message: 'Policy check failed' }],
      }),
    };
    const { page, problems } = await openPanel({ answers: { getPanel: ok(ready) } });
    await page
      .locator('[data-testid="entity-details"][data-entity-ref="component:default/billing"]')
      .waitFor();
    await expect(page.getByTestId('more-dependsOn').textContent()).resolves.toBe('812 more in Backstage');
    await expect(page.getByTestId('more-dependsOn').getAttribute('href')).resolves.toBe(backstageUrl);
    await expect(page.getByTestId('more-tags').textContent()).resolves.toBe('3 more in Backstage');
    await expect(page.getByTestId('more-tags').getAttribute('href')).resolves.toBe(backstageUrl);
    await expect(page.getByTestId('more-processingErrors').textContent()).resolves.toBe(
      '30 more in Backstage',
    );
    expect(await page.getByTestId('depends-on').locator('li').count()).toBe(25);
    // Lists that were not cut say nothing more.
    expect(await page.getByTestId('more-dependents').count()).toBe(0);
    expect(problems.describe()).toBe('');
    await page.close();
  });

  it('says the entity is gone, with the time it was last seen and a way to look in Backstage', async () => {
    const { page, problems } = await openPanel({
      answers: {
        getPanel: ok({
          state: 'entity-deleted',
          componentId: COMPONENT_ID,
          entityRef: 'component:default/billing',
          backstageUrl: 'https://backstage.example.com/catalog/default/component/billing',
          asOf: ASOF,
          message: 'Backstage no longer has component:default/billing.',
          warning: { code: 'backstage-unreachable', message: 'Backstage is unreachable' },
        }),
      },
    });
    await page.getByTestId('entity-deleted').getByText('no longer has').waitFor();
    await page.getByTestId('as-of').waitFor();
    // Saved, and Backstage could not be asked again: the page says both.
    await expect(page.getByTestId('stale-warning').textContent()).resolves.toMatch(
      /showing saved data.*Backstage is unreachable/i,
    );
    expect(problems.describe()).toBe('');
    await page.close();
  });

  it('says Backstage cannot be reached when nothing is saved, and points to the admin page before connecting', async () => {
    const unreachable = await openPanel({
      answers: {
        getPanel: ok({
          state: 'backstage-unreachable',
          componentId: COMPONENT_ID,
          entityRef: 'component:default/billing',
          backstageUrl: 'https://backstage.example.com/catalog/default/component/billing',
          error: { code: 'backstage-unreachable', message: 'Backstage is unreachable' },
        }),
      },
    });
    await unreachable.page
      .getByTestId('backstage-unreachable')
      .locator('[data-error-code="backstage-unreachable"]')
      .getByText('Backstage is unreachable')
      .waitFor();
    expect(unreachable.problems.describe()).toBe('');
    await unreachable.page.close();

    const notConnected = await openPanel({
      answers: {
        getPanel: ok({
          state: 'not-connected',
          componentId: COMPONENT_ID,
          message:
            'The app is not connected to Backstage yet. An admin can connect it on the app’s admin page.',
        }),
      },
    });
    await notConnected.page.getByTestId('not-connected').getByText('admin page').waitFor();
    expect(notConnected.problems.describe()).toBe('');
    await notConnected.page.close();
  });

  it('lets a non-admin search but shows why linking is refused', async () => {
    const { page, problems } = await openPanel({
      answers: {
        getPanel: ok({
          state: 'not-linked',
          componentId: COMPONENT_ID,
          canLink: false,
          message: 'Not linked.',
        }),
        searchEntities: ok([
          { ref: 'component:default/billing', title: 'Billing', kind: 'Component', type: 'service' },
        ]),
        linkEntity: {
          ok: false,
          error: {
            code: 'forbidden',
            message: 'Only a Compass admin can link a component to a Backstage entity.',
          },
        },
      },
    });
    await page.getByTestId('admins-only').waitFor();
    await page.getByLabel('Backstage entity name').fill('bill');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: 'Link component:default/billing' }).click();
    await page.locator('[data-error-code="forbidden"]').getByText('Only a Compass admin').waitFor();
    // The search stays on the page.
    expect(await page.getByTestId('search-results').count()).toBe(1);
    expect(problems.describe()).toBe('');
    await page.close();
  });
});
