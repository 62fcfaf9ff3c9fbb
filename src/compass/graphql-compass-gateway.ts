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
import { slugForEntityRef } from '../core/component-slug';
import type {
  RelationshipChange,
  CompassComponentChanges,
  CompassComponentRecord,
  CompassGateway,
  CompassRelationshipType,
} from '../core/ports';
import { CompassGatewayError, compassErrorFrom, type CompassErrorDetail } from './compass-errors';
import {
  buildCompassMutation,
  buildFindByAliasesQuery,
  buildFindBySlugsQuery,
  type MutationSegment,
} from './documents/component-documents';
import { sdkFetchApiFor, type RequestGraph } from './request-graph';
import { sendCompassRequest } from './send-compass-request';

const LIFECYCLE_FIELD = 'compass:lifecycle';

export interface GraphqlCompassGatewayOptions {
  cloudId: string;
  /** Already wrapped with retries where the caller wants them (see withRetries). */
  requestGraph: RequestGraph;
}

/** One item's outcome in a batched call: a failure is per item and never stops the others. */
type GatewayResult<T> = { ok: true; value: T } | { ok: false; error: CompassGatewayError };

// Compass's wording (as the local Compass mirrors it) for the two states a retried write can meet.
const SLUG_TAKEN = /slug.*already exists|another component with the slug/i;
const ALREADY_RELATED = /already has a .*relationship|relationship already exists/i;
const NOT_RELATED = /relationship.*(not found|does not exist|doesn't exist)/i;

function failure(
  kind: CompassGatewayError['kind'],
  operation: string,
  message: string,
): GatewayResult<never> {
  return { ok: false, error: new CompassGatewayError(kind, operation, message) };
}

function unwrap<T>(result: GatewayResult<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

function relationshipSegment(
  field: 'createRelationship' | 'deleteRelationship',
  item: RelationshipChange,
): MutationSegment {
  return {
    field,
    args: {
      input: {
        startNodeId: item.fromComponentId,
        endNodeId: item.toComponentId,
        relationshipType: item.type,
      },
    },
  };
}

/** The record as it is after `changes` were written (new links carry the ids Compass gave them). */
function applyChanges(
  current: CompassComponentRecord,
  changes: CompassComponentChanges,
  payloads: PayloadResult[],
): CompassComponentRecord {
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
    const added = payloads.flatMap((p) =>
      p.createdComponentLink ? [linkFromGql(p.createdComponentLink)] : [],
    );
    next.links = [...kept, ...added];
  }
  return next;
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
  slug?: string | null;
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
    return unwrap((await this.createComponents([draft]))[0]!);
  }

  /**
   * Creates the components in one request, then attaches their aliases in a second. Each gets a slug derived
   * from its entity ref: if an earlier attempt created the component but died before the alias was attached,
   * the slug is taken, and the component is found by slug and adopted instead of duplicated. A component whose
   * alias cannot be attached is deleted again. One result per draft, in order.
   */
  async createComponents(drafts: CompassComponentDraft[]): Promise<GatewayResult<CompassComponentRecord>[]> {
    if (drafts.length === 0) return [];
    const results: (GatewayResult<CompassComponentRecord> | undefined)[] = drafts.map(() => undefined);
    const created = new Map<number, GqlComponent>();
    const slugTaken: number[] = [];
    const createPayloads = await this.mutateEach(
      'createComponent',
      drafts.map((draft) => ({
        field: 'createComponent',
        args: { cloudId: this.cloudId, input: createInputFor(draft) },
      })),
    );
    createPayloads.forEach((payload, index) => {
      if (!payload.ok) {
        if (SLUG_TAKEN.test(payload.error.message)) slugTaken.push(index);
        else results[index] = payload;
      } else if (payload.value.componentDetails) created.set(index, payload.value.componentDetails);
      else results[index] = failure('unexpected', 'createComponent', 'Compass returned no component');
    });

    // Adopt what an interrupted earlier attempt left behind, when it is ours (no alias yet, or our alias).
    const needsAlias = new Map(created);
    if (slugTaken.length > 0) {
      const found = await this.findComponentsBySlugs(
        slugTaken.map((index) => slugForEntityRef(drafts[index]!.entityRef)),
      );
      slugTaken.forEach((index, position) => {
        const component = found[position];
        const draft = drafts[index]!;
        const aliases = component?.externalAliases ?? [];
        const ours = aliases.some(
          (a) =>
            a.externalSource === draft.externalAlias.externalSource &&
            a.externalAliasId === draft.externalAlias.externalId,
        );
        if (component && ours) results[index] = { ok: true, value: recordFromGql(component) };
        else if (component && !aliases.some((a) => a.externalSource === draft.externalAlias.externalSource))
          needsAlias.set(index, component);
        else
          results[index] = failure(
            'invalid-input',
            'createComponent',
            `The slug ${slugForEntityRef(draft.entityRef)} belongs to another component; rename or remove it in Compass`,
          );
      });
    }

    const aliasIndexes = [...needsAlias.keys()];
    if (aliasIndexes.length > 0) {
      const aliasPayloads = await this.mutateEach(
        'createComponentExternalAlias',
        aliasIndexes.map((index) => ({
          field: 'createComponentExternalAlias',
          args: {
            input: { componentId: needsAlias.get(index)!.id, externalAlias: drafts[index]!.externalAlias },
          },
        })),
      );
      const rollBack: string[] = [];
      aliasPayloads.forEach((payload, position) => {
        const index = aliasIndexes[position]!;
        const component = needsAlias.get(index)!;
        if (payload.ok) {
          results[index] = {
            ok: true,
            value: { ...recordFromGql(component), externalAliases: [drafts[index]!.externalAlias] },
          };
        } else {
          results[index] = payload;
          // Without its alias the component would be invisible to the next sync and duplicated: take it back out.
          if (created.has(index)) rollBack.push(component.id);
        }
      });
      // Rare path, one request each: the SDK's deleteComponent does exactly this.
      for (const id of rollBack) await this.sdk.deleteComponent({ id }).catch(() => undefined);
    }
    return results.map((result) => result ?? failure('unexpected', 'createComponent', 'no result'));
  }

  async updateComponent(
    current: CompassComponentRecord,
    changes: CompassComponentChanges,
  ): Promise<CompassComponentRecord> {
    return unwrap((await this.updateComponents([{ current, changes }]))[0]!);
  }

  /** All the updates' segments in one request; an update fails if any of its segments does. */
  async updateComponents(
    items: { current: CompassComponentRecord; changes: CompassComponentChanges }[],
  ): Promise<GatewayResult<CompassComponentRecord>[]> {
    const segments: MutationSegment[] = [];
    const owners: number[] = [];
    items.forEach((item, index) => {
      for (const segment of updateSegmentsFor(item.current, item.changes)) {
        segments.push(segment);
        owners.push(index);
      }
    });
    const payloads = segments.length > 0 ? await this.mutateEach('updateComponent', segments) : [];
    return items.map((item, index) => {
      const own = payloads.filter((_, position) => owners[position] === index);
      const failed = own.find((payload) => !payload.ok);
      if (failed) return failed as GatewayResult<CompassComponentRecord>;
      return {
        ok: true,
        value: applyChanges(
          item.current,
          item.changes,
          own.flatMap((p) => (p.ok ? [p.value] : [])),
        ),
      };
    });
  }

  async addRelationship(
    fromComponentId: string,
    toComponentId: string,
    type: CompassRelationshipType,
  ): Promise<void> {
    unwrap((await this.addRelationships([{ fromComponentId, toComponentId, type }]))[0]!);
  }

  async removeRelationship(
    fromComponentId: string,
    toComponentId: string,
    type: CompassRelationshipType,
  ): Promise<void> {
    unwrap((await this.removeRelationships([{ fromComponentId, toComponentId, type }]))[0]!);
  }

  /** In one request. A relationship that already exists counts as added. */
  async addRelationships(items: RelationshipChange[]): Promise<GatewayResult<void>[]> {
    const payloads = await this.mutateEach(
      'addRelationships',
      items.map((item) => relationshipSegment('createRelationship', item)),
    );
    return payloads.map((payload) =>
      payload.ok || ALREADY_RELATED.test(payload.error.message) ? { ok: true, value: undefined } : payload,
    );
  }

  /** In one request. A relationship that is already gone counts as removed. */
  async removeRelationships(items: RelationshipChange[]): Promise<GatewayResult<void>[]> {
    const payloads = await this.mutateEach(
      'removeRelationships',
      items.map((item) => relationshipSegment('deleteRelationship', item)),
    );
    return payloads.map((payload) =>
      payload.ok || payload.error.kind === 'not-found' || NOT_RELATED.test(payload.error.message)
        ? { ok: true, value: undefined }
        : payload,
    );
  }

  private async findComponentsBySlugs(slugs: string[]): Promise<(GqlComponent | undefined)[]> {
    const built = buildFindBySlugsQuery(this.cloudId, slugs);
    const response = await this.send('findComponentsBySlugs', built.query, built.variables);
    const components =
      (
        response.data as {
          compass?: { componentsByReferences?: (GqlComponent & { slug?: string })[] | null };
        }
      )?.compass?.componentsByReferences ?? [];
    return slugs.map((slug) => components.find((component) => component.slug === slug));
  }

  /**
   * Sends the segments as one request and answers one result per segment. A request that fails as a whole
   * (transport, HTTP status, top-level GraphQL errors) fails every segment with the same error.
   */
  private async mutateEach(
    operation: string,
    segments: MutationSegment[],
  ): Promise<GatewayResult<PayloadResult>[]> {
    if (segments.length === 0) return [];
    const built = buildCompassMutation(segments);
    let response;
    try {
      response = await this.send(operation, built.query, built.variables);
    } catch (error) {
      const typed =
        error instanceof CompassGatewayError
          ? error
          : new CompassGatewayError('unexpected', operation, String(error));
      return segments.map(() => ({ ok: false, error: typed }));
    }
    const compass =
      (response.data as { compass?: Record<string, PayloadResult | null> } | undefined)?.compass ?? {};
    return built.aliases.map((alias): GatewayResult<PayloadResult> => {
      const result = compass[alias] ?? {};
      if (result.success === false || (result.errors?.length ?? 0) > 0) {
        const details: CompassErrorDetail[] = (
          result.errors ?? [{ message: 'unsuccessful without an error message' }]
        ).map((e) => ({
          message: e.message,
          statusCode: e.extensions?.statusCode,
          errorType: e.extensions?.errorType,
        }));
        return { ok: false, error: compassErrorFrom(operation, details) };
      }
      return { ok: true, value: result };
    });
  }

  private send(operation: string, query: string, variables: Record<string, unknown>) {
    return sendCompassRequest(this.requestGraph, operation, query, variables);
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
    slug: slugForEntityRef(draft.entityRef),
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
