// The panel's wrong states of issue 12, each in the built page with a Forge host whose resolver answers as the
// app does: "Open component" (not "Link") for an entity already in Compass, an API's providers and consumers,
// refs Backstage does not have as plain text, no ARI on screen, links grouped by type, and Compass links in
// the one shape the app builds (`<site>/compass/component/<id>`; the page's own origin in the local sandbox).
import type { Page } from 'playwright-core';
import type { PanelState } from '../../src/panel/component-panel';
import type { BoundedPanelEntityView as PanelEntityView } from '../../src/panel/panel-view-bounds';
import { openPanelWithScriptedHost, useStaticAppsInChromium, type WatchedPage } from './browser-session';

const COMPONENT_UUID = '4a1f0c2e-0000-4000-8000-00000000c0de';
const COMPONENT_ID = `ari:cloud:compass:site-1:component/workspace-1/${COMPONENT_UUID}`;
const OTHER_UUID = '9b1c2d3e-aaaa-4bbb-8ccc-000000000001';
const OTHER_COMPONENT_ID = `ari:cloud:compass:site-1:component/workspace-1/${OTHER_UUID}`;
const SITE_URL = 'https://acme.atlassian.net';
const ASOF = '2026-11-24T10:00:00.000Z';

const session = useStaticAppsInChromium();

function openPanel(answers: Record<string, unknown>): Promise<WatchedPage> {
  return openPanelWithScriptedHost(session, { componentId: COMPONENT_ID, siteUrl: SITE_URL, answers });
}

const ok = (value: unknown) => ({ ok: true, value });

const related = (kind: string, name: string, overrides: Record<string, unknown> = {}) => ({
  ref: `${kind.toLowerCase()}:default/${name}`,
  title: name,
  kind,
  backstageUrl: `https://backstage.example.com/catalog/default/${kind.toLowerCase()}/${name}`,
  exists: true,
  ...overrides,
});

