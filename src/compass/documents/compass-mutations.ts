// The one mutation builder: several Compass mutations in one request, each root field under its own alias, the
// way the SDK's own compound mutations do (the SDK sends one mutation per request; its createComponent is four).
// Validated against the local Compass's schema subset in tests, through EXAMPLE_WRITE_DOCUMENT.
import type { BuiltOperation } from './built-operation';
import { COMPONENT_SELECTION, OUTWARD_RELATIONSHIPS_FRAGMENT } from './component-documents';

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

interface SegmentSpec {
  /** Argument name to GraphQL type. */
  args: Record<string, string>;
  /** What the payload selects: MUTATION_RESULT first. */
  selection: string;
  /** Fragment definitions the selection spreads. */
  fragments?: string;
}

/**
 * Every Compass mutation the app sends, with its input types and the payload each selects. A new one (a metric
 * definition, a metric source, a metric value, a scorecard) is an entry here, sent with CompassClient.mutate.
 */
export const MUTATION_SEGMENTS = {
  createComponent: {
    args: { cloudId: 'ID!', input: 'CreateCompassComponentInput!' },
    selection: `${MUTATION_RESULT} componentDetails { ${COMPONENT_SELECTION} }`,
    fragments: OUTWARD_RELATIONSHIPS_FRAGMENT,
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
  createMetricDefinition: {
    args: { input: 'CompassCreateMetricDefinitionInput!' },
    selection: `${MUTATION_RESULT} createdMetricDefinition { id name }`,
  },
  deleteMetricDefinition: {
    args: { input: 'CompassDeleteMetricDefinitionInput!' },
    selection: MUTATION_RESULT,
  },
  createMetricSource: {
    args: { input: 'CompassCreateMetricSourceInput!' },
    selection: `${MUTATION_RESULT} createdMetricSource { id externalMetricSourceId metricDefinition { id } }`,
  },
  insertMetricValueByExternalId: {
    args: { input: 'CompassInsertMetricValueByExternalIdInput!' },
    selection: MUTATION_RESULT,
  },
  createScorecard: {
    args: { cloudId: 'ID!', input: 'CreateCompassScorecardInput!' },
    selection: `${MUTATION_RESULT} scorecardDetails { id name }`,
  },
  deleteScorecard: { args: { scorecardId: 'ID!' }, selection: MUTATION_RESULT },
  applyScorecardToComponent: { args: { componentId: 'ID!', scorecardId: 'ID!' }, selection: MUTATION_RESULT },
} as const satisfies Record<string, SegmentSpec>;

export type MutationField = keyof typeof MUTATION_SEGMENTS;

export interface MutationSegment {
  field: MutationField;
  /** Argument values, keyed as in MUTATION_SEGMENTS[field].args. */
  args: Record<string, unknown>;
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
  const fragments = new Set(
    segments.flatMap((segment) => {
      const spec: SegmentSpec = MUTATION_SEGMENTS[segment.field];
      return spec.fragments ? [spec.fragments] : [];
    }),
  );
  const query = `mutation BackstageForCompassWrite(${declarations.join(', ')}) {\n  compass {\n    ${fields.join('\n    ')}\n  }\n}${[...fragments].join('')}`;
  return { query, variables, aliases };
}

/** One document with every mutation segment: the local Compass's schema builder keeps the fields it selects, and
 * the schema test validates it, so a typo here fails the suite. */
export const EXAMPLE_WRITE_DOCUMENT: string = buildCompassMutation(
  (Object.keys(MUTATION_SEGMENTS) as MutationField[]).map((field) => ({ field, args: {} })),
).query;
