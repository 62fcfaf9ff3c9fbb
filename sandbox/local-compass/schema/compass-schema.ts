// Loads the committed compass-subset.graphql and checks the opt-ins its EXPERIMENTAL fields need.
import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export const COMPASS_SUBSET_SCHEMA_PATH = path.join(__dirname, 'compass-subset.graphql');

let cachedSchema: GraphQLSchema | undefined;

/** The committed subset schema, built once per process. */
export function loadCompassSubsetSchema(): GraphQLSchema {
  cachedSchema ??= buildSchema(fs.readFileSync(COMPASS_SUBSET_SCHEMA_PATH, 'utf8'));
  return cachedSchema;
}

/** Opt-ins granted by the `X-ExperimentalApi` request header (comma-separated, as the SDK sends it). */
export function headerOptIns(headers: Record<string, string> | undefined): Set<string> {
  const value = Object.entries(headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'x-experimentalapi',
  )?.[1];
  return new Set(
    (value ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  );
}

/**
 * Fields marked `@requiresOptIn(to: X)` (EXPERIMENTAL in AGG) selected without `@optIn(to: X)` on the operation,
 * the field or an ancestor, and without X in the X-ExperimentalApi header. Fragments inherit the opt-ins of
 * the place they are spread.
 */
export function missingOptIns(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  granted: Set<string>,
): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const root = schema.getRootType(operation.operation);
  const problems: string[] = [];
  if (!root) return problems;
  const visit = (
    type: GraphQLNamedType,
    selectionSet: SelectionSetNode,
    active: Set<string>,
    seen: Set<string>,
  ) => {
    for (const selection of selectionSet.selections) {
      const here = withOptIns(active, selection.directives);
      if (selection.kind === Kind.FIELD) {
        if (!isObjectType(type) && !isInterfaceType(type)) continue;
        const field = type.getFields()[selection.name.value];
        if (!field) continue;
        const required = requiredOptIn(field.astNode?.directives);
        if (required !== undefined && !here.has(required)) {
          problems.push(
            `Field ${type.name}.${field.name} is EXPERIMENTAL: add @optIn(to: "${required}") to it or a parent, ` +
              `or send the header X-ExperimentalApi: ${required}.`,
          );
        }
        if (selection.selectionSet) visit(getNamedType(field.type), selection.selectionSet, here, seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (condition) visit(condition, selection.selectionSet, here, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        const inFragment = withOptIns(here, fragment.directives);
        if (condition)
          visit(condition, fragment.selectionSet, inFragment, new Set([...seen, fragment.name.value]));
      }
    }
  };
  visit(root, operation.selectionSet, withOptIns(granted, operation.directives), new Set());
  return [...new Set(problems)];
}

function withOptIns(active: Set<string>, directives: readonly DirectiveNode[] | undefined): Set<string> {
  const optIns = (directives ?? []).filter((directive) => directive.name.value === 'optIn');
  if (optIns.length === 0) return active;
  const next = new Set(active);
  for (const directive of optIns) {
    const to = directive.arguments?.find((argument) => argument.name.value === 'to');
    const value: unknown = to ? valueFromASTUntyped(to.value) : undefined;
    for (const name of Array.isArray(value) ? value : [value]) {
      if (typeof name === 'string') next.add(name);
    }
  }
  return next;
}

function requiredOptIn(directives: readonly DirectiveNode[] | undefined): string | undefined {
  const directive = directives?.find((candidate) => candidate.name.value === 'requiresOptIn');
  const to = directive?.arguments?.find((argument) => argument.name.value === 'to');
  const value: unknown = to ? valueFromASTUntyped(to.value) : undefined;
  return typeof value === 'string' ? value : undefined;
}
