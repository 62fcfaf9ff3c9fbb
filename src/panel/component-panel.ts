// The component page panel's use cases: show what Backstage knows about a Compass component (cached in kvs),
// refresh it, search Backstage to link an unlinked component, and link it (admins only).
// A cold view costs at most 2 Backstage requests (the entity, then its related entities in one by-refs call);
// a warm one costs none. Scorecard metrics and Tech Insights checks are the app's own state, read on every view.
import type { Entity } from '@backstage/catalog-model';
import { BackstageCatalogError } from '../backstage/backstage-errors';
import { CompassGatewayError } from '../compass/compass-errors';
import { DEFAULT_REFS_BATCH_SIZE, normaliseEntityRef } from '../backstage/backstage-catalog-client';
import { InvalidRequestError } from '../core/invalid-request';
import type { BackstageCatalog, KeyValueStore } from '../core/ports';
import { entityStore } from '../storage/entity-store';
import { mappingStore } from '../storage/mapping-store';
import { panelStore, type CachedPanelView } from '../storage/panel-store';
import type { PanelCompass } from './panel-compass';
import type { PanelChecks } from './panel-checks';
import { panelMetricsAndChecksOf, type PanelMetric } from './panel-metrics';
import { backstageEntityUrl, buildPanelEntityView, entityRefOf, relatedRefs } from './panel-view';
import { boundPanelEntityView, type BoundedPanelEntityView } from './panel-view-bounds';
import type { AdminCheck } from './admin-access';
import { ALREADY_IN_COMPASS_MESSAGE, LINK_NOT_TAKEN_MESSAGE } from './panel-messages';

export const DEFAULT_PANEL_TTL_MS = 10 * 60 * 1000;
const SEARCH_LIMIT = 20;
const MAX_RELATED_LOOKUP = DEFAULT_REFS_BATCH_SIZE;
const SEARCH_KINDS = ['component', 'api', 'resource'];

export interface PanelWarning {
  code: string;
  message: string;
}

export type PanelState =
  | { state: 'not-connected'; componentId: string; message: string }
  | { state: 'not-linked'; componentId: string; canLink: boolean; message: string }
  | { state: 'component-not-found'; componentId: string; message: string }
  | {
      state: 'entity-deleted';
      componentId: string;
      entityRef: string;
      backstageUrl: string;
      asOf: string;
      message: string;
      /** Set when Backstage could not be read and this saved answer is shown instead. */
      warning?: PanelWarning;
    }
  | {
      state: 'ready';
      componentId: string;
      entity: BoundedPanelEntityView;
      /** The scorecard metric values the app last pushed for this entity (absent when none were). */
      metrics?: PanelMetric[];
      /** The chosen Tech Insights checks' last answers (absent when none is chosen or they were never run). */
      checks?: PanelChecks;
      asOf: string;
      fromCache: boolean;
      /** Set when Backstage could not be read and the cached view is shown instead. */
      warning?: PanelWarning;
    }
  | {
      state: 'backstage-unreachable';
      componentId: string;
      entityRef: string;
      backstageUrl: string;
      error: PanelWarning;
    };

export interface PanelDeps {
  store: KeyValueStore;
  /** The catalog for the saved connection, or undefined when no admin has connected Backstage yet. */
  catalog(): Promise<{ catalog: BackstageCatalog; backstageBaseUrl: string } | undefined>;
  compass: PanelCompass;
  admins: AdminCheck;
  now?: () => Date;
  ttlMs?: number;
}

export interface SearchResult {
  ref: string;
  title: string;
  kind: string;
  type?: string;
  description?: string;
  /** True when a Compass component already shows this entity: the page offers to open it, not to link it. */
  imported: boolean;
  /** The Compass component that already shows this entity, if the import created or found one. */
  componentId?: string;
}

/** What the panel refuses knowingly (bad input is an InvalidRequestError): a non-admin linking, no connection… */
export class PanelRequestError extends Error {
  override readonly name = 'PanelRequestError';
  constructor(
    readonly kind:
      | 'forbidden'
      | 'not-connected'
      | 'entity-not-found'
      | 'component-not-found'
      | 'link-not-saved'
      | 'alias-conflict',
    message: string,
  ) {
    super(message);
  }
}

