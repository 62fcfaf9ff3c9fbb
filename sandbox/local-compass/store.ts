// The local Compass's in-memory state and the rules Compass applies to it. Every mutating method validates
// its whole input first and changes nothing when it throws a CompassOperationError.
import {
  checkDescription,
  checkLabel,
  checkLabelCount,
  checkLinkName,
  checkLinksOfType,
  checkLinkUrl,
  checkName,
  checkSlug,
  CompassOperationError,
  DEFAULT_COMPASS_LIMITS,
  LOCAL_COMPASS_ERROR_TYPES as E,
  type CompassLimits,
} from './limits';

export type RelationshipType = 'DEPENDS_ON' | 'CHILD_OF';
export type TeamState = 'ACTIVE' | 'DISBANDED' | 'PURGED';

export interface StoredLink {
  id: string;
  type: string;
  url: string;
  name: string | null;
  objectId: string | null;
}

export interface StoredExternalAlias {
  externalSource: string;
  externalId: string;
  url: string | null;
}

export interface StoredDataManager {
  ecosystemAppId: string | null;
  externalSourceURL: string | null;
  lastSyncEvent: { time: string; status: string; lastSyncErrors: string[] } | null;
}

export interface StoredComponent {
  id: string;
  cloudId: string;
  name: string;
  description: string | null;
  typeId: string;
  state: string | null;
  ownerId: string | null;
  slug: string | null;
  /** Field definition id (`compass:tier`, `compass:lifecycle`) -> enum values. */
  fields: Map<string, string[]>;
  labels: string[];
  links: StoredLink[];
  externalAliases: StoredExternalAlias[];
  dataManager: StoredDataManager | null;
  eventSourceIds: string[];
  scorecardIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface StoredRelationship {
  relationshipType: RelationshipType;
  /** DEPENDS_ON: start depends on end. CHILD_OF: start is a child of end. */
  startNodeId: string;
  endNodeId: string;
  createdAt: string;
}

export interface StoredMetricDefinition {
  id: string;
  cloudId: string;
  name: string;
  description: string | null;
  suffix: string | null;
  type: 'BUILT_IN' | 'CUSTOM';
}

export interface StoredMetricValue {
  value: number;
  timestamp: string;
}

export interface StoredMetricSource {
  id: string;
  componentId: string;
  metricDefinitionId: string;
  externalMetricSourceId: string;
  url: string | null;
  forgeAppId: string | null;
  derived: boolean;
  values: StoredMetricValue[];
}

export interface StoredScorecard {
  id: string;
  cloudId: string;
  name: string;
  description: string | null;
  importance: string;
  ownerId: string | null;
  state: string | null;
  componentTypeIds: string[];
  componentLabelNames: string[];
  scoringStrategyType: string;
  criteria: StoredScorecardCriterion[];
  createdAt: string;
}

/** One criterion as created: its kind (`hasMetricValue`, `hasOwner`, ...) and that member's input. */
export interface StoredScorecardCriterion {
  kind: string;
  weight: number;
  metricDefinitionId: string | null;
  input: Record<string, unknown>;
}

export interface StoredTeam {
  id: string;
  cloudId: string;
  organizationId: string;
  displayName: string;
  description: string | null;
  state: TeamState;
  memberIds: string[];
}

export interface StoredEventSource {
  id: string;
  cloudId: string;
  eventType: string;
  externalEventSourceId: string;
  forgeAppId: string | null;
  events: unknown[];
}

export interface StoredSite {
  cloudId: string;
  orgId: string;
  workspaceId: string;
}

/** A person on the site, as `users(accountIds)` and a component's `viewerPermissions` know them. */
export interface UserSeed {
  accountId: string;
  name: string;
  /** Compass lets them edit components (an admin, or a user with edit rights); false for a viewer. */
  canEditComponents?: boolean;
}

export interface StoredUser {
  accountId: string;
  name: string;
  canEditComponents: boolean;
}

/** Who a request runs as: the app, or a user (`asUser()`), with the account id Forge's host sends. */
export interface RequestCaller {
  principal: 'app' | 'user';
  accountId?: string;
}

export interface TeamSeed {
  id?: string;
  displayName: string;
  state?: TeamState;
  memberIds?: string[];
  description?: string;
  /** Site the team is visible on; defaults to the store's default site. */
  cloudId?: string;
}

export interface SiteSeed {
  cloudId: string;
  orgId?: string;
}

export interface FieldInput {
  definition: string;
  value: { enum?: { value?: string[] | null } | null; boolean?: unknown } | null;
}

export interface LinkInput {
  type: string;
  url: unknown;
  name?: string | null;
  objectId?: string | null;
}

export interface CreateComponentInput {
  name: string;
  description?: string | null;
  typeId?: string | null;
  type?: string | null;
  state?: string | null;
  ownerId?: string | null;
  slug?: string | null;
  fields?: FieldInput[] | null;
  labels?: string[] | null;
  links?: LinkInput[] | null;
  customFields?: unknown[] | null;
}

export interface UpdateComponentInput {
  id: string;
  name?: string | null;
  description?: string | null;
  state?: string | null;
  ownerId?: string | null;
  slug?: string | null;
  fields?: FieldInput[] | null;
  customFields?: unknown[] | null;
}

export interface ComponentSearch {
  query?: string | null;
  first?: number | null;
  after?: string | null;
  fieldFilters?: ({ name: string; filter?: FieldFilter | null } | null)[] | null;
  sort?: ({ name?: string | null; order?: string | null } | null)[] | null;
}

export interface FieldFilter {
  eq?: string | null;
  neq?: string | null;
  in?: (string | null)[] | null;
  gt?: string | null;
  gte?: string | null;
  lt?: string | null;
  lte?: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  startOffset: number;
  hasNextPage: boolean;
}

export interface StoreClock {
  now(): number;
}

/** Built-in component types (SDK compass.yml validator's list); `type` is the deprecated enum value. */
export const BUILT_IN_COMPONENT_TYPES = [
  { id: 'SERVICE', name: 'Service' },
  { id: 'LIBRARY', name: 'Library' },
  { id: 'APPLICATION', name: 'Application' },
  { id: 'CAPABILITY', name: 'Capability' },
  { id: 'CLOUD_RESOURCE', name: 'Cloud resource' },
  { id: 'DATA_PIPELINE', name: 'Data pipeline' },
  { id: 'MACHINE_LEARNING_MODEL', name: 'Machine learning model' },
  { id: 'UI_ELEMENT', name: 'UI element' },
  { id: 'WEBSITE', name: 'Website' },
  { id: 'DATASET', name: 'Dataset' },
  { id: 'DATA_PRODUCT', name: 'Data product' },
  { id: 'DASHBOARD', name: 'Dashboard' },
  { id: 'OTHER', name: 'Other' },
] as const;

const CUSTOM_TYPE_ARI = /^ari:cloud:compass:[^:]+:component-type\/[^/]+\/[^/]+$/;

/** Built-in enum fields: definition id -> allowed values. */
export const BUILT_IN_FIELD_DEFINITIONS = {
  'compass:tier': { name: 'Tier', values: ['1', '2', '3', '4'], default: ['4'] },
  'compass:lifecycle': { name: 'Lifecycle', values: ['Pre-release', 'Active', 'Deprecated'], default: null },
} as const satisfies Record<
  string,
  { name: string; values: readonly string[]; default: readonly string[] | null }
>;

type BuiltInFieldId = keyof typeof BUILT_IN_FIELD_DEFINITIONS;

export const BUILT_IN_METRIC_PREFIX = 'ari:cloud:compass::metric-definition/builtin/';

const DEFAULT_SEARCH_PAGE_SIZE = 25;

export class CompassStore {
  readonly limits: CompassLimits;
  private readonly sites = new Map<string, StoredSite>();
  private readonly components = new Map<string, StoredComponent>();
  private readonly aliasIndex = new Map<string, string>();
  private readonly slugIndex = new Map<string, string>();
  private relationships: StoredRelationship[] = [];
  private readonly metricDefinitions = new Map<string, StoredMetricDefinition>();
  private readonly metricSources = new Map<string, StoredMetricSource>();
  /** Source ids by component, and by definition and external id: writes look sources up without a scan. */
  private readonly sourcesByComponent = new Map<string, Set<string>>();
  private readonly sourcesByExternalId = new Map<string, Set<string>>();
  private readonly scorecards = new Map<string, StoredScorecard>();
  private readonly teams = new Map<string, StoredTeam>();
  private readonly eventSources = new Map<string, StoredEventSource>();
  private readonly users = new Map<string, StoredUser>();
  private sequence = 0;

