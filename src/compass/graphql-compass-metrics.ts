// The CompassMetricsGateway over Compass's GraphQL API: custom metric definitions, sources and values, and the
// app's scorecard, in hand-written documents sent through the one CompassClient. Compass has no batch endpoint
// for sources or values, so each batch is one aliased multi-root mutation; one item's failure is its own.
import type {
  CompassMetricsGateway,
  MetricDefinitionRecord,
  MetricSourceRecord,
  MetricValueWrite,
  ScorecardMetricCriterion,
} from '../core/ports';
import { CompassClient, resultOf, type Outcome, type QueryResult } from './compass-client';
import { CompassGatewayError } from './compass-errors';
import {
  chunksOf,
  means,
  sourceRecord,
  SCORECARD_APPLIED,
  SCORECARD_APPLIED_TYPE,
  SOURCE_EXISTS,
  SOURCE_EXISTS_TYPE,
  type Connection,
  type CreatedSourcePayload,
  type GqlComponentSources,
  type Named,
} from './metric-records';
import type { MutationSegment } from './documents/compass-mutations';
import {
  buildMetricSourcesQuery,
  METRIC_DEFINITIONS_QUERY,
  SCORECARDS_QUERY,
  type MetricSourcesPageRequest,
} from './documents/metric-documents';
import type { RequestGraph } from './request-graph';

/**
 * Items per request. Compass publishes no cap on root fields per request; 50 keeps one request near 25 KB and
 * makes a first push (one source and one value per component and metric) cost 2 / 50 = 0.04 requests a value,
 * under the 0.05 target, the same batch the admin page's alias lookups use.
 */
export const DEFAULT_METRICS_BATCH_SIZE = 50;

/** Items per page of a list (definitions, scorecards, one component's sources); Compass's cap is unpublished. */
export const DEFAULT_METRICS_PAGE_SIZE = 50;

/** The scorecard is the admin's to apply, not automatically to every component (as REQUIRED would be). */
const SCORECARD_IMPORTANCE = 'USER_DEFINED';

export interface GraphqlCompassMetricsOptions {
  cloudId: string;
  /** Already wrapped with retries where the caller wants them (see withRetries). */
  requestGraph: RequestGraph;
  /** Items per aliased multi-root request: sources, values, scorecard applications, components read. */
  batchSize?: number;
  /** Items per page when listing. */
  pageSize?: number;
}

const done: Outcome<void> = { ok: true, value: undefined };

export class GraphqlCompassMetrics implements CompassMetricsGateway {
  private readonly cloudId: string;
  private readonly client: CompassClient;
  private readonly batchSize: number;
  private readonly pageSize: number;

  constructor(options: GraphqlCompassMetricsOptions) {
    this.cloudId = options.cloudId;
    this.client = new CompassClient(options.requestGraph);
    this.batchSize = Math.max(1, options.batchSize ?? DEFAULT_METRICS_BATCH_SIZE);
    this.pageSize = Math.max(1, options.pageSize ?? DEFAULT_METRICS_PAGE_SIZE);
  }

  /** Every page of `compass.metricDefinitions`: one request per page. */
  async listMetricDefinitions(): Promise<MetricDefinitionRecord[]> {
    const definitions = await this.everyPage<Named>('listMetricDefinitions', (after) => ({
      query: METRIC_DEFINITIONS_QUERY,
      variables: { query: { cloudId: this.cloudId, first: this.pageSize, after } },
      field: 'metricDefinitions',
    }));
    return definitions.map(({ id, name }) => ({ id, name: name ?? '' }));
  }

  /**
   * Creates the definition unless one with that name exists, and answers the one that does. Safe after a lost
   * response, even one the transport's retry re-sent: see createOnceByName.
   */
  async createMetricDefinition(definition: {
    name: string;
    description: string;
    suffix: string;
  }): Promise<MetricDefinitionRecord> {
    return this.createOnceByName({
      operation: 'createMetricDefinition',
      named: async () =>
        (await this.listMetricDefinitions()).filter((found) => found.name === definition.name),
      create: () => ({
        field: 'createMetricDefinition',
        args: {
          input: {
            cloudId: this.cloudId,
            name: definition.name,
            description: definition.description,
            format: { suffix: { suffix: definition.suffix } },
          },
        },
      }),
      remove: (id) => ({ field: 'deleteMetricDefinition', args: { input: { id } } }),
    });
  }

  /** Deletes the definition with its sources and values; one already gone counts as deleted (a retried delete). */
  async deleteMetricDefinition(id: string): Promise<void> {
    const [result] = await this.client.mutate('deleteMetricDefinition', [
      { field: 'deleteMetricDefinition', args: { input: { id } } },
    ]);
    if (!result!.ok && result!.error.kind !== 'not-found') throw result!.error;
  }

