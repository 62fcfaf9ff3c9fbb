// The scorecard metrics: definitions, their pure computation per entity, and an admin's own metrics.
export {
  BUILT_IN_METRICS,
  BUILT_IN_METRIC_KEYS,
  DEFAULT_ANNOTATION_SET,
  METRIC_DESCRIPTION_MAX_LENGTH,
  METRIC_KINDS,
  METRIC_NAME_PREFIX,
  type BuiltInMetricKey,
  type CustomMetricSource,
  type MetricDefinitionSpec,
} from './metric-definitions';
export {
  RELATED_FACT_FIELDS,
  relatedFactsOf,
  relatedRefsForMetrics,
  type RelatedEntityFacts,
} from './related-entities';
export { computeMetricValues, daysSince, type MetricInputs } from './compute-metrics';
export { entityContentHash } from './entity-content-hash';
export {
  CUSTOM_METRIC_KEY_MAX_LENGTH,
  CUSTOM_METRIC_KEY_PREFIX,
  CUSTOM_METRIC_NAME_MAX_LENGTH,
  CUSTOM_METRIC_SPEC_PATH_MAX_SEGMENTS,
  CUSTOM_METRIC_UNIT_MAX_LENGTH,
  MAX_CUSTOM_METRICS,
  VALUE_MAP_KEY_MAX_LENGTH,
  VALUE_MAP_MAX_ENTRIES,
  customMetricSpec,
  validateCustomMetrics,
  type CustomMetric,
} from './custom-metrics';
export {
  CHECK_METRIC_KEY_PREFIX,
  CHECK_METRIC_NAME_PREFIX,
  CHECKS_PASSED_KEY,
  CHECKS_PASSED_SPEC,
  checkMetricKey,
  checkMetricSpecs,
  checkMetricValues,
} from './check-metrics';
