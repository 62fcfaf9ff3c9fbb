// Which metrics the app computes and pushes, from the admin's settings: the built-ins and the admin's own, less
// those turned off, with the annotation set the coverage metric counts. One reading for the engine, the admin page
// and the panel.
import {
  BUILT_IN_METRICS,
  CHECKS_PASSED_KEY,
  CHECKS_PASSED_SPEC,
  checkMetricSpecs,
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
  /** The Tech Insights check ids whose metrics are on, in the backend's order (none before detection). */
  chosenCheckIds: string[];
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
  const checks = settings.techInsights?.checks ?? [];
  const chosen = new Set(settings.techInsights?.chosen ?? []);
  const chosenCheckIds = checks.filter((check) => chosen.has(check.id)).map((check) => check.id);
  const checkSpecs = checkMetricSpecs(checks);
  const all = [
    ...BUILT_IN_METRICS,
    ...customMetrics.map(customMetricSpec),
    ...(checks.length > 0 ? [CHECKS_PASSED_SPEC, ...checkSpecs] : []),
  ];
  const disabled = settings.disabled ?? {};
  // A check's metric is on when the check is chosen; Checks passed when any is, unless turned off.
  const on = (spec: MetricDefinitionSpec): boolean =>
    spec.checkId !== undefined
      ? chosen.has(spec.checkId)
      : spec.key === CHECKS_PASSED_KEY
        ? chosenCheckIds.length > 0 && disabled[spec.key] !== true
        : disabled[spec.key] !== true;
  return {
    all,
    enabled: all.filter(on),
    customMetrics,
    annotationSet: settings.annotationSet ?? DEFAULT_ANNOTATION_SET,
    chosenCheckIds,
  };
}