  constructor(
    readonly defaultCloudId: string,
    private readonly clock: StoreClock,
    limits: Partial<CompassLimits> = {},
  ) {
    this.limits = { ...DEFAULT_COMPASS_LIMITS, ...limits };
    this.addSite({ cloudId: defaultCloudId });
  }

  // ---- sites, teams, tenants -------------------------------------------------------------------------

  addSite(seed: SiteSeed): StoredSite {
    const existing = this.sites.get(seed.cloudId);
    if (existing) return existing;
    const site = {
      cloudId: seed.cloudId,
      orgId: seed.orgId ?? this.nextUuid(),
      workspaceId: this.nextUuid(),
    };
    this.sites.set(seed.cloudId, site);
    return site;
  }

  site(cloudId: string): StoredSite {
    const site = this.sites.get(cloudId);
    if (!site) {
      throw new CompassOperationError(
        403,
        E.siteNotFound,
        `The app is not installed on site ${cloudId} (the local Compass knows ${[...this.sites.keys()].join(', ')}).`,
      );
    }
    return site;
  }

  tenantContexts(cloudIds: string[]): StoredSite[] {
    return cloudIds.flatMap((cloudId) => {
      const site = this.sites.get(cloudId);
      return site ? [site] : [];
    });
  }

  addUser(seed: UserSeed): StoredUser {
    const user = {
      accountId: seed.accountId,
      name: seed.name,
      canEditComponents: seed.canEditComponents ?? false,
    };
    this.users.set(user.accountId, user);
    return user;
  }

  user(accountId: string): StoredUser | undefined {
    return this.users.get(accountId);
  }

  addTeam(seed: TeamSeed): StoredTeam {
    const site = this.site(seed.cloudId ?? this.defaultCloudId);
    const team: StoredTeam = {
      id: seed.id ?? `ari:cloud:identity::team/${this.nextUuid()}`,
      cloudId: site.cloudId,
      organizationId: organizationAri(site.orgId),
      displayName: seed.displayName,
      description: seed.description ?? null,
      state: seed.state ?? 'ACTIVE',
      memberIds: [...(seed.memberIds ?? [])],
    };
    this.teams.set(team.id, team);
    return team;
  }

