// An in-process BackstageCatalog for the import benchmark at sizes a real backend takes minutes to load: the
// fixture catalog plus N generated Components (sandbox/backstage/synthetic-catalog.ts), the same entities
// `startEmbeddedBackstage({ syntheticComponents: N })` serves. Generated entities are built on demand from their
// index, so memory stays flat whatever N is. They come back shaped as the real backend serves them (namespace,
// uid, etag, location annotations, relations in both directions), paged with cursors, filtered, ordered and
// projected with `fields` the way the catalog REST API does it (full-text search aside).
import { createHash } from 'node:crypto';
import {
  parseEntityRef,
  RELATION_API_CONSUMED_BY,
  RELATION_API_PROVIDED_BY,
  RELATION_CHILD_OF,
  RELATION_CONSUMES_API,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_MEMBER,
  RELATION_HAS_PART,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PARENT_OF,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
  stringifyEntityRef,
  type Entity,
  type EntityRelation,
} from '@backstage/catalog-model';
import { estimateCatalogEntities } from '../../sandbox/backstage/catalog-count';
import { CATALOG_ALLOWED_KINDS, FIXTURE_CATALOG_FILES } from '../../sandbox/backstage/fixture-catalog';
import { syntheticComponentEntity, syntheticComponentName } from '../../sandbox/backstage/synthetic-catalog';
import { normaliseEntityRef } from '../../src/backstage/backstage-catalog-client';
import { BackstageCatalogError } from '../../src/backstage/backstage-errors';
import type { BackstageCatalog, CatalogPage, CatalogQuery, EntitiesByRefsLookup } from '../../src/core/ports';

/** Where the generated Components claim to come from (the embedded backend writes them to a temporary file). */
export const SYNTHETIC_LOCATION_TARGET = '/synthetic-catalog/synthetic-components.yaml';
const DEFAULT_PAGE_SIZE = 500;
/** Refs per by-refs request, as the real client batches them: counted in `stats().requests`. */
const REFS_PER_REQUEST = 500;
const CACHED_QUERIES = 4;
const SYNTHETIC_REF = /^component:default\/(synthetic-\d+)$/;

export interface SyntheticCatalogSourceOptions {
  /** Generated Components (synthetic-00000…), served after the base entities. */
  syntheticComponents: number;
  /** Entities served first, as written in their files; `createSyntheticCatalogSource` passes the fixture catalog. */
  baseEntities?: readonly BaseEntity[];
  /** Items per page when a query sets no `pageSize` (the real client's default). */
  defaultPageSize?: number;
}

export interface BaseEntity {
  entity: Entity;
  /** The catalog file it was read from, for the location annotations; generated Locations have none. */
  locationTarget?: string;
}

export interface SyntheticCatalogStats {
  /** What the same reads would cost as REST requests: one per page, one per 500 refs looked up. */
  requests: number;
  pages: number;
  refsLookedUp: number;
  entitiesServed: number;
}

/** The fixture catalog (as the embedded backend serves it, generated Locations included) plus `count` Components. */
export async function createSyntheticCatalogSource(
  syntheticComponents: number,
  options: Omit<SyntheticCatalogSourceOptions, 'syntheticComponents' | 'baseEntities'> = {},
): Promise<SyntheticCatalogSource> {
  return new SyntheticCatalogSource({
    ...options,
    syntheticComponents,
    baseEntities: await fixtureBaseEntities(syntheticComponents > 0),
  });
}

/** Each fixture file is its own location, so each is estimated alone: that tells which file an entity came from. */
async function fixtureBaseEntities(withSyntheticLocation: boolean): Promise<BaseEntity[]> {
  const base: BaseEntity[] = [];
  const seen = new Set<string>();
  const locationTargets: string[] = [];
  for (const file of FIXTURE_CATALOG_FILES) {
    const estimate = await estimateCatalogEntities([file], CATALOG_ALLOWED_KINDS);
    if ((estimate.byKind.Location ?? 0) > 0) locationTargets.push(file);
    for (const entity of estimate.entities) {
      const ref = lowerRef(entity);
      if (seen.has(ref)) continue;
      seen.add(ref);
      base.push({ entity, locationTarget: file });
    }
  }
  if (withSyntheticLocation) locationTargets.push(SYNTHETIC_LOCATION_TARGET);
  for (const target of locationTargets)
    base.push({ entity: generatedLocation(target), locationTarget: target });
  return base;
}

