// Which Tech Insights checks are metrics: the checks as last listed and the admin's choice, one reading and one
// writer for the connection test, the metrics phase and the Metrics tab. Every check listed when Tech Insights is
// first detected is chosen; a check that appears later waits for the admin; one that disappears is dropped.
import type { KeyValueStore, TechInsightsCheck } from '../core/ports';
import { metricStore, type StoredTechInsightsChoice } from '../storage/metric-store';

/** The choice after a fresh listing (pure). */
export function choiceAfterListing(
  saved: StoredTechInsightsChoice | undefined,
  checks: TechInsightsCheck[],
  listedAt: string,
): StoredTechInsightsChoice {
  const listed = new Set(checks.map((check) => check.id));
  const chosen = saved ? saved.chosen.filter((id) => listed.has(id)) : checks.map((check) => check.id);
  return { checks, chosen, listedAt };
}

/** Records what Tech Insights listed; answers the choice now in force. */
export async function rememberTechInsightsChecks(
  store: KeyValueStore,
  checks: TechInsightsCheck[],
  listedAt: string,
): Promise<StoredTechInsightsChoice> {
  const metrics = metricStore(store);
  const settings = await metrics.loadSettings();
  const next = choiceAfterListing(settings.techInsights, checks, listedAt);
  // One write per listing (a connection test, a run): the Metrics tab says when the checks were last listed.
  await metrics.saveSettings({ ...settings, techInsights: next });
  return next;
}