  searchTeams(args: {
    organizationId: string;
    siteId: string;
    query?: string | null;
    memberIds?: (string | null)[] | null;
    first?: number | null;
    after?: string | null;
  }): Page<StoredTeam> {
    this.site(args.siteId);
    const query = args.query?.trim().toLowerCase() ?? '';
    const members = (args.memberIds ?? []).filter((id): id is string => !!id);
    const matches = [...this.teams.values()]
      .filter((team) => team.cloudId === args.siteId && team.organizationId === args.organizationId)
      .filter((team) => query === '' || team.displayName.toLowerCase().includes(query))
      .filter((team) => members.length === 0 || team.memberIds.some((id) => members.includes(id)))
      .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
    return paginate(matches, args.first ?? 20, args.after);
  }

  team(id: string): StoredTeam | undefined {
    return this.teams.get(id);
  }

  // ---- components -------------------------------------------------------------------------------------

  createComponent(cloudId: string, input: CreateComponentInput): StoredComponent {
    const site = this.site(cloudId);
    const name = checkName(input.name, this.limits);
    checkDescription(input.description, this.limits);
    const typeId = this.resolveTypeId(input.typeId, input.type);
    const fields = this.applyFields(new Map(), input.fields);
    rejectCustomFields(input.customFields);
    const slug = input.slug ?? null;
    if (slug !== null) this.checkSlugFree(cloudId, slug, undefined);
    const labels = this.labelsAfterAdding([], input.labels ?? []);
    const uuid = this.nextUuid();
    const id = `ari:cloud:compass:${cloudId}:component/${site.workspaceId}/${uuid}`;
    const links = this.linksAfterAdding([], input.links ?? []);
    const now = this.timestamp();
    const component: StoredComponent = {
      id,
      cloudId,
      name,
      description: input.description ?? null,
      typeId,
      state: input.state ?? null,
      ownerId: input.ownerId ?? null,
      slug,
      fields,
      labels,
      links,
      externalAliases: [],
      dataManager: null,
      eventSourceIds: [],
      scorecardIds: [],
      createdAt: now,
      updatedAt: now,
    };
    this.components.set(id, component);
    if (slug !== null) this.slugIndex.set(slugKey(cloudId, slug), id);
    return component;
  }

  component(id: string): StoredComponent {
    const component = this.components.get(id);
    if (!component) throw componentNotFound(id);
    return component;
  }

  findComponent(id: string): StoredComponent | undefined {
    return this.components.get(id);
  }

  componentBySlug(cloudId: string, slug: string): StoredComponent | undefined {
    const id = this.slugIndex.get(slugKey(cloudId, slug));
    return id === undefined ? undefined : this.components.get(id);
  }

  componentByAlias(cloudId: string, externalSource: string, externalId: string): StoredComponent | undefined {
    const id = this.aliasIndex.get(aliasKey(cloudId, externalSource, externalId));
    return id === undefined ? undefined : this.components.get(id);
  }

  componentsOf(cloudId: string): StoredComponent[] {
    return [...this.components.values()].filter((component) => component.cloudId === cloudId);
  }

  updateComponent(input: UpdateComponentInput): StoredComponent {
    const component = this.component(input.id);
    const name = input.name === undefined ? component.name : checkName(input.name, this.limits);
    if (input.description !== undefined) checkDescription(input.description, this.limits);
    const fields = this.applyFields(new Map(component.fields), input.fields);
    rejectCustomFields(input.customFields);
    if (input.slug !== undefined && input.slug !== null)
      this.checkSlugFree(component.cloudId, input.slug, component.id);

    component.name = name;
    if (input.description !== undefined) component.description = input.description;
    if (input.state !== undefined && input.state !== null) component.state = input.state;
    if (input.ownerId !== undefined) component.ownerId = input.ownerId;
    if (input.slug !== undefined) {
      if (component.slug !== null) this.slugIndex.delete(slugKey(component.cloudId, component.slug));
      component.slug = input.slug;
      if (input.slug !== null) this.slugIndex.set(slugKey(component.cloudId, input.slug), component.id);
    }
    component.fields = fields;
    return this.touch(component);
  }

  updateComponentType(id: string, typeId: string | null | undefined, type: string | null | undefined) {
    const component = this.component(id);
    component.typeId = this.resolveTypeId(typeId, type);
    return this.touch(component);
  }

  deleteComponent(id: string): StoredComponent {
    const component = this.component(id);
    this.components.delete(id);
    for (const alias of component.externalAliases) {
      this.aliasIndex.delete(aliasKey(component.cloudId, alias.externalSource, alias.externalId));
    }
    if (component.slug !== null) this.slugIndex.delete(slugKey(component.cloudId, component.slug));
    this.relationships = this.relationships.filter((r) => r.startNodeId !== id && r.endNodeId !== id);
    for (const source of this.metricSourcesOfComponent(id)) this.forgetMetricSource(source);
    return component;
  }

  searchComponents(cloudId: string, search: ComponentSearch | null | undefined): Page<StoredComponent> {
    this.site(cloudId);
    const text = search?.query?.trim().toLowerCase() ?? '';
    const filters = (search?.fieldFilters ?? []).filter((filter) => filter !== null);
    let matches = this.componentsOf(cloudId).filter(
      (component) =>
        (text === '' ||
          component.name.toLowerCase().includes(text) ||
          (component.description ?? '').toLowerCase().includes(text)) &&
        filters.every((filter) => matchesFieldFilter(component, filter.name, filter.filter ?? {})),
    );
    matches = sortComponents(matches, search?.sort ?? []);
    return paginate(matches, search?.first ?? DEFAULT_SEARCH_PAGE_SIZE, search?.after);
  }

  // ---- external aliases, links, labels ---------------------------------------------------------------

