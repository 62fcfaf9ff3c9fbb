// The site's components a page at a time (`searchComponents`), with only what adopting needs: the name, the
// links and the sources of the external aliases. Validated against the local Compass's schema subset in tests.
import { QUERY_ERROR_SELECTION } from './built-operation';

/** Components per listing request (the listing costs one request per page). */
export const COMPONENT_LISTING_PAGE_SIZE = 50;

/** Sorted by name: Compass's schema says a sort keeps pagination stable. */
export const COMPONENT_LISTING_QUERY = `query BackstageForCompassListComponents($cloudId: String!, $query: CompassSearchComponentQuery) {
  compass {
    searchComponents(cloudId: $cloudId, query: $query) {
      __typename
      ... on CompassSearchComponentConnection {
        nodes {
          component {
            id
            name
            links {
              type
              url
            }
            externalAliases {
              externalSource
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      ${QUERY_ERROR_SELECTION}
    }
  }
}`;

export function componentListingVariables(cloudId: string, after?: string): Record<string, unknown> {
  return {
    cloudId,
    query: {
      first: COMPONENT_LISTING_PAGE_SIZE,
      sort: [{ name: 'name', order: 'ASC' }],
      ...(after ? { after } : {}),
    },
  };
}
