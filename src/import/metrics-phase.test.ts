// The metrics phase against the real Backstage and the local Compass: after an import of the fixture catalog each
// app metric is defined once, every imported component has one source per metric with the value its entity implies,
// and later runs push only what changed, never defining or sourcing anything twice.
import type { Entity } from '@backstage/catalog-model';
import { BUILT_IN_METRICS } from '../core/metrics';
import { InMemoryKeyValueStore } from '../state/in-memory-key-value-store';
import { entityStore } from '../storage/entity-store';
import { metricStore } from '../storage/metric-store';
import { runSyncNow } from './sync-settings';
import { metricValuesInCompass } from './testing/compass-metric-values';
import { importHarness, type ImportHarness } from './testing/import-harness';

const METRIC_WRITES = ['createMetricDefinition', 'createMetricSource', 'insertMetricValueByExternalId'];

function metricWrites(harness: ImportHarness): Record<string, number> {
  const byRootField = harness.compass.stats().byRootField;
  return Object.fromEntries(METRIC_WRITES.map((field) => [field, byRootField[`compass.${field}`] ?? 0]));
}

async function importedEntities(harness: ImportHarness): Promise<Map<string, Entity>> {
  const entities = new Map<string, Entity>();
  for await (const page of harness.deps.catalog.queryAllEntities({
    filter: ['kind=component', 'kind=api', 'kind=resource'],
  })) {
    for (const entity of page.items) {
      const ref =
        `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`.toLowerCase();
      entities.set(ref, entity);
    }
  }
  return entities;
}

/** Each component's latest value per metric name, by its Backstage alias; every source is named by that alias. */
function valuesInCompass(harness: ImportHarness): Map<string, Map<string, number>> {
  for (const component of harness.compass.components()) {
    const ref = component.externalAliases.find((a) => a.externalSource === 'backstage')?.externalId;
    for (const source of ref ? component.metricSources : []) expect(source.externalMetricSourceId).toBe(ref);
  }
  return metricValuesInCompass(harness.compass);
}

function distinctTargets(entity: Entity, types: string[]): number {
  return new Set((entity.relations ?? []).filter((r) => types.includes(r.type)).map((r) => r.targetRef)).size;
}

