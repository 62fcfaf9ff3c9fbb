// Hand-written Compass GraphQL documents for reading components: what the gateway selects of a component and
// the lookups by alias, slug and id. Every document here is validated against the local Compass's schema subset
// in tests, and the schema builder reads the EXAMPLE_ documents to keep the fields they select.

import { QUERY_ERROR_SELECTION, type BuiltOperation } from './built-operation';

/** The relationships of one type a component starts (Compass filters them by type, DEPENDS_ON by default). */
export const OUTWARD_RELATIONSHIPS_FRAGMENT = `
fragment OutwardRelationships on CompassRelationshipConnectionResult {
  ... on CompassRelationshipConnection {
    nodes {
      relationshipType
      startNode {
        id
      }
      endNode {
        id
      }
    }
  }
}`;

/** What the gateway reads of a component (documents using it append OUTWARD_RELATIONSHIPS_FRAGMENT). */
export const COMPONENT_SELECTION = `
  id
  name
  slug
  description
  typeId
  ownerId
  fields {
    ... on CompassEnumField {
      value
      definition {
        ... on CompassFieldDefinition {
          id
        }
      }
    }
  }
  labels {
    name
  }
  links {
    id
    type
    url
    name
  }
  externalAliases {
    externalSource
    externalAliasId
  }
  dependsOn: relationships(query: { relationshipType: DEPENDS_ON, direction: OUTWARD, first: 100 }) {
    ...OutwardRelationships
  }
  childOf: relationships(query: { relationshipType: CHILD_OF, direction: OUTWARD, first: 100 }) {
    ...OutwardRelationships
  }
`;

/** One query document that looks several components up by external alias at once. */
export function buildFindByAliasesQuery(
  cloudId: string,
  externalSource: string,
  externalIds: string[],
): BuiltOperation {
  if (externalIds.length === 0) throw new Error('buildFindByAliasesQuery needs at least one external id');
  const declarations = ['$cloudId: ID!', '$externalSource: ID!'];
  const variables: Record<string, unknown> = { cloudId, externalSource };
  const aliases: string[] = [];
  const fields = externalIds.map((externalId, index) => {
    const alias = `a${index}`;
    declarations.push(`$${alias}: ID!`);
    variables[alias] = externalId;
    aliases.push(alias);
    return `${alias}: componentByExternalAlias(cloudId: $cloudId, externalSource: $externalSource, externalID: $${alias}) {
      __typename
      ... on CompassComponent { ${COMPONENT_SELECTION} }
      ${QUERY_ERROR_SELECTION}
    }`;
  });
  const query = `query BackstageForCompassFindByAliases(${declarations.join(', ')}) {\n  compass {\n    ${fields.join('\n    ')}\n  }\n}${OUTWARD_RELATIONSHIPS_FRAGMENT}`;
  return { query, variables, aliases };
}

/** Components by slug in one request (Compass answers only those that exist, in no promised order). */
export function buildFindBySlugsQuery(cloudId: string, slugs: string[]): BuiltOperation {
  const query = `query BackstageForCompassFindBySlugs($references: [ComponentReferenceInput!]!) {
  compass {
    componentsByReferences(references: $references) { ${COMPONENT_SELECTION} }
  }
}${OUTWARD_RELATIONSHIPS_FRAGMENT}`;
  return {
    query,
    variables: { references: slugs.map((slug) => ({ slug: { cloudId, slug } })) },
    aliases: [],
  };
}

export const EXAMPLE_FIND_BY_SLUGS_DOCUMENT: string = buildFindBySlugsQuery('cloud', ['example']).query;

export const EXAMPLE_FIND_BY_ALIASES_DOCUMENT: string = buildFindByAliasesQuery('cloud', 'backstage', [
  'component:default/example',
]).query;

/** One component's name and external aliases by id: how the component page panel finds its Backstage entity. */
export const COMPONENT_EXTERNAL_ALIASES_QUERY = `query BackstageForCompassComponentAliases($id: ID!) {
  compass {
    component(id: $id) {
      __typename
      ... on CompassComponent {
        id
        name
        externalAliases {
          externalSource
          externalAliasId
        }
      }
      ${QUERY_ERROR_SELECTION}
    }
  }
}`;
