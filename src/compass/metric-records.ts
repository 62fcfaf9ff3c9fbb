// What Compass answers about metrics, as the metrics gateway reads it: the GraphQL shapes, the wording of the
// states a retried write can meet, and the app's records made from them.
import type { MetricSourceRecord } from '../core/ports';
import type { MutationPayload, QueryResult } from './compass-client';
import type { CompassGatewayError } from './compass-errors';

// Compass's answers (as the local Compass words them) for the states a retried write can meet.
export const SOURCE_EXISTS_TYPE = 'METRIC_SOURCE_ALREADY_EXISTS';
export const SOURCE_EXISTS = /already has a metric source|metric source .*already exists/i;
export const SCORECARD_APPLIED_TYPE = 'SCORECARD_ALREADY_APPLIED';
export const SCORECARD_APPLIED = /scorecard is already applied|already has the scorecard/i;

export interface Named {
  id: string;
  name: string;
}

export interface Connection<T> {
  nodes?: T[] | null;
  pageInfo?: { hasNextPage: boolean; endCursor?: string | null } | null;
}

export interface GqlMetricSource {
  id: string;
  externalMetricSourceId?: string | null;
  metricDefinition?: { id: string } | null;
}

export interface GqlComponentSources {
  id: string;
  metricSources?: QueryResult<Connection<GqlMetricSource>> | null;
}

export interface CreatedSourcePayload extends MutationPayload {
  createdMetricSource?: GqlMetricSource | null;
}

export function means(error: CompassGatewayError, errorType: string, wording: RegExp): boolean {
  return error.details.some((detail) => detail.errorType === errorType) || wording.test(error.message);
}

export function chunksOf<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export function sourceRecord(source: GqlMetricSource): MetricSourceRecord {
  return {
    id: source.id,
    metricDefinitionId: source.metricDefinition?.id ?? '',
    externalMetricSourceId: source.externalMetricSourceId ?? '',
  };
}
