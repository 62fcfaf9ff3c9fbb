// Tech Insights checks as scorecard metrics: one 0/1 metric per chosen check ("Backstage check: <name>") and
// "Backstage: Checks passed", the share of the chosen checks an entity passes. Pure: the checks come from the
// admin's stored choice, the results from the metrics phase.
import type { TechInsightsCheck } from '../ports';
import {
  cutDescription,
  METRIC_KINDS,
  METRIC_NAME_PREFIX,
  type MetricDefinitionSpec,
} from './metric-definitions';

export const CHECK_METRIC_KEY_PREFIX = 'check:';
export const CHECK_METRIC_NAME_PREFIX = 'Backstage check: ';
export const CHECKS_PASSED_KEY = 'checks-passed';

export function checkMetricKey(checkId: string): string {
  return `${CHECK_METRIC_KEY_PREFIX}${checkId}`;
}

/**
 * One spec per check. Two checks with the same name would make one Compass definition (definitions are found again
 * by name), so a repeated name carries its check id.
 */
export function checkMetricSpecs(checks: readonly TechInsightsCheck[]): MetricDefinitionSpec[] {
  const seen = new Map<string, number>();
  for (const check of checks) seen.set(check.name, (seen.get(check.name) ?? 0) + 1);
  return checks.map((check) => ({
    key: checkMetricKey(check.id),
    name: `${CHECK_METRIC_NAME_PREFIX}${check.name}${seen.get(check.name)! > 1 ? ` (${check.id})` : ''}`,
    description: cutDescription(
      `1 when the entity passes the Backstage Tech Insights check "${check.name}", else 0.` +
        (check.description ? ` ${check.description}` : ''),
    ),
    suffix: '/1',
    unit: '0/1',
    kinds: METRIC_KINDS,
    checkId: check.id,
  }));
}

export const CHECKS_PASSED_SPEC: MetricDefinitionSpec = {
  key: CHECKS_PASSED_KEY,
  name: `${METRIC_NAME_PREFIX}Checks passed`,
  description:
    'Share of the Tech Insights checks chosen in the app that the entity passes, rounded down to a whole percent (100 means all). No value when Tech Insights answered none of them.',
  suffix: '%',
  unit: '%',
  kinds: METRIC_KINDS,
};

/** The check metrics' values for one entity's answers: 0/1 per answered check, and the share passed. */
export function checkMetricValues(
  chosenCheckIds: readonly string[],
  results: Record<string, boolean>,
): Map<string, number> {
  const values = new Map<string, number>();
  let answered = 0;
  let passed = 0;
  for (const id of chosenCheckIds) {
    const result = results[id];
    if (result === undefined) continue;
    answered += 1;
    if (result) passed += 1;
    values.set(checkMetricKey(id), result ? 1 : 0);
  }
  if (answered > 0) values.set(CHECKS_PASSED_KEY, Math.floor((passed * 100) / answered));
  return values;
}