/** The Location entity Backstage generates for a configured location (it manages itself). */
function generatedLocation(target: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: { name: `generated-${sha1(`file:${target}`)}` },
    spec: { type: 'file', target },
  };
}

interface RelationRule {
  kinds: readonly string[];
  field: string;
  /** Kind assumed when the ref names none; without one, a ref must name its kind. */
  defaultKind?: string;
  type: string;
  reverse: string;
}

/** The relations Backstage's built-in kinds processor emits from `spec`, each with its inverse on the target. */
const RELATION_RULES: readonly RelationRule[] = [
  {
    kinds: ['component', 'api', 'resource', 'system', 'domain'],
    field: 'owner',
    defaultKind: 'group',
    type: RELATION_OWNED_BY,
    reverse: RELATION_OWNER_OF,
  },
  {
    kinds: ['component', 'api', 'resource'],
    field: 'system',
    defaultKind: 'system',
    type: RELATION_PART_OF,
    reverse: RELATION_HAS_PART,
  },
  {
    kinds: ['component'],
    field: 'subcomponentOf',
    defaultKind: 'component',
    type: RELATION_PART_OF,
    reverse: RELATION_HAS_PART,
  },
  {
    kinds: ['component'],
    field: 'providesApis',
    defaultKind: 'api',
    type: RELATION_PROVIDES_API,
    reverse: RELATION_API_PROVIDED_BY,
  },
  {
    kinds: ['component'],
    field: 'consumesApis',
    defaultKind: 'api',
    type: RELATION_CONSUMES_API,
    reverse: RELATION_API_CONSUMED_BY,
  },
  {
    kinds: ['component', 'resource'],
    field: 'dependsOn',
    type: RELATION_DEPENDS_ON,
    reverse: RELATION_DEPENDENCY_OF,
  },
  {
    kinds: ['component', 'resource'],
    field: 'dependencyOf',
    type: RELATION_DEPENDENCY_OF,
    reverse: RELATION_DEPENDS_ON,
  },
  {
    kinds: ['system'],
    field: 'domain',
    defaultKind: 'domain',
    type: RELATION_PART_OF,
    reverse: RELATION_HAS_PART,
  },
  {
    kinds: ['domain'],
    field: 'subdomainOf',
    defaultKind: 'domain',
    type: RELATION_PART_OF,
    reverse: RELATION_HAS_PART,
  },
  {
    kinds: ['user'],
    field: 'memberOf',
    defaultKind: 'group',
    type: RELATION_MEMBER_OF,
    reverse: RELATION_HAS_MEMBER,
  },
  {
    kinds: ['group'],
    field: 'parent',
    defaultKind: 'group',
    type: RELATION_CHILD_OF,
    reverse: RELATION_PARENT_OF,
  },
  {
    kinds: ['group'],
    field: 'children',
    defaultKind: 'group',
    type: RELATION_PARENT_OF,
    reverse: RELATION_CHILD_OF,
  },
  {
    kinds: ['group'],
    field: 'members',
    defaultKind: 'user',
    type: RELATION_HAS_MEMBER,
    reverse: RELATION_MEMBER_OF,
  },
];

const RELATION_FIELDS = new Set(RELATION_RULES.map((rule) => rule.field));

/** A filter expression: every key must match (one of its values, or merely exist when `values` is absent). */
type FilterExpression = Map<string, string[] | undefined>;

interface CursorQuery {
  filter?: string[];
  orderField?: CatalogQuery['orderField'];
}

/** A query this stand-in does not answer the way the real backend would: use `--catalog backstage` for it. */
export class UnsupportedCatalogQueryError extends Error {
  override readonly name = 'UnsupportedCatalogQueryError';
}

export class SyntheticCatalogSource implements BackstageCatalog {
  readonly syntheticComponents: number;
  /** Entities served: the base ones and the generated ones. */
  readonly size: number;
  private readonly base: Entity[];
  private readonly baseIndexByRef = new Map<string, number>();
  /** Relations other entities declare towards an entity, by its lower-cased ref. */
  private readonly inverseRelations = new Map<string, EntityRelation[]>();
  private readonly defaultPageSize: number;
  /** Entity indices matching a query, by the query's JSON; paging a filtered query computes it once. */
  private readonly matches = new Map<string, Int32Array>();
  private counters: SyntheticCatalogStats = { requests: 0, pages: 0, refsLookedUp: 0, entitiesServed: 0 };