  createExternalAlias(
    componentId: string,
    alias: { externalSource: string; externalId: string; url?: string | null },
  ) {
    const component = this.component(componentId);
    const key = aliasKey(component.cloudId, alias.externalSource, alias.externalId);
    const holder = this.aliasIndex.get(key);
    if (holder !== undefined) {
      throw new CompassOperationError(
        400,
        E.externalAliasAlreadyExists,
        `External alias (${alias.externalSource}, ${alias.externalId}) already exists on component ${holder}; ` +
          'an external alias is unique per site.',
      );
    }
    const stored = {
      externalSource: alias.externalSource,
      externalId: alias.externalId,
      url: alias.url ?? null,
    };
    component.externalAliases.push(stored);
    this.aliasIndex.set(key, component.id);
    this.touch(component);
    return { component, alias: stored };
  }

  deleteExternalAlias(componentId: string, alias: { externalSource: string; externalId: string }) {
    const component = this.component(componentId);
    const index = component.externalAliases.findIndex(
      (existing) =>
        existing.externalSource === alias.externalSource && existing.externalId === alias.externalId,
    );
    const removed = component.externalAliases[index];
    if (!removed) {
      // Live Compass's message, as gitlab-for-compass matches it (compass-api.md §3.2).
      throw new CompassOperationError(
        404,
        E.externalAliasNotFound,
        'We couldn’t find the external alias. Check for typos and try again.',
      );
    }
    component.externalAliases.splice(index, 1);
    this.aliasIndex.delete(aliasKey(component.cloudId, alias.externalSource, alias.externalId));
    this.touch(component);
    return { component, alias: removed };
  }

  createLink(componentId: string, link: LinkInput) {
    const component = this.component(componentId);
    const links = this.linksAfterAdding(component.links, [link]);
    component.links = links;
    this.touch(component);
    return { component, link: links[links.length - 1] as StoredLink };
  }

  deleteLink(componentId: string, linkId: string) {
    const component = this.component(componentId);
    const index = component.links.findIndex((link) => link.id === linkId);
    if (index === -1) {
      throw new CompassOperationError(
        404,
        E.linkNotFound,
        `Link ${linkId} does not exist on component ${componentId}.`,
      );
    }
    component.links.splice(index, 1);
    this.touch(component);
    return { component, linkId };
  }

  addLabels(componentId: string, labelNames: string[]) {
    const component = this.component(componentId);
    const before = new Set(component.labels);
    component.labels = this.labelsAfterAdding(component.labels, labelNames);
    this.touch(component);
    return { component, added: component.labels.filter((label) => !before.has(label)) };
  }

  removeLabels(componentId: string, labelNames: string[]) {
    const component = this.component(componentId);
    const removing = new Set(labelNames);
    const removed = component.labels.filter((label) => removing.has(label));
    component.labels = component.labels.filter((label) => !removing.has(label));
    this.touch(component);
    return { component, removed };
  }

  // ---- relationships ---------------------------------------------------------------------------------

  createRelationship(
    startNodeId: string,
    endNodeId: string,
    relationshipType: RelationshipType,
  ): StoredRelationship {
    const start = this.component(startNodeId);
    const end = this.component(endNodeId);
    if (start.id === end.id) {
      throw new CompassOperationError(
        400,
        E.invalidRelationship,
        'A component cannot have a relationship with itself.',
      );
    }
    if (start.cloudId !== end.cloudId) {
      throw new CompassOperationError(
        400,
        E.invalidRelationship,
        'Both components must be on the same site.',
      );
    }
    if (this.findRelationship(startNodeId, endNodeId, relationshipType)) {
      throw new CompassOperationError(
        400,
        E.relationshipAlreadyExists,
        `${startNodeId} already has a ${relationshipType} relationship with ${endNodeId}.`,
      );
    }
    const relationship = { relationshipType, startNodeId, endNodeId, createdAt: this.timestamp() };
    this.relationships.push(relationship);
    return relationship;
  }

  deleteRelationship(
    startNodeId: string,
    endNodeId: string,
    relationshipType: RelationshipType,
  ): StoredRelationship {
    const relationship = this.findRelationship(startNodeId, endNodeId, relationshipType);
    if (!relationship) {
      throw new CompassOperationError(
        404,
        E.relationshipNotFound,
        `No ${relationshipType} relationship from ${startNodeId} to ${endNodeId}.`,
      );
    }
    this.relationships = this.relationships.filter((r) => r !== relationship);
    return relationship;
  }

  relationshipsOf(componentId: string, relationshipType: RelationshipType, direction: 'OUTWARD' | 'INWARD') {
    return this.relationships.filter(
      (r) =>
        r.relationshipType === relationshipType &&
        (direction === 'OUTWARD' ? r.startNodeId === componentId : r.endNodeId === componentId),
    );
  }

  // ---- data managers and event sources ---------------------------------------------------------------

  attachDataManager(componentId: string, ecosystemAppId: string | null, externalSourceURL: string | null) {
    const component = this.component(componentId);
    component.dataManager = { ecosystemAppId, externalSourceURL, lastSyncEvent: null };
    return this.touch(component);
  }

  detachDataManager(componentId: string) {
    const component = this.component(componentId);
    component.dataManager = null;
    return this.touch(component);
  }

  updateDataManagerMetadata(
    componentId: string,
    externalSourceURL: string | null | undefined,
    lastSyncEvent: { status: string; lastSyncErrors?: string[] | null } | null | undefined,
  ) {
    const component = this.component(componentId);
    const manager = component.dataManager ?? {
      ecosystemAppId: null,
      externalSourceURL: null,
      lastSyncEvent: null,
    };
    if (externalSourceURL !== undefined) manager.externalSourceURL = externalSourceURL;
    if (lastSyncEvent) {
      manager.lastSyncEvent = {
        time: this.timestamp(),
        status: lastSyncEvent.status,
        lastSyncErrors: lastSyncEvent.lastSyncErrors ?? [],
      };
    }
    component.dataManager = manager;
    return this.touch(component);
  }

