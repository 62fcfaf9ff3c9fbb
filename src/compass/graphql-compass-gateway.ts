// The CompassGateway over Compass's GraphQL API, in batched hand-written documents sent through the
// CompassClient. Compass's own SDK is not used: its createComponent is four requests and leaves the component
// PENDING, its updateComponent re-reads the component twice, and its alias lookup takes one request per
// component and reads the deprecated relationship `type`, which cannot tell CHILD_OF apart.
import type { CompassComponentDraft } from '../core/compass-component-draft';
import { slugForEntityRef } from '../core/component-slug';
import type { CompassLinkDraft } from '../core/compass-component-draft';
import type {
  AliasRename,
  RelationshipChange,
  CompassComponentChanges,
  CompassComponentSummary,
  CompassComponentRecord,
  CompassGateway,
  CompassRelationshipType,
} from '../core/ports';
import {
  CompassClient,
  resultOf,
  type MutationPayload,
  type Outcome,
  type QueryResult,
} from './compass-client';
import { CompassGatewayError } from './compass-errors';
import { applyChanges, createInputFor, relationshipSegment, updateSegmentsFor } from './component-inputs';
import { recordFromGql, type GqlComponent, type GqlLink } from './component-records';
import { buildFindByAliasesQuery, buildFindBySlugsQuery } from './documents/component-documents';
import type { MutationSegment } from './documents/compass-mutations';
import { COMPONENT_LISTING_QUERY, componentListingVariables } from './documents/component-listing-documents';
import type { RequestGraph } from './request-graph';

export interface GraphqlCompassGatewayOptions {
  cloudId: string;
  /** Already wrapped with retries where the caller wants them (see withRetries). */
  requestGraph: RequestGraph;
}

