// Reconstructs a GraphQL schema model from graphql-codegen's TypeScript output
// (`@atlassian/forge-graphql-types/src/graphql-types.ts`): the package ships no SDL, only these types.
//
// How codegen output maps back (see compass-api.md §4.3):
// - an alias whose object literal carries `__typename` is an object type (its GraphQL name is the literal);
// - `A & B & { ... }` is a type implementing A and B; named parents without `__typename` are interfaces;
// - other object literals are input types, except `<Type><Field>Args`, which hold field arguments;
// - TS enums are enums (GraphQL names are the string values); aliases to a union of names are unions;
// - `Maybe<>`/`InputMaybe<>` mark nullable positions, `Array<>` lists, `Scalars['X']` scalars.
import ts from 'typescript';

export type TypeRef =
  { kind: 'named'; name: string } | { kind: 'list'; of: TypeRef } | { kind: 'nonNull'; of: TypeRef };

export interface InputValueDef {
  name: string;
  type: TypeRef;
  deprecated?: string;
  /**
   * codegen writes a non-null input with a default as `name?: T` (optional, no Maybe). The default value
   * is lost, so the input is reconstructed as nullable (clients may omit it, as in AGG) and flagged here.
   */
  nonNullWithDefault?: boolean;
}

export interface FieldDef {
  name: string;
  type: TypeRef;
  args: InputValueDef[];
  deprecated?: string;
  /** Opt-in name the field's doc comment requires (`@optIn(to: "compass-beta")` or the X-ExperimentalApi header). */
  optIn?: string;
}

export type TypeDef =
  | { kind: 'object'; name: string; interfaces: string[]; fields: Map<string, FieldDef> }
  | { kind: 'interface'; name: string; interfaces: string[]; fields: Map<string, FieldDef> }
  | { kind: 'input'; name: string; fields: Map<string, InputValueDef> }
  | { kind: 'union'; name: string; members: string[] }
  | { kind: 'enum'; name: string; values: { name: string; deprecated?: string }[] }
  | { kind: 'scalar'; name: string };

export type FieldContainerDef = Extract<TypeDef, { kind: 'object' | 'interface' }>;

export interface SchemaModel {
  types: Map<string, TypeDef>;
  /** `<Type><Field>Args` aliases that no field claimed: a reconstruction gap if ever non-zero. */
  unclaimedArgsTypes: string[];
}

export const BUILT_IN_SCALARS = new Set(['ID', 'String', 'Boolean', 'Int', 'Float']);

export class SchemaReconstructionError extends Error {
  override readonly name = 'SchemaReconstructionError';
}

export function namedTypeOf(ref: TypeRef): string {
  return ref.kind === 'named' ? ref.name : namedTypeOf(ref.of);
}

export function printTypeRef(ref: TypeRef): string {
  if (ref.kind === 'named') return ref.name;
  if (ref.kind === 'list') return `[${printTypeRef(ref.of)}]`;
  return `${printTypeRef(ref.of)}!`;
}

export function isFieldContainer(def: TypeDef | undefined): def is FieldContainerDef {
  return def?.kind === 'object' || def?.kind === 'interface';
}

