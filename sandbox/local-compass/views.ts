// Stored records -> GraphQL-shaped values. Abstract positions (unions, interfaces) carry `__typename`;
// fields with arguments are functions, which graphql-js's default resolver calls with the arguments.
import type { CompassOperationError } from './limits';
import {
  BUILT_IN_FIELD_DEFINITIONS,
  encodeCursor,
  paginate,
  type CompassStore,
  type Page,
  type RelationshipType,
  type RequestCaller,
  type StoredComponent,
  type StoredEventSource,
  type StoredMetricDefinition,
  type StoredMetricSource,
  type StoredRelationship,
  type StoredScorecard,
  type StoredSite,
  type StoredTeam,
  type StoredUser,
} from './store';

export type GraphqlValue = Record<string, unknown>;

/** The app's identity as data manager when the input names none (the schema's `ecosystemAppId` is non-null). */
export const LOCAL_ECOSYSTEM_APP_ID = 'ari:cloud:ecosystem::app/local-compass';

const DEPRECATED_COMPONENT_TYPES = new Set(['APPLICATION', 'LIBRARY', 'OTHER', 'SERVICE']);

export function queryErrorView(error: CompassOperationError): GraphqlValue {
  return {
    __typename: 'QueryError',
    identifier: error.identifier ?? null,
    message: error.message,
    extensions: [
      { __typename: 'GenericQueryErrorExtension', statusCode: error.statusCode, errorType: error.errorType },
    ],
  };
}

export function mutationErrorView(error: CompassOperationError): GraphqlValue {
  return {
    message: error.message,
    extensions: {
      __typename: 'GenericMutationErrorExtension',
      statusCode: error.statusCode,
      errorType: error.errorType,
    },
  };
}

export function pageInfoView<T>(page: Page<T>): GraphqlValue {
  const last = page.startOffset + page.items.length - 1;
  return {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.startOffset > 0,
    startCursor: page.items.length > 0 ? encodeCursor(page.startOffset) : null,
    endCursor: page.items.length > 0 ? encodeCursor(last) : null,
  };
}

export function connectionView<T>(
  typename: string,
  page: Page<T>,
  toNode: (item: T) => GraphqlValue,
): GraphqlValue {
  const nodes = page.items.map(toNode);
  return {
    __typename: typename,
    nodes,
    edges: nodes.map((node, index) => ({ cursor: encodeCursor(page.startOffset + index), node })),
    pageInfo: pageInfoView(page),
    totalCount: page.total,
  };
}

export class ViewFactory {
  constructor(
    private readonly store: CompassStore,
    private readonly siteUrl: (cloudId: string) => string,
  ) {}

  componentUrl(component: StoredComponent): string {
    const uuid = component.id.slice(component.id.lastIndexOf('/') + 1);
    return `${this.siteUrl(component.cloudId)}/compass/component/${uuid}`;
  }

  component(component: StoredComponent): GraphqlValue {
    return {
      __typename: 'CompassComponent',
      id: component.id,
      name: component.name,
      description: component.description,
      typeId: component.typeId,
      type: DEPRECATED_COMPONENT_TYPES.has(component.typeId) ? component.typeId : 'OTHER',
      state: component.state,
      ownerId: component.ownerId,
      slug: component.slug,
      url: this.componentUrl(component),
      labels: component.labels.map((name) => ({ __typename: 'CompassComponentLabel', name })),
      links: component.links.map((link) => ({ __typename: 'CompassLink', ...link, eventSources: [] })),
      fields: [...component.fields].map(([definitionId, value]) => this.enumField(definitionId, value)),
      externalAliases: component.externalAliases.map((alias) => ({
        __typename: 'CompassExternalAlias',
        externalSource: alias.externalSource,
        externalAliasId: alias.externalId,
        url: alias.url,
      })),
      customFields: [],
      // Answered per request, for whoever asks (graphql-js passes the request's caller as context).
      viewerPermissions: (_args: unknown, caller: RequestCaller | undefined) =>
        this.componentPermissions(caller),
      dataManager: component.dataManager && {
        __typename: 'CompassComponentDataManager',
        ecosystemAppId: component.dataManager.ecosystemAppId ?? LOCAL_ECOSYSTEM_APP_ID,
        externalSourceURL: component.dataManager.externalSourceURL,
        lastSyncEvent: component.dataManager.lastSyncEvent,
      },
      changeMetadata: { createdAt: component.createdAt, lastUserModificationAt: component.updatedAt },
      eventSources: () => component.eventSourceIds.map((id) => this.eventSource(this.store.eventSource(id))),
      relationships: (args: { query?: RelationshipQueryArgs | null }) =>
        this.relationships(component, args.query),
      metricSources: (args: { query?: { first?: number | null; after?: string | null } | null }) =>
        connectionView(
          'CompassComponentMetricSourcesConnection',
          paginate(
            this.store.metricSourcesOfComponent(component.id),
            args.query?.first ?? 100,
            args.query?.after,
          ),
          (source) => this.metricSource(source),
        ),
      scorecards: () => component.scorecardIds.map((id) => this.scorecard(this.store.scorecard(id))),
      ownerTeam: () => {
        const team = component.ownerId ? this.store.team(component.ownerId) : undefined;
        return team ? this.team(team) : null;
      },
    };
  }

