// The Tech Insights part of the metrics phase: the checks listed again once per run (so a check renamed, added or
// removed in Backstage is known before any is run: an unknown check id fails every entity of a request), and the
// chosen checks run for a page of entities in batches. A Tech Insights failure stops the checks' metrics for the
// rest of the run, in the app's words; every other metric goes on.
import { TechInsightsError } from '../backstage/tech-insights-errors';
import { errorFields, log } from '../core/log';
import { checkMetricValues } from '../core/metrics';
import type { TechInsights } from '../core/ports';
import type { EntityMetricState } from '../storage/metric-store';
import { metricStore } from '../storage/metric-store';
import type { ImportEngineDeps } from './import-engine';
import type { ImportRun, MetricRunTally } from './import-run';
import { rememberTechInsightsChecks } from './tech-insights-choice';

/** The app's words for a Tech Insights failure: its title and what to do, never what Backstage said. */
export function checksErrorWords(error: unknown): string {
  const unavailable = TechInsightsError.from(error);
  return `The Tech Insights checks could not be read: ${unavailable.title}. ${unavailable.whatToDo} The other metrics were pushed.`;
}

function checksFailed(run: ImportRun, tally: MetricRunTally, error: unknown): void {
  log.error('metrics.checks-failed', { runId: run.runId, ...errorFields(error) });
  tally.checksError = checksErrorWords(error);
}

/**
 * Lists the checks once per run. Once Tech Insights was detected (by the connection test or an earlier run), the
 * stored choice follows the listing and a failure stops the checks' metrics for the run. Before that, a run
 * detects it too (every check chosen, as on the connection test); a Backstage without Tech Insights, or a token
 * that may not use it, costs that one request and no warning.
 */
export async function relistChecks(
  deps: Pick<ImportEngineDeps, 'store' | 'techInsights'>,
  run: ImportRun,
  tally: MetricRunTally,
  now: Date,
): Promise<void> {
  const techInsights = deps.techInsights;
  if (!techInsights) return;
  const detected = (await metricStore(deps.store).loadSettings()).techInsights !== undefined;
  let checks;
  try {
    checks = await techInsights.listChecks();
  } catch (error) {
    if (detected) checksFailed(run, tally, error);
    else log.info('metrics.checks-not-detected', { runId: run.runId, ...errorFields(error) });
    return;
  }
  if (detected || checks.length > 0) await rememberTechInsightsChecks(deps.store, checks, now.toISOString());
}

export interface CheckedEntity {
  ref: string;
  state: EntityMetricState;
  values: Map<string, number>;
}

/**
 * Runs the chosen checks for the entities and adds their metric values (0/1 per check, Checks passed) to each
 * entity's values, keeping the answers in its metric state for the panel. Nothing when no check is chosen or
 * Tech Insights already failed in this run.
 */
export async function addCheckValues(
  techInsights: TechInsights | undefined,
  run: ImportRun,
  entities: CheckedEntity[],
  chosenCheckIds: string[],
  now: Date,
  tally: MetricRunTally,
): Promise<void> {
  if (!techInsights || chosenCheckIds.length === 0 || tally.checksError || entities.length === 0) return;
  let answers;
  try {
    answers = await techInsights.runChecks(
      entities.map((entity) => entity.ref),
      chosenCheckIds,
    );
  } catch (error) {
    checksFailed(run, tally, error);
    return;
  }
  for (const entity of entities) {
    const answer = answers.get(entity.ref.toLowerCase());
    if (!answer?.ok) continue;
    const results = Object.fromEntries(
      chosenCheckIds.flatMap((id) => (answer.results[id] === undefined ? [] : [[id, answer.results[id]!]])),
    );
    entity.state.checks = { evaluatedAt: now.toISOString(), results };
    for (const [key, value] of checkMetricValues(chosenCheckIds, results)) entity.values.set(key, value);
  }
}
