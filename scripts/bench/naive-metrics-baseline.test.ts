// The naive metrics push writes, through the SDK, one call per definition, per source and per value.
import { LocalCompass } from '../../sandbox/local-compass';
import {
  NAIVE_DEFINITION_SUFFIX,
  runNaiveMetricsPush,
  type NaiveMetricsComponent,
} from './naive-metrics-baseline';

const definitions = [
  { key: 'techdocs', name: 'Backstage: TechDocs', description: '1 when TechDocs is set', suffix: '/1' },
  { key: 'dependencies', name: 'Backstage: Dependencies', description: 'Dependency count', suffix: 'deps' },
];

function compassWith(names: string[]): { compass: LocalCompass; components: NaiveMetricsComponent[] } {
  const compass = new LocalCompass();
  const components = names.map((name, i): NaiveMetricsComponent => ({
    componentId: compass.store.createComponent(compass.cloudId, { name, typeId: 'SERVICE' }).id,
    externalMetricSourceId: `component:default/${name}`,
    // The first component has no dependencies value (a metric with no value is not pushed).
    values: i === 0 ? { techdocs: 1 } : { techdocs: 0, dependencies: i },
  }));
  return { compass, components };
}

describe('runNaiveMetricsPush', () => {
  it('creates each definition, then a source and a value per component and metric, one SDK call each', async () => {
    const { compass, components } = compassWith(['a', 'b', 'c']);
    const result = await runNaiveMetricsPush({ compass, definitions, components });

    expect(result).toMatchObject({
      components: 3,
      values: 5,
      definitionsCreated: 2,
      sourcesCreated: 5,
      valuesSent: 5,
      failed: [],
      sdkCalls: 2 + 2 * 5,
      compassRequests: 2 + 2 * 5,
      extrapolated: false,
    });
    expect(result.wallSeconds).toBe(result.measuredWallSeconds);
    const named = new Map(compass.metricDefinitions().map((d) => [d.id, d.name]));
    expect([...named.values()]).toEqual(definitions.map((d) => `${d.name}${NAIVE_DEFINITION_SUFFIX}`));
    const c = compass.component(components[2]!.componentId)!;
    expect(
      c.metricSources.map((s) => [named.get(s.metricDefinitionId), s.externalMetricSourceId, s.values]),
    ).toEqual([
      [`Backstage: TechDocs${NAIVE_DEFINITION_SUFFIX}`, 'component:default/c', [0]],
      [`Backstage: Dependencies${NAIVE_DEFINITION_SUFFIX}`, 'component:default/c', [2]],
    ]);
  });

  it('pushes only a sample when asked and extrapolates the push per value', async () => {
    const { compass, components } = compassWith(['a', 'b', 'c', 'd']);
    const progress: number[] = [];
    const result = await runNaiveMetricsPush({
      compass,
      definitions,
      components,
      sample: 2,
      onProgress: (done) => progress.push(done),
    });

    expect(result).toMatchObject({ components: 4, values: 7, valuesSent: 3, extrapolated: true });
    expect(progress).toEqual([1, 2]);
    expect(compass.component(components[2]!.componentId)!.metricSources).toEqual([]);
    expect(result.wallSeconds).toBeCloseTo(result.definitionSeconds + (result.pushSeconds * 7) / 3, 9);
  });

  it('records a source Compass refuses, sends no value for it and carries on', async () => {
    const { compass, components } = compassWith(['a', 'b']);
    compass.injectFault({ match: 'createMetricSource', kind: 'graphql-error', times: 1 });
    const log = console.log;
    const result = await runNaiveMetricsPush({ compass, definitions, components });

    expect(console.log).toBe(log);
    expect(result).toMatchObject({ sourcesCreated: 2, valuesSent: 2 });
    expect(result.failed).toEqual([{ call: 'createMetricSource', message: expect.any(String) }]);
  });

  it('refuses a sample below one', async () => {
    const { compass, components } = compassWith(['a']);
    await expect(runNaiveMetricsPush({ compass, definitions, components, sample: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});
