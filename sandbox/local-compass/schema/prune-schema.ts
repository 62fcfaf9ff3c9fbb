// Prunes the reconstructed schema model to what a set of GraphQL documents selects, and prints it as SDL.
//
// Kept: every field a document selects (with all its arguments, exactly as reconstructed), every type a
// selection, fragment or variable names, input types whole (recursively), enums whole, the interface
// contracts of kept types, and the extra root fields the config asks to keep "whole" to a depth.
// Any field, type or argument a document names that the full schema lacks is a SchemaPruneError:
// that is what keeps hand-written documents honest.
import {
  buildSchema,
  GraphQLError,
  Kind,
  NoUnusedFragmentsRule,
  parse,
  specifiedRules,
  validate,
  validateSchema,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type TypeNode,
} from 'graphql';
import {
  BUILT_IN_SCALARS,
  isFieldContainer,
  namedTypeOf,
  printTypeRef,
  type FieldContainerDef,
  type FieldDef,
  type InputValueDef,
  type SchemaModel,
  type TypeDef,
} from './schema-model';
import type { SourceDocument } from './documents';

/** A root field kept with its arguments and its result type expanded `depth` levels (leaf fields at every level). */
export interface KeepWholeRootField {
  /** `Query.compass.component`: the root type, then field names. */
  path: string;
  depth: number;
}

export interface PruneOptions {
  documents: SourceDocument[];
  keepWhole: KeepWholeRootField[];
  /** Types kept even when no document names them (the concrete error extensions resolvers return). */
  keepTypes: string[];
  /** SDL printed before the types (header comment). */
  header?: string;
}

export interface PruneResult {
  sdl: string;
  typeCount: number;
  fieldCount: number;
  /** `Type.field` added only because a kept type would otherwise have no field. */
  fillerFields: string[];
  /** Kept interfaces no kept object implements: resolvers cannot return a value for them. */
  interfacesWithoutImplementations: string[];
}

