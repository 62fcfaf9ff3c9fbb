// The Backstage catalog health scorecard with the chosen Tech Insights checks, against the real Backstage (its Tech
// Insights lists the checks) and the local Compass: one criterion per chosen check, weights still summing to 100,
// and none when the admin leaves the checks out.
import { checkMetricKey } from '../core/metrics';
import type { TechInsightsCheck } from '../core/ports';
import { GraphqlCompassMetrics } from '../compass/graphql-compass-metrics';
import { importHarness, type ImportHarness } from '../import/testing/import-harness';
import { rememberTechInsightsChecks } from '../import/tech-insights-choice';
import { createHealthScorecard, scorecardCriteria } from './metric-scorecard';
import { saveMetricSettings } from './metric-settings';

/** A harness whose store holds the checks Tech Insights lists now, all chosen (as the connection test leaves it). */
async function harnessWithChecks(): Promise<{ harness: ImportHarness; checks: TechInsightsCheck[] }> {
  const harness = importHarness({ metrics: true, techInsights: 'test-backstage' });
  const checks = await harness.deps.techInsights!.listChecks();
  await rememberTechInsightsChecks(harness.store, checks, new Date().toISOString());
  return { harness, checks };
}

function scorecardOf(harness: ImportHarness) {
  const [scorecard, ...others] = harness.compass.scorecards();
  expect(others).toEqual([]);
  const names = new Map(harness.compass.metricDefinitions().map((d) => [d.id, d.name]));
  return {
    scorecard: scorecard!,
    metricNames: scorecard!.criteria.map((criterion) => names.get(criterion.metricDefinitionId!)),
    weightTotal: scorecard!.criteria.reduce((sum, criterion) => sum + criterion.weight, 0),
  };
}

const deps = (harness: ImportHarness) => ({
  store: harness.store,
  metrics: harness.deps.metrics as GraphqlCompassMetrics,
});

describe('the health scorecard with the Tech Insights checks', () => {
  it('includes one criterion per chosen check by default, weights summing to 100', async () => {
    const { harness, checks } = await harnessWithChecks();
    expect(checks).toHaveLength(5);
    // One check turned off: only the four chosen ones are criteria.
    const [left, ...chosen] = checks;
    await saveMetricSettings(harness.store, { enabled: { [checkMetricKey(left!.id)]: false } });

    await createHealthScorecard(deps(harness), { apply: false });
    const { scorecard, metricNames, weightTotal } = scorecardOf(harness);
    expect(weightTotal).toBe(100);
    expect(scorecard.criteria).toHaveLength(6 + chosen.length);
    expect(metricNames.filter((name) => name?.startsWith('Backstage check: ')).sort()).toEqual(
      chosen.map((check) => `Backstage check: ${check.name}`).sort(),
    );
    expect(metricNames).not.toContain(`Backstage check: ${left!.name}`);
    expect(scorecard.criteria.every((criterion) => criterion.weight > 0)).toBe(true);
  });

  it('includes none with includeChecks false', async () => {
    const { harness } = await harnessWithChecks();
    await createHealthScorecard(deps(harness), { apply: false, includeChecks: false });
    const { metricNames, weightTotal } = scorecardOf(harness);
    expect(weightTotal).toBe(100);
    expect(metricNames).toHaveLength(6);
    expect(metricNames.some((name) => name?.startsWith('Backstage check: '))).toBe(false);
  });

  it('leaves a scorecard that exists as it is: found again by name, its criteria unchanged', async () => {
    const { harness } = await harnessWithChecks();
    await createHealthScorecard(deps(harness), { apply: false, includeChecks: false });
    const before = harness.compass.scorecards()[0]!.criteria;
    const view = await createHealthScorecard(deps(harness), { apply: true, includeChecks: true });
    expect(view.scorecard).toMatchObject({ created: true, applied: true });
    expect(harness.compass.scorecards()).toHaveLength(1);
    expect(harness.compass.scorecards()[0]!.criteria).toEqual(before);
  });
});

describe('scorecardCriteria', () => {
  const ids = {
    techdocs: 'd-techdocs',
    'owner-in-catalog': 'd-owner',
    'catalog-errors': 'd-errors',
    'deprecated-dependencies': 'd-deprecated',
    'annotation-coverage': 'd-coverage',
    orphaned: 'd-orphaned',
    [checkMetricKey('tagsCheck')]: 'd-tags',
    [checkMetricKey('titleCheck')]: 'd-title',
  };
  const checks = [
    { id: 'tagsCheck', name: 'Has tags', description: '' },
    { id: 'titleCheck', name: 'Has a title', description: '' },
    // Chosen but not yet defined in Compass: left out.
    { id: 'descriptionCheck', name: 'Has a description', description: '' },
  ];

  it('names each check’s criterion "Passes: <check name>", passing at 1, and rescales every weight to 100', () => {
    const criteria = scorecardCriteria(ids, checks);
    expect(criteria.slice(6)).toEqual([
      {
        metricDefinitionId: 'd-tags',
        comparator: 'EQUALS',
        comparatorValue: 1,
        weight: 8,
        name: 'Passes: Has tags',
      },
      {
        metricDefinitionId: 'd-title',
        comparator: 'EQUALS',
        comparatorValue: 1,
        weight: 8,
        name: 'Passes: Has a title',
      },
    ]);
    // 100 for the six built-ins and 10 per check, scaled to 100.
    expect(criteria.map((criterion) => criterion.weight)).toEqual([17, 17, 17, 13, 12, 8, 8, 8]);
    expect(scorecardCriteria(ids).map((criterion) => criterion.weight)).toEqual([20, 20, 20, 15, 15, 10]);
  });
});
