// The panel's "Tech Insights" section: the chosen Tech Insights checks with the answers the metrics phase last read
// for this component's entity, read from the app's own state (no Backstage or Compass request).
import { metricsInForce } from '../import/metrics-in-force';
import type { EntityCheckState, StoredMetricSettings } from '../storage/metric-store';
import { cut, PANEL_VIEW_BOUNDS } from './panel-view-bounds';

export interface PanelCheck {
  name: string;
  description: string;
  /** null: Tech Insights gave no answer for this entity (or the check was chosen after the last run). */
  passed: boolean | null;
}

export interface PanelChecks {
  /** When the app last ran the checks for this entity. */
  evaluatedAt: string;
  checks: PanelCheck[];
  /** How many chosen checks were left out beyond PANEL_CHECK_BOUNDS.checks. */
  more?: number;
}

/**
 * The answer is built on every view (not cached in kvs), but it still travels with the panel's answer: a check's
 * name is cut like a title, its description like an error message (a sentence or two), and a long choice is capped.
 */
export const PANEL_CHECK_BOUNDS = {
  nameChars: PANEL_VIEW_BOUNDS.titleChars,
  descriptionChars: PANEL_VIEW_BOUNDS.errorMessageChars,
  checks: 50,
};

/** The section, or undefined when no check is chosen or the entity's checks were never run. Pure. */
export function panelChecksView(
  settings: StoredMetricSettings,
  state: EntityCheckState | undefined,
): PanelChecks | undefined {
  const chosenIds = metricsInForce(settings).chosenCheckIds;
  if (!state || chosenIds.length === 0) return undefined;
  const listed = new Map((settings.techInsights?.checks ?? []).map((check) => [check.id, check]));
  const checks = chosenIds.slice(0, PANEL_CHECK_BOUNDS.checks).map((id): PanelCheck => {
    const check = listed.get(id)!;
    return {
      name: cut(check.name, PANEL_CHECK_BOUNDS.nameChars),
      description: cut(check.description, PANEL_CHECK_BOUNDS.descriptionChars),
      passed: state.results[id] ?? null,
    };
  });
  const more = chosenIds.length - checks.length;
  return { evaluatedAt: state.evaluatedAt, checks, ...(more > 0 ? { more } : {}) };
}