/** Reads `graphql-types.ts` source text into a schema model. */
export function reconstructSchemaModel(sourceText: string, fileName = 'graphql-types.ts'): SchemaModel {
  const sourceFile = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, false);
  const aliases = new Map<string, ts.TypeAliasDeclaration>();
  const enums: ts.EnumDeclaration[] = [];
  const interfaceTsNames = new Set<string>();

  for (const statement of sourceFile.statements) {
    if (ts.isTypeAliasDeclaration(statement)) {
      aliases.set(statement.name.text, statement);
      if (ts.isIntersectionTypeNode(statement.type)) {
        for (const part of statement.type.types) {
          if (ts.isTypeReferenceNode(part)) interfaceTsNames.add(entityName(part.typeName));
        }
      }
    } else if (ts.isEnumDeclaration(statement)) {
      enums.push(statement);
    }
  }

  // codegen pascal-cases names (`AVPChart` -> `AvpChart`); object types keep the original in `__typename`.
  const gqlNameByTsName = new Map<string, string>();
  for (const [tsName, alias] of aliases) {
    const literal = objectLiteralOf(alias.type);
    const typename = literal && typenameLiteral(literal);
    if (typename) gqlNameByTsName.set(tsName, typename);
  }
  const gqlName = (tsName: string) => gqlNameByTsName.get(tsName) ?? tsName;

  const types = new Map<string, TypeDef>();
  const argsAliases = new Map<string, ts.TypeLiteralNode>();
  const add = (def: TypeDef) => types.set(def.name, def);
  const typeRef = (node: ts.TypeNode, where: string) => typeRefOf(node, gqlName, where, sourceFile);

  const scalarsAlias = aliases.get('Scalars');
  if (!scalarsAlias || !ts.isTypeLiteralNode(scalarsAlias.type)) {
    throw new SchemaReconstructionError('graphql-types.ts has no `Scalars` type literal');
  }
  for (const member of scalarsAlias.type.members) {
    const name = member.name && propertyName(member.name);
    if (name) add({ kind: 'scalar', name });
  }

  for (const declaration of enums) {
    add({
      kind: 'enum',
      name: declaration.name.text,
      values: declaration.members.map((member) => {
        if (!member.initializer || !ts.isStringLiteral(member.initializer)) {
          throw new SchemaReconstructionError(`enum ${declaration.name.text} has a non-string member`);
        }
        const value: { name: string; deprecated?: string } = { name: member.initializer.text };
        return withDeprecation(value, member, sourceFile, true);
      }),
    });
  }

  const helperAliases = new Set(['Maybe', 'InputMaybe', 'Exact', 'MakeOptional', 'MakeMaybe', 'Scalars']);
  for (const [tsName, alias] of aliases) {
    if (helperAliases.has(tsName)) continue;
    const node = alias.type;
    if (ts.isUnionTypeNode(node) || ts.isTypeReferenceNode(node)) {
      const parts = ts.isUnionTypeNode(node) ? node.types : [node];
      const members = parts.map((part) => {
        if (!ts.isTypeReferenceNode(part)) {
          throw new SchemaReconstructionError(`union ${tsName} has a member that is not a type name`);
        }
        return gqlName(entityName(part.typeName));
      });
      add({ kind: 'union', name: tsName, members });
      continue;
    }
    const literal = objectLiteralOf(node);
    if (!literal) throw new SchemaReconstructionError(`type ${tsName} has an unrecognised shape`);
    const parents = ts.isIntersectionTypeNode(node)
      ? node.types.filter(ts.isTypeReferenceNode).map((part) => gqlName(entityName(part.typeName)))
      : [];
    const typename = typenameLiteral(literal);
    if (typename) {
      add({ kind: 'object', name: typename, interfaces: parents, fields: outputFields(literal, tsName) });
    } else if (interfaceTsNames.has(tsName) || parents.length > 0) {
      add({ kind: 'interface', name: tsName, interfaces: parents, fields: outputFields(literal, tsName) });
    } else if (tsName.endsWith('Args')) {
      argsAliases.set(tsName, literal);
    } else {
      add({ kind: 'input', name: tsName, fields: inputFields(literal, tsName) });
    }
  }

  // Attach `<ParentTsName><FieldName>Args` to their fields (codegen pascal-cases each `_`-separated part).
  const claimed = new Set<string>();
  const tsNameByGqlName = new Map([...gqlNameByTsName].map(([tsName, name]) => [name, tsName]));
  for (const def of types.values()) {
    if (!isFieldContainer(def)) continue;
    const parentTsName = tsNameByGqlName.get(def.name) ?? def.name;
    for (const field of def.fields.values()) {
      const argsName = argsNameCandidates(field.name)
        .map((candidate) => `${parentTsName}${candidate}Args`)
        .find((candidate) => argsAliases.has(candidate));
      const literal = argsName && argsAliases.get(argsName);
      if (!argsName || !literal) continue;
      claimed.add(argsName);
      field.args = [...inputFields(literal, argsName).values()];
    }
  }
  // An `...Args` literal nothing claimed may really be an input type named that way.
  const unclaimedArgsTypes: string[] = [];
  for (const [tsName, literal] of argsAliases) {
    if (claimed.has(tsName)) continue;
    unclaimedArgsTypes.push(tsName);
    if (!types.has(tsName)) add({ kind: 'input', name: tsName, fields: inputFields(literal, tsName) });
  }
  return { types, unclaimedArgsTypes };

  function outputFields(literal: ts.TypeLiteralNode, owner: string): Map<string, FieldDef> {
    const fields = new Map<string, FieldDef>();
    for (const member of literal.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const name = propertyName(member.name);
      if (!name || name === '__typename') continue;
      const field: FieldDef = { name, type: typeRef(member.type, `${owner}.${name}`), args: [] };
      const optIn = OPT_IN_DOC.exec(leadingTrivia(member, sourceFile))?.[1];
      if (optIn) field.optIn = optIn;
      fields.set(name, withDeprecation(field, member, sourceFile, true));
    }
    return fields;
  }

  function inputFields(literal: ts.TypeLiteralNode, owner: string): Map<string, InputValueDef> {
    const fields = new Map<string, InputValueDef>();
    for (const member of literal.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const name = propertyName(member.name);
      if (!name) continue;
      const declared = typeRef(member.type, `${owner}.${name}`);
      const nonNullWithDefault = member.questionToken !== undefined && declared.kind === 'nonNull';
      const type = nonNullWithDefault && declared.kind === 'nonNull' ? declared.of : declared;
      const value: InputValueDef = nonNullWithDefault ? { name, type, nonNullWithDefault } : { name, type };
      // graphql-js rejects @deprecated on required input values.
      fields.set(name, withDeprecation(value, member, sourceFile, type.kind !== 'nonNull'));
    }
    return fields;
  }
}

