// Hand-written Compass GraphQL queries for custom metrics and scorecards: the site's metric definitions, the
// metric sources of many components at once, and the site's scorecards. Validated against the local Compass's
// schema subset in tests; the schema builder keeps the fields the exported documents select.
import { QUERY_ERROR_SELECTION, type BuiltOperation } from './built-operation';

const PAGE_INFO = `pageInfo {
          hasNextPage
          endCursor
        }`;

/** One page of the site's metric definitions (`$query`: cloudId, first, after). */
export const METRIC_DEFINITIONS_QUERY = `query BackstageForCompassMetricDefinitions($query: CompassMetricDefinitionsQuery!) {
  compass {
    metricDefinitions(query: $query) {
      __typename
      ... on CompassMetricDefinitionsConnection {
        nodes {
          id
          name
        }
        ${PAGE_INFO}
      }
      ${QUERY_ERROR_SELECTION}
    }
  }
}`;

/** One page of the site's scorecards. */
export const SCORECARDS_QUERY = `query BackstageForCompassScorecards($cloudId: ID!, $query: CompassScorecardsQuery) {
  compass {
    scorecards(cloudId: $cloudId, query: $query) {
      __typename
      ... on CompassScorecardConnection {
        nodes {
          id
          name
        }
        ${PAGE_INFO}
      }
      ${QUERY_ERROR_SELECTION}
    }
  }
}`;

/** One component's page of metric sources to read: `after` continues where its previous page ended. */
export interface MetricSourcesPageRequest {
  componentId: string;
  after?: string;
}

/**
 * One query document that reads a page of metric sources of several components: each component under its own
 * alias (`c0`, `c1`, ...), with its own cursor, so the next page of only the components that have more can
 * follow in one further request.
 */
export function buildMetricSourcesQuery(pages: MetricSourcesPageRequest[], pageSize: number): BuiltOperation {
  if (pages.length === 0) throw new Error('buildMetricSourcesQuery needs at least one component');
  const declarations = ['$first: Int'];
  const variables: Record<string, unknown> = { first: pageSize };
  const aliases: string[] = [];
  const fields = pages.map((page, index) => {
    const alias = `c${index}`;
    declarations.push(`$${alias}: ID!`, `$${alias}_after: String`);
    variables[alias] = page.componentId;
    variables[`${alias}_after`] = page.after ?? null;
    aliases.push(alias);
    return `${alias}: component(id: $${alias}) {
      __typename
      ... on CompassComponent {
        id
        metricSources(query: { first: $first, after: $${alias}_after }) {
          __typename
          ... on CompassComponentMetricSourcesConnection {
            nodes {
              id
              externalMetricSourceId
              metricDefinition {
                id
              }
            }
            ${PAGE_INFO}
          }
          ${QUERY_ERROR_SELECTION}
        }
      }
      ${QUERY_ERROR_SELECTION}
    }`;
  });
  const query = `query BackstageForCompassMetricSources(${declarations.join(', ')}) {\n  compass {\n    ${fields.join('\n    ')}\n  }\n}`;
  return { query, variables, aliases };
}

export const EXAMPLE_METRIC_SOURCES_DOCUMENT: string = buildMetricSourcesQuery(
  [{ componentId: 'example' }],
  50,
).query;
