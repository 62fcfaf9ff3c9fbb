// The Metrics tab's operations against the real Backstage and the local Compass, after a real import: the metric
// list with components counted, turning a metric off, an admin's metric previewed and pushed, the scorecard created
// once and applied by the next import, and removing a metric's definition.
import { InvalidRequestError } from '../core/invalid-request';
import { BUILT_IN_METRICS } from '../core/metrics';
import { importHarness, type ImportHarness } from '../import/testing/import-harness';
import { GraphqlCompassMetrics } from '../compass/graphql-compass-metrics';
import { rejection } from '../testing/rejection';
import { createHealthScorecard, weightsSummingTo100 } from './metric-scorecard';
import { getMetrics, previewCustomMetric, removeMetric, saveMetricSettings } from './metric-settings';

function metricsGateway(harness: ImportHarness): GraphqlCompassMetrics {
  return harness.deps.metrics as GraphqlCompassMetrics;
}

function valuesOf(harness: ImportHarness, metricName: string): number[] {
  const definition = harness.compass.metricDefinitions().find((d) => d.name === metricName);
  if (!definition) return [];
  return harness.compass
    .components()
    .flatMap((c) => c.metricSources.filter((s) => s.metricDefinitionId === definition.id))
    .map((s) => s.values.at(-1)!);
}

const lifecycleMetric = {
  name: 'Lifecycle score',
  unit: 'points',
  kinds: ['component'],
  source: { type: 'spec', path: 'lifecycle', valueMap: { production: 3, experimental: 1 } },
};

describe('the Metrics tab’s operations', () => {
  it('lists every metric with how many components have a value, after an import', async () => {
    const harness = importHarness({ metrics: true });
    expect((await getMetrics(harness.store)).metrics.map((m) => m.componentsWithValue)).toEqual(
      BUILT_IN_METRICS.map(() => null),
    );
    const status = await harness.importAll();
    const view = await getMetrics(harness.store);
    expect(view.metrics.map((m) => m.name)).toEqual(BUILT_IN_METRICS.map((m) => m.name));
    const byName = new Map(view.metrics.map((m) => [m.name, m]));
    expect(byName.get('Backstage: TechDocs')).toMatchObject({
      enabled: true,
      defined: true,
      builtIn: true,
      componentsWithValue: status.created,
    });
    // Only components that provide an API have a Documented APIs value.
    expect(byName.get('Backstage: Documented APIs')!.componentsWithValue).toBeLessThan(status.created);
    expect(view.lastPush).toMatchObject({ valuesFailed: 0, valuesSent: expect.any(Number) });
    expect(view.scorecard).toEqual({ name: 'Backstage catalog health', created: false, applied: false });
  });

  it('pushes no value of a metric turned off, and refuses an unknown one naming it', async () => {
    const harness = importHarness({ metrics: true });
    const view = await saveMetricSettings(harness.store, { enabled: { orphaned: false } });
    expect(view.metrics.find((m) => m.key === 'orphaned')!.enabled).toBe(false);
    await harness.importAll();
    expect(harness.compass.metricDefinitions().map((d) => d.name)).not.toContain('Backstage: Orphaned');
    expect(valuesOf(harness, 'Backstage: TechDocs').length).toBeGreaterThan(0);
    // Turned on again, the next run defines it and pushes its values.
    await saveMetricSettings(harness.store, { enabled: { orphaned: true } });
    await harness.importAll();
    expect(valuesOf(harness, 'Backstage: Orphaned').length).toBe(
      valuesOf(harness, 'Backstage: TechDocs').length,
    );
    const error = await rejection(saveMetricSettings(harness.store, { enabled: { nope: true } }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ field: 'enabled.nope' });
  });

  it('previews an admin’s metric on ten entities, then pushes it once saved', async () => {
    const harness = importHarness({ metrics: true });
    const preview = await previewCustomMetric(harness.deps.catalog, { metric: lifecycleMetric, limit: 10 });
    expect(preview.rows).toHaveLength(10);
    for (const row of preview.rows) expect([null, 1, 3]).toContain(row.value);
    expect(preview.rows.some((row) => row.value === 3)).toBe(true);

    const refused = await rejection(
      saveMetricSettings(harness.store, {
        customMetrics: [lifecycleMetric, { ...lifecycleMetric, source: { type: 'annotation' } }],
      }),
    );
    expect(refused).toMatchObject({ field: expect.stringMatching(/^customMetrics\.1\.source/) });

    await saveMetricSettings(harness.store, { customMetrics: [lifecycleMetric] });
    await harness.importAll();
    const values = valuesOf(harness, 'Backstage: Lifecycle score');
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect([1, 3]).toContain(value);
  });

  it('creates the scorecard once after two clicks, weights summing to 100, applied by the next import', async () => {
    const harness = importHarness({ metrics: true });
    const status = await harness.importAll();
    const deps = { store: harness.store, metrics: metricsGateway(harness) };
    await createHealthScorecard(deps, { apply: false });
    const view = await createHealthScorecard(deps, { apply: true });
    expect(view.scorecard).toEqual({ name: 'Backstage catalog health', created: true, applied: true });
    const [scorecard, ...others] = harness.compass.scorecards();
    expect(others).toEqual([]);
    expect(scorecard!.criteria.reduce((sum, c) => sum + c.weight, 0)).toBe(100);
    expect(scorecard!.appliedTo).toEqual([]);

    await harness.importAll();
    expect(harness.compass.scorecards()[0]!.appliedTo).toHaveLength(status.created);
  });

  it('removes a metric’s definition and turns it off', async () => {
    const harness = importHarness({ metrics: true });
    await harness.importAll();
    const view = await removeMetric({ store: harness.store, metrics: metricsGateway(harness) }, 'dependents');
    expect(harness.compass.metricDefinitions().map((d) => d.name)).not.toContain('Backstage: Dependents');
    expect(view.metrics.find((m) => m.key === 'dependents')).toMatchObject({
      enabled: false,
      defined: false,
    });
    await harness.importAll();
    expect(harness.compass.metricDefinitions().map((d) => d.name)).not.toContain('Backstage: Dependents');
  });
});

describe('weightsSummingTo100', () => {
  it.each([
    [
      [20, 20, 20, 15, 15, 10],
      [20, 20, 20, 15, 15, 10],
    ],
    [
      [1, 1, 1],
      [34, 33, 33],
    ],
    [
      [20, 15],
      [57, 43],
    ],
  ])('%j -> %j', (weights, expected) => {
    expect(weightsSummingTo100(weights)).toEqual(expected);
    expect(expected.reduce((a, b) => a + b, 0)).toBe(100);
  });
});
