// The metrics phase of a run: for each imported entity that has a Compass component, compute the app's scorecard
// metrics (src/core/metrics) and push the values that changed since the last push. Definitions are ensured once and
// found again by name after lost state; each component gets one metric source per metric (external id = the entity
// ref), read back from Compass before any is created for an entity the app has no metric state for. A failure here
// is counted and reported, never the import's: its components are already written.
import type { Entity } from '@backstage/catalog-model';
import { errorFields, log } from '../core/log';
import {
  computeMetricValues,
  daysSince,
  entityContentHash,
  RELATED_FACT_FIELDS,
  relatedFactsOf,
  relatedRefsForMetrics,
  type MetricDefinitionSpec,
  type RelatedEntityFacts,
} from '../core/metrics';
import { identifyEntity } from '../core/mapping/entity-identity';
import type { CatalogIndex } from '../core/mapping';
import type { CompassMetricsGateway, MetricValueWrite } from '../core/ports';
import { entityStore } from '../storage/entity-store';
import { metricStore, type EntityMetricState } from '../storage/metric-store';
import { runStore } from '../storage/run-store';
import { engineClock, engineSettings, type ImportEngineDeps } from './import-engine';
import type { ImportRun, MetricRunTally } from './import-run';
import { addCheckValues, relistChecks } from './check-results';
import { metricsInForce, type MetricsInForce } from './metrics-in-force';

export function emptyMetricTally(): MetricRunTally {
  return {
    valuesSent: 0,
    valuesUnchanged: 0,
    valuesFailed: 0,
    sourcesCreated: 0,
    definitionsCreated: 0,
    withValue: {},
  };
}

/** The app's metric definitions in Compass, created where missing: metric key -> definition id. */
export async function ensureMetricDefinitions(
  gateway: CompassMetricsGateway,
  deps: Pick<ImportEngineDeps, 'store'>,
  specs: readonly MetricDefinitionSpec[],
  tally: MetricRunTally,
): Promise<Record<string, string>> {
  const metrics = metricStore(deps.store);
  const ids = await metrics.loadDefinitionIds();
  const missing = specs.filter((spec) => !ids[spec.key]);
  if (missing.length === 0) return ids;
  // Found again by name: a definition whose create answer was lost, or whose id the app's state lost, is reused.
  const byName = new Map((await gateway.listMetricDefinitions()).map((d) => [d.name, d.id]));
  for (const spec of missing) {
    const found = byName.get(spec.name);
    if (found) {
      ids[spec.key] = found;
      continue;
    }
    const created = await gateway.createMetricDefinition({
      name: spec.name,
      description: spec.description,
      suffix: spec.suffix,
    });
    ids[spec.key] = created.id;
    tally.definitionsCreated += 1;
    await metrics.saveDefinitionIds(ids);
  }
  await metrics.saveDefinitionIds(ids);
  return ids;
}

/** Facts of the entities the slice's metrics look across to (dependency targets, provided APIs). */
async function relatedFacts(
  deps: ImportEngineDeps,
  entities: Entity[],
): Promise<Map<string, RelatedEntityFacts>> {
  const refs = [...new Set(entities.flatMap(relatedRefsForMetrics))];
  const facts = new Map<string, RelatedEntityFacts>();
  if (refs.length === 0) return facts;
  const found = await deps.catalog.getEntitiesByRefs(refs, [...RELATED_FACT_FIELDS]);
  found.forEach((entity, i) => {
    if (entity) facts.set(refs[i]!.toLowerCase(), relatedFactsOf(entity));
  });
  return facts;
}