  constructor(options: SyntheticCatalogSourceOptions) {
    if (!Number.isInteger(options.syntheticComponents) || options.syntheticComponents < 0)
      throw new RangeError(`syntheticComponents must be a whole number, got ${options.syntheticComponents}`);
    this.syntheticComponents = options.syntheticComponents;
    this.defaultPageSize = options.defaultPageSize ?? DEFAULT_PAGE_SIZE;
    const baseEntities = options.baseEntities ?? [];
    this.base = baseEntities.map(({ entity, locationTarget }) => asStored(entity, locationTarget));
    this.base.forEach((entity, index) => this.baseIndexByRef.set(lowerRef(entity), index));
    this.size = this.base.length + this.syntheticComponents;

    // Inverse relations need every entity's forward ones; a generated entity is built once here and dropped.
    for (let index = 0; index < this.size; index += 1) {
      const entity = this.storedEntity(index);
      const sourceRef = stringifyEntityRef(entity);
      for (const relation of forwardRelations(entity)) {
        const target = relation.targetRef.toLowerCase();
        if (!this.exists(target)) continue;
        const inverse = this.inverseRelations.get(target) ?? [];
        inverse.push({ type: relation.reverse, targetRef: sourceRef });
        this.inverseRelations.set(target, inverse);
      }
    }
  }

  stats(): SyntheticCatalogStats {
    return { ...this.counters };
  }

  resetStats(): void {
    this.counters = { requests: 0, pages: 0, refsLookedUp: 0, entitiesServed: 0 };
  }

  async queryEntitiesPage(query: CatalogQuery, cursor?: string): Promise<CatalogPage> {
    if (cursor === undefined && query.fullTextFilter)
      throw new UnsupportedCatalogQueryError('the synthetic catalog does not emulate full-text search');
    const pageSize = query.pageSize ?? this.defaultPageSize;
    if (!Number.isInteger(pageSize) || pageSize < 1)
      throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
    // As in the REST API, the cursor carries filter and order; `fields` and the page size are read afresh.
    const position = cursor === undefined ? { query: cursorQueryOf(query), offset: 0 } : decodeCursor(cursor);
    const matching = this.matching(position.query);
    const total = matching ? matching.length : this.size;
    const end = Math.min(total, position.offset + pageSize);
    const items: Entity[] = [];
    for (let slot = position.offset; slot < end; slot += 1) {
      items.push(project(this.servedEntity(matching ? matching[slot]! : slot), query.fields));
    }
    this.counters.requests += 1;
    this.counters.pages += 1;
    this.counters.entitiesServed += items.length;
    return {
      items,
      invalid: [],
      totalItems: total,
      ...(end < total ? { nextCursor: encodeCursor({ query: position.query, offset: end }) } : {}),
    };
  }

