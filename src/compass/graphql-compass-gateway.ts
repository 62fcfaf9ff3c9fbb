// The CompassGateway over Compass's GraphQL API: the official SDK where it does the job in one request
// (deleteComponent), hand-written batched documents where it does not: its createComponent is four requests and
// leaves the component PENDING, its updateComponent re-reads the component twice, and its alias lookup takes one
// request per component and reads the deprecated relationship `type`, which cannot tell CHILD_OF apart.
import { Api } from '@atlassian/forge-graphql/dist/src/api';
import {
  COMPASS_LIMITS,
  type CompassComponentDraft,
  type CompassLifecycle,
  type CompassLinkDraft,
  type CompassLinkType,
} from '../core/compass-component-draft';
import { sameLink } from '../core/component-changes';
import type {
  CompassComponentChanges,
  CompassComponentRecord,
  CompassGateway,
  CompassRelationshipType,
} from '../core/ports';
import { CompassGatewayError, compassErrorFrom, type CompassErrorDetail } from './compass-errors';
import {
  buildCompassMutation,
  buildFindByAliasesQuery,
  type MutationSegment,
} from './documents/component-documents';
import { sdkFetchApiFor, type RequestGraph } from './request-graph';

const LIFECYCLE_FIELD = 'compass:lifecycle';

export interface GraphqlCompassGatewayOptions {
  cloudId: string;
  /** Already wrapped with retries where the caller wants them (see withRetries). */
  requestGraph: RequestGraph;
}

type AliasLookupResult =
  | (GqlComponent & { __typename: 'CompassComponent' })
  | {
      __typename: 'QueryError';
      message?: string;
      extensions?: { statusCode?: number; errorType?: string }[];
    };

interface PayloadResult {
  success?: boolean;
  errors?: { message: string; extensions?: { statusCode?: number; errorType?: string } }[] | null;
  componentDetails?: GqlComponent | null;
  createdComponentLink?: { id: string; type: CompassLinkType; url: string; name?: string | null } | null;
}

interface GqlRelationshipConnection {
  nodes?:
    | { relationshipType?: string; startNode?: { id: string } | null; endNode?: { id: string } | null }[]
    | null;
}

/** The component as COMPONENT_SELECTION and the SDK's alias query return it. */
export interface GqlComponent {
  id: string;
  name: string;
  description?: string | null;
  typeId?: string | null;
  ownerId?: string | null;
  fields?: ({ value?: string[] | null; definition?: { id?: string } | null } | null)[] | null;
  labels?: ({ name: string } | string)[] | null;
  links?: { id: string; type: CompassLinkType; url: string; name?: string | null }[] | null;
  externalAliases?: { externalSource: string; externalAliasId: string }[] | null;
  dependsOn?: GqlRelationshipConnection | null;
  childOf?: GqlRelationshipConnection | null;
}

export class GraphqlCompassGateway implements CompassGateway {
  private readonly cloudId: string;
  private readonly requestGraph: RequestGraph;
  private readonly sdk: ReturnType<Api['compass']['asApp']>;

  constructor(options: GraphqlCompassGatewayOptions) {
    this.cloudId = options.cloudId;
    this.requestGraph = options.requestGraph;
    // The SDK's Api accepts any FetchAPI-shaped object; ours routes through the same (retrying) requestGraph.
    this.sdk = new Api(
      sdkFetchApiFor(options.requestGraph) as unknown as ConstructorParameters<typeof Api>[0],
    ).compass.asApp();
  }

  async findComponentByAlias(alias: {
    externalSource: string;
    externalId: string;
  }): Promise<CompassComponentRecord | null> {
    const [found] = await this.findComponentsByAliases(alias.externalSource, [alias.externalId]);
    return found ?? null;
  }

  /**
   * Looks several aliases up in one request (the SDK's own alias query selects the deprecated relationship
   * `type`, which cannot tell CHILD_OF from DEPENDS_ON, and takes one request per component). Null for a miss.
   */
  async findComponentsByAliases(
    externalSource: string,
    externalIds: string[],
  ): Promise<(CompassComponentRecord | null)[]> {
    if (externalIds.length === 0) return [];
    const built = buildFindByAliasesQuery(this.cloudId, externalSource, externalIds);
    const response = await this.send('findComponentsByAliases', built.query, built.variables);
    const compass =
      (response.data as { compass?: Record<string, AliasLookupResult | null> } | undefined)?.compass ?? {};
    return built.aliases.map((alias) => {
      const result = compass[alias];
      if (!result) return null;
      if (result.__typename === 'QueryError') {
        const error = compassErrorFrom(
          'findComponentByAlias',
          (result.extensions ?? [{}]).map((e) => ({ message: result.message ?? '', ...e })),
        );
        if (error.kind === 'not-found') return null;
        throw error;
      }
      return recordFromGql(result as GqlComponent);
    });
  }