  relationship(relationship: StoredRelationship): GraphqlValue {
    return {
      __typename: 'CompassRelationship',
      // The deprecated `type` enum knows only DEPENDS_ON.
      type: relationship.relationshipType === 'DEPENDS_ON' ? 'DEPENDS_ON' : null,
      relationshipType: relationship.relationshipType,
      startNode: () => this.componentOrNull(relationship.startNodeId),
      endNode: () => this.componentOrNull(relationship.endNodeId),
      changeMetadata: { createdAt: relationship.createdAt, lastUserModificationAt: relationship.createdAt },
    };
  }

  metricDefinition(definition: StoredMetricDefinition): GraphqlValue {
    return {
      __typename: 'CompassMetricDefinition',
      id: definition.id,
      name: definition.name,
      description: definition.description,
      type: definition.type,
      derivedEventTypes: [],
      isPinned: false,
      format:
        definition.suffix === null
          ? null
          : { __typename: 'CompassMetricDefinitionFormatSuffix', suffix: definition.suffix },
      metricSources: (args: { query?: { first?: number | null; after?: string | null } | null }) =>
        connectionView(
          'CompassMetricSourcesConnection',
          paginate(
            this.store.metricSourcesOfDefinition(definition.cloudId, definition.id),
            args.query?.first ?? 100,
            args.query?.after,
          ),
          (source) => this.metricSource(source),
        ),
    };
  }

  metricSource(source: StoredMetricSource): GraphqlValue {
    const component = this.store.findComponent(source.componentId);
    return {
      __typename: 'CompassMetricSource',
      id: source.id,
      externalMetricSourceId: source.externalMetricSourceId,
      url: source.url,
      forgeAppId: source.forgeAppId,
      title: null,
      derivedFrom: [],
      component: () => (component ? this.component(component) : null),
      metricDefinition: () =>
        component
          ? this.metricDefinition(this.store.metricDefinition(component.cloudId, source.metricDefinitionId))
          : null,
      values: (args: { query?: { first?: number | null; after?: string | null } | null }) =>
        connectionView(
          'CompassMetricSourceValuesConnection',
          // Newest first, as a time series is usually read.
          paginate([...source.values].reverse(), args.query?.first ?? 100, args.query?.after),
          (value) => ({ __typename: 'CompassMetricValue', ...value }),
        ),
    };
  }

  scorecard(scorecard: StoredScorecard): GraphqlValue {
    const automatic = scorecard.importance === 'REQUIRED';
    return {
      __typename: 'CompassScorecard',
      id: scorecard.id,
      name: scorecard.name,
      description: scorecard.description,
      importance: scorecard.importance,
      state: scorecard.state,
      componentTypeIds: scorecard.componentTypeIds,
      componentLabels: scorecard.componentLabelNames.map((name) => ({
        __typename: 'CompassComponentLabel',
        name,
      })),
      componentTiers: [],
      criterias: [],
      isDeactivationEnabled: false,
      verified: false,
      url: null,
      owner: null,
      changeMetadata: { createdAt: scorecard.createdAt, lastUserModificationAt: scorecard.createdAt },
      applicationModel: {
        __typename: automatic
          ? 'CompassScorecardAutomaticApplicationModel'
          : 'CompassScorecardManualApplicationModel',
        applicationType: automatic ? 'AUTOMATIC' : 'MANUAL',
      },
    };
  }

