// The admin page's Sync tab in Chromium, in a sandbox on a Backstage of its own with an editable copy of the demo
// catalog (entities are removed from it, which the shared test Backstage must never see): components already in Compass matched on the catalog
// tab and adopted instead of duplicated, the sync settings saved, a sync with nothing to do, the circuit breaker
// refusing to mark 4 of 28 imported entities (over its 10%) and "Apply anyway" marking them, a field edited in
// Compass reported as drift and put back, and the export downloaded.
import * as fs from 'node:fs';
import type { Frame, Locator, Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../server/start-sandbox';
import { launchChromium, type BrowserSession } from './chromium';
import { openWatchedPage } from './browser-session';
import type { PageProblemLog } from './page-problems';
import { createUnlinkedComponent, editComponentInCompass, invokeAdmin } from './panel-sandbox';
import { removeComponentsFromCatalog, temporaryCatalogDir } from './backstage-catalog-edits';
import {
  appFrame,
  chooseOption,
  clickAndAnswer as clickAndAnswerOn,
  importFromAdminPage,
  openSyncTab as openSyncTabOf,
  primaryButtons as primaryButtonsOf,
  startRunFromAdminPage,
  syncFromAdminPage,
  waitForSyncTabRun,
} from './sandbox-page-driver';
import { assertUiBuilt } from './ui-build';

/** Removed from Backstage between two syncs: 4 of the 28 imported entities, over the breaker's 10%. */
const REMOVED = ['payouts-worker', 'card-tokenizer', 'risk-rules-engine', 'transaction-etl'];
/** Made in Compass by hand before the import: one matches an entity on its repository, one on its name only. */
const SAME_REPOSITORY = {
  name: 'Gateway (made by hand)',
  repository: 'https://github.com/brightpay-eng/payment-gateway',
};
const SAME_NAME = { name: 'kyc checks' };

let catalogDir: string;
let sandbox: Sandbox;
let browser: BrowserSession;
let page: Page;
let admin: Frame;
let problems: PageProblemLog;
const handMade: Record<string, string> = {};

const componentOf = (entityName: string) =>
  sandbox.compass
    .components()
    .find((component) =>
      component.externalAliases.some((alias) => alias.externalId.endsWith(`component:default/${entityName}`)),
    );

beforeAll(async () => {
  assertUiBuilt();
  catalogDir = temporaryCatalogDir();
  sandbox = await startSandbox({ port: 0, editableCatalogDir: catalogDir });
  handMade.repository = await createUnlinkedComponent(
    sandbox,
    SAME_REPOSITORY.name,
    SAME_REPOSITORY.repository,
  );
  handMade.name = await createUnlinkedComponent(sandbox, SAME_NAME.name);
  browser = await launchChromium();
  ({ page, problems } = await openWatchedPage(browser));
  await page.goto(sandbox.urls.admin);
  admin = await appFrame(page, 'admin-page');
  await admin.getByTestId('connection-url').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
  if (catalogDir) fs.rmSync(catalogDir, { recursive: true, force: true });
});

const clickAndAnswer = (method: string, target: Locator) => clickAndAnswerOn(page, method, target);

const openSyncTab = () => openSyncTabOf(admin);
const syncNowAndWait = () => syncFromAdminPage(admin);

const primaryButtons = () => primaryButtonsOf(admin);

describe('the Sync tab in the sandbox', () => {
  it('shows the matches with components already in Compass on the catalog tab and adopts the name match', async () => {
    const byName = admin.locator('tr[data-entity-ref="component:default/kyc-service"]');
    await byName.getByTestId('row-adoption').waitFor();
    await expect(byName.getByTestId('row-adoption').textContent()).resolves.toMatch(
      /^Matches kyc checks \(same name\)/,
    );
    const byRepository = admin.locator('tr[data-entity-ref="component:default/payment-gateway"]');
    await expect(byRepository.getByTestId('row-adoption').textContent()).resolves.toMatch(
      /^Matches Gateway \(made by hand\) \(same repository\)/,
    );
    await clickAndAnswer('adoptComponents', byName.getByRole('button', { name: 'Adopt' }));
    await byName.getByText('Adopted: the import updates it').waitFor();
  });

  it('imports without duplicating either component', async () => {
    await importFromAdminPage(admin, 90_000);
    const components = sandbox.compass.components();
    expect(components).toHaveLength(28);
    expect(componentOf('kyc-service')?.id).toBe(handMade.name);
    expect(componentOf('payment-gateway')?.id).toBe(handMade.repository);
  });

  it('saves the schedule, the removal policy and the threshold, with one primary button', async () => {
    await openSyncTab();
    await expect(admin.getByTestId('last-sync-headline').textContent()).resolves.toBe('No sync has run yet.');
    expect(await primaryButtons()).toEqual(['Sync now']);
    await chooseOption(admin, 'sync-schedule', 'Every hour');
    await chooseOption(admin, 'removal-policy', 'Mark in Compass');
    await expect(admin.getByTestId('removal-policy-description').textContent()).resolves.toMatch(
      /label backstage-removed/,
    );
    expect(await primaryButtons()).toEqual(['Save sync settings']);
    await clickAndAnswer('saveSyncSettings', admin.getByTestId('save-sync-settings'));
    await admin.getByTestId('sync-notice').filter({ hasText: 'The sync settings are saved.' }).waitFor();
    const saved = await invokeAdmin<{ value: { settings: { schedule: string; removalPolicy: string } } }>(
      sandbox,
      'getSyncSettings',
      {},
    );
    expect(saved.value.settings).toMatchObject({
      schedule: 'hourly',
      removalPolicy: 'mark',
      maxRemovalShare: 0.1,
    });
  });

  it('syncs an unchanged catalog and says nothing changed', async () => {
    await syncNowAndWait();
    await expect(admin.getByTestId('last-sync-counts').textContent()).resolves.toMatch(/^Nothing changed: /);
    expect(sandbox.compass.components()).toHaveLength(28);
  });

  it('shows the breaker refusing to mark 4 of 28 entities, then marks them on "Apply anyway"', async () => {
    await removeComponentsFromCatalog(sandbox.backstage, REMOVED);
    await syncNowAndWait();
    const breaker = admin.getByTestId('breaker');
    await breaker.waitFor();
    await expect(breaker.textContent()).resolves.toContain(
      'Nothing was removed: too many entities would go at once',
    );
    await expect(admin.getByTestId('breaker-message').textContent()).resolves.toMatch(
      /^4 of the 28 imported entities \(14\.3%\) are no longer in Backstage, more than the 10% /,
    );
    // Nothing marked while the breaker holds.
    for (const name of REMOVED) expect(componentOf(name)?.labels).not.toContain('backstage-removed');

    await admin.getByTestId('apply-anyway').click();
    await admin.getByTestId('apply-anyway-confirm').waitFor();
    const runId = await startRunFromAdminPage(
      admin,
      'applyRemovals',
      admin.getByTestId('apply-anyway-confirmed'),
    );
    await waitForSyncTabRun(admin, runId);
    await admin.getByTestId('removals-table').waitFor();
    await expect(
      admin.locator('[data-testid="removals-table"] tbody tr', { hasText: 'Marked in Compass' }).count(),
    ).resolves.toBe(4);
    await expect(admin.getByTestId('breaker').count()).resolves.toBe(0);
    for (const name of REMOVED) expect(componentOf(name)?.labels).toContain('backstage-removed');
    // Marked, not deleted.
    expect(sandbox.compass.components()).toHaveLength(28);
  });

  it('reports a description edited in Compass and writes Backstage’s back', async () => {
    const ledger = componentOf('ledger-service')!;
    const original = ledger.description;
    await editComponentInCompass(sandbox, ledger.id, { description: 'Edited by hand in Compass' });
    await clickAndAnswer('getDrift', admin.getByTestId('check-drift'));
    const row = admin.locator(
      '[data-testid="drift-table"] tr[data-entity-ref="component:default/ledger-service"]',
    );
    await expect(row.textContent()).resolves.toContain('Edited by hand in Compass');
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe('Description');
    await clickAndAnswer('resolveDrift', row.getByRole('button', { name: 'Take Backstage’s' }));
    await row.waitFor({ state: 'detached' });
    expect(sandbox.compass.component(ledger.id)?.description).toBe(original);
  });

  it('downloads the mapping as CSV', async () => {
    const download = page.waitForEvent('download');
    await admin.getByTestId('export-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const csv = Buffer.concat(chunks).toString('utf8');
    expect(csv).toContain('component:default/ledger-service');
    await admin.getByTestId('export-done').waitFor();
  });

  it('shows words, not codes, and the page had no problems', async () => {
    const text = (await admin.getByTestId('sync').textContent()) ?? '';
    expect(text).not.toMatch(/ari:cloud|too-many|hourly|removalPolicy|ownerId|\d{14}-[0-9a-f]{8}/);
    expect(problems.describe()).toBe('');
  });
});
