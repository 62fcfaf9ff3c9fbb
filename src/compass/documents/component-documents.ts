// Hand-written Compass GraphQL documents. The SDK sends one mutation per request (createComponent is four
// requests); these put several root fields in one request under aliases, the way the SDK's own compound
// mutations do. Every document here is validated against the local Compass's schema subset in tests, and the
// schema builder reads the EXAMPLE_DOCUMENTS below to keep the fields they select.

/** The relationships of one type a component starts (Compass filters them by type, DEPENDS_ON by default). */
const OUTWARD_RELATIONSHIPS_FRAGMENT = `
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

const MUTATION_RESULT = `
  success
  errors {
    message
    extensions {
      statusCode
      errorType
    }
  }
`;

/** The mutations the gateway batches, with their input types and the payload each selects. */
export const MUTATION_SEGMENTS = {
  createComponent: {
    args: { cloudId: 'ID!', input: 'CreateCompassComponentInput!' },
    selection: `${MUTATION_RESULT} componentDetails { ${COMPONENT_SELECTION} }`,
  },
  createComponentExternalAlias: {
    args: { input: 'CreateCompassComponentExternalAliasInput!' },
    selection: MUTATION_RESULT,
  },
  deleteComponentExternalAlias: {
    args: { input: 'DeleteCompassComponentExternalAliasInput!' },
    selection: MUTATION_RESULT,
  },
  updateComponent: { args: { input: 'UpdateCompassComponentInput!' }, selection: MUTATION_RESULT },
  updateComponentType: { args: { input: 'UpdateCompassComponentTypeInput!' }, selection: MUTATION_RESULT },
  createComponentLink: {
    args: { input: 'CreateCompassComponentLinkInput!' },
    selection: `${MUTATION_RESULT} createdComponentLink { id type url name }`,
  },
  deleteComponentLink: { args: { input: 'DeleteCompassComponentLinkInput!' }, selection: MUTATION_RESULT },
  addComponentLabels: { args: { input: 'AddCompassComponentLabelsInput!' }, selection: MUTATION_RESULT },
  removeComponentLabels: {
    args: { input: 'RemoveCompassComponentLabelsInput!' },
    selection: MUTATION_RESULT,
  },
  createRelationship: { args: { input: 'CreateCompassRelationshipInput!' }, selection: MUTATION_RESULT },
  deleteRelationship: { args: { input: 'DeleteCompassRelationshipInput!' }, selection: MUTATION_RESULT },
  deleteComponent: { args: { input: 'DeleteCompassComponentInput!' }, selection: MUTATION_RESULT },
} as const;

export type MutationField = keyof typeof MUTATION_SEGMENTS;

export interface MutationSegment {
  field: MutationField;
  /** Argument values, keyed as in MUTATION_SEGMENTS[field].args. */
  args: Record<string, unknown>;
}

export interface BuiltOperation {
  query: string;
  variables: Record<string, unknown>;
  /** The alias of each segment, in the order given; results come back under these keys. */
  aliases: string[];
}

/** One mutation document with each segment under its own alias (`s0`, `s1`, ...), each argument its own variable. */
export function buildCompassMutation(segments: MutationSegment[]): BuiltOperation {
  if (segments.length === 0) throw new Error('buildCompassMutation needs at least one segment');
  const declarations: string[] = [];
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  const aliases: string[] = [];
  segments.forEach((segment, index) => {
    const alias = `s${index}`;
    const spec = MUTATION_SEGMENTS[segment.field];
    const callArgs: string[] = [];
    for (const [name, type] of Object.entries(spec.args)) {
      const variable = `${alias}_${name}`;
      declarations.push(`$${variable}: ${type}`);
      callArgs.push(`${name}: $${variable}`);
      variables[variable] = segment.args[name];
    }
    fields.push(`${alias}: ${segment.field}(${callArgs.join(', ')}) { ${spec.selection} }`);
    aliases.push(alias);
  });
  const usesComponent = segments.some((segment) => segment.field === 'createComponent');
  const query = `mutation BackstageForCompassWrite(${declarations.join(', ')}) {\n  compass {\n    ${fields.join('\n    ')}\n  }\n}${usesComponent ? OUTWARD_RELATIONSHIPS_FRAGMENT : ''}`;
  return { query, variables, aliases };
}

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
      ... on QueryError { message extensions { statusCode errorType } }
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

/** One document with every mutation segment and one alias lookup: the local Compass's schema builder keeps the
 * fields these two select, and the schema test validates them, so a typo here fails the suite. */
export const EXAMPLE_WRITE_DOCUMENT: string = buildCompassMutation(
  (Object.keys(MUTATION_SEGMENTS) as MutationField[]).map((field) => ({ field, args: {} })),
).query;

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
      ... on QueryError {
        message
        extensions {
          statusCode
          errorType
        }
      }
    }
  }
}`;