  createEventSource(
    cloudId: string,
    eventType: string,
    externalEventSourceId: string,
    forgeAppId: string | null,
  ) {
    const site = this.site(cloudId);
    const existing = this.findEventSource(cloudId, eventType, externalEventSourceId);
    if (existing) return existing;
    const source: StoredEventSource = {
      id: `ari:cloud:compass:${cloudId}:event-source/${site.workspaceId}/${this.nextUuid()}`,
      cloudId,
      eventType,
      externalEventSourceId,
      forgeAppId,
      events: [],
    };
    this.eventSources.set(source.id, source);
    return source;
  }

  findEventSource(cloudId: string, eventType: string, externalEventSourceId: string) {
    return [...this.eventSources.values()].find(
      (source) =>
        source.cloudId === cloudId &&
        source.eventType === eventType &&
        source.externalEventSourceId === externalEventSourceId,
    );
  }

  eventSource(id: string): StoredEventSource {
    const source = this.eventSources.get(id);
    if (!source)
      throw new CompassOperationError(404, E.eventSourceNotFound, `Event source ${id} does not exist.`);
    return source;
  }

  attachEventSource(componentId: string, eventSourceId: string) {
    const component = this.component(componentId);
    this.eventSource(eventSourceId);
    if (!component.eventSourceIds.includes(eventSourceId)) component.eventSourceIds.push(eventSourceId);
    return this.touch(component);
  }

  detachEventSource(componentId: string, eventSourceId: string) {
    const component = this.component(componentId);
    component.eventSourceIds = component.eventSourceIds.filter((id) => id !== eventSourceId);
    return this.touch(component);
  }

  recordEvent(cloudId: string, eventType: string, externalEventSourceId: string, event: unknown) {
    const source = this.findEventSource(cloudId, eventType, externalEventSourceId);
    if (!source) {
      throw new CompassOperationError(
        404,
        E.eventSourceNotFound,
        `No ${eventType} event source with external id ${externalEventSourceId} on site ${cloudId}.`,
      );
    }
    source.events.push(event);
  }

  // ---- metrics -----------------------------------------------------------------------------------------

  createMetricDefinition(cloudId: string, name: string, description: string | null, suffix: string | null) {
    const site = this.site(cloudId);
    if (name.trim() === '') throw new CompassOperationError(400, E.nameRequired, 'Metric name is required.');
    // Compass allows two definitions with one name: the app must not rely on it refusing a second.
    if (this.metricDefinitionsOf(cloudId).length >= this.limits.metricDefinitionsPerSite) {
      throw new CompassOperationError(
        400,
        E.tooManyMetricDefinitions,
        `A site can have at most ${this.limits.metricDefinitionsPerSite} metric definitions.`,
      );
    }
    const definition: StoredMetricDefinition = {
      id: `ari:cloud:compass:${cloudId}:metric-definition/${site.workspaceId}/${this.nextUuid()}`,
      cloudId,
      name,
      description,
      suffix,
      type: 'CUSTOM',
    };
    this.metricDefinitions.set(definition.id, definition);
    return definition;
  }

  /** Custom definitions from the store; built-in ones (`...metric-definition/builtin/...`) exist on every site. */
  metricDefinition(cloudId: string, id: string): StoredMetricDefinition {
    const stored = this.metricDefinitions.get(id);
    if (stored && stored.cloudId === cloudId) return stored;
    if (id.startsWith(BUILT_IN_METRIC_PREFIX)) {
      const name = id.slice(BUILT_IN_METRIC_PREFIX.length);
      return { id, cloudId, name, description: null, suffix: null, type: 'BUILT_IN' };
    }
    throw new CompassOperationError(
      404,
      E.metricDefinitionNotFound,
      `Metric definition ${id} does not exist.`,
    );
  }

  metricDefinitionsOf(cloudId: string): StoredMetricDefinition[] {
    this.site(cloudId);
    return [...this.metricDefinitions.values()].filter((definition) => definition.cloudId === cloudId);
  }

  updateMetricDefinition(
    id: string,
    cloudId: string,
    changes: { name?: string | null; description?: string | null; suffix?: string | null },
  ) {
    const definition = this.metricDefinition(cloudId, id);
    if (definition.type === 'BUILT_IN') {
      throw new CompassOperationError(
        400,
        E.metricDefinitionNotFound,
        'Built-in metric definitions cannot change.',
      );
    }
    if (changes.name) definition.name = changes.name;
    if (changes.description !== undefined) definition.description = changes.description;
    if (changes.suffix !== undefined) definition.suffix = changes.suffix;
    return definition;
  }

  deleteMetricDefinition(id: string) {
    const definition = this.metricDefinitions.get(id);
    if (!definition) {
      throw new CompassOperationError(
        404,
        E.metricDefinitionNotFound,
        `Metric definition ${id} does not exist.`,
      );
    }
    this.metricDefinitions.delete(id);
    for (const source of [...this.metricSources.values()]) {
      if (source.metricDefinitionId === id) this.forgetMetricSource(source);
    }
    return definition;
  }

