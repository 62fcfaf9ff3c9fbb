// The admin page's Metrics tab: the app's scorecard metrics (on or off, unit, how computed, components with a
// value), the annotation set, the admin's own metrics with a preview on ten entities, the last push and removing a
// metric's Compass definition. The engine's metrics phase (src/import/metrics-phase.ts) computes and pushes.
import type { Entity } from '@backstage/catalog-model';
import { InvalidRequestError } from '../core/invalid-request';
import { indexCatalogRefs } from '../core/mapping';
import { identifyEntity } from '../core/mapping/entity-identity';
import {
  CHECK_METRIC_KEY_PREFIX,
  computeMetricValues,
  customMetricSpec,
  DEFAULT_ANNOTATION_SET,
  validateCustomMetrics,
  type CustomMetric,
} from '../core/metrics';
import type { BackstageCatalog, CompassMetricsGateway, KeyValueStore } from '../core/ports';
import { metricsInForce } from '../import/metrics-in-force';
import { metricStore, type StoredMetricSettings } from '../storage/metric-store';

export interface MetricView {
  key: string;
  name: string;
  unit: string;
  description: string;
  builtIn: boolean;
  /** Only on a Tech Insights check's metric: the check's id (a check is chosen by turning its metric on). */
  checkId?: string;
  enabled: boolean;
  kinds: string[];
  /** Components whose current value Compass holds, as of the last push; null before any push. */
  componentsWithValue: number | null;
  /** Whether Compass has the app's definition of it. */
  defined: boolean;
}

export interface MetricsView {
  metrics: MetricView[];
  annotationSet: string[];
  defaultAnnotationSet: string[];
  customMetrics: CustomMetric[];
  lastPush: {
    at: string;
    valuesSent: number;
    valuesUnchanged: number;
    valuesFailed: number;
    sourcesCreated: number;
    error?: string;
    /** Tech Insights failed in that run: the checks' metrics alone went without new values. */
    checksError?: string;
  } | null;
  /** Tech Insights, once detected: how many checks it listed, how many are chosen, and when it listed them. */
  techInsights: { checkCount: number; chosenCount: number; listedAt: string } | null;
  scorecard: { name: string; created: boolean; applied: boolean };
}

export const SCORECARD_NAME = 'Backstage catalog health';

export async function getMetrics(store: KeyValueStore): Promise<MetricsView> {
  const metrics = metricStore(store);
  const [settings, definitionIds, lastPush, scorecard] = await Promise.all([
    metrics.loadSettings(),
    metrics.loadDefinitionIds(),
    metrics.loadLastPush(),
    metrics.loadScorecard(),
  ]);
  const inForce = metricsInForce(settings);
  const enabled = new Set(inForce.enabled.map((spec) => spec.key));
  return {
    metrics: inForce.all.map((spec) => ({
      key: spec.key,
      name: spec.name,
      unit: spec.unit,
      description: spec.description,
      builtIn: spec.source === undefined && spec.checkId === undefined,
      ...(spec.checkId !== undefined ? { checkId: spec.checkId } : {}),
      enabled: enabled.has(spec.key),
      kinds: [...spec.kinds],
      componentsWithValue: lastPush ? (lastPush.withValue?.[spec.key] ?? 0) : null,
      defined: definitionIds[spec.key] !== undefined,
    })),
    annotationSet: [...inForce.annotationSet],
    defaultAnnotationSet: [...DEFAULT_ANNOTATION_SET],
    customMetrics: inForce.customMetrics,
    lastPush: lastPush
      ? {
          at: lastPush.at,
          valuesSent: lastPush.valuesSent,
          valuesUnchanged: lastPush.valuesUnchanged,
          valuesFailed: lastPush.valuesFailed,
          sourcesCreated: lastPush.sourcesCreated,
          ...(lastPush.error ? { error: lastPush.error } : {}),
          ...(lastPush.checksError ? { checksError: lastPush.checksError } : {}),
        }
      : null,
    techInsights: settings.techInsights
      ? {
          checkCount: settings.techInsights.checks.length,
          chosenCount: inForce.chosenCheckIds.length,
          listedAt: settings.techInsights.listedAt,
        }
      : null,
    scorecard: { name: SCORECARD_NAME, created: scorecard !== undefined, applied: scorecard?.apply ?? false },
  };
}

/** An admin's metrics, with the field path of a refusal as the page sent it (`customMetrics.2.source.key`). */
function checkedCustomMetrics(input: unknown[]): CustomMetric[] {
  try {
    return validateCustomMetrics(input);
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    throw new InvalidRequestError(error.field.replace(/^metrics/, 'customMetrics'), error.message);
  }
}

export interface MetricSettingsInput {
  /** Metric key -> on (true) or off (false); keys not named keep their state. */
  enabled?: Record<string, boolean>;
  annotationSet?: string[];
  customMetrics?: unknown[];
}