export class SchemaPruneError extends Error {
  override readonly name = 'SchemaPruneError';
  constructor(readonly problems: string[]) {
    super(`Schema pruning failed with ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  }
}

export const OPT_IN_DIRECTIVE_SDL =
  'directive @optIn(to: [String!]!) repeatable on QUERY | MUTATION | SUBSCRIPTION | FIELD | ' +
  'FRAGMENT_DEFINITION | FRAGMENT_SPREAD | INLINE_FRAGMENT';

/** Local marker (not part of AGG): the field is EXPERIMENTAL and needs `@optIn(to: <to>)` or the header. */
export const REQUIRES_OPT_IN_DIRECTIVE_SDL = 'directive @requiresOptIn(to: String!) on FIELD_DEFINITION';

const DEFAULTED_NOTE = '# AGG: non-null with a default (value not recoverable)';

const KNOWN_DIRECTIVES = new Set(['include', 'skip', 'optIn']);

export function pruneSchema(model: SchemaModel, options: PruneOptions): PruneResult {
  const pruner = new SchemaPruner(model);
  const parsed = options.documents.flatMap((document) => {
    const ast = pruner.parseDocument(document);
    return ast ? [{ document, ast }] : [];
  });
  for (const { document, ast } of parsed) pruner.walkDocument(document.name, ast);
  for (const root of options.keepWhole) pruner.keepWhole(root);
  for (const name of options.keepTypes) pruner.keepType(name, 'keepTypes');
  pruner.closeContracts();
  pruner.throwIfProblems();

  const sdl = pruner.printSdl(options.header);
  const schema = buildSchema(sdl);
  const schemaErrors = validateSchema(schema).map((error) => `pruned schema invalid: ${error.message}`);
  if (schemaErrors.length > 0) throw new SchemaPruneError(schemaErrors);
  const documentErrors = parsed.flatMap(({ document, ast }) =>
    validateSourceDocument(schema, document, ast).map((error) => `${document.name}: ${error.message}`),
  );
  if (documentErrors.length > 0) throw new SchemaPruneError(documentErrors);
  return {
    sdl,
    typeCount: pruner.keptTypes.size,
    fieldCount: [...pruner.keptFields.values()].reduce((sum, fields) => sum + fields.size, 0),
    fillerFields: pruner.fillerFields,
    interfacesWithoutImplementations: pruner.interfacesWithoutImplementations(),
  };
}

/** graphql-js validation; standalone fragment exports are exempt from "fragment never used" only. */
export function validateSourceDocument(
  schema: ReturnType<typeof buildSchema>,
  document: SourceDocument,
  ast: DocumentNode = parse(document.text),
): readonly GraphQLError[] {
  const rules = document.standaloneFragments
    ? specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule)
    : specifiedRules;
  return validate(schema, ast, rules);
}

class SchemaPruner {
  readonly keptTypes = new Set<string>();
  readonly keptFields = new Map<string, Set<string>>();
  readonly fillerFields: string[] = [];
  private readonly problems: string[] = [];
  private readonly spreads: { parent: string; condition: string; where: string }[] = [];
  private readonly expandedDepth = new Map<string, number>();
  private readonly implementers = new Map<string, string[]>();

  constructor(private readonly model: SchemaModel) {
    for (const def of model.types.values()) {
      if (!isFieldContainer(def)) continue;
      for (const parent of def.interfaces) {
        const list = this.implementers.get(parent) ?? [];
        list.push(def.name);
        this.implementers.set(parent, list);
      }
    }
  }

  parseDocument(document: SourceDocument): DocumentNode | undefined {
    try {
      return parse(document.text);
    } catch (error) {
      this.problems.push(`${document.name}: does not parse: ${(error as Error).message}`);
      return undefined;
    }
  }

  walkDocument(where: string, ast: DocumentNode): void {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of ast.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    for (const definition of ast.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION) {
        const root = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' }[
          definition.operation
        ];
        const label = `${where} (${definition.name?.value ?? 'anonymous'})`;
        this.checkDirectives(definition.directives, label);
        if (!this.keepType(root, label)) continue;
        for (const variable of definition.variableDefinitions ?? []) {
          const typeName = namedTypeOfNode(variable.type);
          const def = this.model.types.get(typeName);
          if (def && !['input', 'enum', 'scalar'].includes(def.kind)) {
            this.problems.push(
              `${label}: variable $${variable.variable.name.value} has non-input type ${typeName}`,
            );
          }
          this.keepType(typeName, `${label} $${variable.variable.name.value}`);
        }
        this.walkSelections(root, definition.selectionSet, label, fragments);
      } else if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        const label = `${where} (fragment ${definition.name.value})`;
        const condition = definition.typeCondition.name.value;
        this.checkDirectives(definition.directives, label);
        if (this.keepType(condition, label))
          this.walkSelections(condition, definition.selectionSet, label, fragments);
      } else {
        this.problems.push(`${where}: unsupported definition ${definition.kind}`);
      }
    }
  }

  keepWhole(root: KeepWholeRootField): void {
    const [rootType, ...fieldNames] = root.path.split('.');
    let typeName = rootType ?? '';
    if (!this.keepType(typeName, root.path)) return;
    for (const fieldName of fieldNames) {
      const field = this.keepField(typeName, fieldName, root.path);
      if (!field) return;
      typeName = namedTypeOf(field.type);
    }
    this.expand(typeName, root.depth);
  }

  /** Returns false (and records a problem) when the type does not exist. */
  keepType(name: string, where: string): boolean {
    const def = this.model.types.get(name);
    if (!def) {
      if (BUILT_IN_SCALARS.has(name)) return true;
      this.problems.push(`${where}: type ${name} does not exist in the reconstructed schema`);
      return false;
    }
    if (this.keptTypes.has(name)) return true;
    this.keptTypes.add(name);
    if (def.kind === 'input') {
      for (const field of def.fields.values())
        this.keepType(namedTypeOf(field.type), `${name}.${field.name}`);
    }
    return true;
  }

  keepField(typeName: string, fieldName: string, where: string): FieldDef | undefined {
    const def = this.model.types.get(typeName);
    if (!isFieldContainer(def)) {
      this.problems.push(
        `${where}: cannot select ${fieldName} on ${def?.kind ?? 'unknown'} type ${typeName}`,
      );
      return undefined;
    }
    const field = def.fields.get(fieldName);
    if (!field) {
      this.problems.push(
        `${where}: field ${typeName}.${fieldName} does not exist in the reconstructed schema`,
      );
      return undefined;
    }
    const kept = this.keptFields.get(typeName) ?? new Set<string>();
    this.keptFields.set(typeName, kept);
    if (!kept.has(fieldName)) {
      kept.add(fieldName);
      for (const arg of field.args)
        this.keepType(namedTypeOf(arg.type), `${typeName}.${fieldName}(${arg.name})`);
      this.keepType(namedTypeOf(field.type), `${typeName}.${fieldName}`);
    }
    return field;
  }

  /** Adds interface fields to implementers, fills empty types and makes every fragment spread possible. */
  closeContracts(): void {
    for (let changed = true; changed;) {
      changed = false;
      for (const name of [...this.keptTypes]) {
        const def = this.model.types.get(name);
        if (isFieldContainer(def)) {
          for (const parent of def.interfaces) {
            if (!this.keptTypes.has(parent)) continue;
            for (const fieldName of this.keptFields.get(parent) ?? []) {
              if (!this.keptFields.get(name)?.has(fieldName)) {
                this.keepField(name, fieldName, `${name} implements ${parent}`);
                changed = true;
              }
            }
          }
          if ((this.keptFields.get(name)?.size ?? 0) === 0) {
            this.addFillerField(def);
            changed = true;
          }
        } else if (def?.kind === 'union' && this.keptPossibleTypes(name).length === 0) {
          const first = def.members[0];
          if (first && this.keepType(first, `union ${name}`)) changed = true;
        }
      }
      for (const spread of this.spreads) {
        const parentTypes = new Set(this.keptPossibleTypes(spread.parent));
        if (this.keptPossibleTypes(spread.condition).some((type) => parentTypes.has(type))) continue;
        const fullParent = new Set(this.fullPossibleTypes(spread.parent));
        const common = this.fullPossibleTypes(spread.condition).filter((type) => fullParent.has(type));
        const [first] = common.sort();
        if (!first) {
          this.problems.push(`${spread.where}: ${spread.condition} can never apply inside ${spread.parent}`);
          continue;
        }
        this.keepType(first, spread.where);
        changed = true;
      }
      if (this.problems.length > 0) return;
    }
  }

  interfacesWithoutImplementations(): string[] {
    return [...this.keptTypes]
      .filter((name) => this.model.types.get(name)?.kind === 'interface')
      .filter((name) => this.keptPossibleTypes(name).length === 0)
      .sort();
  }

  throwIfProblems(): void {
    if (this.problems.length > 0) throw new SchemaPruneError([...new Set(this.problems)]);
  }

  printSdl(header = ''): string {
    const names = [...this.keptTypes].filter((name) => !BUILT_IN_SCALARS.has(name));
    const rootFirst = (name: string) => ['Query', 'Mutation', 'Subscription'].indexOf(name);
    names.sort((a, b) => {
      const [ra, rb] = [rootFirst(a), rootFirst(b)];
      if (ra !== -1 || rb !== -1) return (ra === -1 ? 99 : ra) - (rb === -1 ? 99 : rb);
      return a < b ? -1 : a > b ? 1 : 0;
    });
    const blocks = names.map((name) => this.printType(this.model.types.get(name) as TypeDef));
    return `${header}${OPT_IN_DIRECTIVE_SDL}\n\n${REQUIRES_OPT_IN_DIRECTIVE_SDL}\n\n${blocks.join('\n\n')}\n`;
  }

  private printType(def: TypeDef): string {
    switch (def.kind) {
      case 'scalar':
        return `scalar ${def.name}`;
      case 'enum':
        return `enum ${def.name} {\n${def.values.map((value) => `  ${value.name}${deprecation(value.deprecated)}`).join('\n')}\n}`;
      case 'input': {
        const fields = [...def.fields.values()].map(
          (field) => `  ${printInputValue(field)}${field.nonNullWithDefault ? ` ${DEFAULTED_NOTE}` : ''}`,
        );
        return `input ${def.name} {\n${fields.join('\n')}\n}`;
      }
      case 'union':
        return `union ${def.name} = ${this.keptPossibleTypes(def.name).join(' | ')}`;
      case 'object':
      case 'interface': {
        const kept = this.keptFields.get(def.name) ?? new Set();
        const interfaces = def.interfaces.filter((name) => this.keptTypes.has(name));
        const keyword = def.kind === 'object' ? 'type' : 'interface';
        const implementsClause = interfaces.length > 0 ? ` implements ${interfaces.join(' & ')}` : '';
        const fields = [...def.fields.values()].filter((field) => kept.has(field.name)).map(printField);
        return `${keyword} ${def.name}${implementsClause} {\n${fields.map((line) => `  ${line}`).join('\n')}\n}`;
      }
    }
  }

  private walkSelections(
    typeName: string,
    selectionSet: SelectionSetNode,
    where: string,
    fragments: Map<string, FragmentDefinitionNode>,
  ): void {
    for (const selection of selectionSet.selections) {
      this.checkDirectives(selection.directives, where);
      if (selection.kind === Kind.FIELD) {
        const fieldName = selection.name.value;
        if (fieldName === '__typename') continue;
        const field = this.keepField(typeName, fieldName, where);
        if (!field) continue;
        for (const argument of selection.arguments ?? []) {
          if (!field.args.some((arg) => arg.name === argument.name.value)) {
            this.problems.push(
              `${where}: argument ${typeName}.${fieldName}(${argument.name.value}) does not exist`,
            );
          }
        }
        if (selection.selectionSet) {
          this.walkSelections(namedTypeOf(field.type), selection.selectionSet, where, fragments);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition?.name.value ?? typeName;
        if (!this.keepType(condition, where)) continue;
        this.spreads.push({ parent: typeName, condition, where });
        this.walkSelections(condition, selection.selectionSet, where, fragments);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) {
          this.problems.push(`${where}: fragment ${selection.name.value} is not defined in the document`);
          continue;
        }
        this.spreads.push({ parent: typeName, condition: fragment.typeCondition.name.value, where });
      }
    }
  }

  private expand(typeName: string, depth: number): void {
    const def = this.model.types.get(typeName);
    if (!def || depth <= 0 || (this.expandedDepth.get(typeName) ?? 0) >= depth) return;
    this.expandedDepth.set(typeName, depth);
    if (def.kind === 'union') {
      for (const member of def.members.filter((name) => this.hasLeafWithin(name, depth))) {
        this.keepType(member, `expand ${typeName}`);
        this.expand(member, depth);
      }
      return;
    }
    if (!isFieldContainer(def)) return;
    // "Whole" means the stable surface: EXPERIMENTAL fields are kept only when a document selects them.
    for (const field of def.fields.values()) {
      if (field.optIn !== undefined) continue;
      const target = namedTypeOf(field.type);
      if (this.isLeaf(target)) {
        this.keepField(typeName, field.name, `expand ${typeName}`);
      } else if (depth > 1 && this.hasLeafWithin(target, depth - 1)) {
        this.keepField(typeName, field.name, `expand ${typeName}`);
        this.expand(target, depth - 1);
      }
    }
  }

  /** Whether expanding `typeName` to `depth` keeps at least one field (so it is never left empty). */
  private hasLeafWithin(typeName: string, depth: number): boolean {
    const def = this.model.types.get(typeName);
    if (!def || depth <= 0) return false;
    if (def.kind === 'union') return def.members.some((member) => this.hasLeafWithin(member, depth));
    if (!isFieldContainer(def)) return false;
    return [...def.fields.values()].some((field) => {
      if (field.optIn !== undefined) return false;
      const target = namedTypeOf(field.type);
      return this.isLeaf(target) || this.hasLeafWithin(target, depth - 1);
    });
  }

  private addFillerField(def: FieldContainerDef): void {
    const filler = [...def.fields.values()]
      .filter(
        (field) =>
          this.isLeaf(namedTypeOf(field.type)) && field.args.every((arg) => arg.type.kind !== 'nonNull'),
      )
      .sort((a, b) => (a.name === 'id' ? -1 : b.name === 'id' ? 1 : a.name.localeCompare(b.name)))[0];
    if (!filler) {
      this.problems.push(`type ${def.name} is kept but has no leaf field to keep it non-empty`);
      return;
    }
    this.keepField(def.name, filler.name, `filler for ${def.name}`);
    this.fillerFields.push(`${def.name}.${filler.name}`);
  }

  private isLeaf(typeName: string): boolean {
    const kind = this.model.types.get(typeName)?.kind;
    return BUILT_IN_SCALARS.has(typeName) || kind === 'scalar' || kind === 'enum';
  }

  private keptPossibleTypes(name: string): string[] {
    return this.fullPossibleTypes(name).filter(
      (type) => this.keptTypes.has(type) && (this.keptFields.get(type)?.size ?? 0) > 0,
    );
  }

  private fullPossibleTypes(name: string): string[] {
    const def = this.model.types.get(name);
    if (def?.kind === 'object') return [name];
    if (def?.kind === 'union') return def.members;
    if (def?.kind === 'interface') {
      const result = new Set<string>();
      const visit = (iface: string) => {
        for (const implementer of this.implementers.get(iface) ?? []) {
          const implementerDef = this.model.types.get(implementer);
          if (implementerDef?.kind === 'object') result.add(implementer);
          else visit(implementer);
        }
      };
      visit(name);
      return [...result];
    }
    return [];
  }

  private checkDirectives(
    directives: readonly { name: { value: string } }[] | undefined,
    where: string,
  ): void {
    for (const directive of directives ?? []) {
      if (!KNOWN_DIRECTIVES.has(directive.name.value)) {
        this.problems.push(`${where}: unknown directive @${directive.name.value}`);
      }
    }
  }
}

function namedTypeOfNode(node: TypeNode): string {
  return node.kind === Kind.NAMED_TYPE ? node.name.value : namedTypeOfNode(node.type);
}

function deprecation(reason: string | undefined): string {
  return reason === undefined ? '' : ` @deprecated(reason: ${JSON.stringify(reason)})`;
}

function printInputValue(value: InputValueDef): string {
  return `${value.name}: ${printTypeRef(value.type)}${deprecation(value.deprecated)}`;
}

function printField(field: FieldDef): string {
  const args = field.args.length > 0 ? `(${field.args.map(printInputValue).join(', ')})` : '';
  const optIn = field.optIn === undefined ? '' : ` @requiresOptIn(to: ${JSON.stringify(field.optIn)})`;
  return `${field.name}${args}: ${printTypeRef(field.type)}${deprecation(field.deprecated)}${optIn}`;
}
