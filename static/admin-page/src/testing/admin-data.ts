// Test data builders for what the admin resolver answers, shared by the screen tests and the view tests.
import { emptyCounts } from '../../../../src/import/import-run';
import {
  BUILT_IN_METRICS,
  DEFAULT_ANNOTATION_SET,
  type MetricDefinitionSpec,
} from '../../../../src/core/metrics/metric-definitions';
import { CHECKS_PASSED_SPEC, checkMetricSpecs } from '../../../../src/core/metrics/check-metrics';
import type { TechInsightsCheck } from '../../../../src/core/ports';
import type { ImportStatus, MappingView, MetricsView } from '../admin-operations';

/** A whole import status: every count zero unless given; a finished run unless `state` says otherwise. */
export function buildImportStatus(overrides: Partial<ImportStatus> = {}): ImportStatus {
  return {
    state: 'done',
    total: 0,
    ...emptyCounts(),
    ...overrides,
  };
}

/** A mapping as the server shows it: a small rule set, the default owner table (empty), two Compass types. */
export function buildMappingView(overrides: Partial<MappingView> = {}): MappingView {
  return {
    rules: {
      importedKinds: ['component', 'api', 'resource'],
      componentTypeBySpecType: { service: 'SERVICE' },
      componentTypeFallback: 'OTHER',
      typeByKind: { api: 'OTHER' },
      lifecycleBySpecLifecycle: { production: 'Active' },
      ownerTeamIds: {},
    },
    defaults: {} as MappingView['defaults'],
    teamNames: {},
    compassTypes: ['SERVICE', 'OTHER'],
    lifecycles: ['Active', 'Pre-release', 'Deprecated'],
    ...overrides,
  };
}

/** The Metrics tab's view after one push: the ten built-in metrics, all on and defined, 28 components each. */
export function buildMetricsView(overrides: Partial<MetricsView> = {}): MetricsView {
  return {
    metrics: BUILT_IN_METRICS.map((spec) => ({
      key: spec.key,
      name: spec.name,
      unit: spec.unit,
      description: spec.description,
      builtIn: true,
      enabled: true,
      kinds: [...spec.kinds],
      componentsWithValue: 28,
      defined: true,
    })),
    annotationSet: [...DEFAULT_ANNOTATION_SET],
    defaultAnnotationSet: [...DEFAULT_ANNOTATION_SET],
    customMetrics: [],
    lastPush: {
      at: '2026-12-04T10:00:00.000Z',
      valuesSent: 250,
      valuesUnchanged: 0,
      valuesFailed: 0,
      sourcesCreated: 280,
    },
    scorecard: { name: 'Backstage catalog health', created: false, applied: false },
    techInsights: null,
    ...overrides,
  };
}

/**
 * The Metrics tab's view once Tech Insights listed `checks`: the built-ins, Checks passed and one metric per check,
 * the `chosen` ones on (all unless given), listed at `listedAt`.
 */
export function buildMetricsViewWithChecks(
  checks: TechInsightsCheck[],
  { chosen = checks.map((check) => check.id), listedAt = '2026-12-04T09:30:00.000Z' } = {},
): MetricsView {
  const view = buildMetricsView();
  const metricOf = (spec: MetricDefinitionSpec, enabled: boolean) => ({
    key: spec.key,
    name: spec.name,
    unit: spec.unit,
    description: spec.description,
    builtIn: spec.checkId === undefined,
    ...(spec.checkId !== undefined ? { checkId: spec.checkId } : {}),
    enabled,
    kinds: [...spec.kinds],
    componentsWithValue: enabled ? 28 : 0,
    defined: enabled,
  });
  return {
    ...view,
    metrics: [
      ...view.metrics,
      metricOf(CHECKS_PASSED_SPEC, chosen.length > 0),
      ...checkMetricSpecs(checks).map((spec) => metricOf(spec, chosen.includes(spec.checkId!))),
    ],
    techInsights: { checkCount: checks.length, chosenCount: chosen.length, listedAt },
  };
}
