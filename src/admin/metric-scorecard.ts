// "Create the Backstage catalog health scorecard": one scorecard, found again by name, whose hasMetricValue criteria
// use the app's metrics (and, unless the admin leaves them out, the chosen Tech Insights checks) with weights summing
// to 100. A scorecard that exists is left as it is. Applying it to the imported components is the metrics phase's
// work (slice by slice, within its budget): the admin's request is recorded and the next import or sync applies it.
import { checkMetricKey } from '../core/metrics';
import type {
  CompassMetricsGateway,
  KeyValueStore,
  ScorecardMetricCriterion,
  TechInsightsCheck,
} from '../core/ports';
import { ensureMetricDefinitions, emptyMetricTally } from '../import/metrics-phase';
import { metricsInForce } from '../import/metrics-in-force';
import { metricStore } from '../storage/metric-store';
import { getMetrics, SCORECARD_NAME, type MetricsView } from './metric-settings';

const SCORECARD_DESCRIPTION =
  'What Backstage knows about each component: TechDocs, an owner that is in the catalog, no catalog errors, no ' +
  'deprecated dependencies, the operational annotations, and not orphaned. Made by the Backstage for Compass app.';

/** The criteria the scorecard asks for, by metric, with their relative weight before scaling to 100. */
const CRITERIA: {
  key: string;
  comparator: ScorecardMetricCriterion['comparator'];
  value: number;
  weight: number;
  name: string;
}[] = [
  { key: 'techdocs', comparator: 'EQUALS', value: 1, weight: 20, name: 'Has TechDocs' },
  { key: 'owner-in-catalog', comparator: 'EQUALS', value: 1, weight: 20, name: 'Owner is in the catalog' },
  { key: 'catalog-errors', comparator: 'EQUALS', value: 0, weight: 20, name: 'No catalog errors' },
  {
    key: 'deprecated-dependencies',
    comparator: 'EQUALS',
    value: 0,
    weight: 15,
    name: 'No deprecated dependencies',
  },
  {
    key: 'annotation-coverage',
    comparator: 'GREATER_THAN_OR_EQUAL_TO',
    value: 80,
    weight: 15,
    name: 'Most operational annotations set',
  },
  { key: 'orphaned', comparator: 'EQUALS', value: 0, weight: 10, name: 'Not orphaned' },
];

/** Each chosen check's relative weight before scaling: half of TechDocs', as much as Not orphaned. */
const CHECK_WEIGHT = 10;

/** Whole weights in proportion to `weights`, summing to exactly 100 (largest remainder). */
export function weightsSummingTo100(weights: number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (total === 0) return weights.map(() => 0);
  const exact = weights.map((weight) => (weight * 100) / total);
  const whole = exact.map(Math.floor);
  let left = 100 - whole.reduce((sum, weight) => sum + weight, 0);
  const byRemainder = exact
    .map((value, i) => ({ i, rest: value - whole[i]! }))
    .sort((a, b) => b.rest - a.rest);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    whole[i]! += 1;
    left -= 1;
  }
  return whole;
}

/**
 * The scorecard's criteria over the metrics that are on (a metric turned off is left out; weights rescaled), then one
 * per check in `checks` whose metric Compass has: it passes at 1, named "Passes: <check name>".
 */
export function scorecardCriteria(
  definitionIds: Record<string, string>,
  checks: readonly TechInsightsCheck[] = [],
): ScorecardMetricCriterion[] {
  const used = [
    ...CRITERIA,
    ...checks.map((check) => ({
      key: checkMetricKey(check.id),
      comparator: 'EQUALS' as const,
      value: 1,
      weight: CHECK_WEIGHT,
      name: `Passes: ${check.name}`,
    })),
  ].filter((criterion) => definitionIds[criterion.key] !== undefined);
  const weights = weightsSummingTo100(used.map((criterion) => criterion.weight));
  return used.map((criterion, i) => ({
    metricDefinitionId: definitionIds[criterion.key]!,
    comparator: criterion.comparator,
    comparatorValue: criterion.value,
    weight: weights[i]!,
    name: criterion.name,
  }));
}

/** Every metric the scorecard would use is turned off. */
export class ScorecardRequestError extends Error {
  override readonly name = 'ScorecardRequestError';
  readonly kind = 'no-scorecard-metrics';
  constructor() {
    super('Turn on at least one of the metrics the scorecard uses (TechDocs, owner, catalog errors…) first.');
  }
}

export async function createHealthScorecard(
  deps: { store: KeyValueStore; metrics: CompassMetricsGateway },
  /** `includeChecks`: the chosen Tech Insights checks as criteria (the default when any is chosen). */
  request: { apply: boolean; includeChecks?: boolean },
): Promise<MetricsView> {
  const metrics = metricStore(deps.store);
  const saved = await metrics.loadScorecard();
  const found = saved ?? (await deps.metrics.findScorecardByName(SCORECARD_NAME));
  let id = found?.id;
  if (!id) {
    const settings = await metrics.loadSettings();
    const inForce = metricsInForce(settings);
    const ids = await ensureMetricDefinitions(deps.metrics, deps, inForce.enabled, emptyMetricTally());
    const enabledIds = Object.fromEntries(
      inForce.enabled.filter((spec) => ids[spec.key]).map((spec) => [spec.key, ids[spec.key]!]),
    );
    const chosen = new Set(request.includeChecks === false ? [] : inForce.chosenCheckIds);
    const checks = (settings.techInsights?.checks ?? []).filter((check) => chosen.has(check.id));
    const criteria = scorecardCriteria(enabledIds, checks);
    if (criteria.length === 0) throw new ScorecardRequestError();
    id = (
      await deps.metrics.createScorecard({
        name: SCORECARD_NAME,
        description:
          checks.length > 0
            ? `${SCORECARD_DESCRIPTION} Also scores the Backstage Tech Insights checks chosen in the app.`
            : SCORECARD_DESCRIPTION,
        criteria,
      })
    ).id;
  }
  await metrics.saveScorecard({ id, name: SCORECARD_NAME, apply: request.apply || (saved?.apply ?? false) });
  return getMetrics(deps.store);
}
