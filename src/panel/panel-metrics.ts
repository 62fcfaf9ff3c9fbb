// The panel's "Scorecard metrics": the values the app last pushed to Compass for this component's entity, with
// what each means, read from the app's own state (no Backstage or Compass request), with the "Tech Insights"
// section (panel-checks.ts) from the same read.
import type { KeyValueStore } from '../core/ports';
import { metricsInForce } from '../import/metrics-in-force';
import { metricStore, type EntityMetricState, type StoredMetricSettings } from '../storage/metric-store';
import { panelChecksView, type PanelChecks } from './panel-checks';

export interface PanelMetric {
  name: string;
  value: number;
  /** As the Metrics tab names it: '0/1', '%', 'count', 'days' or an admin's own unit. */
  unit: string;
  /** How it is computed, in words. */
  description: string;
}

/** The values the app last pushed for the entity, of the metrics that are on. Pure. */
export function panelMetricsView(
  settings: StoredMetricSettings,
  definitionIds: Record<string, string>,
  state: EntityMetricState | undefined,
): PanelMetric[] {
  if (!state) return [];
  // Each Tech Insights check's 0/1 is on the panel in its own section (panel-checks.ts), in words.
  return metricsInForce(settings).enabled.flatMap((spec) => {
    if (spec.checkId !== undefined) return [];
    const id = definitionIds[spec.key];
    const value = id === undefined ? undefined : state.pushed[id];
    return value === undefined
      ? []
      : [{ name: spec.name, value, unit: spec.unit, description: spec.description }];
  });
}

/** The panel's two sections from the app's state (one read of the entity's metric state and the settings). */
export async function panelMetricsAndChecksOf(
  store: KeyValueStore,
  entityRef: string,
): Promise<{ metrics: PanelMetric[]; checks?: PanelChecks }> {
  const metrics = metricStore(store);
  const [state, definitionIds, settings] = await Promise.all([
    metrics.loadState(entityRef.toLowerCase()),
    metrics.loadDefinitionIds(),
    metrics.loadSettings(),
  ]);
  const checks = panelChecksView(settings, state?.checks);
  return { metrics: panelMetricsView(settings, definitionIds, state), ...(checks ? { checks } : {}) };
}