/** Saves what is given over what is saved; nothing is saved unless all of it is acceptable. */
export async function saveMetricSettings(
  store: KeyValueStore,
  input: MetricSettingsInput,
): Promise<MetricsView> {
  const metrics = metricStore(store);
  const saved = await metrics.loadSettings();
  const next: StoredMetricSettings = { ...saved };
  if (input.customMetrics !== undefined) next.customMetrics = checkedCustomMetrics(input.customMetrics);
  if (input.annotationSet !== undefined) {
    const annotations = [
      ...new Set(input.annotationSet.map((key) => key.trim()).filter((key) => key !== '')),
    ];
    if (annotations.length === 0)
      throw new InvalidRequestError('annotationSet', 'Choose at least one annotation to count.');
    next.annotationSet = annotations;
  }
  if (input.enabled !== undefined) {
    const known = new Set(metricsInForce(next).all.map((spec) => spec.key));
    const disabled = { ...saved.disabled };
    const chosen = new Set(saved.techInsights?.chosen ?? []);
    for (const [key, on] of Object.entries(input.enabled)) {
      if (!known.has(key)) throw new InvalidRequestError(`enabled.${key}`, `There is no metric "${key}".`);
      if (key.startsWith(CHECK_METRIC_KEY_PREFIX)) {
        // A check's metric is on when the check is chosen.
        const id = key.slice(CHECK_METRIC_KEY_PREFIX.length);
        if (on) chosen.add(id);
        else chosen.delete(id);
      } else if (on) delete disabled[key];
      else disabled[key] = true;
    }
    next.disabled = disabled;
    if (saved.techInsights) next.techInsights = { ...saved.techInsights, chosen: [...chosen] };
  }
  await metrics.saveSettings(next);
  return getMetrics(store);
}

export interface MetricPreviewRow {
  entityRef: string;
  title: string;
  /** null: the metric has no value for this entity. */
  value: number | null;
}

/** An admin's metric, computed on the first entities of its kinds, before it is saved. */
export async function previewCustomMetric(
  catalog: BackstageCatalog,
  request: { metric: unknown; limit: number },
): Promise<{ rows: MetricPreviewRow[] }> {
  const [metric] = checkedCustomMetrics([request.metric]);
  const spec = customMetricSpec(metric!);
  const page = await catalog.queryEntitiesPage({
    filter: spec.kinds.map((kind) => `kind=${kind}`),
    pageSize: request.limit,
    orderField: { field: 'metadata.name', order: 'asc' },
  });
  const entities: Entity[] = page.items.slice(0, request.limit);
  const refs = entities.flatMap((entity) => {
    const identity = identifyEntity(entity);
    return identity.ok ? [identity.identity.entityRef] : [];
  });
  const index = indexCatalogRefs(refs, { importedKinds: spec.kinds as string[] });
  return {
    rows: entities.map((entity) => {
      const values = computeMetricValues(
        { entity, index, related: new Map(), now: new Date(), annotationSet: DEFAULT_ANNOTATION_SET },
        [spec],
      );
      const identity = identifyEntity(entity);
      return {
        entityRef: identity.ok ? identity.identity.entityRef : entity.metadata.name,
        title: entity.metadata.title ?? entity.metadata.name,
        value: values.get(spec.key) ?? null,
      };
    }),
  };
}

/**
 * Removes a metric: deletes its Compass definition (and with it the values pushed under it), turns a built-in off
 * and drops an admin's metric from the list. The page asks for a confirmation first.
 */
export async function removeMetric(
  deps: { store: KeyValueStore; metrics: CompassMetricsGateway },
  key: string,
): Promise<MetricsView> {
  const metrics = metricStore(deps.store);
  const settings = await metrics.loadSettings();
  const spec = metricsInForce(settings).all.find((candidate) => candidate.key === key);
  if (!spec) throw new InvalidRequestError('key', `There is no metric "${key}".`);
  const ids = await metrics.loadDefinitionIds();
  const id = ids[key] ?? (await deps.metrics.listMetricDefinitions()).find((d) => d.name === spec.name)?.id;
  if (id) await deps.metrics.deleteMetricDefinition(id);
  delete ids[key];
  await metrics.saveDefinitionIds(ids);
  const next: StoredMetricSettings = { ...settings };
  if (spec.checkId !== undefined && settings.techInsights)
    next.techInsights = {
      ...settings.techInsights,
      chosen: settings.techInsights.chosen.filter((id) => id !== spec.checkId),
    };
  else if (spec.source === undefined) next.disabled = { ...settings.disabled, [key]: true };
  else
    next.customMetrics = metricsInForce(settings).customMetrics.filter(
      (custom) => customMetricSpec(custom).key !== key,
    );
  await metrics.saveSettings(next);
  return getMetrics(deps.store);
}