  createMetricSource(input: {
    componentId: string;
    metricDefinitionId: string;
    externalMetricSourceId: string;
    url?: string | null;
    forgeAppId?: string | null;
    derived?: boolean | null;
  }): StoredMetricSource {
    const component = this.component(input.componentId);
    const site = this.site(component.cloudId);
    this.metricDefinition(component.cloudId, input.metricDefinitionId);
    const duplicate = this.metricSourcesOfComponent(component.id).find(
      (source) => source.metricDefinitionId === input.metricDefinitionId,
    );
    if (duplicate) {
      throw new CompassOperationError(
        400,
        E.metricSourceAlreadyExists,
        `Component ${component.id} already has a metric source for ${input.metricDefinitionId} (${duplicate.id}).`,
      );
    }
    if (this.metricSourcesOfComponent(component.id).length >= this.limits.metricSourcesPerComponent) {
      throw new CompassOperationError(
        400,
        E.tooManyMetricSources,
        `A component can have at most ${this.limits.metricSourcesPerComponent} metric sources.`,
      );
    }
    const source: StoredMetricSource = {
      id: `ari:cloud:compass:${component.cloudId}:metric-source/${site.workspaceId}/${this.nextUuid()}`,
      componentId: component.id,
      metricDefinitionId: input.metricDefinitionId,
      externalMetricSourceId: input.externalMetricSourceId,
      url: input.url ?? null,
      forgeAppId: input.forgeAppId ?? null,
      derived: input.derived ?? false,
      values: [],
    };
    this.metricSources.set(source.id, source);
    indexAdd(this.sourcesByComponent, source.componentId, source.id);
    indexAdd(this.sourcesByExternalId, externalKey(source), source.id);
    return source;
  }

  private forgetMetricSource(source: StoredMetricSource): void {
    this.metricSources.delete(source.id);
    this.sourcesByComponent.get(source.componentId)?.delete(source.id);
    this.sourcesByExternalId.get(externalKey(source))?.delete(source.id);
  }

  metricSource(id: string): StoredMetricSource {
    const source = this.metricSources.get(id);
    if (!source)
      throw new CompassOperationError(404, E.metricSourceNotFound, `Metric source ${id} does not exist.`);
    return source;
  }

  deleteMetricSource(id: string): StoredMetricSource {
    const source = this.metricSource(id);
    this.forgetMetricSource(source);
    return source;
  }

  metricSourcesOfComponent(componentId: string): StoredMetricSource[] {
    return [...(this.sourcesByComponent.get(componentId) ?? [])].map((id) => this.metricSources.get(id)!);
  }

  metricSourcesOfDefinition(cloudId: string, metricDefinitionId: string): StoredMetricSource[] {
    return [...this.metricSources.values()].filter(
      (source) =>
        source.metricDefinitionId === metricDefinitionId &&
        this.components.get(source.componentId)?.cloudId === cloudId,
    );
  }

  insertMetricValue(metricSourceId: string, value: StoredMetricValue): StoredMetricSource {
    const source = this.metricSource(metricSourceId);
    source.values.push(this.checkMetricValue(value));
    return source;
  }

  /** Appends to every source of the definition with that external id on the site (usually one). */
  insertMetricValueByExternalId(
    cloudId: string,
    metricDefinitionId: string,
    externalMetricSourceId: string,
    value: StoredMetricValue,
  ): StoredMetricSource[] {
    this.site(cloudId);
    const checked = this.checkMetricValue(value);
    const sources = [
      ...(this.sourcesByExternalId.get(externalKey({ metricDefinitionId, externalMetricSourceId })) ?? []),
    ]
      .map((id) => this.metricSources.get(id)!)
      .filter((source) => this.components.get(source.componentId)?.cloudId === cloudId);
    if (sources.length === 0) {
      throw new CompassOperationError(
        404,
        E.metricSourceNotFound,
        `No metric source for ${metricDefinitionId} with external id ${externalMetricSourceId} on site ${cloudId}.`,
      );
    }
    for (const source of sources) source.values.push({ ...checked });
    return sources;
  }

  // ---- scorecards ----------------------------------------------------------------------------------------

  createScorecard(
    cloudId: string,
    input: {
      name: string;
      description?: string | null;
      importance: string;
      ownerId?: string | null;
      state?: string | null;
      componentTypeIds?: string[] | null;
      componentLabelNames?: string[] | null;
      scoringStrategyType?: string | null;
      criterias?: Record<string, Record<string, unknown> | null>[] | null;
    },
  ): StoredScorecard {
    const site = this.site(cloudId);
    if (input.name.trim() === '') {
      throw new CompassOperationError(400, E.invalidScorecard, 'Scorecard name is required.');
    }
    // UNVERIFIED: Compass's default strategy when none is given.
    const scoringStrategyType = input.scoringStrategyType ?? 'WEIGHT_BASED';
    const criteria = this.checkCriteria(cloudId, input.criterias ?? [], scoringStrategyType);
    const scorecard: StoredScorecard = {
      id: `ari:cloud:compass:${cloudId}:scorecard/${site.workspaceId}/${this.nextUuid()}`,
      cloudId,
      name: input.name,
      description: input.description ?? null,
      importance: input.importance,
      ownerId: input.ownerId ?? null,
      state: input.state ?? null,
      componentTypeIds: input.componentTypeIds ?? [],
      componentLabelNames: input.componentLabelNames ?? [],
      scoringStrategyType,
      criteria,
      createdAt: this.timestamp(),
    };
    this.scorecards.set(scorecard.id, scorecard);
    return scorecard;
  }

  scorecard(id: string): StoredScorecard {
    const scorecard = this.scorecards.get(id);
    if (!scorecard)
      throw new CompassOperationError(404, E.scorecardNotFound, `Scorecard ${id} does not exist.`);
    return scorecard;
  }

  scorecardsOf(cloudId: string): StoredScorecard[] {
    this.site(cloudId);
    return [...this.scorecards.values()].filter((scorecard) => scorecard.cloudId === cloudId);
  }