const NOT_CONNECTED_MESSAGE =
  'The app is not connected to Backstage yet. An admin can connect it on the app’s admin page, “Backstage import”, in Compass’s Apps.';

function requireComponentId(componentId: unknown): string {
  if (typeof componentId !== 'string' || componentId.trim() === '') {
    throw new InvalidRequestError('componentId', 'The page named no component (componentId is missing).');
  }
  return componentId.trim();
}

/** The view, from the cache while it is fresh; else from Backstage, falling back to the cache when it is down. */
export async function getPanel(deps: PanelDeps, input: { componentId: unknown }): Promise<PanelState> {
  return withMetrics(deps, await panelFor(deps, requireComponentId(input.componentId), { force: false }));
}

/**
 * A shown entity's scorecard metrics and Tech Insights checks come from the app's state, fresh on every answer
 * (never from the cache, never from Backstage).
 */
async function withMetrics(deps: PanelDeps, state: PanelState): Promise<PanelState> {
  if (state.state !== 'ready') return state;
  const { metrics, checks } = await panelMetricsAndChecksOf(deps.store, state.entity.ref);
  return { ...state, ...(metrics.length > 0 ? { metrics } : {}), ...(checks ? { checks } : {}) };
}

/** As getPanel, but always asks Backstage (the page's refresh button). */
export async function refreshPanel(deps: PanelDeps, input: { componentId: unknown }): Promise<PanelState> {
  return withMetrics(deps, await panelFor(deps, requireComponentId(input.componentId), { force: true }));
}

async function panelFor(
  deps: PanelDeps,
  componentId: string,
  options: { force: boolean },
): Promise<PanelState> {
  const now = (deps.now ?? (() => new Date()))();
  const cached = await panelStore(deps.store).loadView(componentId);
  const ttlMs = deps.ttlMs ?? DEFAULT_PANEL_TTL_MS;
  if (cached && !options.force && now.getTime() - Date.parse(cached.asOf) < ttlMs) {
    return stateFromCache(componentId, cached, true);
  }
  const connection = await deps.catalog();
  if (!connection) return { state: 'not-connected', componentId, message: NOT_CONNECTED_MESSAGE };

  const entityRef = cached?.entityRef ?? (await findLinkedEntityRef(deps, componentId));
  if (entityRef === null)
    return { state: 'component-not-found', componentId, message: 'Compass has no such component.' };
  if (entityRef === undefined) {
    const canLink = await deps.admins.canLink();
    return {
      state: 'not-linked',
      componentId,
      canLink,
      message: 'This component is not linked to a Backstage entity.',
    };
  }

  let fresh: CachedPanelView;
  try {
    fresh = await readEntityView(deps, connection, entityRef, now);
  } catch (error) {
    const warning = await unreadableWarning(deps, error);
    if (cached) return { ...stateFromCache(componentId, cached, true), warning };
    return {
      state: 'backstage-unreachable',
      componentId,
      entityRef,
      backstageUrl: backstageEntityUrl(connection.backstageBaseUrl, entityRef),
      error: warning,
    };
  }
  await saveView(deps, componentId, fresh);
  return stateFromCache(componentId, fresh, false);
}

const UNREACHABLE: PanelWarning = { code: 'backstage-unreachable', message: 'Backstage is unreachable' };

/**
 * Why the panel could not read Backstage, in words fit for the caller. Everyone but an admin gets one sentence;
 * an admin gets the catalog error's kind and its app-written message. Any other error's text is
 * never passed on.
 */
async function unreadableWarning(deps: PanelDeps, error: unknown): Promise<PanelWarning> {
  if (!(await deps.admins.canLink().catch(() => false))) return UNREACHABLE;
  // The message is the app's own; the resolver's answer is redacted on the way out like every other.
  if (error instanceof BackstageCatalogError) return { code: error.kind, message: error.message };
  return { code: 'internal', message: 'The app failed while reading this entity from Backstage.' };
}

