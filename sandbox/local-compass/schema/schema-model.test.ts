// Reconstruction rules on a small piece of graphql-codegen output, shaped like graphql-types.ts.
import { buildSchema, printType, validateSchema } from 'graphql';
import { pruneSchema } from './prune-schema';
import {
  printTypeRef,
  reconstructSchemaModel,
  SchemaReconstructionError,
  type SchemaModel,
} from './schema-model';

const GENERATED = `
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Scalars = {
  ID: string;
  String: string;
  Boolean: boolean;
  Int: number;
  Float: number;
  DateTime: any;
};

export type Query = {
  __typename?: 'Query';
  shop?: Maybe<ShopApi>;
};

export type ShopApi = {
  __typename?: 'ShopApi';
  /**
   * ### Field lifecycle
   *
   * To query this field a client will need to add the '@optIn(to: "shop-beta")' query directive to the 'item' field, or to any of its parents.
   */
  item?: Maybe<ItemResult>;
  /** @deprecated Use item */
  legacyItem?: Maybe<AvpItem>;
  items_byURL: Array<AvpItem>;
};

export type ShopApiItemArgs = {
  id: Scalars['ID'];
  kind?: ItemKind;
  first?: InputMaybe<Scalars['Int']>;
};

export type ShopApiItems_ByUrlArgs = {
  url: Scalars['String'];
};

export type Node = {
  id: Scalars['ID'];
};

export type AvpItem = Node & {
  __typename?: 'AVPItem';
  id: Scalars['ID'];
  tags?: Maybe<Array<Maybe<Scalars['String']>>>;
  createdAt: Scalars['DateTime'];
  kind: ItemKind;
};

export type Problem = {
  __typename?: 'Problem';
  message?: Maybe<Scalars['String']>;
};

export type ItemResult = AvpItem | Problem;

export type OnlyItem = AvpItem;

export enum ItemKind {
  /** @deprecated Gone */
  Old = 'OLD',
  Useful = 'USEFUL'
}

export type ItemFilter = {
  kinds?: InputMaybe<Array<ItemKind>>;
  name: Scalars['String'];
};
`;

describe('reconstructSchemaModel', () => {
  const model = reconstructSchemaModel(GENERATED);
  const type = (name: string) => model.types.get(name);

  it('turns aliases with __typename into object types named after the literal', () => {
    const item = type('AVPItem');
    expect(item?.kind).toBe('object');
    expect(type('AvpItem')).toBeUndefined();
    expect(item?.kind === 'object' && item.interfaces).toEqual(['Node']);
    expect(item?.kind === 'object' && printTypeRef(item.fields.get('tags')!.type)).toBe('[String]');
    expect(item?.kind === 'object' && printTypeRef(item.fields.get('kind')!.type)).toBe('ItemKind!');
  });

  it('makes intersection parents without __typename interfaces, other literals inputs', () => {
    expect(type('Node')?.kind).toBe('interface');
    const filter = type('ItemFilter');
    expect(filter?.kind).toBe('input');
    expect(filter?.kind === 'input' && printTypeRef(filter.fields.get('kinds')!.type)).toBe('[ItemKind!]');
    expect(filter?.kind === 'input' && printTypeRef(filter.fields.get('name')!.type)).toBe('String!');
  });

  it('builds unions, including single-member ones, with GraphQL member names', () => {
    expect(type('ItemResult')).toEqual({
      kind: 'union',
      name: 'ItemResult',
      members: ['AVPItem', 'Problem'],
    });
    expect(type('OnlyItem')).toEqual({ kind: 'union', name: 'OnlyItem', members: ['AVPItem'] });
  });

  it('attaches <Type><Field>Args, including change-case spellings of acronyms and underscores', () => {
    const shop = type('ShopApi');
    if (shop?.kind !== 'object') throw new Error('ShopApi should be an object type');
    const args = shop.fields.get('item')!.args.map((arg) => `${arg.name}: ${printTypeRef(arg.type)}`);
    expect(args).toEqual(['id: ID!', 'kind: ItemKind', 'first: Int']);
    expect(shop.fields.get('items_byURL')!.args.map((arg) => arg.name)).toEqual(['url']);
    expect(model.unclaimedArgsTypes).toEqual([]);
  });

  it('reconstructs a non-null input with a default as nullable and flags it', () => {
    const shop = type('ShopApi');
    const kind =
      shop?.kind === 'object' ? shop.fields.get('item')!.args.find((arg) => arg.name === 'kind') : undefined;
    expect(kind?.nonNullWithDefault).toBe(true);
  });

  it('keeps enum string values, deprecations and opt-in requirements from doc comments', () => {
    expect(type('ItemKind')).toEqual({
      kind: 'enum',
      name: 'ItemKind',
      values: [{ name: 'OLD', deprecated: 'Gone' }, { name: 'USEFUL' }],
    });
    const shop = type('ShopApi');
    expect(shop?.kind === 'object' && shop.fields.get('legacyItem')!.deprecated).toBe('Use item');
    expect(shop?.kind === 'object' && shop.fields.get('item')!.optIn).toBe('shop-beta');
    expect(type('DateTime')).toEqual({ kind: 'scalar', name: 'DateTime' });
  });

  it('refuses type expressions codegen does not produce', () => {
    const broken = `${GENERATED}\nexport type Odd = { __typename?: 'Odd'; value: Record<string, number> };`;
    expect(() => reconstructSchemaModel(broken)).toThrow(SchemaReconstructionError);
  });
});

describe('pruneSchema on the reconstructed model', () => {
  const model: SchemaModel = reconstructSchemaModel(GENERATED);
  const document = `query one($id: ID!) @optIn(to: "shop-beta") {
    shop { item(id: $id) { ... on AVPItem { tags ... on Node { id } } ... on Problem { message } } }
  }`;
  const pruned = pruneSchema(model, {
    documents: [{ origin: 'project', name: 'one', text: document, standaloneFragments: false }],
    keepWhole: [],
    keepTypes: [],
  });
  const schema = buildSchema(pruned.sdl);

  it('keeps what the document selects plus interface contracts, and nothing else', () => {
    expect(validateSchema(schema)).toEqual([]);
    expect(printType(schema.getType('Node')!)).toBe('interface Node {\n  id: ID!\n}');
    expect(printType(schema.getType('AVPItem')!)).toBe(
      'type AVPItem implements Node {\n  id: ID!\n  tags: [String]\n}',
    );
    expect(schema.getType('ItemFilter')).toBeUndefined();
    expect(printType(schema.getType('ShopApi')!)).toContain(
      'item(id: ID!, kind: ItemKind, first: Int): ItemResult',
    );
  });

  it('marks opt-in fields and notes defaulted inputs in the SDL', () => {
    expect(pruned.sdl).toContain('@requiresOptIn(to: "shop-beta")');
    expect(pruned.sdl).toContain('directive @optIn(to: [String!]!) repeatable on QUERY');
  });

  it('keeps root fields whole to the requested depth', () => {
    const whole = pruneSchema(model, {
      documents: [],
      keepWhole: [{ path: 'Query.shop.item', depth: 2 }],
      keepTypes: [],
    });
    const wholeSchema = buildSchema(whole.sdl);
    expect(
      Object.keys((wholeSchema.getType('AVPItem') as never as { getFields(): object }).getFields()).sort(),
    ).toEqual(['createdAt', 'id', 'kind', 'tags']);
  });
});