function objectLiteralOf(node: ts.TypeNode): ts.TypeLiteralNode | undefined {
  if (ts.isTypeLiteralNode(node)) return node;
  if (ts.isIntersectionTypeNode(node)) {
    const last = node.types[node.types.length - 1];
    return last && ts.isTypeLiteralNode(last) ? last : undefined;
  }
  return undefined;
}

function typenameLiteral(literal: ts.TypeLiteralNode): string | undefined {
  for (const member of literal.members) {
    if (!ts.isPropertySignature(member) || propertyName(member.name) !== '__typename') continue;
    if (member.type && ts.isLiteralTypeNode(member.type) && ts.isStringLiteral(member.type.literal)) {
      return member.type.literal.text;
    }
  }
  return undefined;
}

function typeRefOf(
  node: ts.TypeNode,
  gqlName: (tsName: string) => string,
  where: string,
  sourceFile: ts.SourceFile,
): TypeRef {
  const nullable = unwrapMaybe(node);
  const inner = nullable ?? node;
  const bare = bareTypeRef(inner, gqlName, where, sourceFile);
  return nullable ? bare : { kind: 'nonNull', of: bare };
}

function unwrapMaybe(node: ts.TypeNode): ts.TypeNode | undefined {
  if (!ts.isTypeReferenceNode(node)) return undefined;
  const name = entityName(node.typeName);
  if ((name === 'Maybe' || name === 'InputMaybe') && node.typeArguments?.length === 1) {
    return node.typeArguments[0];
  }
  return undefined;
}

function bareTypeRef(
  node: ts.TypeNode,
  gqlName: (tsName: string) => string,
  where: string,
  sourceFile: ts.SourceFile,
): TypeRef {
  if (ts.isTypeReferenceNode(node)) {
    const name = entityName(node.typeName);
    const [element] = node.typeArguments ?? [];
    if (name === 'Array' && element) {
      return { kind: 'list', of: typeRefOf(element, gqlName, where, sourceFile) };
    }
    if (!node.typeArguments) return { kind: 'named', name: gqlName(name) };
  }
  if (
    ts.isIndexedAccessTypeNode(node) &&
    ts.isTypeReferenceNode(node.objectType) &&
    entityName(node.objectType.typeName) === 'Scalars' &&
    ts.isLiteralTypeNode(node.indexType) &&
    ts.isStringLiteral(node.indexType.literal)
  ) {
    return { kind: 'named', name: node.indexType.literal.text };
  }
  throw new SchemaReconstructionError(
    `${where}: unsupported type expression \`${node.getText(sourceFile)}\``,
  );
}

function withDeprecation<T extends { deprecated?: string }>(
  target: T,
  node: ts.Node,
  sourceFile: ts.SourceFile,
  allowed: boolean,
): T {
  if (!allowed) return target;
  const match = /@deprecated\b([^\n]*)/.exec(leadingTrivia(node, sourceFile));
  if (match) {
    const reason = (match[1] ?? '').replace(/\*\/\s*$/, '').trim();
    target.deprecated = reason || 'No longer supported';
  }
  return target;
}

// The generated doc comment of an EXPERIMENTAL field names the opt-in it needs.
const OPT_IN_DOC = /add the '@optIn\(to: "([^"]+)"\)' query directive/;

function leadingTrivia(node: ts.Node, sourceFile: ts.SourceFile): string {
  return sourceFile.text.slice(node.pos, node.getStart(sourceFile));
}

function entityName(name: ts.EntityName): string {
  return ts.isIdentifier(name) ? name.text : `${entityName(name.left)}.${name.right.text}`;
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

/**
 * Candidate spellings of codegen's field-name conversion for Args aliases. codegen applies change-case's
 * pascalCase to each `_`-separated part: `teamSearchV2` -> `TeamSearchV2`, `issueAISummary` -> `IssueAiSummary`.
 */
function argsNameCandidates(fieldName: string): string[] {
  const parts = fieldName.split('_');
  const simple = parts.map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('_');
  const changeCase = parts
    .map((part) =>
      part
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
        .split(' ')
        .map((word, index) => {
          const rest = word.slice(1).toLowerCase();
          const first = word.charAt(0);
          return index > 0 && first >= '0' && first <= '9' ? `_${first}${rest}` : first.toUpperCase() + rest;
        })
        .join(''),
    )
    .join('_');
  return changeCase === simple ? [simple] : [simple, changeCase];
}