  /**
   * One request per batch of components, each component under its own alias. A component with more sources than
   * a page is read on: the next request asks for the next page of only those components, each with its own
   * cursor, until none has more. Null for a component Compass does not have.
   */
  async metricSourcesOf(componentIds: string[]): Promise<(MetricSourceRecord[] | null)[]> {
    const found = new Map<string, MetricSourceRecord[] | null>();
    for (const batch of chunksOf([...new Set(componentIds)], this.batchSize)) {
      let pending: MetricSourcesPageRequest[] = batch.map((componentId) => ({ componentId }));
      for (const componentId of batch) found.set(componentId, []);
      while (pending.length > 0) {
        const built = buildMetricSourcesQuery(pending, this.pageSize);
        const data = await this.client.query<{
          compass?: Record<string, QueryResult<GqlComponentSources> | null>;
        }>('metricSourcesOf', built.query, built.variables);
        const next: MetricSourcesPageRequest[] = [];
        pending.forEach(({ componentId }, index) => {
          const component = resultOf('metricSourcesOf', data?.compass?.[built.aliases[index]!]);
          if (!component) {
            found.set(componentId, null);
            return;
          }
          const page = resultOf('metricSourcesOf', component.metricSources);
          found.get(componentId)!.push(...(page?.nodes ?? []).map(sourceRecord));
          const endCursor = page?.pageInfo?.endCursor;
          if (page?.pageInfo?.hasNextPage && endCursor) next.push({ componentId, after: endCursor });
        });
        pending = next;
      }
    }
    return componentIds.map((componentId) => found.get(componentId) ?? null);
  }

  /**
   * One request per batch. A source Compass says already exists (a retry after a lost response, or lost state)
   * is read back, in one further request for all of them, and answered as the existing source.
   */
  async createMetricSources(
    items: { componentId: string; metricDefinitionId: string; externalMetricSourceId: string }[],
  ): Promise<Outcome<MetricSourceRecord>[]> {
    const results = await this.inBatches(items, async (batch) => {
      const payloads = await this.client.mutate<CreatedSourcePayload>(
        'createMetricSources',
        batch.map((item) => ({ field: 'createMetricSource', args: { input: item } })),
      );
      return payloads.map((payload): Outcome<MetricSourceRecord> => {
        if (!payload.ok) return payload;
        const created = payload.value.createdMetricSource;
        return created
          ? { ok: true, value: sourceRecord(created) }
          : {
              ok: false,
              error: new CompassGatewayError(
                'unexpected',
                'createMetricSources',
                'Compass returned no source',
              ),
            };
      });
    });
    const existing = results.flatMap((result, index) =>
      !result.ok && means(result.error, SOURCE_EXISTS_TYPE, SOURCE_EXISTS) ? [index] : [],
    );
    if (existing.length === 0) return results;
    let sources: (MetricSourceRecord[] | null)[];
    try {
      sources = await this.metricSourcesOf(existing.map((index) => items[index]!.componentId));
    } catch {
      return results; // Those items keep their "already exists" failure; the next attempt reads them again.
    }
    existing.forEach((index, position) => {
      const source = sources[position]?.find(
        (candidate) => candidate.metricDefinitionId === items[index]!.metricDefinitionId,
      );
      if (source) results[index] = { ok: true, value: source };
    });
    return results;
  }

  /**
   * `insertMetricValueByExternalId`, one request per batch. A value JSON cannot carry (NaN, Infinity) fails
   * alone, unsent: as a variable it would turn the whole batch's request invalid.
   */
  async insertMetricValues(items: MetricValueWrite[]): Promise<Outcome<void>[]> {
    const results: Outcome<void>[] = items.map((item) =>
      Number.isFinite(item.value)
        ? done
        : {
            ok: false,
            error: new CompassGatewayError(
              'invalid-input',
              'insertMetricValues',
              `The value ${item.value} is not a finite number`,
            ),
          },
    );
    const sendable = items.flatMap((item, index) => (Number.isFinite(item.value) ? [index] : []));
    const sent = await this.inBatches(sendable, async (batch) => {
      const payloads = await this.client.mutate(
        'insertMetricValues',
        batch
          .map((index) => items[index]!)
          .map((item) => ({
            field: 'insertMetricValueByExternalId',
            args: {
              input: {
                cloudId: this.cloudId,
                metricDefinitionId: item.metricDefinitionId,
                externalMetricSourceId: item.externalMetricSourceId,
                value: { value: item.value, timestamp: item.timestamp },
              },
            },
          })),
      );
      return payloads.map((payload) => (payload.ok ? done : payload));
    });
    sendable.forEach((index, position) => (results[index] = sent[position]!));
    return results;
  }