/** The cache is only a saving: a failed write (kvs down, a value over its limit) never fails the answer. */
async function saveView(deps: PanelDeps, componentId: string, view: CachedPanelView): Promise<void> {
  try {
    await panelStore(deps.store).saveView(componentId, view);
  } catch {
    // The next view reads Backstage again.
  }
}

function stateFromCache(
  componentId: string,
  cached: CachedPanelView,
  fromCache: boolean,
): Extract<PanelState, { state: 'ready' | 'entity-deleted' }> {
  if (cached.entity === null) {
    return {
      state: 'entity-deleted',
      componentId,
      entityRef: cached.entityRef,
      backstageUrl: cached.backstageUrl,
      asOf: cached.asOf,
      message: `Backstage no longer has ${cached.entityRef}. It may have been renamed or removed from the catalog.`,
    };
  }
  return { state: 'ready', componentId, entity: cached.entity, asOf: cached.asOf, fromCache };
}

/**
 * The entity ref a component shows: the panel's own link record, then the app's import state cannot be read
 * backwards cheaply, so Compass's `backstage` external alias (one request) is asked and remembered.
 * Undefined: not linked; null: Compass has no such component.
 */
async function findLinkedEntityRef(deps: PanelDeps, componentId: string): Promise<string | undefined | null> {
  const linked = await panelStore(deps.store).loadLink(componentId);
  if (linked) return linked;
  const aliases = await deps.compass.backstageAliasesOf(componentId);
  if (aliases === null) return null;
  const [first] = aliases;
  if (!first) return undefined;
  const ref = first.toLowerCase();
  await panelStore(deps.store).saveLink(componentId, ref);
  return ref;
}

async function readEntityView(
  deps: PanelDeps,
  connection: { catalog: BackstageCatalog; backstageBaseUrl: string },
  entityRef: string,
  now: Date,
): Promise<CachedPanelView> {
  const backstageUrl = backstageEntityUrl(connection.backstageBaseUrl, entityRef);
  const [entity] = await connection.catalog.getEntitiesByRefs([entityRef]);
  if (!entity) return { entityRef, entity: null, backstageUrl, asOf: now.toISOString() };
  // One by-refs request holds 500 refs: beyond that, the rest are shown by ref alone (no title, not checked).
  const allRefs = relatedRefs(entity);
  const lookupRefs = allRefs.slice(0, MAX_RELATED_LOOKUP);
  const relatedEntities = lookupRefs.length > 0 ? await connection.catalog.getEntitiesByRefs(lookupRefs) : [];
  const related = new Map<string, Entity | null>(
    lookupRefs.map((ref, index) => [ref, relatedEntities[index] ?? null]),
  );
  const states = await entityStore(deps.store).loadStates(allRefs);
  const componentIdsByRef = new Map<string, string>();
  for (const [ref, state] of states) if (state.componentId) componentIdsByRef.set(ref, state.componentId);
  const rules = await mappingStore(deps.store).loadRules();
  const view = boundPanelEntityView(
    buildPanelEntityView(entity, related, {
      backstageBaseUrl: connection.backstageBaseUrl,
      componentIdsByRef,
      ownerTeamIds: rules.ownerTeamIds ?? {},
    }),
  );
  return {
    entityRef: entityRefOf(entity),
    entity: view,
    backstageUrl: view.backstageUrl,
    asOf: now.toISOString(),
  };
}

/** Backstage Components, APIs and Resources whose name or title contains the query (at most 20). */
export async function searchEntities(deps: PanelDeps, input: { query: unknown }): Promise<SearchResult[]> {
  const query = typeof input.query === 'string' ? input.query.trim() : '';
  if (query.length < 2) throw new InvalidRequestError('query', 'Type at least 2 characters to search.');
  const connection = await deps.catalog();
  if (!connection) throw new PanelRequestError('not-connected', NOT_CONNECTED_MESSAGE);
  const page = await connection.catalog.queryEntitiesPage({
    filter: SEARCH_KINDS.map((kind) => `kind=${kind}`),
    fullTextFilter: { term: query, fields: ['metadata.name', 'metadata.title'] },
    fields: [
      'kind',
      'metadata.namespace',
      'metadata.name',
      'metadata.title',
      'metadata.description',
      'spec.type',
    ],
    pageSize: SEARCH_LIMIT,
    orderField: { field: 'metadata.name', order: 'asc' },
  });
  const refs = page.items.map(entityRefOf);
  const states = await entityStore(deps.store).loadStates(refs);
  return page.items.map((entity, index) => {
    const ref = refs[index]!;
    const type = (entity.spec as { type?: unknown } | undefined)?.type;
    const componentId = states.get(ref)?.componentId;
    return {
      ref,
      title: entity.metadata.title ?? entity.metadata.name,
      kind: entity.kind,
      ...(typeof type === 'string' ? { type } : {}),
      ...(entity.metadata.description ? { description: entity.metadata.description } : {}),
      imported: componentId !== undefined,
      ...(componentId ? { componentId } : {}),
    };
  });
}

