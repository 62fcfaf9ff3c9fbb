// The naive metrics push bench-metrics measures the engine's metrics phase against: the Compass SDK's own calls,
// one after another, as a script pushing metrics would make them: each definition created, then for every
// component and metric a `createMetricSource` and an `insertMetricValueByExternalId`. It is given the values (the
// ones the engine pushed), so it reads no catalog and computes nothing: it does less work than the engine, and the
// speed-up it yields is a lower bound. Its definitions carry " (naive)" after their name, so that it can run in the
// Compass the engine wrote to, against the same components, without meeting the engine's sources.
import { createSdkApi, type LocalCompass } from '../../sandbox/local-compass';
import type { MetricDefinitionSpec } from '../../src/core/metrics';

export const NAIVE_DEFINITION_SUFFIX = ' (naive)';

/** One component and the values it gets, by metric key. */
export interface NaiveMetricsComponent {
  componentId: string;
  /** The entity ref, as the engine's sources have it. */
  externalMetricSourceId: string;
  values: Record<string, number>;
}

export interface NaiveMetricsOptions {
  compass: LocalCompass;
  definitions: readonly Pick<MetricDefinitionSpec, 'key' | 'name' | 'description' | 'suffix'>[];
  components: readonly NaiveMetricsComponent[];
  /** Push to only the first `sample` components and extrapolate the rest linearly. */
  sample?: number;
  /** Called after each component's values are pushed. */
  onProgress?: (done: number) => void;
}

export interface NaiveMetricsResult {
  components: number;
  /** Values the whole push would send: one source and one value each. */
  values: number;
  definitionsCreated: number;
  sourcesCreated: number;
  valuesSent: number;
  failed: { call: string; message: string }[];
  /** SDK calls made, and the Compass requests they cost. */
  sdkCalls: number;
  compassRequests: number;
  definitionSeconds: number;
  /** The sources and values of the components actually pushed. */
  pushSeconds: number;
  measuredWallSeconds: number;
  /** For every component: the measured time, or, for a sample, definitions plus the push time scaled per value. */
  wallSeconds: number;
  extrapolated: boolean;
}

interface SdkAnswer {
  errors: { message: string }[];
}

export async function runNaiveMetricsPush(options: NaiveMetricsOptions): Promise<NaiveMetricsResult> {
  const { compass, definitions, components } = options;
  const sample = options.sample ?? Infinity;
  if (!(sample >= 1)) throw new RangeError(`sample must be at least 1, got ${sample}`);
  const sdk = createSdkApi(compass).compass.asApp();
  const started = performance.now();
  const requestsBefore = compass.stats().requests;
  const result: NaiveMetricsResult = {
    components: components.length,
    values: components.reduce((sum, component) => sum + Object.keys(component.values).length, 0),
    definitionsCreated: 0,
    sourcesCreated: 0,
    valuesSent: 0,
    failed: [],
    sdkCalls: 0,
    compassRequests: 0,
    definitionSeconds: 0,
    pushSeconds: 0,
    measuredWallSeconds: 0,
    wallSeconds: 0,
    extrapolated: false,
  };
  const succeeded = (call: string, answer: SdkAnswer): boolean => {
    result.sdkCalls += 1;
    if (answer.errors.length === 0) return true;
    result.failed.push({ call, message: answer.errors.map((error) => error.message).join('; ') });
    return false;
  };

  // The SDK console.logs whole responses on some calls; a benchmark's output would drown in them.
  const log = console.log;
  console.log = () => undefined;
  try {
    const definitionIds = new Map<string, string>();
    for (const definition of definitions) {
      const created = await sdk.createMetricDefinition({
        cloudId: compass.cloudId,
        name: `${definition.name}${NAIVE_DEFINITION_SUFFIX}`,
        description: definition.description,
        format: { suffix: { suffix: definition.suffix } },
      });
      const id = created.data?.metricDefinition?.id;
      if (succeeded('createMetricDefinition', created) && id) {
        definitionIds.set(definition.key, id);
        result.definitionsCreated += 1;
      }
    }
    result.definitionSeconds = (performance.now() - started) / 1000;

    const pushStarted = performance.now();
    const pushed = components.slice(0, Math.min(sample, components.length));
    for (const [done, component] of pushed.entries()) {
      for (const [key, value] of Object.entries(component.values)) {
        const metricDefinitionId = definitionIds.get(key);
        if (!metricDefinitionId) continue;
        const source = await sdk.createMetricSource({
          componentId: component.componentId,
          metricDefinitionId,
          externalMetricSourceId: component.externalMetricSourceId,
        });
        if (!succeeded('createMetricSource', source)) continue;
        result.sourcesCreated += 1;
        const inserted = await sdk.insertMetricValueByExternalId({
          cloudId: compass.cloudId,
          metricDefinitionId,
          externalMetricSourceId: component.externalMetricSourceId,
          value: { value, timestamp: new Date().toISOString() },
        });
        if (succeeded('insertMetricValueByExternalId', inserted)) result.valuesSent += 1;
      }
      options.onProgress?.(done + 1);
    }
    result.pushSeconds = (performance.now() - pushStarted) / 1000;
    result.extrapolated = pushed.length < components.length;
  } finally {
    console.log = log;
  }

  result.compassRequests = compass.stats().requests - requestsBefore;
  result.measuredWallSeconds = (performance.now() - started) / 1000;
  // Scaled by values, not components: components differ in how many metrics have a value.
  const sampledValues = components
    .slice(0, Math.min(sample, components.length))
    .reduce((sum, component) => sum + Object.keys(component.values).length, 0);
  result.wallSeconds = result.extrapolated
    ? result.definitionSeconds + (result.pushSeconds * result.values) / Math.max(1, sampledValues)
    : result.measuredWallSeconds;
  return result;
}
