// The ports the core and the use cases talk through. Adapters live in src/backstage, src/compass and src/forge;
// tests plug in the real Backstage backend and the local Compass.
import type { Entity } from '@backstage/catalog-model';
import type { CompassComponentDraft, CompassLinkDraft, CompassLifecycle } from './compass-component-draft';

export interface CatalogQuery {
  /** Backstage filter expressions (`kind=component,spec.type=service`); several are ORed, as in the REST API. */
  filter?: string[];
  /** Dotted field paths to return; re-sent on every page because the cursor does not carry them. */
  fields?: string[];
  /** Items per page (default 500). */
  pageSize?: number;
  orderField?: { field: string; order: 'asc' | 'desc' };
  fullTextFilter?: { term: string; fields?: string[] };
}

export interface CatalogPage {
  items: Entity[];
  /** Entities the catalog returned that failed @backstage/catalog-model validation: reported, never fatal. */
  invalid: InvalidEntity[];
  totalItems: number;
  nextCursor?: string;
}

export interface InvalidEntity {
  entityRef: string;
  reason: string;
}

/** Read access to a Backstage software catalog. */
export interface BackstageCatalog {
  /** One page; pass `cursor` from the previous page to continue (filter and order ride in the cursor). */
  queryEntitiesPage(query: CatalogQuery, cursor?: string): Promise<CatalogPage>;
  /** Every page of a query, in order. */
  queryAllEntities(query: CatalogQuery): AsyncIterable<CatalogPage>;
  /** Batch lookup; `null` where an entity does not exist, in the order of `entityRefs`. */
  getEntitiesByRefs(entityRefs: string[], fields?: string[]): Promise<(Entity | null)[]>;
  /** The same lookup, also naming the entities Backstage has but that failed validation, with the reason. */
  lookupEntitiesByRefs(entityRefs: string[], fields?: string[]): Promise<EntitiesByRefsLookup>;
}

/** `getEntitiesByRefs` plus the entities that came back but failed validation (their slot in `items` is null). */
export interface EntitiesByRefsLookup {
  items: (Entity | null)[];
  invalid: InvalidEntity[];
}

/** One check a Tech Insights backend has configured (`GET /api/tech-insights/checks`). */
export interface TechInsightsCheck {
  id: string;
  name: string;
  description: string;
}

/** One entity's answers: check id -> passed (true/false), or an error for the entity as a whole. */
export type EntityCheckResults =
  | { ok: true; results: Record<string, boolean> }
  /** Tech Insights answered this entity with an error (its words stay in the log); its checks have no value. */
  | { ok: false };

/**
 * Backstage's Tech Insights checks: listed, and run for many entities per request. Failures throw
 * TechInsightsError (src/backstage/tech-insights-errors.ts) with a reason a person can act on.
 */
export interface TechInsights {
  listChecks(): Promise<TechInsightsCheck[]>;
  /** Runs the given checks (never an empty list) for the entities, batched; answers per entity ref, lower-case. */
  runChecks(entityRefs: string[], checkIds: string[]): Promise<Map<string, EntityCheckResults>>;
}

export type CompassRelationshipType = 'DEPENDS_ON' | 'CHILD_OF';

/** A Compass component as the gateway reads it back. */
export interface CompassComponentRecord {
  id: string;
  name: string;
  description?: string;
  typeId: string;
  lifecycle?: CompassLifecycle;
  labels: string[];
  links: (CompassLinkDraft & { id: string })[];
  ownerId?: string;
  externalAliases: { externalSource: string; externalId: string }[];
  /** Outward relationships: this component DEPENDS_ON (or is CHILD_OF) the target. */
  relationships: { type: CompassRelationshipType; targetId: string }[];
}

/** A component as the site's listing shows it: enough to match it to an entity before creating one. */
export interface CompassComponentSummary {
  id: string;
  name: string;
  links: CompassLinkDraft[];
  /** The sources of its external aliases (a component the app manages has `backstage`). */
  externalSources: string[];
}

/** The fields of a draft the gateway writes; `undefined` means leave as is. */
export type CompassComponentChanges = Partial<
  Pick<
    CompassComponentDraft,
    'name' | 'description' | 'typeId' | 'lifecycle' | 'labels' | 'links' | 'ownerId'
  >
>;

/** A failure the gateway reports for one item of a batch; the other items go on. */
export interface GatewayFailure {
  kind: string;
  message: string;
}

/** One item's outcome in a batched call. */
export type GatewayResult<T> = { ok: true; value: T } | { ok: false; error: GatewayFailure };

export interface RelationshipChange {
  fromComponentId: string;
  toComponentId: string;
  type: CompassRelationshipType;
}

/** Write access to Compass, in the app's own terms. */
export interface CompassGateway {
  findComponentByAlias(alias: {
    externalSource: string;
    externalId: string;
  }): Promise<CompassComponentRecord | null>;
  /** Creates the component with its external alias, links, labels, lifecycle and owner (relationships apart). */
  createComponent(draft: CompassComponentDraft): Promise<CompassComponentRecord>;
  /** Writes only what differs between `current` and `changes`; returns the component as it now is. */
  updateComponent(
    current: CompassComponentRecord,
    changes: CompassComponentChanges,
  ): Promise<CompassComponentRecord>;
  addRelationship(
    fromComponentId: string,
    toComponentId: string,
    type: CompassRelationshipType,
  ): Promise<void>;
  removeRelationship(
    fromComponentId: string,
    toComponentId: string,
    type: CompassRelationshipType,
  ): Promise<void>;