function entityView(overrides: Partial<PanelEntityView> = {}): PanelEntityView {
  return {
    ref: 'component:default/billing',
    title: 'Billing',
    name: 'billing',
    namespace: 'default',
    kind: 'Component',
    type: 'service',
    lifecycle: 'production',
    description: 'Bills merchants every month.',
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

function ready(entity: PanelEntityView): PanelState {
  return { state: 'ready', componentId: COMPONENT_ID, asOf: ASOF, fromCache: false, entity };
}

/** Waits for the shown entity (the panel's root names it; nothing the page prints). */
async function shown(page: Page, ref: string): Promise<void> {
  await page.locator(`[data-testid="entity-details"][data-entity-ref="${ref}"]`).waitFor();
}

describe('the panel’s wrong states (issue 12)', () => {
  it('offers "Open component" instead of "Link" for an entity that already has a Compass component', async () => {
    const { page, problems } = await openPanel({
      getPanel: ok({ state: 'not-linked', componentId: COMPONENT_ID, canLink: true, message: 'Not linked.' }),
      searchEntities: ok([
        { ref: 'component:default/billing', title: 'Billing', kind: 'Component', imported: false },
        {
          ref: 'component:default/ledger',
          title: 'Ledger',
          kind: 'Component',
          imported: true,
          componentId: OTHER_COMPONENT_ID,
        },
      ]),
    });
    await page.getByLabel('Backstage entity name').fill('le');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('search-results').waitFor();
    // Not yet in Compass: an active Link.
    expect(await page.getByRole('button', { name: 'Link component:default/billing' }).isEnabled()).toBe(true);
    // Already in Compass: no Link at all, a link to that component's page instead.
    expect(await page.getByRole('button', { name: 'Link component:default/ledger' }).count()).toBe(0);
    const open = page.getByRole('link', { name: 'Open component Ledger' });
    // Served from loopback, as in the local sandbox: the page's own origin stands for the site.
    await expect(open.getAttribute('href')).resolves.toBe(
      `${session.server.url}/compass/component/${OTHER_UUID}`,
    );
    expect(problems.describe()).toBe('');
    await page.close();
  });

  it('says a refused link in words, never the alias error or an ARI', async () => {
    const { page, problems } = await openPanel({
      getPanel: ok({ state: 'not-linked', componentId: COMPONENT_ID, canLink: true, message: 'Not linked.' }),
      searchEntities: ok([{ ref: 'component:default/billing', title: 'Billing', kind: 'Component' }]),
      // What the resolver answered before: a Compass error whose text names the alias and another component's ARI.
      linkEntity: {
        ok: false,
        error: {
          code: 'alias-conflict',
          message: `attachAlias: External alias (backstage, component:default/billing) already exists on component ${OTHER_COMPONENT_ID}`,
        },
      },
    });
    await page.getByLabel('Backstage entity name').fill('bill');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: 'Link component:default/billing' }).click();
    const error = page.locator('[data-error-code="alias-conflict"]');
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/already has its own Compass component/);
    await expect(page.locator('body').innerText()).resolves.not.toMatch(/ari:|External alias|attachAlias/);
    expect(problems.describe()).toBe('');
    await page.close();
  });

  it('shows an API’s providers and consumers, and no empty "None" sections', async () => {
    const { page, problems } = await openPanel({
      getPanel: ok(
        ready(
          entityView({
            ref: 'api:default/payments-api',
            kind: 'API',
            type: 'openapi',
            providedBy: [related('Component', 'payment-gateway', { title: 'Payment Gateway' })],
            consumedBy: [related('Component', 'checkout'), related('Component', 'merchant-dashboard')],
          }),
        ),
      ),
    });
    await shown(page, 'api:default/payments-api');
    await expect(page.getByTestId('provided-by').innerText()).resolves.toMatch(
      /Provided by\s+Payment Gateway/,
    );
    expect(await page.getByTestId('consumed-by').locator('li').count()).toBe(2);
    expect(await page.getByTestId('provides-apis').count()).toBe(0);
    expect(await page.getByTestId('consumes-apis').count()).toBe(0);
    await expect(page.locator('body').innerText()).resolves.not.toMatch(/\bNone\b/);
    expect(problems.describe()).toBe('');
    await page.close();
  });

  it('shows a ref that Backstage does not have as plain text, not as a link', async () => {
    const { page, problems } = await openPanel({
      getPanel: ok(
        ready(
          entityView({
            dependsOn: [
              related('Resource', 'billing-db', { title: 'Billing database' }),
              related('Resource', 'old-queue', { exists: false }),
            ],
          }),
        ),
      ),
    });
    await shown(page, 'component:default/billing');
    const dependsOn = page.getByTestId('depends-on');
    await dependsOn.getByRole('link', { name: 'Billing database' }).waitFor();
    await dependsOn.getByText('old-queue (not in Backstage)').waitFor();
    expect(await dependsOn.getByRole('link', { name: /old-queue/ }).count()).toBe(0);
    expect(problems.describe()).toBe('');
    await page.close();
  });

  it('puts no ARI on screen, and does not repeat the name and description Compass already shows', async () => {
    const { page, problems } = await openPanel({
      getPanel: ok(
        ready(
          entityView({
            owner: related('Group', 'payments-team', { title: 'Payments' }),
            system: related('System', 'payment-processing'),
            domain: related('Domain', 'payments', { title: 'Payments domain' }),
          }),
        ),
      ),
    });
    await shown(page, 'component:default/billing');
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/ari:cloud/);
    expect(text).not.toContain('Bills merchants every month.');
    // Domain and system by title (a system without one by its name in sentence case), never by ref.
    await expect(page.getByTestId('entity-system').innerText()).resolves.toBe('Payment processing');
    await expect(page.getByTestId('entity-domain').innerText()).resolves.toBe('Payments domain');
    expect(text).not.toMatch(/system:default|domain:default/);
    // The id stays reachable: a button copies it.
    await page.getByRole('button', { name: 'Copy component id' }).waitFor();
    await expect(page.getByTestId('component-id').getAttribute('data-component-id')).resolves.toBe(
      COMPONENT_ID,
    );
    expect(problems.describe()).toBe('');
    await page.close();
  });

  it('groups the entity’s links by type, each group under its title', async () => {
    const { page, problems } = await openPanel({
      getPanel: ok(
        ready(
          entityView({
            links: [
              { title: 'Runbook', url: 'https://wiki.example.com/runbook', type: 'DOCUMENT' },
              { title: 'Grafana', url: 'https://grafana.example.com/d/billing', type: 'DASHBOARD' },
              { title: 'API reference', url: 'https://docs.example.com/billing', type: 'DOCUMENT' },
            ],
          }),
        ),
      ),
    });
    await shown(page, 'component:default/billing');
    const group = (title: string) => page.locator(`[data-testid="link-group"][data-link-group="${title}"]`);
    await expect(group('Documentation').locator('li').allInnerTexts()).resolves.toEqual([
      'Runbook',
      'API reference',
    ]);
    await expect(group('Dashboard').locator('li').allInnerTexts()).resolves.toEqual(['Grafana']);
    await expect(group('Documentation').getByRole('heading').innerText()).resolves.toBe('Documentation');
    expect(problems.describe()).toBe('');
    await page.close();
  });

  it('links related Compass components in the one URL shape: the site’s /compass/component/<id>', async () => {
    const { page, problems } = await openPanel({
      getPanel: ok(
        ready(
          entityView({
            dependsOn: [related('Resource', 'billing-db', { compassComponentId: OTHER_COMPONENT_ID })],
          }),
        ),
      ),
    });
    await shown(page, 'component:default/billing');
    const link = page.getByTestId('depends-on').getByRole('link', { name: 'billing-db' });
    // The page here is served from loopback, as in the local sandbox: its own origin stands for the site.
    await expect(link.getAttribute('href')).resolves.toBe(
      `${session.server.url}/compass/component/${OTHER_UUID}`,
    );
    expect(problems.describe()).toBe('');
    await page.close();
  });
});
