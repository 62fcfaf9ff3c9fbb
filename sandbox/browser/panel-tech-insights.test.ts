// The panel's "Tech Insights" section in the running sandbox, in Chromium, after an import through the admin
// resolver (its metrics phase runs the checks the connection test found, all chosen): a component's five checks,
// each answered as Tech Insights itself answers and as the catalog's facts say, and a warm view asks Backstage nothing.
import type { Entity } from '@backstage/catalog-model';
import type { MetricsView } from '../../src/admin/metric-settings';
import { openWatchedPage, useSandboxInChromium } from './browser-session';
import {
  backstageRequests,
  componentIdOf,
  importAllButOne,
  invokeAdmin,
  resetStats,
  techInsightsAnswers,
} from './panel-sandbox';
import { appFrame } from './sandbox-page-driver';

/** A demo component with tags and a description, but no title, no TechDocs and a person as owner. */
const SHOWN = 'component:default/payouts-worker';

const session = useSandboxInChromium({}, 90_000);

beforeAll(async () => {
  // So that the import's checks have every answer.
  await techInsightsAnswers(session.sandbox, [SHOWN]);
  // The sandbox's start saved the connection, which finds the checks; an admin's test finds them again (once, on a
  // loaded machine, the start's detection found none).
  await invokeAdmin(session.sandbox, 'testConnection');
  await importAllButOne(session.sandbox);
}, 120_000);

async function catalogEntity(ref: string): Promise<Entity> {
  const [kind, namespace, name] = ref.split(/[:/]/);
  const response = await fetch(
    `${session.sandbox.backstage.baseUrl}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
    { headers: { authorization: `Bearer ${session.sandbox.backstage.token}` } },
  );
  return (await response.json()) as Entity;
}

/** Each check's answer as the catalog's facts give it (the embedded Backstage's five checks). */
function factsOf(entity: Entity): Record<string, boolean> {
  const owner = String(entity.spec?.owner ?? '');
  return {
    groupOwnerCheck: owner !== '' && !owner.startsWith('user:'),
    descriptionCheck: Boolean(entity.metadata.description),
    tagsCheck: (entity.metadata.tags ?? []).length > 0,
    techdocsCheck: Boolean(entity.metadata.annotations?.['backstage.io/techdocs-ref']),
    titleCheck: Boolean(entity.metadata.title),
  };
}

const inWords = (passed: boolean | undefined) =>
  passed === true ? 'Passed' : passed === false ? 'Failed' : 'No answer';

describe('the panel’s Tech Insights section in the sandbox', () => {
  it('shows a component’s five checks as Tech Insights answers them, checked just now; a warm view asks Backstage nothing', async () => {
    // The connection test found the checks (all chosen) and the import ran them.
    const metrics = await invokeAdmin<{ value: MetricsView }>(session.sandbox, 'getMetrics');
    expect(metrics.value.techInsights).toMatchObject({ checkCount: 5, chosenCount: 5 });
    expect(metrics.value.lastPush?.checksError).toBeUndefined();

    const { page, problems } = await openWatchedPage(session.browser);
    await page.goto(session.sandbox.urls.component(componentIdOf(session.sandbox, SHOWN)));
    const panel = await appFrame(page, 'component-panel');
    const section = panel.getByTestId('tech-insights');
    await section.waitFor();
    await expect(section.getByRole('heading', { name: 'Tech Insights' }).count()).resolves.toBe(1);

    const rows = section.getByTestId('tech-insights-check');
    const shown = await rows.evaluateAll((items) =>
      items.map((item) => [
        item.firstElementChild?.textContent ?? '',
        item.querySelector('[data-testid="tech-insights-outcome"]')?.textContent ?? '',
        item.lastElementChild?.textContent ?? '',
      ]),
    );
    // Tech Insights' own answers now, as the import read them.
    const techInsights = await techInsightsAnswers(session.sandbox, [SHOWN], 0);
    const answers = techInsights.answers.get(SHOWN)!;
    expect(shown).toEqual(
      techInsights.checks.map((check) => [check.name, inWords(answers[check.id]), check.description]),
    );
    // Tech Insights' answers are the catalog's facts: this component passes some checks and fails others.
    expect(answers).toEqual(factsOf(await catalogEntity(SHOWN)));
    expect(shown.map(([, outcome]) => outcome).sort()).toEqual([
      'Failed',
      'Failed',
      'Failed',
      'Passed',
      'Passed',
    ]);
    await expect(section.getByTestId('tech-insights-checked').textContent()).resolves.toMatch(
      /^Checked (just now|\d+ minutes? ago)\.$/,
    );
    // Words only: no check id, no true/false.
    expect(await section.innerText()).not.toMatch(/[a-z]Check\b|\btrue\b|\bfalse\b|\bnull\b/);

    await resetStats(session.sandbox);
    await page.reload();
    const again = (await appFrame(page, 'component-panel')).getByTestId('tech-insights');
    await again.waitFor();
    await expect(again.getByTestId('tech-insights-check').count()).resolves.toBe(5);
    expect(await backstageRequests(session.sandbox)).toBe(0);
    expect(problems.describe()).toBe('');
    await page.close();
  }, 60_000);
});