  async *queryAllEntities(query: CatalogQuery): AsyncIterable<CatalogPage> {
    let cursor: string | undefined;
    do {
      const page = await this.queryEntitiesPage(query, cursor);
      yield page;
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }

  async getEntitiesByRefs(entityRefs: string[], fields?: string[]): Promise<(Entity | null)[]> {
    // Malformed refs throw the client's TypeError before anything is "sent".
    const refs = entityRefs.map((ref) => normaliseEntityRef(ref).toLowerCase());
    this.counters.requests += Math.ceil(refs.length / REFS_PER_REQUEST);
    this.counters.refsLookedUp += refs.length;
    return refs.map((ref) => {
      const index = this.indexOf(ref);
      if (index === undefined) return null;
      this.counters.entitiesServed += 1;
      return project(this.servedEntity(index), fields);
    });
  }

  /** Every entity served is valid here: nothing is ever reported as invalid. */
  async lookupEntitiesByRefs(entityRefs: string[], fields?: string[]): Promise<EntitiesByRefsLookup> {
    return { items: await this.getEntitiesByRefs(entityRefs, fields), invalid: [] };
  }

  private exists(lowerCasedRef: string): boolean {
    return this.indexOf(lowerCasedRef) !== undefined;
  }

  private indexOf(lowerCasedRef: string): number | undefined {
    const baseIndex = this.baseIndexByRef.get(lowerCasedRef);
    if (baseIndex !== undefined) return baseIndex;
    const name = SYNTHETIC_REF.exec(lowerCasedRef)?.[1];
    if (name === undefined) return undefined;
    const generated = Number(name.slice('synthetic-'.length));
    return generated < this.syntheticComponents && syntheticComponentName(generated) === name
      ? this.base.length + generated
      : undefined;
  }

  /** The entity as written in its file, with what ingestion adds before relations. */
  private storedEntity(index: number): Entity {
    if (index < this.base.length) return this.base[index]!;
    return asStored(syntheticComponentEntity(index - this.base.length), SYNTHETIC_LOCATION_TARGET);
  }

  /** The entity as the REST API returns it: stored, with its relations both ways, sorted like the backend's. */
  private servedEntity(index: number): Entity {
    const entity = this.storedEntity(index);
    const relations = new Map<string, EntityRelation>();
    const all = [
      ...forwardRelations(entity).map(({ type, targetRef }) => ({ type, targetRef })),
      ...(this.inverseRelations.get(lowerRef(entity)) ?? []),
    ];
    for (const relation of all) relations.set(`${relation.type} ${relation.targetRef}`, relation);
    return {
      ...entity,
      relations: [...relations.values()].sort(
        (a, b) => compare(a.type, b.type) || compare(a.targetRef, b.targetRef),
      ),
    };
  }

  /** Indices matching the query in its order, or undefined when that is every entity in natural order. */
  private matching(query: CursorQuery): Int32Array | undefined {
    if (!query.filter?.length && !query.orderField) return undefined;
    const key = JSON.stringify(query);
    const cached = this.matches.get(key);
    if (cached) return cached;

    const filters = (query.filter ?? []).map(parseFilter);
    const orderField = query.orderField?.field.toLowerCase();
    const kept: { index: number; orderValue: string }[] = [];
    for (let index = 0; index < this.size; index += 1) {
      const search = searchValues(this.servedEntity(index));
      if (filters.length > 0 && !filters.some((filter) => filterMatches(filter, search))) continue;
      const orderValue = orderField === undefined ? '' : search.get(orderField)?.[0];
      // Ordering by a field leaves out the entities without it, as the backend's join on that field does.
      if (orderValue === undefined) continue;
      kept.push({ index, orderValue });
    }
    if (orderField) {
      const direction = query.orderField?.order === 'desc' ? -1 : 1;
      // The backend breaks ties by uid, an order of its own: here, catalog order.
      kept.sort((a, b) => direction * compare(a.orderValue, b.orderValue) || a.index - b.index);
    }
    const result = Int32Array.from(kept, ({ index }) => index);
    if (this.matches.size >= CACHED_QUERIES) this.matches.delete(this.matches.keys().next().value!);
    this.matches.set(key, result);
    return result;
  }
}

function cursorQueryOf(query: CatalogQuery): CursorQuery {
  return {
    ...(query.filter?.length ? { filter: query.filter } : {}),
    ...(query.orderField ? { orderField: query.orderField } : {}),
  };
}

function encodeCursor(position: { query: CursorQuery; offset: number }): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** @throws BackstageCatalogError `bad-request`, as the backend answers 400 to a cursor it did not issue. */
function decodeCursor(cursor: string): { query: CursorQuery; offset: number } {
  try {
    const position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      query?: CursorQuery;
      offset?: unknown;
    };
    if (typeof position.offset === 'number' && Number.isInteger(position.offset) && position.offset >= 0) {
      return { query: position.query ?? {}, offset: position.offset };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new BackstageCatalogError('bad-request', `Malformed cursor "${cursor}"`, { status: 400 });
}

/** `key=value,key=other,key2`: keys lower-cased, values of one key ORed, distinct keys ANDed. */
function parseFilter(expression: string): FilterExpression {
  const filter: FilterExpression = new Map();
  for (const part of expression.split(',')) {
    const separator = part.indexOf('=');
    const key = (separator < 0 ? part : part.slice(0, separator)).trim().toLowerCase();
    if (!key) continue;
    if (separator < 0) {
      if (!filter.has(key)) filter.set(key, undefined);
      continue;
    }
    const values = filter.get(key) ?? [];
    values.push(
      part
        .slice(separator + 1)
        .trim()
        .toLowerCase(),
    );
    filter.set(key, values);
  }
  return filter;
}

function filterMatches(filter: FilterExpression, search: Map<string, string[]>): boolean {
  for (const [key, wanted] of filter) {
    const values = search.get(key);
    if (!values) return false;
    if (wanted && !wanted.some((value) => values.includes(value))) return false;
  }
  return true;
}

/**
 * The entity flattened as the catalog indexes it for filters: lower-cased dotted keys (array items share their
 * array's key), lower-cased values, and `relations.<type>` for each relation's target.
 */
function searchValues(entity: Entity): Map<string, string[]> {
  const search = new Map<string, string[]>();
  const add = (key: string, value: string) => {
    const values = search.get(key) ?? [];
    values.push(value.toLowerCase());
    search.set(key, values);
  };
  const visit = (value: unknown, key: string) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, key);
    } else if (typeof value === 'object') {
      for (const [name, inner] of Object.entries(value)) visit(inner, key ? `${key}.${name}` : name);
    } else {
      add(key.toLowerCase(), String(value));
    }
  };
  const { relations, ...rest } = entity;
  visit(rest, '');
  for (const relation of relations ?? []) add(`relations.${relation.type.toLowerCase()}`, relation.targetRef);
  return search;
}