describe('the metrics phase', () => {
  it('defines each metric once and gives every imported component the values its entity implies', async () => {
    const harness = importHarness({ metrics: true });
    const status = await harness.importAll();
    expect(status.state).toBe('done');

    const names = harness.compass.metricDefinitions().map((d) => d.name);
    expect(names.sort()).toEqual(BUILT_IN_METRICS.map((m) => m.name).sort());

    const entities = await importedEntities(harness);
    const values = valuesInCompass(harness);
    expect(values.size).toBe(entities.size);
    for (const [ref, entity] of entities) {
      const own = values.get(ref)!;
      const annotations = entity.metadata.annotations ?? {};
      const hasTechDocs =
        'backstage.io/techdocs-ref' in annotations || 'backstage.io/techdocs-entity' in annotations;
      expect([ref, own.get('Backstage: TechDocs')]).toEqual([ref, hasTechDocs ? 1 : 0]);
      expect([ref, own.get('Backstage: Orphaned')]).toEqual([ref, 0]);
      expect([ref, own.get('Backstage: Dependencies')]).toEqual([
        ref,
        distinctTargets(entity, ['dependsOn', 'consumesApi']),
      ]);
      expect([ref, own.get('Backstage: Dependents')]).toEqual([
        ref,
        distinctTargets(entity, ['dependencyOf', 'apiConsumedBy']),
      ]);
      // One source per metric that has a value: never two for one definition.
      const component = harness.compass.findByAlias('backstage', ref)!;
      const definitions = component.metricSources.map((s) => s.metricDefinitionId);
      expect(new Set(definitions).size).toBe(definitions.length);
    }
    // The fixture has components with and without TechDocs, so the metric tells them apart.
    const techDocs = [...values.values()].map((v) => v.get('Backstage: TechDocs'));
    expect(techDocs).toContain(1);
    expect(techDocs).toContain(0);
    expect(status.state === 'done' && (await metricStore(harness.store).loadLastPush())).toMatchObject({
      valuesFailed: 0,
      definitionsCreated: BUILT_IN_METRICS.length,
    });
  });

  it('pushes nothing on a second import, and defines or sources nothing twice after the app’s state is lost', async () => {
    const first = importHarness({ metrics: true });
    await first.importAll();
    const definitions = first.compass.metricDefinitions().length;
    const sources = first.compass.components().flatMap((c) => c.metricSources).length;

    first.compass.resetStats();
    await first.importAll();
    expect(metricWrites(first)).toEqual({
      createMetricDefinition: 0,
      createMetricSource: 0,
      insertMetricValueByExternalId: 0,
    });

    const wiped = importHarness({
      metrics: true,
      compass: first.compass,
      store: new InMemoryKeyValueStore(),
    });
    await wiped.importAll();
    expect(first.compass.metricDefinitions()).toHaveLength(definitions);
    expect(first.compass.components().flatMap((c) => c.metricSources)).toHaveLength(sources);
  });

  it('sends only the changed values of one changed entity', async () => {
    const harness = importHarness({ metrics: true });
    await harness.importAll();
    const entities = await importedEntities(harness);
    const [ref, original] = [...entities].find(
      ([, e]) => !('backstage.io/techdocs-ref' in (e.metadata.annotations ?? {})) && e.kind === 'Component',
    )!;
    const real = harness.deps.catalog;
    const withTechDocs = (entity: Entity | null): Entity | null =>
      entity && entity.metadata.name === original.metadata.name && entity.kind === original.kind
        ? {
            ...entity,
            metadata: {
              ...entity.metadata,
              annotations: { ...entity.metadata.annotations, 'backstage.io/techdocs-ref': 'dir:.' },
            },
          }
        : entity;
    harness.deps.catalog = {
      ...real,
      queryEntitiesPage: (q, c) => real.queryEntitiesPage(q, c),
      queryAllEntities: (q) => real.queryAllEntities(q),
      getEntitiesByRefs: async (refs, fields) =>
        (await real.getEntitiesByRefs(refs, fields)).map(withTechDocs),
      async lookupEntitiesByRefs(refs, fields) {
        const found = await real.lookupEntitiesByRefs(refs, fields);
        return { ...found, items: found.items.map(withTechDocs) };
      },
    };
    harness.compass.resetStats();
    await harness.importAll();
    // TechDocs goes 0 -> 1 and Annotation coverage rises (TechDocs is in the default set): two values, no more.
    expect(metricWrites(harness)).toEqual({
      createMetricDefinition: 0,
      createMetricSource: 0,
      insertMetricValueByExternalId: 2,
    });
    expect(valuesInCompass(harness).get(ref)!.get('Backstage: TechDocs')).toBe(1);
  });

  it('survives Compass answering 429 in the middle of a push, and ends with every value', async () => {
    const calm = importHarness({ metrics: true });
    await calm.importAll();
    const expected = valuesInCompass(calm);

    const harness = importHarness({ metrics: true });
    harness.compass.injectFault({ match: 'insertMetricValueByExternalId', kind: 'rate-limit', times: 2 });
    harness.compass.injectFault({ match: 'createMetricSource', kind: 'rate-limit', times: 1 });
    harness.compass.injectFault({ match: 'metricDefinitions', kind: 'http-502', times: 1 });
    const status = await harness.importAll();
    expect(status).toMatchObject({ state: 'done', failed: 0 });
    expect(harness.compass.stats().faulted).toBe(4);
    expect(valuesInCompass(harness)).toEqual(expected);
    expect(await metricStore(harness.store).loadLastPush()).toMatchObject({ valuesFailed: 0 });
  });

  it('sends values in batches of its own size (50), not the component writes’ (25)', async () => {
    const harness = importHarness({ metrics: true });
    const valuesPerRequest: number[] = [];
    // A fault that never fires: it sees every request's root fields.
    harness.compass.injectFault({
      kind: 'network',
      times: Infinity,
      match: (request) => {
        const values = request.rootFields.filter((f) => f === 'compass.insertMetricValueByExternalId');
        if (values.length > 0) valuesPerRequest.push(values.length);
        return false;
      },
    });
    await harness.importAll();
    expect(Math.max(...valuesPerRequest)).toBe(50);
  });

  it('a sync moves the unchanged entities’ Days since change on from the metric state, with no Backstage read', async () => {
    const harness = importHarness({ metrics: true });
    const imported = await harness.importAll();
    expect(imported.state).toBe('done');
    const daysSinceChange = BUILT_IN_METRICS.find((m) => m.key === 'days-since-change')!.name;
    const components = [...valuesInCompass(harness).values()].filter((values) => values.has(daysSinceChange));
    expect(components.length).toBeGreaterThan(0);

    // As if the import had run three days ago (Compass takes no value stamped in the future).
    const metrics = metricStore(harness.store);
    const refs = (await entityStore(harness.store).listStateRefs({ limit: 100 })).refs;
    const threeDaysAgo = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000).toISOString();
    await metrics.saveStates(
      [...(await metrics.loadStates(refs))].map(([entityRef, state]) => ({
        entityRef,
        state: { ...state, contentSeenAt: threeDaysAgo },
      })),
    );
    const sync = async () => {
      harness.compass.resetStats();
      await runSyncNow(harness.deps, {
        cloudId: harness.compass.cloudId,
        backstageWebBaseUrl: harness.backstageBaseUrl,
      });
      await harness.queue.runUntilIdle();
      return metricStore(harness.store).loadLastPush();
    };
    const fullReads = [
      jest.spyOn(harness.deps.catalog, 'lookupEntitiesByRefs'),
      jest.spyOn(harness.deps.catalog, 'getEntitiesByRefs'),
    ];
    expect(await sync()).toMatchObject({ valuesSent: components.length, valuesFailed: 0 });
    for (const spy of fullReads) expect(spy).not.toHaveBeenCalled();
    expect(metricWrites(harness)).toEqual({
      createMetricDefinition: 0,
      createMetricSource: 0,
      insertMetricValueByExternalId: components.length,
    });
    for (const values of valuesInCompass(harness).values())
      if (values.has(daysSinceChange)) expect(values.get(daysSinceChange)).toBe(3);
    // The same day again: nothing to send.
    expect(await sync()).toMatchObject({ valuesSent: 0 });
    expect(harness.compass.stats().requests).toBe(0);
  });
});
