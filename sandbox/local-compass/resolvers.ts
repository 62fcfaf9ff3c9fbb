// Root values for graphql-js: one resolver per root field name, so the SDK's compound mutations (random
// aliases `alias_1234567890: createComponentLink(...)`) dispatch like single ones. Store errors become
// mutation payload errors or QueryError values, the shapes the SDK maps (compass-api.md §3).
import {
  GraphQLError,
  getNamedType,
  isObjectType,
  isUnionType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { CompassOperationError, LOCAL_COMPASS_ERROR_TYPES as E } from './limits';
import {
  componentNotFound,
  paginate,
  type CompassStore,
  type ComponentSearch,
  type CreateComponentInput,
  type LinkInput,
  type RelationshipType,
  type UpdateComponentInput,
} from './store';
import {
  connectionView,
  mutationErrorView,
  queryErrorView,
  type GraphqlValue,
  type ViewFactory,
} from './views';

type Args = Record<string, unknown>;

/** AGG's documented maximum of account ids per `users` request. */
const USERS_PER_REQUEST = 90;
type Resolver = (args: Args) => unknown;

export interface RootValues {
  query: Record<string, unknown>;
  mutation: Record<string, unknown>;
}

/** Root fields the local Compass implements, by parent type; everything else answers NOT_IMPLEMENTED. */
export function createRootValues(schema: GraphQLSchema, store: CompassStore, views: ViewFactory): RootValues {
  const asQuery =
    (run: (args: Args) => GraphqlValue): Resolver =>
    (args) => {
      try {
        return run(args);
      } catch (error) {
        if (error instanceof CompassOperationError) return queryErrorView(error);
        throw error;
      }
    };
  const asMutation =
    (run: (args: Args) => GraphqlValue | void): Resolver =>
    (args) => {
      try {
        return { success: true, errors: [], ...(run(args) ?? {}) };
      } catch (error) {
        if (error instanceof CompassOperationError)
          return { success: false, errors: [mutationErrorView(error)] };
        throw error;
      }
    };
  const component = (id: string) => views.component(store.component(id));

  const compassQuery: Record<string, Resolver> = {
    component: asQuery(({ id }) => component(id as string)),
    componentByExternalAlias: asQuery(({ cloudId, externalSource, externalID }) => {
      store.site(cloudId as string);
      const found = store.componentByAlias(cloudId as string, externalSource as string, externalID as string);
      if (!found) throw componentNotFound(`${String(externalSource)}/${String(externalID)}`);
      return views.component(found);
    }),
    componentsByReferences: ({ references }) =>
      (references as { ari?: string | null; slug?: { cloudId: string; slug: string } | null }[]).flatMap(
        (ref) => {
          const found = ref.ari
            ? store.findComponent(ref.ari)
            : ref.slug
              ? store.componentBySlug(ref.slug.cloudId, ref.slug.slug)
              : undefined;
          return found ? [views.component(found)] : [];
        },
      ),
    searchComponents: asQuery(({ cloudId, query }) => {
      const page = store.searchComponents(cloudId as string, query as ComponentSearch | null);
      return connectionView('CompassSearchComponentConnection', page, (found) => ({
        __typename: 'CompassSearchComponentResult',
        link: views.componentUrl(found),
        component: views.component(found),
      }));
    }),
    componentTypes: asQuery(({ cloudId, query }) => {
      const { first, after } = (query ?? {}) as { first?: number | null; after?: string | null };
      const page = paginate(store.componentTypes(cloudId as string), first ?? 100, after);
      return connectionView('CompassComponentTypeConnection', page, (type) => ({
        __typename: 'CompassComponentTypeObject',
        id: type.id,
        name: type.name,
        description: type.name,
        iconUrl: null,
        componentCount: type.componentCount,
      }));
    }),
    metricDefinition: asQuery(({ cloudId, metricDefinitionId }) =>
      views.metricDefinition(store.metricDefinition(cloudId as string, metricDefinitionId as string)),
    ),
    metricDefinitions: asQuery(({ query }) => {
      const { cloudId, first, after } = query as {
        cloudId: string;
        first?: number | null;
        after?: string | null;
      };
      const page = paginate(store.metricDefinitionsOf(cloudId), first ?? 25, after);
      return connectionView('CompassMetricDefinitionsConnection', page, (definition) =>
        views.metricDefinition(definition),
      );
    }),
    eventSource: asQuery(({ cloudId, eventType, externalEventSourceId }) => {
      const source = store.findEventSource(
        cloudId as string,
        eventType as string,
        externalEventSourceId as string,
      );
      if (!source) {
        throw new CompassOperationError(
          404,
          E.eventSourceNotFound,
          `No ${String(eventType)} event source found.`,
        );
      }
      return views.eventSource(source);
    }),
    scorecards: asQuery(({ cloudId, query }) => {
      const { first, after } = (query ?? {}) as { first?: number | null; after?: string | null };
      const page = paginate(store.scorecardsOf(cloudId as string), first ?? 25, after);
      return connectionView('CompassScorecardConnection', page, (scorecard) => views.scorecard(scorecard));
    }),
    scorecard: asQuery(({ id }) => views.scorecard(store.scorecard(id as string))),
  };

  const compassMutation: Record<string, Resolver> = {
    createComponent: asMutation(({ cloudId, input }) => ({
      componentDetails: views.component(
        store.createComponent(cloudId as string, input as CreateComponentInput),
      ),
    })),
    updateComponent: asMutation(({ input }) => ({
      componentDetails: views.component(store.updateComponent(input as UpdateComponentInput)),
    })),
    updateComponentType: asMutation(({ input }) => {
      const { id, typeId, type } = input as { id: string; typeId?: string | null; type?: string | null };
      return { componentDetails: views.component(store.updateComponentType(id, typeId, type)) };
    }),
    deleteComponent: asMutation(({ input }) => ({
      deletedComponentId: store.deleteComponent((input as { id: string }).id).id,
    })),
    createComponentExternalAlias: asMutation(({ input }) => {
      const { componentId, externalAlias } = input as {
        componentId: string;
        externalAlias: { externalSource: string; externalId: string; url?: string | null };
      };
      const created = store.createExternalAlias(componentId, externalAlias);
      return {
        componentDetails: views.component(created.component),
        createdCompassExternalAlias: aliasView(created.alias),
      };
    }),
    deleteComponentExternalAlias: asMutation(({ input }) => {
      const { componentId, externalAlias } = input as {
        componentId: string;
        externalAlias: { externalSource: string; externalId: string };
      };
      const deleted = store.deleteExternalAlias(componentId, externalAlias);
      return {
        componentDetails: views.component(deleted.component),
        deletedCompassExternalAlias: aliasView(deleted.alias),
      };
    }),
    createComponentLink: asMutation(({ input }) => {
      const { componentId, link } = input as { componentId: string; link: LinkInput };
      const created = store.createLink(componentId, link);
      return {
        componentDetails: views.component(created.component),
        createdComponentLink: { __typename: 'CompassLink', ...created.link, eventSources: [] },
      };
    }),
    deleteComponentLink: asMutation(({ input }) => {
      const { componentId, link } = input as { componentId: string; link: string };
      const deleted = store.deleteLink(componentId, link);
      return { componentDetails: views.component(deleted.component), deletedCompassLinkId: deleted.linkId };
    }),
    addComponentLabels: asMutation(({ input }) => {
      const { componentId, labelNames } = input as { componentId: string; labelNames: string[] };
      const result = store.addLabels(componentId, labelNames);
      return {
        componentDetails: views.component(result.component),
        addedLabels: result.added.map((name) => ({ __typename: 'CompassComponentLabel', name })),
      };
    }),
    removeComponentLabels: asMutation(({ input }) => {
      const { componentId, labelNames } = input as { componentId: string; labelNames: string[] };
      const result = store.removeLabels(componentId, labelNames);
      return { componentDetails: views.component(result.component), removedLabelNames: result.removed };
    }),
    createRelationship: asMutation(({ input }) => {
      const { startNodeId, endNodeId, type } = relationshipInput(input);
      return {
        createdCompassRelationship: views.relationship(
          store.createRelationship(startNodeId, endNodeId, type),
        ),
      };
    }),
    deleteRelationship: asMutation(({ input }) => {
      const { startNodeId, endNodeId, type } = relationshipInput(input);
      store.deleteRelationship(startNodeId, endNodeId, type);
    }),
    attachComponentDataManager: asMutation(({ input }) => {
      const { componentId, externalSourceURL } = input as {
        componentId: string;
        externalSourceURL?: string | null;
      };
      return {
        componentDetails: views.component(
          store.attachDataManager(componentId, null, externalSourceURL ?? null),
        ),
      };
    }),
    detachComponentDataManager: asMutation(({ input }) => ({
      componentDetails: views.component(
        store.detachDataManager((input as { componentId: string }).componentId),
      ),
    })),
    updateComponentDataManagerMetadata: asMutation(({ input }) => {
      const { componentId, externalSourceURL, lastSyncEvent } = input as {
        componentId: string;
        externalSourceURL?: string | null;
        lastSyncEvent?: { status: string; lastSyncErrors?: string[] | null } | null;
      };
      return {
        componentDetails: views.component(
          store.updateDataManagerMetadata(componentId, externalSourceURL, lastSyncEvent),
        ),
      };
    }),
    createEventSource: asMutation(({ input }) => {
      const { cloudId, eventType, externalEventSourceId } = input as Record<string, string>;
      return {
        eventSource: views.eventSource(
          store.createEventSource(
            cloudId as string,
            eventType as string,
            externalEventSourceId as string,
            null,
          ),
        ),
      };
    }),
    attachEventSource: asMutation(({ input }) => {
      const { componentId, eventSourceId } = input as Record<string, string>;
      store.attachEventSource(componentId as string, eventSourceId as string);
    }),
    detachEventSource: asMutation(({ input }) => {
      const { componentId, eventSourceId } = input as Record<string, string>;
      store.detachEventSource(componentId as string, eventSourceId as string);
    }),
    createCompassEvent: asMutation(({ input }) => {
      const { cloudId, event } = input as { cloudId: string; event: Record<string, unknown> };
      for (const [eventKind, body] of Object.entries(event)) {
        if (!body) continue;
        const externalEventSourceId =
          (body as { externalEventSourceId?: string }).externalEventSourceId ?? '';
        store.recordEvent(cloudId, eventTypeOf(eventKind), externalEventSourceId, body);
      }
    }),
    createMetricDefinition: asMutation(({ input }) => {
      const { cloudId, name, description, format } = input as {
        cloudId: string;
        name: string;
        description?: string | null;
        format?: { suffix?: { suffix: string } | null } | null;
      };
      const definition = store.createMetricDefinition(
        cloudId,
        name,
        description ?? null,
        format?.suffix?.suffix ?? null,
      );
      return { createdMetricDefinition: views.metricDefinition(definition) };
    }),
    updateMetricDefinition: asMutation(({ input }) => {
      const { id, cloudId, name, description, format } = input as {
        id: string;
        cloudId?: string | null;
        name?: string | null;
        description?: string | null;
        format?: { suffix?: { suffix: string } | null } | null;
      };
      const owner = cloudId ?? store.defaultCloudId;
      const changes = {
        name,
        description,
        ...(format === undefined ? {} : { suffix: format?.suffix?.suffix ?? null }),
      };
      return {
        updatedMetricDefinition: views.metricDefinition(store.updateMetricDefinition(id, owner, changes)),
      };
    }),
    deleteMetricDefinition: asMutation(({ input }) => {
      store.deleteMetricDefinition((input as { id: string }).id);
    }),
    createMetricSource: asMutation(({ input }) => ({
      createdMetricSource: views.metricSource(
        store.createMetricSource(input as Parameters<CompassStore['createMetricSource']>[0]),
      ),
    })),
    deleteMetricSource: asMutation(({ input }) => {
      store.deleteMetricSource((input as { id: string }).id);
    }),
    insertMetricValue: asMutation(({ input }) => {
      const { metricSourceId, value } = input as {
        metricSourceId: string;
        value: { value: number; timestamp: string };
      };
      return { metricSource: views.metricSource(store.insertMetricValue(metricSourceId, value)) };
    }),
    insertMetricValueByExternalId: asMutation(({ input }) => {
      const { cloudId, metricDefinitionId, externalMetricSourceId, value } = input as {
        cloudId: string;
        metricDefinitionId: string;
        externalMetricSourceId: string;
        value: { value: number; timestamp: string };
      };
      store.insertMetricValueByExternalId(cloudId, metricDefinitionId, externalMetricSourceId, value);
    }),
    createScorecard: asMutation(({ cloudId, input }) => ({
      scorecardDetails: views.scorecard(
        store.createScorecard(cloudId as string, input as Parameters<CompassStore['createScorecard']>[1]),
      ),
    })),
    deleteScorecard: asMutation(({ scorecardId }) => {
      store.deleteScorecard(scorecardId as string);
    }),
    applyScorecardToComponent: asMutation(({ componentId, scorecardId }) => ({
      componentDetails: views.component(store.applyScorecard(componentId as string, scorecardId as string)),
    })),
  };

  const team: Record<string, Resolver> = {
    teamSearchV2: (args) => {
      const filter = (args.filter ?? {}) as {
        query?: string | null;
        membership?: { memberIds?: string[] } | null;
      };
      try {
        const page = store.searchTeams({
          organizationId: args.organizationId as string,
          siteId: args.siteId as string,
          query: filter.query,
          memberIds: filter.membership?.memberIds,
          first: args.first as number | null,
          after: args.after as string | null,
        });
        return connectionView('TeamSearchResultConnectionV2', page, (found) => ({
          __typename: 'TeamSearchResultV2',
          team: views.team(found),
          memberCount: found.memberIds.length,
          includesYou: false,
        }));
      } catch (error) {
        // teamSearchV2 has no QueryError member: failures are top-level GraphQL errors.
        if (error instanceof CompassOperationError) throw topLevelError(error);
        throw error;
      }
    },
  };

  return {
    query: {
      compass: withNotImplemented(schema, 'CompassCatalogQueryApi', compassQuery),
      team: withNotImplemented(schema, 'TeamQuery', team),
      tenantContexts: ({ cloudIds }: Args) =>
        store.tenantContexts((cloudIds as string[] | null) ?? []).map((site) => views.tenantContext(site)),
      // The seeded people among the ids; an unknown account is left out (as privacy controls would).
      users: ({ accountIds }: Args) => {
        const ids = accountIds as string[];
        if (ids.length > USERS_PER_REQUEST) {
          throw new GatewayGraphQLError(`users accepts at most ${USERS_PER_REQUEST} account ids`, {
            extensions: { classification: 'ValidationError', statusCode: 400 },
          });
        }
        return ids.flatMap((id) => {
          const user = store.user(id);
          return user ? [views.user(user)] : [];
        });
      },
    },
    mutation: { compass: withNotImplemented(schema, 'CompassCatalogMutationApi', compassMutation) },
  };
}

/** A top-level GraphQL error the local Compass answers with on purpose (as opposed to a bug in a resolver). */
export class GatewayGraphQLError extends GraphQLError {}

export function topLevelError(error: CompassOperationError): GraphQLError {
  return new GatewayGraphQLError(error.message, {
    extensions: { errorType: error.errorType, statusCode: error.statusCode, classification: error.errorType },
  });
}

/** Fills every field of `typeName` the double does not implement with a NOT_IMPLEMENTED answer. */
function withNotImplemented(
  schema: GraphQLSchema,
  typeName: string,
  implemented: Record<string, Resolver>,
): Record<string, Resolver> {
  const type = schema.getType(typeName) as GraphQLObjectType | undefined;
  const filled: Record<string, Resolver> = { ...implemented };
  for (const field of Object.values(type?.getFields() ?? {})) {
    if (filled[field.name]) continue;
    const error = new CompassOperationError(
      501,
      E.notImplemented,
      `${typeName}.${field.name} is not implemented by the local Compass.`,
    );
    const result = getNamedType(field.type);
    if (isUnionType(result) && result.getTypes().some((member) => member.name === 'QueryError')) {
      filled[field.name] = () => queryErrorView(error);
    } else if (isObjectType(result) && result.getFields().errors) {
      filled[field.name] = () => ({ success: false, errors: [mutationErrorView(error)] });
    } else {
      filled[field.name] = () => {
        throw topLevelError(error);
      };
    }
  }
  return filled;
}

function aliasView(alias: { externalSource: string; externalId: string; url: string | null }): GraphqlValue {
  return {
    __typename: 'CompassExternalAlias',
    externalSource: alias.externalSource,
    externalAliasId: alias.externalId,
    url: alias.url,
  };
}

/** `relationshipType` wins; the deprecated `type` (what the SDK sends) is the fallback; AGG defaults DEPENDS_ON. */
function relationshipInput(input: unknown): {
  startNodeId: string;
  endNodeId: string;
  type: RelationshipType;
} {
  const { startNodeId, endNodeId, relationshipType, type } = input as {
    startNodeId: string;
    endNodeId: string;
    relationshipType?: RelationshipType | null;
    type?: 'DEPENDS_ON' | null;
  };
  return { startNodeId, endNodeId, type: relationshipType ?? type ?? 'DEPENDS_ON' };
}

function eventTypeOf(eventKind: string): string {
  const known: Record<string, string> = { pullRequest: 'PULL_REQUEST' };
  return known[eventKind] ?? eventKind.toUpperCase();
}