/** Only the dotted `fields` (all of the entity without any), as the REST API's `fields` parameter. */
function project(entity: Entity, fields: string[] | undefined): Entity {
  if (!fields?.length) return entity;
  const result: Record<string, unknown> = {};
  for (const field of fields) {
    const path = field.split('.');
    let source: unknown = entity;
    for (const segment of path) {
      source =
        source !== null && typeof source === 'object'
          ? (source as Record<string, unknown>)[segment]
          : undefined;
    }
    if (source === undefined) continue;
    let target = result;
    for (const segment of path.slice(0, -1)) {
      const next = target[segment];
      target = (next !== null && typeof next === 'object' ? next : (target[segment] = {})) as Record<
        string,
        unknown
      >;
    }
    target[path[path.length - 1]!] = source;
  }
  return result as unknown as Entity;
}

/**
 * What ingestion adds before relations: the default namespace, location annotations, a stable uid and etag; and
 * the relation-declaring spec lists come back sorted, as the backend returns them.
 */
function asStored(entity: Entity, locationTarget: string | undefined): Entity {
  const namespace = entity.metadata.namespace ?? 'default';
  const ref = stringifyEntityRef({ kind: entity.kind, namespace, name: entity.metadata.name });
  const location = locationTarget ? `file:${locationTarget}` : undefined;
  const annotations = {
    ...(location
      ? { 'backstage.io/managed-by-location': location, 'backstage.io/managed-by-origin-location': location }
      : {}),
    ...entity.metadata.annotations,
  };
  const spec = entity.spec ? { ...entity.spec } : undefined;
  for (const field of RELATION_FIELDS) {
    const declared = spec?.[field];
    if (spec && Array.isArray(declared)) spec[field] = [...declared].sort();
  }
  return {
    ...entity,
    ...(spec ? { spec } : {}),
    metadata: {
      ...entity.metadata,
      namespace,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      uid: uuidFrom(sha1(ref)),
      etag: sha1(JSON.stringify(entity)),
    },
  };
}

/** The relations an entity's own spec declares, with the inverse type its target gets. */
function forwardRelations(entity: Entity): (EntityRelation & { reverse: string })[] {
  const kind = entity.kind.toLowerCase();
  const namespace = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const relations: (EntityRelation & { reverse: string })[] = [];
  for (const rule of RELATION_RULES) {
    if (!rule.kinds.includes(kind)) continue;
    const declared = spec[rule.field];
    for (const raw of Array.isArray(declared) ? declared : [declared]) {
      if (typeof raw !== 'string' || raw.trim() === '') continue;
      try {
        const target = parseEntityRef(raw.trim(), {
          defaultNamespace: namespace,
          ...(rule.defaultKind ? { defaultKind: rule.defaultKind } : {}),
        });
        relations.push({ type: rule.type, targetRef: stringifyEntityRef(target), reverse: rule.reverse });
      } catch {
        // The backend rejects the relation, not the entity: a ref without a kind where none is assumed.
      }
    }
  }
  return relations;
}

function lowerRef(entity: Entity): string {
  return stringifyEntityRef({
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  }).toLowerCase();
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function uuidFrom(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Code-unit order, independent of the machine's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