  applyScorecard(componentId: string, scorecardId: string): StoredComponent {
    const component = this.component(componentId);
    const scorecard = this.scorecard(scorecardId);
    if (scorecard.cloudId !== component.cloudId) {
      throw new CompassOperationError(
        400,
        E.invalidScorecard,
        'Scorecard and component are on different sites.',
      );
    }
    if (component.scorecardIds.includes(scorecardId)) {
      // UNVERIFIED: live Compass's answer to applying a scorecard twice.
      throw new CompassOperationError(
        400,
        E.scorecardAlreadyApplied,
        'The scorecard is already applied to this component.',
      );
    }
    component.scorecardIds.push(scorecardId);
    return this.touch(component);
  }

  deleteScorecard(id: string): StoredScorecard {
    const scorecard = this.scorecard(id);
    this.scorecards.delete(id);
    for (const component of this.components.values()) {
      component.scorecardIds = component.scorecardIds.filter((applied) => applied !== id);
    }
    return scorecard;
  }

  /** Exactly one kind per criterion (a one-of input); metric criteria name a definition the site has. */
  private checkCriteria(
    cloudId: string,
    criterias: Record<string, Record<string, unknown> | null>[],
    scoringStrategyType: string,
  ): StoredScorecardCriterion[] {
    const invalid = (message: string) => new CompassOperationError(400, E.invalidScorecard, message);
    if (criterias.length > this.limits.criteriaPerScorecard) {
      throw invalid(`A scorecard can have at most ${this.limits.criteriaPerScorecard} criteria.`);
    }
    const criteria = criterias.map((criterion) => {
      const members = Object.entries(criterion).filter(([, value]) => value !== null && value !== undefined);
      if (members.length !== 1) throw invalid('Each scorecard criterion must have exactly one type.');
      const [kind, input] = members[0] as [string, Record<string, unknown>];
      const weight = typeof input.weight === 'number' ? input.weight : 0;
      if (weight < 0) throw invalid(`Criterion weight ${weight} must not be negative.`);
      const metricDefinitionId =
        typeof input.metricDefinitionId === 'string' ? input.metricDefinitionId : null;
      if (metricDefinitionId !== null) this.metricDefinition(cloudId, metricDefinitionId);
      return { kind, weight, metricDefinitionId, input: { ...input } };
    });
    const total = criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
    const expected = this.limits.weightBasedScorecardTotal;
    if (scoringStrategyType === 'WEIGHT_BASED' && criteria.length > 0 && total !== expected) {
      throw invalid(
        `The criteria weights of a weight-based scorecard must add up to ${expected}; they add up to ${total}.`,
      );
    }
    return criteria;
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  componentTypes(cloudId: string) {
    this.site(cloudId);
    return BUILT_IN_COMPONENT_TYPES.map((type) => ({
      ...type,
      componentCount: this.componentsOf(cloudId).filter((component) => component.typeId === type.id).length,
    }));
  }

  private resolveTypeId(typeId: string | null | undefined, type: string | null | undefined): string {
    const candidate = typeId ?? type;
    if (!candidate) {
      throw new CompassOperationError(400, E.invalidComponentType, 'A component needs a typeId.');
    }
    const upper = candidate.toUpperCase();
    if (BUILT_IN_COMPONENT_TYPES.some((builtIn) => builtIn.id === upper)) return upper;
    if (CUSTOM_TYPE_ARI.test(candidate)) return candidate;
    throw new CompassOperationError(
      400,
      E.invalidComponentType,
      `Component type "${candidate}" is neither a built-in type nor a component-type ARI.`,
    );
  }

  private applyFields(
    fields: Map<string, string[]>,
    inputs: FieldInput[] | null | undefined,
  ): Map<string, string[]> {
    for (const input of inputs ?? []) {
      const definition = BUILT_IN_FIELD_DEFINITIONS[input.definition as BuiltInFieldId] as
        (typeof BUILT_IN_FIELD_DEFINITIONS)[BuiltInFieldId] | undefined;
      if (!definition) {
        throw new CompassOperationError(
          400,
          E.invalidField,
          `Field definition "${input.definition}" is not supported (the local Compass knows ` +
            `${Object.keys(BUILT_IN_FIELD_DEFINITIONS).join(', ')}).`,
        );
      }
      const values = input.value?.enum?.value ?? [];
      const allowed: readonly string[] = definition.values;
      const bad = values.find((value) => !allowed.includes(value));
      if (values.length !== 1 || bad !== undefined) {
        throw new CompassOperationError(
          400,
          E.invalidField,
          `${definition.name} must have exactly one of ${allowed.join(', ')}; got ${JSON.stringify(values)}.`,
        );
      }
      fields.set(input.definition, [...values]);
    }
    return fields;
  }

  private labelsAfterAdding(current: string[], adding: string[]): string[] {
    for (const label of adding) checkLabel(label, this.limits);
    const labels = [...new Set([...current, ...adding])];
    checkLabelCount(labels.length, this.limits);
    return labels;
  }

  private linksAfterAdding(current: StoredLink[], adding: LinkInput[]): StoredLink[] {
    const links = [...current];
    for (const input of adding) {
      const url = checkLinkUrl(input.url);
      checkLinkName(input.name, this.limits);
      links.push({
        id: this.nextUuid(),
        type: input.type,
        url,
        name: input.name ?? null,
        objectId: input.objectId ?? null,
      });
      checkLinksOfType(input.type, links.filter((link) => link.type === input.type).length, this.limits);
    }
    return links;
  }

  private checkSlugFree(cloudId: string, slug: string, ownId: string | undefined): void {
    checkSlug(slug, this.limits);
    const holder = this.slugIndex.get(slugKey(cloudId, slug));
    if (holder !== undefined && holder !== ownId) {
      throw new CompassOperationError(
        400,
        E.slugAlreadyExists,
        `Another component with the slug "${slug}" already exists on this site.`,
      );
    }
  }

  private findRelationship(startNodeId: string, endNodeId: string, relationshipType: RelationshipType) {
    return this.relationships.find(
      (r) =>
        r.startNodeId === startNodeId && r.endNodeId === endNodeId && r.relationshipType === relationshipType,
    );
  }

  private touch(component: StoredComponent): StoredComponent {
    component.updatedAt = this.timestamp();
    return component;
  }

  private checkMetricValue(value: StoredMetricValue): StoredMetricValue {
    return checkMetricValue(value, this.clock.now(), this.limits);
  }

  private timestamp(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** Deterministic, well-formed UUIDs: stable ids make failures reproducible. */
  private nextUuid(): string {
    this.sequence += 1;
    return `00000000-0000-4000-8000-${this.sequence.toString(16).padStart(12, '0')}`;
  }
}

export function organizationAri(orgId: string): string {
  return `ari:cloud:platform::org/${orgId}`;
}

/** Live Compass's exact message: gitlab-for-compass compares it verbatim (compass-api.md §3.2). */
export function componentNotFound(id: string): CompassOperationError {
  return new CompassOperationError(404, E.componentNotFound, 'Component not found', id);
}

function rejectCustomFields(customFields: unknown[] | null | undefined): void {
  if (customFields && customFields.length > 0) {
    throw new CompassOperationError(
      501,
      E.notImplemented,
      'Custom fields are not supported by the local Compass.',
    );
  }
}

function checkMetricValue(value: StoredMetricValue, now: number, limits: CompassLimits): StoredMetricValue {
  if (!Number.isFinite(value.value)) {
    throw new CompassOperationError(
      400,
      E.invalidMetricValue,
      `Metric value ${value.value} is not a finite number.`,
    );
  }
  if (Number.isNaN(Date.parse(value.timestamp))) {
    throw new CompassOperationError(
      400,
      E.invalidMetricValue,
      `Timestamp "${value.timestamp}" is not a date-time.`,
    );
  }
  if (Date.parse(value.timestamp) > now + limits.metricValueFutureToleranceMs) {
    throw new CompassOperationError(
      400,
      E.invalidMetricValue,
      `Timestamp "${value.timestamp}" is in the future.`,
    );
  }
  return { value: value.value, timestamp: new Date(value.timestamp).toISOString() };
}

function aliasKey(cloudId: string, externalSource: string, externalId: string): string {
  return JSON.stringify([cloudId, externalSource, externalId]);
}

function slugKey(cloudId: string, slug: string): string {
  return JSON.stringify([cloudId, slug]);
}

function matchesFieldFilter(component: StoredComponent, name: string, filter: FieldFilter): boolean {
  const values = fieldValues(component, name);
  const has = (value: string | null | undefined) =>
    value !== null && value !== undefined && values.includes(value);
  if (filter.eq !== undefined && filter.eq !== null && !has(filter.eq)) return false;
  if (filter.neq !== undefined && filter.neq !== null && has(filter.neq)) return false;
  if (filter.in && !filter.in.some((value) => has(value))) return false;
  return true;
}

/** Searchable values per filter name (compass-api.md §1.5); unknown names match nothing. */
function fieldValues(component: StoredComponent, name: string): string[] {
  switch (name) {
    case 'labels':
      return component.labels;
    case 'ownerId':
      return component.ownerId ? [component.ownerId] : [];
    case 'type':
    case 'typeId':
      return [component.typeId];
    case 'state':
      return component.state ? [component.state] : [];
    case 'linkTypes':
      return [...new Set(component.links.map((link) => link.type))];
    default:
      return component.fields.get(name) ?? [];
  }
}

function sortComponents(
  components: StoredComponent[],
  sort: ({ name?: string | null; order?: string | null } | null)[],
): StoredComponent[] {
  const keys = sort.filter((key): key is { name?: string | null; order?: string | null } => key !== null);
  return [...components].sort((a, b) => {
    for (const key of keys) {
      const field = key.name ?? 'name';
      const av = field === 'name' ? a.name : (fieldValues(a, field)[0] ?? '');
      const bv = field === 'name' ? b.name : (fieldValues(b, field)[0] ?? '');
      const order = av.localeCompare(bv) * (key.order === 'DESC' ? -1 : 1);
      if (order !== 0) return order;
    }
    // Stable default: creation order (ids are sequential).
    return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
  });
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

function decodeCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match) throw new CompassOperationError(400, E.invalidId, `Cursor "${cursor}" is not valid.`);
  return Number(match[1]) + 1;
}

export function paginate<T>(items: T[], first: number, after: string | null | undefined): Page<T> {
  const startOffset = decodeCursor(after);
  const size = Math.max(0, first);
  const page = items.slice(startOffset, startOffset + size);
  return {
    items: page,
    total: items.length,
    startOffset,
    hasNextPage: startOffset + page.length < items.length,
  };
}

function indexAdd(index: Map<string, Set<string>>, key: string, id: string): void {
  let ids = index.get(key);
  if (!ids) index.set(key, (ids = new Set()));
  ids.add(id);
}

function externalKey(source: { metricDefinitionId: string; externalMetricSourceId: string }): string {
  return `${source.metricDefinitionId}\u0000${source.externalMetricSourceId}`;
}
