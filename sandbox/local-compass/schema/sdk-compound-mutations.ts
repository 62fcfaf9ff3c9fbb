// The compound mutations @atlassian/forge-graphql builds at runtime, rebuilt here for the schema: the SDK slices
// one segment per field out of a shipped mutation (its `generateMutationGql`) and wraps the segments in one
// `mutation compoundMutation(...)` (its `prefixMutation`). Neither helper is exported from the package's entry
// point, so this mirrors their output; local-compass.sdk.test.ts checks it against what the real SDK sends.

export const COMPOUND_MUTATION_NAME = 'compoundMutation';

export interface CompoundSegment {
  /** `alias: field(input: $alias) { success errors { message } }`. */
  mutationGql: string;
  /** `$alias: InputType!`. */
  params: string[];
}

/** The segment the SDK cuts from `sourceDocument` for `fieldName`; `alias` stands in for its random unique id. */
export function compoundSegment(
  sourceDocument: string,
  fieldName: string,
  alias = `${fieldName}_0`,
): CompoundSegment {
  const field = /compass\s*\{\s*(\w+)\s*\(/.exec(sourceDocument)?.[1];
  const inputType = /input:\s*([^)]+?)\s*\)\s*\{/.exec(sourceDocument)?.[1];
  if (!field || !inputType) throw new Error(`${fieldName}: not a single-input compass mutation`);
  return {
    mutationGql: `${alias}: ${field}(input: $${alias}) {
      success
      errors {
        message
      }
    }
  `,
    params: [`$${alias}: ${inputType}`],
  };
}

/** The segments in one document, as the SDK sends them. */
export function compoundMutation(segments: CompoundSegment[]): string {
  return `
mutation ${COMPOUND_MUTATION_NAME}(
  ${segments.flatMap((segment) => segment.params).join(', ')}
) {
  compass {
  ${segments.map((segment) => segment.mutationGql).join('  ')}
  }
}
`;
}
