// The metrics gateway against the local Compass, which executes every document it sends with graphql-js against
// the schema rebuilt from @atlassian/forge-graphql-types and enforces the limits it knows (or guesses).
import { componentDraft } from '../core/testing/component-draft-builder';
import type { MetricValueWrite, ScorecardMetricCriterion } from '../core/ports';
import type { LocalCompass } from '../../sandbox/local-compass';
import { GraphqlCompassGateway } from './graphql-compass-gateway';
import { DEFAULT_METRICS_BATCH_SIZE, type GraphqlCompassMetrics } from './graphql-compass-metrics';
import { withRetries, type RequestGraph } from './request-graph';
import { losingAnswers, metricsOnLocalCompass } from './testing/local-compass-metrics';

const noWait = { sleep: async () => undefined, random: () => 0 };
const retrying = (requestGraph: RequestGraph) => withRetries(requestGraph, undefined, noWait);

async function componentsIn(compass: LocalCompass, count: number, prefix = 'svc'): Promise<string[]> {
  const gateway = new GraphqlCompassGateway({
    cloudId: compass.cloudId,
    requestGraph: compass.fetchApi().asApp().requestGraph,
  });
  const created = await gateway.createComponents(
    Array.from({ length: count }, (_, i) => componentDraft(`${prefix}-${i}`)),
  );
  compass.resetStats();
  return created.map((result) => {
    if (!result.ok) throw result.error;
    return result.value.id;
  });
}

async function definition(metrics: GraphqlCompassMetrics, name: string) {
  return metrics.createMetricDefinition({ name, description: `How ${name} is computed`, suffix: 'count' });
}

const refOf = (index: number, prefix = 'svc') => `component:default/${prefix}-${index}`;