  /** Pages `compass.scorecards`; of several with the name (a race, settling), the one createScorecard keeps. */
  async findScorecardByName(name: string): Promise<{ id: string; name: string } | null> {
    return (await this.scorecardsNamed(name))[0] ?? null;
  }

  /** A WEIGHT_BASED scorecard of `hasMetricValue` criteria, created once per name (see createOnceByName). */
  async createScorecard(scorecard: {
    name: string;
    description: string;
    criteria: ScorecardMetricCriterion[];
  }): Promise<{ id: string; name: string }> {
    return this.createOnceByName({
      operation: 'createScorecard',
      named: () => this.scorecardsNamed(scorecard.name),
      create: () => ({
        field: 'createScorecard',
        args: {
          cloudId: this.cloudId,
          input: {
            name: scorecard.name,
            description: scorecard.description,
            importance: SCORECARD_IMPORTANCE,
            scoringStrategyType: 'WEIGHT_BASED',
            criterias: scorecard.criteria.map((criterion) => ({
              hasMetricValue: {
                metricDefinitionId: criterion.metricDefinitionId,
                comparator: criterion.comparator,
                comparatorValue: criterion.comparatorValue,
                weight: criterion.weight,
                ...(criterion.name ? { name: criterion.name } : {}),
              },
            })),
          },
        },
      }),
      remove: (id) => ({ field: 'deleteScorecard', args: { scorecardId: id } }),
    });
  }

  /** `applyScorecardToComponent`, one request per batch; a component that already has it counts as applied. */
  async applyScorecard(scorecardId: string, componentIds: string[]): Promise<Outcome<void>[]> {
    return this.inBatches(componentIds, async (batch) => {
      const payloads = await this.client.mutate(
        'applyScorecard',
        batch.map((componentId) => ({
          field: 'applyScorecardToComponent',
          args: { componentId, scorecardId },
        })),
      );
      return payloads.map((payload) =>
        payload.ok || means(payload.error, SCORECARD_APPLIED_TYPE, SCORECARD_APPLIED) ? done : payload,
      );
    });
  }

  private async scorecardsNamed(name: string): Promise<Named[]> {
    const scorecards = await this.everyPage<Named>('findScorecardByName', (after) => ({
      query: SCORECARDS_QUERY,
      variables: { cloudId: this.cloudId, query: { first: this.pageSize, after } },
      field: 'scorecards',
    }));
    return scorecards.filter((found) => found.name === name).sort((a, b) => a.id.localeCompare(b.id));
  }

  /**
   * Creates a thing Compass lets exist twice under one name, so that it exists once: look first (lost state),
   * create, then look again. The second look finds what a create whose answer was lost made (even one the
   * transport's retry sent twice, or a concurrent caller's): of several with the name, the lowest id stays,
   * the same choice for every caller, and the others are deleted. Three requests, once per thing per site.
   */
  private async createOnceByName(steps: {
    operation: string;
    named: () => Promise<Named[]>;
    create: () => MutationSegment;
    remove: (id: string) => MutationSegment;
  }): Promise<Named> {
    const before = await steps.named();
    if (before.length > 0) return before.sort((a, b) => a.id.localeCompare(b.id))[0]!;
    const [created] = await this.client.mutate(steps.operation, [steps.create()]);
    const after = (await steps.named()).sort((a, b) => a.id.localeCompare(b.id));
    const [kept, ...extra] = after;
    if (!kept) {
      if (!created!.ok) throw created!.error;
      throw new CompassGatewayError('unexpected', steps.operation, 'Compass does not list what it created');
    }
    if (extra.length > 0) {
      // Best effort: a duplicate left behind is removed by the next create of the same name.
      await this.client.mutate(
        steps.operation,
        extra.map((duplicate) => steps.remove(duplicate.id)),
      );
    }
    return { id: kept.id, name: kept.name };
  }

  private async inBatches<T, R>(items: T[], send: (batch: T[]) => Promise<R[]>): Promise<R[]> {
    const results: R[] = [];
    for (const batch of chunksOf(items, this.batchSize)) results.push(...(await send(batch)));
    return results;
  }

  /** Every node of a paged `compass.<field>` connection, one request per page. */
  private async everyPage<T>(
    operation: string,
    page: (after: string | null) => { query: string; variables: Record<string, unknown>; field: string },
  ): Promise<T[]> {
    const nodes: T[] = [];
    let after: string | null = null;
    for (;;) {
      const request = page(after);
      const data = await this.client.query<{ compass?: Record<string, QueryResult<Connection<T>> | null> }>(
        operation,
        request.query,
        request.variables,
      );
      const connection = resultOf(operation, data?.compass?.[request.field]);
      nodes.push(...(connection?.nodes ?? []));
      const endCursor = connection?.pageInfo?.endCursor;
      if (!connection?.pageInfo?.hasNextPage || !endCursor) return nodes;
      after = endCursor;
    }
  }
}
