// Which metrics the app computes and pushes, from the admin's settings: the built-ins and the admin's own, less
// those turned off, with the annotation set the coverage metric counts. One reading for the engine, the admin page
// and the panel.
import {
  BUILT_IN_METRICS,
  customMetricSpec,
  DEFAULT_ANNOTATION_SET,
  validateCustomMetrics,
  type CustomMetric,
  type MetricDefinitionSpec,
} from '../core/metrics';
import { log } from '../core/log';
import type { StoredMetricSettings } from '../storage/metric-store';

export interface MetricsInForce {
  /** Every metric the app knows (on or off), built-ins first. */
  all: MetricDefinitionSpec[];
  /** The ones that are on: computed and pushed. */
  enabled: MetricDefinitionSpec[];
  customMetrics: CustomMetric[];
  annotationSet: readonly string[];
}

/** Saved admin metrics were valid when saved; one that no longer reads is left out (and logged), never fatal. */
function savedCustomMetrics(saved: unknown[] | undefined): CustomMetric[] {
  if (!saved || saved.length === 0) return [];
  try {
    return validateCustomMetrics(saved);
  } catch (error) {
    log.warn('metrics.custom-unreadable', { errorName: (error as Error).name });
    return [];
  }
}

export function metricsInForce(settings: StoredMetricSettings): MetricsInForce {
  const customMetrics = savedCustomMetrics(settings.customMetrics);
  const all = [...BUILT_IN_METRICS, ...customMetrics.map(customMetricSpec)];
  const disabled = settings.disabled ?? {};
  return {
    all,
    enabled: all.filter((spec) => disabled[spec.key] !== true),
    customMetrics,
    annotationSet: settings.annotationSet ?? DEFAULT_ANNOTATION_SET,
  };
}