/** Compass's refusal in the app's words: its error text names the alias and the other component's id. */
async function attachAlias(deps: PanelDeps, componentId: string, entityRef: string): Promise<void> {
  try {
    await deps.compass.attachBackstageAlias(componentId, entityRef);
  } catch (error) {
    if (error instanceof CompassGatewayError && error.kind === 'alias-conflict') {
      throw new PanelRequestError('alias-conflict', ALREADY_IN_COMPASS_MESSAGE);
    }
    throw new PanelRequestError('link-not-saved', LINK_NOT_TAKEN_MESSAGE);
  }
}

/**
 * Links the component to a Backstage entity: records Compass's `backstage` external alias (so the import finds
 * this component for the entity from now on) and the panel's own link, then shows the panel. Admins only.
 * All or nothing: the entity is read and its view built before anything is written, and an alias attached here
 * is detached again when the link record cannot be saved.
 */
export async function linkEntity(
  deps: PanelDeps,
  input: { componentId: unknown; entityRef: unknown },
): Promise<PanelState> {
  const componentId = requireComponentId(input.componentId);
  if (!(await deps.admins.canLink())) {
    throw new PanelRequestError(
      'forbidden',
      'Only a Compass admin can link a component to a Backstage entity. Ask an admin to link it, or to import it from the app’s admin page.',
    );
  }
  if (typeof input.entityRef !== 'string' || input.entityRef.trim() === '') {
    throw new InvalidRequestError('entityRef', 'Choose a Backstage entity to link (entityRef is missing).');
  }
  let entityRef: string;
  try {
    entityRef = normaliseEntityRef(input.entityRef.trim()).toLowerCase();
  } catch (error) {
    throw new InvalidRequestError('entityRef', (error as Error).message);
  }
  const connection = await deps.catalog();
  if (!connection) throw new PanelRequestError('not-connected', NOT_CONNECTED_MESSAGE);
  const now = (deps.now ?? (() => new Date()))();
  const fresh = await readEntityView(deps, connection, entityRef, now);
  if (!fresh.entity) throw new PanelRequestError('entity-not-found', `Backstage has no entity ${entityRef}.`);
  const importedAs = (await entityStore(deps.store).loadStates([entityRef])).get(entityRef)?.componentId;
  if (importedAs && importedAs !== componentId) {
    throw new PanelRequestError('alias-conflict', ALREADY_IN_COMPASS_MESSAGE);
  }
  const aliases = await deps.compass.backstageAliasesOf(componentId);
  if (aliases === null) throw new PanelRequestError('component-not-found', 'Compass has no such component.');
  const attached = !aliases.some((alias) => alias.toLowerCase() === entityRef);
  if (attached) await attachAlias(deps, componentId, entityRef);
  try {
    await panelStore(deps.store).saveLink(componentId, entityRef);
  } catch {
    // Undo the alias so the component is as it was before the link.
    const undone =
      !attached ||
      (await deps.compass.detachBackstageAlias(componentId, entityRef).then(
        () => true,
        () => false,
      ));
    throw new PanelRequestError(
      'link-not-saved',
      undone
        ? 'The link could not be saved, so nothing was changed. Try again in a moment.'
        : 'The link could not be saved completely: Compass holds the entity as the component’s alias, so the panel will show it. Link again to finish.',
    );
  }
  await saveView(deps, componentId, fresh);
  return withMetrics(deps, stateFromCache(componentId, fresh, false));
}