// Compass's wording (as the local Compass mirrors it) for the two states a retried write can meet.
const SLUG_TAKEN = /slug.*already exists|another component with the slug/i;
const ALREADY_RELATED = /already has a .*relationship|relationship already exists/i;
const NOT_RELATED = /relationship.*(not found|does not exist|doesn't exist)/i;
const ALIAS_TAKEN = /external alias.*already exists/i;

interface ComponentPayload extends MutationPayload {
  componentDetails?: GqlComponent | null;
  createdComponentLink?: GqlLink | null;
}

function failure(kind: CompassGatewayError['kind'], operation: string, message: string): Outcome<never> {
  return { ok: false, error: new CompassGatewayError(kind, operation, message) };
}

function unwrap<T>(result: Outcome<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

const done: Outcome<void> = { ok: true, value: undefined };

interface ListedComponent {
  id: string;
  name: string;
  links?: CompassLinkDraft[] | null;
  externalAliases?: { externalSource: string }[] | null;
}

interface ListingPage {
  nodes?: ({ component?: ListedComponent | null } | null)[] | null;
  pageInfo?: { hasNextPage?: boolean | null; endCursor?: string | null } | null;
}

export class GraphqlCompassGateway implements CompassGateway {
  private readonly cloudId: string;
  private readonly client: CompassClient;

  constructor(options: GraphqlCompassGatewayOptions) {
    this.cloudId = options.cloudId;
    this.client = new CompassClient(options.requestGraph);
  }

  async findComponentByAlias(alias: {
    externalSource: string;
    externalId: string;
  }): Promise<CompassComponentRecord | null> {
    const [found] = await this.findComponentsByAliases(alias.externalSource, [alias.externalId]);
    return found ?? null;
  }

  /** Looks several aliases up in one request. Null for a miss. */
  async findComponentsByAliases(
    externalSource: string,
    externalIds: string[],
  ): Promise<(CompassComponentRecord | null)[]> {
    if (externalIds.length === 0) return [];
    const built = buildFindByAliasesQuery(this.cloudId, externalSource, externalIds);
    const data = await this.client.query<{ compass?: Record<string, QueryResult<GqlComponent> | null> }>(
      'findComponentsByAliases',
      built.query,
      built.variables,
    );
    return built.aliases.map((alias) => {
      const component = resultOf('findComponentByAlias', data?.compass?.[alias]);
      return component ? recordFromGql(component) : null;
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
  async createComponents(drafts: CompassComponentDraft[]): Promise<Outcome<CompassComponentRecord>[]> {
    if (drafts.length === 0) return [];
    const results: (Outcome<CompassComponentRecord> | undefined)[] = drafts.map(() => undefined);
    const created = new Map<number, GqlComponent>();
    const slugTaken: number[] = [];
    const createPayloads = await this.client.mutate<ComponentPayload>(
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
      const aliasPayloads = await this.client.mutate(
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
      // Best effort: a rollback that fails leaves a component the slug adopts on the next attempt.
      await this.deleteComponents(rollBack);
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
  ): Promise<Outcome<CompassComponentRecord>[]> {
    const segments: MutationSegment[] = [];
    const owners: number[] = [];
    items.forEach((item, index) => {
      for (const segment of updateSegmentsFor(item.current, item.changes)) {
        segments.push(segment);
        owners.push(index);
      }
    });
    const payloads = await this.client.mutate<ComponentPayload>('updateComponent', segments);
    return items.map((item, index) => {
      const own = payloads.filter((_, position) => owners[position] === index);
      const failed = own.find((payload) => !payload.ok);
      if (failed) return failed as Outcome<CompassComponentRecord>;
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
  async addRelationships(items: RelationshipChange[]): Promise<Outcome<void>[]> {
    const payloads = await this.client.mutate(
      'addRelationships',
      items.map((item) => relationshipSegment('createRelationship', item)),
    );
    return payloads.map((payload) =>
      payload.ok || ALREADY_RELATED.test(payload.error.message) ? done : payload,
    );
  }

  /** In one request. A relationship that is already gone counts as removed. */
  async removeRelationships(items: RelationshipChange[]): Promise<Outcome<void>[]> {
    const payloads = await this.client.mutate(
      'removeRelationships',
      items.map((item) => relationshipSegment('deleteRelationship', item)),
    );
    return payloads.map((payload) =>
      payload.ok || payload.error.kind === 'not-found' || NOT_RELATED.test(payload.error.message)
        ? done
        : payload,
    );
  }

  /**
   * Two requests: the new aliases, then the old ones' deletes for the components that now hold the new one. A new
   * alias already there (an earlier attempt got that far) counts when it is this component's; an old alias already
   * gone counts as deleted, so a rename interrupted anywhere completes when tried again.
   */
  async renameAliases(items: AliasRename[]): Promise<Outcome<void>[]> {
    const results: (Outcome<void> | undefined)[] = new Array(items.length);
    const created = await this.attachAliases(
      items.map((item) => ({
        componentId: item.componentId,
        externalAlias: { externalSource: item.externalSource, externalId: item.toExternalId },
      })),
    );
    const taken = items.flatMap((item, index) => {
      const payload = created[index]!;
      if (payload.ok) return [];
      if (!ALIAS_TAKEN.test(payload.error.message)) results[index] = payload;
      return ALIAS_TAKEN.test(payload.error.message) ? [index] : [];
    });
    if (taken.length > 0) {
      const holders = await this.findComponentsByAliases(
        items[taken[0]!]!.externalSource,
        taken.map((index) => items[index]!.toExternalId),
      );
      taken.forEach((index, position) => {
        if (holders[position]?.id !== items[index]!.componentId)
          results[index] = failure(
            'invalid-input',
            'renameAliases',
            'The new alias belongs to another component',
          );
      });
    }
    const deletes = items.flatMap((_, index) => (results[index] ? [] : [index]));
    const deleted = await this.client.mutate(
      'deleteComponentExternalAlias',
      deletes.map((index) => ({
        field: 'deleteComponentExternalAlias',
        args: {
          input: {
            componentId: items[index]!.componentId,
            externalAlias: {
              externalSource: items[index]!.externalSource,
              externalId: items[index]!.fromExternalId,
            },
          },
        },
      })),
    );
    deletes.forEach((index, position) => {
      const payload = deleted[position]!;
      results[index] = payload.ok || payload.error.kind === 'not-found' ? done : payload;
    });
    return results.map((result) => result ?? failure('unexpected', 'renameAliases', 'no result'));
  }

  /** In one request. A component that is already gone counts as deleted (its relationships go with it). */
  async deleteComponents(componentIds: string[]): Promise<Outcome<void>[]> {
    const payloads = await this.client.mutate(
      'deleteComponent',
      componentIds.map((id) => ({ field: 'deleteComponent', args: { input: { id } } })),
    );
    return payloads.map((payload) => (payload.ok || payload.error.kind === 'not-found' ? done : payload));
  }

  /** Every component of the site, one request per page, sorted by name. */
  async listComponents(): Promise<CompassComponentSummary[]> {
    const components: CompassComponentSummary[] = [];
    let after: string | undefined;
    for (;;) {
      const data = await this.client.query<{
        compass?: { searchComponents?: QueryResult<ListingPage> | null };
      }>('listComponents', COMPONENT_LISTING_QUERY, componentListingVariables(this.cloudId, after));
      const page = resultOf('listComponents', data?.compass?.searchComponents);
      for (const node of page?.nodes ?? []) {
        const component = node?.component;
        if (!component) continue;
        components.push({
          id: component.id,
          name: component.name,
          links: (component.links ?? []).map((link) => ({ type: link.type, url: link.url })),
          externalSources: (component.externalAliases ?? []).map((alias) => alias.externalSource),
        });
      }
      const endCursor = page?.pageInfo?.endCursor;
      if (!page?.pageInfo?.hasNextPage || !endCursor) return components;
      after = endCursor;
    }
  }

  /** Attaches each item's alias to its existing component, in one request (adoption, and the first half of a rename). */
  async attachAliases(
    items: { componentId: string; externalAlias: { externalSource: string; externalId: string } }[],
  ): Promise<Outcome<void>[]> {
    const payloads = await this.client.mutate(
      'attachAliases',
      items.map((item) => ({
        field: 'createComponentExternalAlias',
        args: { input: { componentId: item.componentId, externalAlias: item.externalAlias } },
      })),
    );
    return payloads.map((payload) => (payload.ok ? done : payload));
  }

  private async findComponentsBySlugs(slugs: string[]): Promise<(GqlComponent | undefined)[]> {
    const built = buildFindBySlugsQuery(this.cloudId, slugs);
    const data = await this.client.query<{ compass?: { componentsByReferences?: GqlComponent[] | null } }>(
      'findComponentsBySlugs',
      built.query,
      built.variables,
    );
    const components = data?.compass?.componentsByReferences ?? [];
    return slugs.map((slug) => components.find((component) => component.slug === slug));
  }
}