  /** The batched forms: one request each (two for creates), one result per item, in order. */
  findComponentsByAliases(
    externalSource: string,
    externalIds: string[],
  ): Promise<(CompassComponentRecord | null)[]>;
  createComponents(drafts: CompassComponentDraft[]): Promise<GatewayResult<CompassComponentRecord>[]>;
  updateComponents(
    items: { current: CompassComponentRecord; changes: CompassComponentChanges }[],
  ): Promise<GatewayResult<CompassComponentRecord>[]>;
  addRelationships(items: RelationshipChange[]): Promise<GatewayResult<void>[]>;
  removeRelationships(items: RelationshipChange[]): Promise<GatewayResult<void>[]>;
  /**
   * Moves each component's external alias to a new external id (a renamed entity): the new alias attached first,
   * then the old one deleted, so the component is never without one. One result per item, in order.
   */
  renameAliases(items: AliasRename[]): Promise<GatewayResult<void>[]>;
  /** Deletes the components in one request; a component already gone counts as deleted. */
  deleteComponents(componentIds: string[]): Promise<GatewayResult<void>[]>;
  /** Every component of the site, a page per request: the candidates for adopting before creating. */
  listComponents(): Promise<CompassComponentSummary[]>;
  /** Attaches an external alias to each existing component, in one request; one result per item, in order. */
  attachAliases(
    items: { componentId: string; externalAlias: { externalSource: string; externalId: string } }[],
  ): Promise<GatewayResult<void>[]>;
}

export interface AliasRename {
  componentId: string;
  externalSource: string;
  fromExternalId: string;
  toExternalId: string;
}

/** A Compass metric definition as the app knows it. */
export interface MetricDefinitionRecord {
  id: string;
  name: string;
}

/** A metric source: one component's feed of one metric definition. */
export interface MetricSourceRecord {
  id: string;
  metricDefinitionId: string;
  externalMetricSourceId: string;
}

export interface MetricValueWrite {
  metricDefinitionId: string;
  /** The app uses the entity ref. */
  externalMetricSourceId: string;
  value: number;
  /** ISO time. */
  timestamp: string;
}

/** A `hasMetricValue` criterion of a scorecard. */
export interface ScorecardMetricCriterion {
  metricDefinitionId: string;
  comparator: 'EQUALS' | 'GREATER_THAN' | 'GREATER_THAN_OR_EQUAL_TO' | 'LESS_THAN' | 'LESS_THAN_OR_EQUAL_TO';
  comparatorValue: number;
  weight: number;
  name?: string;
}

/** Compass's custom metrics and scorecards, in the app's own terms. Batched forms: one result per item, in order. */
export interface CompassMetricsGateway {
  /** Every metric definition of the site the app can see (all pages). */
  listMetricDefinitions(): Promise<MetricDefinitionRecord[]>;
  createMetricDefinition(definition: {
    name: string;
    description: string;
    suffix: string;
  }): Promise<MetricDefinitionRecord>;
  deleteMetricDefinition(id: string): Promise<void>;
  /** The metric sources each component has (null for a component Compass does not have). */
  metricSourcesOf(componentIds: string[]): Promise<(MetricSourceRecord[] | null)[]>;
  createMetricSources(
    items: { componentId: string; metricDefinitionId: string; externalMetricSourceId: string }[],
  ): Promise<GatewayResult<MetricSourceRecord>[]>;
  insertMetricValues(items: MetricValueWrite[]): Promise<GatewayResult<void>[]>;
  findScorecardByName(name: string): Promise<{ id: string; name: string } | null>;
  createScorecard(scorecard: {
    name: string;
    description: string;
    criteria: ScorecardMetricCriterion[];
  }): Promise<{ id: string; name: string }>;
  applyScorecard(scorecardId: string, componentIds: string[]): Promise<GatewayResult<void>[]>;
}

/** The app's persistent state: @forge/kvs on Forge, in memory in tests and tooling. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
  /** The values of those keys that exist. */
  getMany<T>(keys: string[]): Promise<Map<string, T>>;
  setMany<T>(entries: { key: string; value: T }[]): Promise<void>;
  /**
   * Writes only if the key does not exist (or has expired): answers whether this call wrote it. Atomic, so of
   * callers racing for one key exactly one gets true. The key expires after `ttlSeconds`, when given.
   */
  setIfAbsent<T>(key: string, value: T, options?: { ttlSeconds?: number }): Promise<boolean>;
  deleteMany(keys: string[]): Promise<void>;
  /** Entries whose key begins with `prefix`, in key order, one page at a time (at most 100 on Forge). */
  listByPrefix<T>(
    prefix: string,
    options?: { cursor?: string; limit?: number },
  ): Promise<{ entries: { key: string; value: T }[]; nextCursor?: string }>;
  /** Encrypted, write-only from the browser's point of view: never returned by any resolver. */
  getSecret<T>(key: string): Promise<T | undefined>;
  setSecret<T>(key: string, value: T): Promise<void>;
  deleteSecret(key: string): Promise<void>;
}

/** Forge's limits on one push to a queue. */
export const QUEUE_PUSH_LIMITS = { maxEvents: 50, maxPayloadBytes: 200 * 1024 } as const;

/** The import work queue: @forge/events on Forge, an in-process queue with the same semantics elsewhere. */
export interface ImportQueue {
  /** At most QUEUE_PUSH_LIMITS per push. Delivery is at-least-once: a consumer may see an event twice. */
  push(events: { body: Record<string, unknown>; delayInSeconds?: number }[]): Promise<void>;
}

/** The people behind account ids, as the platform names them to the caller (privacy controls applied). */
export interface PeopleDirectory {
  /**
   * Display names by account id, for the ids the platform names; an id it does not name (unknown, hidden, or
   * nothing answered) is absent. Never throws: a missing name reads "an admin" on the page.
   */
  displayNames(accountIds: readonly string[]): Promise<Map<string, string>>;
}