describe('GraphqlCompassMetrics against the local Compass', () => {
  describe('metric definitions', () => {
    it('creates a definition with its suffix, lists it and deletes it (twice is fine)', async () => {
      const { compass, metrics } = metricsOnLocalCompass();
      const created = await metrics.createMetricDefinition({
        name: 'Backstage: TechDocs',
        description: '1 when a TechDocs annotation is set',
        suffix: '0/1',
      });
      expect(compass.metricDefinitions()).toEqual([
        {
          id: created.id,
          name: 'Backstage: TechDocs',
          description: '1 when a TechDocs annotation is set',
          suffix: '0/1',
        },
      ]);
      expect(await metrics.listMetricDefinitions()).toEqual([
        { id: created.id, name: 'Backstage: TechDocs' },
      ]);

      await metrics.deleteMetricDefinition(created.id);
      expect(compass.metricDefinitions()).toEqual([]);
      // A delete retried after its answer was lost finds nothing to delete: that is done, not a failure.
      await expect(metrics.deleteMetricDefinition(created.id)).resolves.toBeUndefined();
    });

    it('lists every page, one request a page', async () => {
      const { compass, metrics } = metricsOnLocalCompass({}, undefined, { pageSize: 2 });
      for (const name of ['a', 'b', 'c', 'd', 'e']) await definition(metrics, name);
      compass.resetStats();
      const listed = await metrics.listMetricDefinitions();
      expect(listed.map((d) => d.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(compass.stats().byRootField).toEqual({ 'compass.metricDefinitions': 3 });
    });

    it('a second create of the same name answers the first definition and creates nothing', async () => {
      const { compass, metrics } = metricsOnLocalCompass();
      const first = await definition(metrics, 'Backstage: Dependents');
      compass.resetStats();
      expect(await definition(metrics, 'Backstage: Dependents')).toEqual(first);
      expect(compass.metricDefinitions()).toHaveLength(1);
      expect(compass.stats().byRootField).toEqual({ 'compass.metricDefinitions': 1 });
    });

    it('a create whose answer is lost is found by name, and a retry creates no second one', async () => {
      const lost = losingAnswers((query) => query.includes('createMetricDefinition'));
      const { compass, metrics } = metricsOnLocalCompass({}, lost);
      const found = await definition(metrics, 'Backstage: Orphaned');
      expect(compass.metricDefinitions().map((d) => d.id)).toEqual([found.id]);
      expect(await definition(metrics, 'Backstage: Orphaned')).toEqual(found);
      expect(compass.metricDefinitions()).toHaveLength(1);
    });

    it('when the transport re-sends a create whose answer was lost, the duplicate is deleted again', async () => {
      const lost = losingAnswers((query) => query.includes('createMetricDefinition'));
      const { compass, metrics } = metricsOnLocalCompass({}, (raw) => retrying(lost(raw)));
      const kept = await definition(metrics, 'Backstage: Catalog errors');
      expect(compass.stats().byRootField['compass.createMetricDefinition']).toBe(2);
      expect(compass.stats().byRootField['compass.deleteMetricDefinition']).toBe(1);
      expect(compass.metricDefinitions().map((d) => d.id)).toEqual([kept.id]);
    });
  });

  describe('metric sources', () => {
    it('reads the sources of many components in one request, null for a component Compass does not have', async () => {
      const { compass, metrics } = metricsOnLocalCompass();
      const [a, b, c] = await componentsIn(compass, 3);
      const techdocs = await definition(metrics, 'techdocs');
      const owner = await definition(metrics, 'owner');
      await metrics.createMetricSources([
        { componentId: a!, metricDefinitionId: techdocs.id, externalMetricSourceId: refOf(0) },
        { componentId: a!, metricDefinitionId: owner.id, externalMetricSourceId: refOf(0) },
        { componentId: c!, metricDefinitionId: owner.id, externalMetricSourceId: refOf(2) },
      ]);
      const missing = a!.replace(/[0-9a-f]{12}$/, 'ffffffffffff');
      compass.resetStats();

      const sources = await metrics.metricSourcesOf([a!, b!, missing, c!]);
      expect(compass.stats().requests).toBe(1);
      expect(sources[0]!.map((s) => [s.metricDefinitionId, s.externalMetricSourceId])).toEqual([
        [techdocs.id, refOf(0)],
        [owner.id, refOf(0)],
      ]);
      expect(sources[1]).toEqual([]);
      expect(sources[2]).toBeNull();
      expect(sources[3]).toEqual([expect.objectContaining({ metricDefinitionId: owner.id })]);
    });

    it('pages through a component with more sources than a page: the next request asks only for it', async () => {
      const { compass, metrics } = metricsOnLocalCompass({}, undefined, { pageSize: 2 });
      const [many, few] = await componentsIn(compass, 2);
      const definitions = [];
      for (const name of ['m1', 'm2', 'm3', 'm4', 'm5']) definitions.push(await definition(metrics, name));
      await metrics.createMetricSources([
        ...definitions.map((d) => ({
          componentId: many!,
          metricDefinitionId: d.id,
          externalMetricSourceId: refOf(0),
        })),
        { componentId: few!, metricDefinitionId: definitions[0]!.id, externalMetricSourceId: refOf(1) },
      ]);
      compass.resetStats();

      const [manySources, fewSources] = await metrics.metricSourcesOf([many!, few!]);
      expect(manySources!.map((s) => s.metricDefinitionId)).toEqual(definitions.map((d) => d.id));
      expect(fewSources).toHaveLength(1);
      // Pages of 2: five sources take three requests; the one-source component rides in the first only.
      expect(compass.stats().requests).toBe(3);
      expect(compass.stats().byRootField).toEqual({ 'compass.component': 2 + 1 + 1 });
    });

    it('creates sources in one request a batch; one with an unknown definition fails alone', async () => {
      const { compass, metrics } = metricsOnLocalCompass();
      const [a, b] = await componentsIn(compass, 2);
      const techdocs = await definition(metrics, 'techdocs');
      compass.resetStats();
      const unknown = techdocs.id.replace(/[0-9a-f]{12}$/, 'eeeeeeeeeeee');

      const results = await metrics.createMetricSources([
        { componentId: a!, metricDefinitionId: techdocs.id, externalMetricSourceId: refOf(0) },
        { componentId: a!, metricDefinitionId: unknown, externalMetricSourceId: refOf(0) },
        { componentId: b!, metricDefinitionId: techdocs.id, externalMetricSourceId: refOf(1) },
      ]);
      expect(compass.stats().requests).toBe(1);
      expect(results.map((r) => r.ok)).toEqual([true, false, true]);
      expect(results[1]).toMatchObject({ ok: false, error: { kind: 'not-found' } });
      expect(results[0]).toMatchObject({
        ok: true,
        value: { metricDefinitionId: techdocs.id, externalMetricSourceId: refOf(0) },
      });
      expect(compass.component(a!)!.metricSources).toHaveLength(1);
    });

    it('creating sources again (a lost answer, lost state) answers the existing sources and creates none', async () => {
      const lost = losingAnswers((query) => query.includes('createMetricSource'));
      const { compass, metrics } = metricsOnLocalCompass({}, lost);
      const [a, b] = await componentsIn(compass, 2);
      const techdocs = await definition(metrics, 'techdocs');
      const items = [a!, b!].map((componentId, i) => ({
        componentId,
        metricDefinitionId: techdocs.id,
        externalMetricSourceId: refOf(i),
      }));
      const first = await metrics.createMetricSources(items);
      expect(first.every((r) => !r.ok && r.error.kind === 'network')).toBe(true);
      compass.resetStats();

      const again = await metrics.createMetricSources(items);
      expect(again.map((r) => r.ok && r.value.id)).toEqual(
        [a!, b!].map((id) => compass.component(id)!.metricSources[0]!.id),
      );
      // The create (both refused as existing), then one read of both components.
      expect(compass.stats().byRootField).toEqual({
        'compass.createMetricSource': 2,
        'compass.component': 2,
      });
      expect(compass.stats().requests).toBe(2);
      expect([a!, b!].map((id) => compass.component(id)!.metricSources.length)).toEqual([1, 1]);
    });

    it('when the existing sources cannot be read back, those items keep their failure and the call still answers', async () => {
      const { compass, metrics } = metricsOnLocalCompass();
      const [a] = await componentsIn(compass, 1);
      const techdocs = await definition(metrics, 'techdocs');
      const item = { componentId: a!, metricDefinitionId: techdocs.id, externalMetricSourceId: refOf(0) };
      await metrics.createMetricSources([item]);
      compass.injectFault({ match: 'compass.component', kind: 'http-500' });

      const [again] = await metrics.createMetricSources([item]);
      expect(again).toMatchObject({ ok: false, error: { message: expect.stringMatching(/already has/) } });
      expect(compass.component(a!)!.metricSources).toHaveLength(1);
    });
  });

  describe('metric values', () => {
    async function withSources(compass: LocalCompass, metrics: GraphqlCompassMetrics, count: number) {
      const ids = await componentsIn(compass, count);
      const techdocs = await definition(metrics, 'techdocs');
      const created = await metrics.createMetricSources(
        ids.map((componentId, i) => ({
          componentId,
          metricDefinitionId: techdocs.id,
          externalMetricSourceId: refOf(i),
        })),
      );
      expect(created.every((r) => r.ok)).toBe(true);
      compass.resetStats();
      const values = (value: number): MetricValueWrite[] =>
        ids.map((_, i) => ({
          metricDefinitionId: techdocs.id,
          externalMetricSourceId: refOf(i),
          value: value + i,
          timestamp: '2026-01-01T00:00:00Z',
        }));
      return { ids, techdocs, values };
    }

    it(`sends 100 values in 2 requests at the default batch size (${DEFAULT_METRICS_BATCH_SIZE})`, async () => {
      const { compass, metrics } = metricsOnLocalCompass();
      const { ids, values } = await withSources(compass, metrics, 100);
      const results = await metrics.insertMetricValues(values(0));
      expect(results.every((r) => r.ok)).toBe(true);
      expect(compass.stats().requests).toBe(2);
      expect(compass.stats().byRootField).toEqual({ 'compass.insertMetricValueByExternalId': 100 });
      expect(compass.component(ids[42]!)!.metricSources[0]!.values).toEqual([42]);
    });

    it('the batch size is an option: 100 values at 25 a request are 4 requests', async () => {
      const { compass, metrics } = metricsOnLocalCompass({}, undefined, { batchSize: 25 });
      const { values } = await withSources(compass, metrics, 100);
      await metrics.insertMetricValues(values(0));
      expect(compass.stats().requests).toBe(4);
    });

    it('a batch Compass refuses as a whole because of one value fails that value alone', async () => {
      const { compass, metrics } = metricsOnLocalCompass({}, undefined, { batchSize: 10 });
      const { ids, values } = await withSources(compass, metrics, 10);
      compass.injectFault({
        match: (request) => JSON.stringify(request.variables).includes(`"${refOf(3)}"`),
        kind: 'graphql-error',
        times: Infinity,
      });
      const results = await metrics.insertMetricValues(values(0));
      expect(results.map((result) => result.ok)).toEqual(ids.map((_, i) => i !== 3));
      expect(ids.map((id) => compass.component(id)!.metricSources[0]!.values.length)).toEqual(
        ids.map((_, i) => (i === 3 ? 0 : 1)),
      );
    });

    it('a 429 in the middle of a batch run is waited out and every value lands once', async () => {
      const { compass, metrics } = metricsOnLocalCompass({}, retrying, { batchSize: 20 });
      const { ids, values } = await withSources(compass, metrics, 100);
      let seen = 0;
      compass.injectFault({
        match: (request) =>
          request.rootFields.includes('compass.insertMetricValueByExternalId') && ++seen === 3,
        kind: 'rate-limit',
      });
      const results = await metrics.insertMetricValues(values(1));
      expect(results.every((r) => r.ok)).toBe(true);
      expect(compass.stats()).toMatchObject({ requests: 6, rateLimited: 1 });
      expect(ids.map((id) => compass.component(id)!.metricSources[0]!.values.length)).toEqual(
        ids.map(() => 1),
      );
    });

    it('a value for an unknown definition, a source that does not exist or a value that is not finite fails alone', async () => {
      const { compass, metrics } = metricsOnLocalCompass();
      const { ids, techdocs, values } = await withSources(compass, metrics, 3);
      const [first, second, third] = values(5);
      const results = await metrics.insertMetricValues([
        first!,
        { ...second!, metricDefinitionId: techdocs.id.replace(/[0-9a-f]{12}$/, 'eeeeeeeeeeee') },
        { ...second!, externalMetricSourceId: 'component:default/nowhere' },
        { ...second!, value: Number.NaN },
        third!,
      ]);
      expect(results.map((r) => r.ok)).toEqual([true, false, false, false, true]);
      expect(results[1]).toMatchObject({ error: { kind: 'not-found' } });
      expect(results[3]).toMatchObject({ error: { kind: 'invalid-input' } });
      expect(compass.stats().requests).toBe(1);
      expect(ids.map((id) => compass.component(id)!.metricSources[0]!.values)).toEqual([[5], [], [7]]);
    });
  });

  describe('scorecards', () => {
    async function criteria(metrics: GraphqlCompassMetrics): Promise<ScorecardMetricCriterion[]> {
      const techdocs = await definition(metrics, 'Backstage: TechDocs');
      const owner = await definition(metrics, 'Backstage: Owner in catalog');
      return [
        { metricDefinitionId: techdocs.id, comparator: 'EQUALS', comparatorValue: 1, weight: 40 },
        {
          metricDefinitionId: owner.id,
          comparator: 'EQUALS',
          comparatorValue: 1,
          weight: 60,
          name: 'Owner resolves',
        },
      ];
    }

    it('creates the scorecard once after two creates by name, with weighted metric criteria', async () => {
      const { compass, metrics } = metricsOnLocalCompass();
      const metricCriteria = await criteria(metrics);
      const scorecard = {
        name: 'Backstage catalog health',
        description: 'What Backstage knows',
        criteria: metricCriteria,
      };
      const first = await metrics.createScorecard(scorecard);
      const second = await metrics.createScorecard(scorecard);
      expect(second).toEqual(first);
      expect(compass.scorecards()).toEqual([
        {
          id: first.id,
          name: 'Backstage catalog health',
          description: 'What Backstage knows',
          importance: 'USER_DEFINED',
          scoringStrategyType: 'WEIGHT_BASED',
          criteria: metricCriteria.map((c) => ({
            kind: 'hasMetricValue',
            weight: c.weight,
            metricDefinitionId: c.metricDefinitionId,
          })),
          appliedTo: [],
        },
      ]);
    });

    it('finds a scorecard by exact name across pages, null when there is none', async () => {
      const { compass, metrics } = metricsOnLocalCompass({}, undefined, { pageSize: 1 });
      for (const name of ['Other', 'Backstage catalog health (old)', 'Backstage catalog health']) {
        await metrics.createScorecard({ name, description: '', criteria: [] });
      }
      compass.resetStats();
      expect(await metrics.findScorecardByName('Backstage catalog health')).toEqual({
        id: compass.scorecards()[2]!.id,
        name: 'Backstage catalog health',
      });
      expect(compass.stats().requests).toBe(3);
      expect(await metrics.findScorecardByName('Nothing like it')).toBeNull();
    });

    it('a scorecard create re-sent after a lost answer leaves one scorecard', async () => {
      const lost = losingAnswers((query) => query.includes('createScorecard'));
      const { compass, metrics } = metricsOnLocalCompass({}, (raw) => retrying(lost(raw)));
      const kept = await metrics.createScorecard({ name: 'Health', description: '', criteria: [] });
      expect(compass.stats().byRootField['compass.createScorecard']).toBe(2);
      expect(compass.scorecards().map((s) => s.id)).toEqual([kept.id]);
    });

    it('applies in one request a batch; applying again succeeds; an unknown component fails alone', async () => {
      const { compass, metrics } = metricsOnLocalCompass();
      const [a, b] = await componentsIn(compass, 2);
      const scorecard = await metrics.createScorecard({
        name: 'Health',
        description: '',
        criteria: await criteria(metrics),
      });
      compass.resetStats();
      const missing = a!.replace(/[0-9a-f]{12}$/, 'ffffffffffff');

      const results = await metrics.applyScorecard(scorecard.id, [a!, missing, b!]);
      expect(results.map((r) => r.ok)).toEqual([true, false, true]);
      expect(results[1]).toMatchObject({ error: { kind: 'not-found' } });
      expect(await metrics.applyScorecard(scorecard.id, [a!, b!])).toEqual([
        { ok: true, value: undefined },
        { ok: true, value: undefined },
      ]);
      expect(compass.stats().byRootField).toEqual({ 'compass.applyScorecardToComponent': 5 });
      expect(compass.stats().requests).toBe(2);
      expect(compass.scorecards()[0]!.appliedTo).toEqual([a, b]);
    });
  });
});