  team(team: StoredTeam): GraphqlValue {
    return {
      __typename: 'TeamV2',
      id: team.id,
      displayName: team.displayName,
      description: team.description,
      state: team.state,
      organizationId: team.organizationId,
      isVerified: false,
      isCurrentUserMemberOfTeam: false,
      smallAvatarImageUrl: null,
      largeAvatarImageUrl: null,
      smallHeaderImageUrl: null,
      largeHeaderImageUrl: null,
      profileUrl: null,
    };
  }

  /**
   * What the caller may do with a component. The app may edit (it holds the write scope); a user may when seeded
   * with `canEditComponents`. Live Compass's denial reasons are UNVERIFIED: this one is the double's own.
   */
  componentPermissions(caller: RequestCaller | undefined): GraphqlValue {
    const user = caller?.accountId ? this.store.user(caller.accountId) : undefined;
    const allowed = caller?.principal !== 'user' || user?.canEditComponents === true;
    return {
      __typename: 'CompassComponentInstancePermissions',
      edit: {
        __typename: 'CompassPermissionResult',
        allowed,
        denialReasons: allowed ? [] : ['NO_COMPONENT_EDIT_PERMISSION'],
        limit: null,
      },
    };
  }

  user(user: StoredUser): GraphqlValue {
    return {
      __typename: 'AtlassianAccountUser',
      accountId: user.accountId,
      canonicalAccountId: user.accountId,
      id: `ari:cloud:identity::user/${user.accountId}`,
      name: user.name,
      accountStatus: 'active',
      picture: `https://avatar.example/${encodeURIComponent(user.accountId)}.png`,
    };
  }

  tenantContext(site: StoredSite): GraphqlValue {
    const url = this.siteUrl(site.cloudId);
    return {
      __typename: 'TenantContext',
      cloudId: site.cloudId,
      orgId: site.orgId,
      hostName: new URL(url).hostname,
      cloudUrl: url,
      activationIds: [],
      customDomains: [],
    };
  }

  eventSource(source: StoredEventSource): GraphqlValue {
    return {
      __typename: 'EventSource',
      id: source.id,
      eventType: source.eventType,
      externalEventSourceId: source.externalEventSourceId,
      forgeAppId: source.forgeAppId,
      events: () => ({
        __typename: 'CompassEventConnection',
        nodes: [],
        pageInfo: pageInfoView(paginate([], 0, null)),
      }),
    };
  }

  private componentOrNull(id: string): GraphqlValue | null {
    const component = this.store.findComponent(id);
    return component ? this.component(component) : null;
  }

  private relationships(
    component: StoredComponent,
    query: RelationshipQueryArgs | null | undefined,
  ): GraphqlValue {
    // AGG defaults (not recoverable from the generated types): DEPENDS_ON, OUTWARD; the SDK relies on them.
    const type: RelationshipType = query?.relationshipType ?? 'DEPENDS_ON';
    const direction = query?.direction ?? 'OUTWARD';
    const page = paginate(
      this.store.relationshipsOf(component.id, type, direction),
      query?.first ?? 100,
      query?.after,
    );
    return connectionView('CompassRelationshipConnection', page, (relationship) =>
      this.relationship(relationship),
    );
  }

  private enumField(definitionId: string, value: string[]): GraphqlValue {
    const definition = BUILT_IN_FIELD_DEFINITIONS[definitionId as keyof typeof BUILT_IN_FIELD_DEFINITIONS];
    return {
      __typename: 'CompassEnumField',
      value,
      definition: {
        __typename: 'CompassFieldDefinition',
        id: definitionId,
        name: definition.name,
        description: definition.name,
        type: 'ENUM',
        options: {
          __typename: 'CompassEnumFieldDefinitionOptions',
          values: definition.values,
          default: definition.default,
        },
      },
    };
  }
}

export interface RelationshipQueryArgs {
  relationshipType?: RelationshipType | null;
  direction?: 'OUTWARD' | 'INWARD' | null;
  first?: number | null;
  after?: string | null;
}