  async createComponent(draft: CompassComponentDraft): Promise<CompassComponentRecord> {
    const [created] = await this.mutate('createComponent', [
      { field: 'createComponent', args: { cloudId: this.cloudId, input: createInputFor(draft) } },
    ]);
    const details = created?.componentDetails;
    if (!details)
      throw new CompassGatewayError('unexpected', 'createComponent', 'Compass returned no component');
    try {
      await this.mutate('createComponentExternalAlias', [
        {
          field: 'createComponentExternalAlias',
          args: { input: { componentId: details.id, externalAlias: draft.externalAlias } },
        },
      ]);
    } catch (error) {
      // Without its alias the component would be invisible to the next sync and duplicated: take it back out.
      await this.mutate('deleteComponent', [
        { field: 'deleteComponent', args: { input: { id: details.id } } },
      ]).catch(() => undefined);
      throw error;
    }
    return {
      ...recordFromGql(details),
      externalAliases: [draft.externalAlias],
    };
  }

  async updateComponent(
    current: CompassComponentRecord,
    changes: CompassComponentChanges,
  ): Promise<CompassComponentRecord> {
    const segments = updateSegmentsFor(current, changes);
    if (segments.length === 0) return current;
    const results = await this.mutate('updateComponent', segments);
    const next: CompassComponentRecord = {
      ...current,
      ...definedOnly({
        name: changes.name,
        description: changes.description,
        typeId: changes.typeId,
        ownerId: changes.ownerId,
        lifecycle: changes.lifecycle,
        labels: changes.labels,
      }),
    };
    if (changes.links) {
      const kept = current.links.filter((link) => changes.links!.some((wanted) => sameLink(link, wanted)));
      const createdLinks = results.flatMap((r) =>
        r.createdComponentLink ? [linkFromGql(r.createdComponentLink)] : [],
      );
      next.links = [...kept, ...createdLinks];
    }
    return next;
  }

  async addRelationship(
    fromComponentId: string,
    toComponentId: string,
    type: CompassRelationshipType,
  ): Promise<void> {
    await this.mutate('addRelationship', [
      {
        field: 'createRelationship',
        args: { input: { startNodeId: fromComponentId, endNodeId: toComponentId, relationshipType: type } },
      },
    ]);
  }

  async removeRelationship(
    fromComponentId: string,
    toComponentId: string,
    type: CompassRelationshipType,
  ): Promise<void> {
    await this.mutate('removeRelationship', [
      {
        field: 'deleteRelationship',
        args: { input: { startNodeId: fromComponentId, endNodeId: toComponentId, relationshipType: type } },
      },
    ]);
  }

  /** Sends the segments as one request; throws a typed error naming every segment that failed. */
  private async mutate(operation: string, segments: MutationSegment[]): Promise<PayloadResult[]> {
    const built = buildCompassMutation(segments);
    const response = await this.send(operation, built.query, built.variables);
    const compass =
      (response.data as { compass?: Record<string, PayloadResult | null> } | undefined)?.compass ?? {};
    const results = built.aliases.map((alias) => compass[alias] ?? {});
    const failures: CompassErrorDetail[] = results.flatMap((result) =>
      result.success === false || (result.errors?.length ?? 0) > 0
        ? (result.errors ?? [{ message: 'unsuccessful without an error message' }]).map((e) => ({
            message: e.message,
            statusCode: e.extensions?.statusCode,
            errorType: e.extensions?.errorType,
          }))
        : [],
    );
    if (failures.length > 0) throw compassErrorFrom(operation, failures);
    return results;
  }

  private async send(
    operation: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<{ data?: unknown; errors?: unknown[] }> {
    let response;
    try {
      response = await this.requestGraph(query, variables, {
        'X-ExperimentalApi': 'compass-beta, compass-prototype',
      });
    } catch (error) {
      throw new CompassGatewayError(
        'network',
        operation,
        `Compass could not be reached: ${(error as Error).message}`,
      );
    }
    if (response.status === 429) {
      throw new CompassGatewayError('rate-limited', operation, 'Compass rate limit reached (HTTP 429)', [
        { message: 'rate limited', statusCode: 429 },
      ]);
    }
    if (response.status >= 500) {
      throw new CompassGatewayError('server-error', operation, `Compass answered HTTP ${response.status}`, [
        { message: `HTTP ${response.status}`, statusCode: response.status },
      ]);
    }
    let body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new CompassGatewayError(
        'unexpected',
        operation,
        `Compass answered HTTP ${response.status} without JSON`,
      );
    }
    if (body.errors && body.errors.length > 0) {
      throw compassErrorFrom(
        operation,
        body.errors.map((e) => ({
          message: e.message,
          statusCode:
            typeof e.extensions?.statusCode === 'number'
              ? e.extensions.statusCode
              : response.status >= 400
                ? response.status
                : undefined,
          errorType: String(e.extensions?.errorType ?? e.extensions?.classification ?? 'GRAPHQL_ERROR'),
        })),
      );
    }
    return body;
  }
}

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function lifecycleFieldInput(lifecycle: CompassLifecycle | undefined) {
  return lifecycle ? [{ definition: LIFECYCLE_FIELD, value: { enum: { value: [lifecycle] } } }] : undefined;
}

