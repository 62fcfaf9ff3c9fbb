// The panel's "Scorecard metrics": the values the app last pushed to Compass for this component's entity, with
// what each means, read from the app's own state (no Backstage or Compass request).
import type { KeyValueStore } from '../core/ports';
import { metricsInForce } from '../import/metrics-in-force';
import { metricStore } from '../storage/metric-store';

export interface PanelMetric {
  name: string;
  value: number;
  /** As the Metrics tab names it: '0/1', '%', 'count', 'days' or an admin's own unit. */
  unit: string;
  /** How it is computed, in words. */
  description: string;
}

export async function panelMetricsOf(store: KeyValueStore, entityRef: string): Promise<PanelMetric[]> {
  const metrics = metricStore(store);
  const [state, definitionIds, settings] = await Promise.all([
    metrics.loadState(entityRef.toLowerCase()),
    metrics.loadDefinitionIds(),
    metrics.loadSettings(),
  ]);
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