/** One entity's metrics on their way to Compass: its component, its metric state and the values worked out. */
interface SliceEntity {
  ref: string;
  componentId: string;
  state: EntityMetricState;
  values: Map<string, number>;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Metric sources the entities lack in the app's state, read from Compass (one request per batch of components). */
async function adoptExistingSources(
  gateway: CompassMetricsGateway,
  slice: SliceEntity[],
  definitionIds: Record<string, string>,
  batchSize: number,
): Promise<void> {
  const unknown = slice.filter((item) =>
    [...item.values.keys()].some((key) => item.state.sources[definitionIds[key]!] === undefined),
  );
  for (const batch of chunks(unknown, batchSize)) {
    const found = await gateway.metricSourcesOf(batch.map((item) => item.componentId));
    batch.forEach((item, i) => {
      for (const source of found[i] ?? []) {
        if (source.externalMetricSourceId.toLowerCase() === item.ref)
          item.state.sources[source.metricDefinitionId] = source.id;
      }
    });
  }
}

/** The slice's entities with their values, their metric state carried over (content first seen, sources, pushed). */
async function computeSlice(
  deps: ImportEngineDeps,
  run: ImportRun,
  refs: string[],
  index: CatalogIndex,
  settings: MetricsInForce,
  now: Date,
): Promise<SliceEntity[]> {
  const synced = await entityStore(deps.store).loadStates(refs);
  const withComponents = refs.filter((ref) => synced.has(ref));
  if (withComponents.length === 0) return [];
  const fetched = await deps.catalog.getEntitiesByRefs(withComponents);
  const metricStates = await metricStore(deps.store).loadStates(withComponents);
  const present = withComponents.flatMap((ref, i) => (fetched[i] ? [{ ref, entity: fetched[i] }] : []));
  const related = await relatedFacts(
    deps,
    present.map((p) => p.entity),
  );
  const slice: SliceEntity[] = [];
  for (const { ref, entity } of present) {
    if (!identifyEntity(entity).ok) continue;
    const hash = entityContentHash(entity);
    const previous = metricStates.get(ref);
    const state: EntityMetricState = {
      ...previous,
      contentHash: hash,
      contentSeenAt: previous && previous.contentHash === hash ? previous.contentSeenAt : now.toISOString(),
      sources: { ...previous?.sources },
      pushed: { ...previous?.pushed },
    };
    try {
      const values = computeMetricValues(
        {
          entity,
          index,
          related,
          contentSeenAt: state.contentSeenAt,
          now,
          annotationSet: settings.annotationSet,
        },
        settings.enabled,
      );
      slice.push({ ref, componentId: synced.get(ref)!.componentId, state, values });
    } catch (error) {
      // computeMetricValues reads odd content without throwing; were it to, this entity alone goes without values.
      log.warn('metrics.compute-failed', { runId: run.runId, ...errorFields(error) });
    }
  }
  return slice;
}

/** Creates the metric sources the slice still lacks: a value can only be inserted by external id once it exists. */
async function createMissingSources(
  gateway: CompassMetricsGateway,
  slice: SliceEntity[],
  definitionIds: Record<string, string>,
  batchSize: number,
  tally: MetricRunTally,
): Promise<void> {
  const missing = slice.flatMap((item) =>
    [...item.values.keys()]
      .map((key) => definitionIds[key]!)
      .filter((definitionId) => item.state.sources[definitionId] === undefined)
      .map((definitionId) => ({ item, definitionId })),
  );
  for (const batch of chunks(missing, batchSize)) {
    const results = await gateway.createMetricSources(
      batch.map(({ item, definitionId }) => ({
        componentId: item.componentId,
        metricDefinitionId: definitionId,
        externalMetricSourceId: item.ref,
      })),
    );
    results.forEach((result, i) => {
      const { item, definitionId } = batch[i]!;
      if (result.ok) {
        item.state.sources[definitionId] = result.value.id;
        tally.sourcesCreated += 1;
      } else tally.valuesFailed += 1;
    });
  }
}

/** Sends the values that differ from the last value Compass accepted. */
async function pushChangedValues(
  gateway: CompassMetricsGateway,
  slice: SliceEntity[],
  definitionIds: Record<string, string>,
  batchSize: number,
  now: Date,
  tally: MetricRunTally,
): Promise<void> {
  const writes: { item: SliceEntity; write: MetricValueWrite }[] = [];
  for (const item of slice) {
    for (const [key, value] of item.values) {
      const definitionId = definitionIds[key]!;
      if (item.state.sources[definitionId] === undefined) continue;
      if (item.state.pushed[definitionId] === value) {
        tally.valuesUnchanged += 1;
        continue;
      }
      const write = {
        metricDefinitionId: definitionId,
        externalMetricSourceId: item.ref,
        value,
        timestamp: now.toISOString(),
      };
      writes.push({ item, write });
    }
  }
  for (const batch of chunks(writes, batchSize)) {
    const results = await gateway.insertMetricValues(batch.map((w) => w.write));
    results.forEach((result, i) => {
      const { item, write } = batch[i]!;
      if (result.ok) {
        item.state.pushed[write.metricDefinitionId] = write.value;
        item.state.pushedAt = write.timestamp;
        tally.valuesSent += 1;
      } else tally.valuesFailed += 1;
    });
  }
}

/** Applies the app's scorecard, when the admin asked for it, to the slice's components that do not have it yet. */
async function applyScorecard(
  gateway: CompassMetricsGateway,
  deps: ImportEngineDeps,
  slice: SliceEntity[],
  batchSize: number,
): Promise<void> {
  const scorecard = await metricStore(deps.store).loadScorecard();
  if (!scorecard?.apply) return;
  const pending = slice.filter((item) => item.state.scorecardId !== scorecard.id);
  for (const batch of chunks(pending, batchSize)) {
    const results = await gateway.applyScorecard(
      scorecard.id,
      batch.map((item) => item.componentId),
    );
    results.forEach((result, i) => {
      if (result.ok) batch[i]!.state.scorecardId = scorecard.id;
    });
  }
}

/**
 * Sends the entities' values: finds or makes their metric sources, pushes what changed, applies the scorecard where
 * asked, counts what Compass holds and saves the metric states.
 */
async function pushEntities(
  deps: ImportEngineDeps,
  gateway: CompassMetricsGateway,
  items: SliceEntity[],
  definitionIds: Record<string, string>,
  now: Date,
  tally: MetricRunTally,
): Promise<void> {
  const batchSize = engineSettings(deps).metricBatchSize;
  await adoptExistingSources(gateway, items, definitionIds, batchSize);
  await createMissingSources(gateway, items, definitionIds, batchSize, tally);
  await pushChangedValues(gateway, items, definitionIds, batchSize, now, tally);
  await applyScorecard(gateway, deps, items, batchSize);
  // Compass holds the entity's current value of these metrics: what the Metrics tab counts per metric.
  for (const item of items)
    for (const [key, value] of item.values)
      if (item.state.pushed[definitionIds[key]!] === value)
        tally.withValue[key] = (tally.withValue[key] ?? 0) + 1;
  await metricStore(deps.store).saveStates(items.map((item) => ({ entityRef: item.ref, state: item.state })));
}

/** One slice of the work list: compute, run the chosen checks, push what changed, save the entities' metric state. */
async function pushMetricSlice(
  deps: ImportEngineDeps,
  gateway: CompassMetricsGateway,
  run: ImportRun,
  refs: string[],
  index: CatalogIndex,
  tally: MetricRunTally,
): Promise<void> {
  const now = new Date(engineClock(deps)());
  const settings = metricsInForce(await metricStore(deps.store).loadSettings());
  const definitionIds = await ensureMetricDefinitions(gateway, deps, settings.enabled, tally);
  const slice = await computeSlice(deps, run, refs, index, settings, now);
  if (slice.length === 0) return;
  await addCheckValues(deps.techInsights, run, slice, settings.chosenCheckIds, now, tally);
  await pushEntities(deps, gateway, slice, definitionIds, now, tally);
}

const DAYS_SINCE_CHANGE = 'days-since-change';
const METRICS_NOT_PUSHED =
  'The scorecard metrics could not be pushed this time; the next import or sync tries again. The app’s logs have the details.';

/**
 * One page of a sync's pass over the entities it did not read. Two kinds of metric move without the entity
 * changing in Backstage: Days since change moves with the clock (worked out from the metric state: when the
 * content was first seen) and the Tech Insights checks move with their facts (run again, in batches). Values that
 * differ from the last one Compass accepted are pushed; no catalog read. Answers whether the pass is done.
 */
async function refreshUnreadEntities(
  deps: ImportEngineDeps,
  gateway: CompassMetricsGateway,
  run: ImportRun,
  tally: MetricRunTally,
): Promise<boolean> {
  const metrics = metricStore(deps.store);
  const settings = metricsInForce(await metrics.loadSettings());
  const ageing = settings.enabled.some((m) => m.key === DAYS_SINCE_CHANGE);
  const checking =
    deps.techInsights !== undefined && settings.chosenCheckIds.length > 0 && !tally.checksError;
  if (!ageing && !checking) return true;
  const definitionIds = checking
    ? await ensureMetricDefinitions(gateway, deps, settings.enabled, tally)
    : await metrics.loadDefinitionIds();
  const daysId = ageing ? definitionIds[DAYS_SINCE_CHANGE] : undefined;
  const page = await entityStore(deps.store).listStateRefs({
    ...(run.metricsAgeCursor ? { cursor: run.metricsAgeCursor } : {}),
    limit: 100,
  });
  const read = new Set(
    (await runStore(deps.store).loadRefList(run.runId, 'work', run.workChunks)).map((ref) =>
      ref.toLowerCase(),
    ),
  );
  const refs = page.refs.filter((ref) => !read.has(ref));
  const [states, synced] = await Promise.all([
    metrics.loadStates(refs),
    entityStore(deps.store).loadStates(refs),
  ]);
  const now = new Date(engineClock(deps)());
  const items: SliceEntity[] = [];
  for (const ref of refs) {
    const state = states.get(ref);
    const componentId = synced.get(ref)?.componentId;
    if (!state || !componentId) continue;
    const values = new Map<string, number>();
    // Only where the source exists: an entity without one gets it when it is next read.
    const days = daysId && state.sources[daysId] ? daysSince(state.contentSeenAt, now) : undefined;
    if (days !== undefined) values.set(DAYS_SINCE_CHANGE, days);
    items.push({
      ref,
      componentId,
      state: { ...state, sources: { ...state.sources }, pushed: { ...state.pushed } },
      values,
    });
  }
  if (checking) await addCheckValues(deps.techInsights, run, items, settings.chosenCheckIds, now, tally);
  // Only entities with something to send or keep: an unchanged entity costs no write.
  const changed = items.filter(
    (item) =>
      item.state.checks !== states.get(item.ref)?.checks ||
      [...item.values].some(([key, value]) => item.state.pushed[definitionIds[key]!] !== value),
  );
  const unchanged = items.filter((item) => !changed.includes(item));
  for (const item of unchanged)
    for (const [key, value] of item.values) {
      tally.valuesUnchanged += 1;
      if (item.state.pushed[definitionIds[key]!] === value)
        tally.withValue[key] = (tally.withValue[key] ?? 0) + 1;
    }
  if (changed.length > 0) await pushEntities(deps, gateway, changed, definitionIds, now, tally);
  if (!page.nextCursor) return true;
  run.metricsAgeCursor = page.nextCursor;
  return false;
}

/** Does one step of the metrics phase: one slice, or the phase's end (its summary saved). */
export async function runMetricsStep(
  deps: ImportEngineDeps,
  run: ImportRun,
  loadIndex: () => Promise<CatalogIndex>,
  next: ImportRun['phase'],
): Promise<void> {
  const gateway = deps.metrics;
  if (!gateway) {
    run.phase = next;
    run.cursor = 0;
    return;
  }
  const tally = (run.metrics ??= emptyMetricTally());
  if (!run.checksListed) {
    await relistChecks(deps, run, tally, new Date(engineClock(deps)()));
    run.checksListed = true;
  }
  if (run.cursor >= run.workTotal && run.mode === 'sync' && !run.metricsAged && !tally.error) {
    try {
      run.metricsAged = await refreshUnreadEntities(deps, gateway, run, tally);
    } catch (error) {
      log.error('metrics.push-failed', { runId: run.runId, phase: 'metrics', ...errorFields(error) });
      tally.error = METRICS_NOT_PUSHED;
    }
    return;
  }
  if (run.cursor >= run.workTotal || tally.error) {
    await metricStore(deps.store).saveLastPush({
      runId: run.runId,
      at: new Date(engineClock(deps)()).toISOString(),
      ...tally,
    });
    const { withValue: _perMetric, ...counts } = tally;
    log.info('metrics.pushed', { runId: run.runId, ...counts });
    run.phase = next;
    run.cursor = 0;
    return;
  }
  const refs = await runStore(deps.store).loadRefSlice(
    run.runId,
    'work',
    run.cursor,
    engineSettings(deps).sliceSize,
  );
  try {
    await pushMetricSlice(deps, gateway, run, refs, await loadIndex(), tally);
  } catch (error) {
    // Compass or Backstage failing after the retries: the metrics stop here for this run, the import goes on.
    log.error('metrics.push-failed', { runId: run.runId, phase: 'metrics', ...errorFields(error) });
    tally.error = METRICS_NOT_PUSHED;
    return;
  }
  run.cursor += refs.length;
}