function createInputFor(draft: CompassComponentDraft) {
  return definedOnly({
    name: draft.name,
    description: draft.description,
    typeId: draft.typeId,
    ownerId: draft.ownerId,
    // The SDK creates components PENDING; imported ones are real, live components.
    state: 'ACTIVE',
    labels: draft.labels.length > 0 ? draft.labels : undefined,
    links: draft.links.length > 0 ? draft.links.map(linkInput) : undefined,
    fields: lifecycleFieldInput(draft.lifecycle),
  });
}

function linkInput(link: CompassLinkDraft) {
  return definedOnly({
    type: link.type,
    url: link.url,
    name: link.name?.slice(0, COMPASS_LIMITS.linkNameMaxLength),
  });
}

/** The segments that turn `current` into `current + changes`, nothing for what already matches. */
export function updateSegmentsFor(
  current: CompassComponentRecord,
  changes: CompassComponentChanges,
): MutationSegment[] {
  const id = current.id;
  const segments: MutationSegment[] = [];
  const base = definedOnly({
    name: changes.name !== undefined && changes.name !== current.name ? changes.name : undefined,
    description:
      changes.description !== undefined && changes.description !== (current.description ?? '')
        ? changes.description
        : undefined,
    ownerId:
      changes.ownerId !== undefined && changes.ownerId !== current.ownerId ? changes.ownerId : undefined,
    fields:
      changes.lifecycle !== undefined && changes.lifecycle !== current.lifecycle
        ? lifecycleFieldInput(changes.lifecycle)
        : undefined,
  });
  if (Object.keys(base).length > 0)
    segments.push({ field: 'updateComponent', args: { input: { id, ...base } } });
  if (changes.typeId !== undefined && changes.typeId !== current.typeId) {
    segments.push({ field: 'updateComponentType', args: { input: { id, typeId: changes.typeId } } });
  }
  if (changes.links) {
    for (const link of current.links) {
      if (!changes.links.some((wanted) => sameLink(link, wanted))) {
        segments.push({ field: 'deleteComponentLink', args: { input: { componentId: id, link: link.id } } });
      }
    }
    for (const wanted of changes.links) {
      if (!current.links.some((link) => sameLink(link, wanted))) {
        segments.push({
          field: 'createComponentLink',
          args: { input: { componentId: id, link: linkInput(wanted) } },
        });
      }
    }
  }
  if (changes.labels) {
    const removed = current.labels.filter((label) => !changes.labels!.includes(label));
    const added = changes.labels.filter((label) => !current.labels.includes(label));
    // Remove first: Compass caps labels per component, and the new set may only fit once the old ones are gone.
    if (removed.length > 0)
      segments.push({
        field: 'removeComponentLabels',
        args: { input: { componentId: id, labelNames: removed } },
      });
    if (added.length > 0)
      segments.push({ field: 'addComponentLabels', args: { input: { componentId: id, labelNames: added } } });
  }
  return segments;
}

function linkFromGql(link: { id: string; type: CompassLinkType; url: string; name?: string | null }) {
  return { id: link.id, type: link.type, url: link.url, ...(link.name ? { name: link.name } : {}) };
}

function lifecycleFrom(fields: GqlComponent['fields']): CompassLifecycle | undefined {
  const field = (fields ?? []).find((f) => f?.definition?.id === LIFECYCLE_FIELD);
  const value = field?.value?.[0];
  return value === 'Active' || value === 'Pre-release' || value === 'Deprecated' ? value : undefined;
}

function relationshipType(value: string | undefined): CompassRelationshipType {
  return value === 'CHILD_OF' ? 'CHILD_OF' : 'DEPENDS_ON';
}

/** Reads COMPONENT_SELECTION's shape into the app's record. */
export function recordFromGql(component: GqlComponent): CompassComponentRecord {
  return {
    id: component.id,
    name: component.name,
    ...(component.description ? { description: component.description } : {}),
    typeId: component.typeId ?? 'OTHER',
    ...(lifecycleFrom(component.fields) ? { lifecycle: lifecycleFrom(component.fields) } : {}),
    labels: (component.labels ?? []).map((label) => (typeof label === 'string' ? label : label.name)),
    links: (component.links ?? []).map(linkFromGql),
    ...(component.ownerId ? { ownerId: component.ownerId } : {}),
    externalAliases: (component.externalAliases ?? []).map((a) => ({
      externalSource: a.externalSource,
      externalId: a.externalAliasId,
    })),
    relationships: [...(component.dependsOn?.nodes ?? []), ...(component.childOf?.nodes ?? [])]
      .filter((node) => node.startNode?.id === component.id && node.endNode?.id)
      .map((node) => ({ type: relationshipType(node.relationshipType), targetId: node.endNode!.id })),
  };
}
