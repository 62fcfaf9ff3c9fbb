// The admin's side of adopting existing Compass components: which entities not imported yet match a component
// without a `backstage` alias (getAdoptionCandidates), and the admin's decisions (adoptComponents): 'adopt' attaches
// the alias now and keeps the entity's state, so the next import or sync updates that component instead of
// creating another; 'create' lets the next import create a new one. Compass is listed at most every 10 minutes
// (or when the admin checks again), and the catalog preview shows the matches from the same listing.
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { BACKSTAGE_ALIAS_SOURCE } from '../core/compass-component-draft';
import { InvalidRequestError } from '../core/invalid-request';
import { errorFields, log } from '../core/log';
import { mapCatalog, type CatalogIndex, type MappingConfig } from '../core/mapping';
import type { BackstageCatalog, CompassGateway, KeyValueStore } from '../core/ports';
import {
  adoptableComponents,
  matchForAdoption,
  type AdoptableComponent,
  type AdoptingEntity,
  type AdoptionMatch,
} from '../core/sync';
import {
  adoptionStore,
  type AdoptableListing,
  type AdoptionCandidate,
  type AdoptionDecision,
  type AdoptionDecisionKind,
} from '../storage/adoption-store';
import { entityStore } from '../storage/entity-store';
import { readCatalogRows } from './catalog-rows';
import { indexOfRows } from './entity-plan';

export type { AdoptionCandidate, AdoptionDecisionKind };

export interface AdoptionDeps {
  catalog: BackstageCatalog;
  gateway: CompassGateway;
  store: KeyValueStore;
  config: MappingConfig;
  now?: () => Date;
}

/** A listing younger than this is reused: the admin page's views cost Compass nothing in between. */
export const LISTING_FRESH_MS = 10 * 60_000;
/** Entities read from Backstage per by-refs request. */
const ENTITIES_PER_READ = 200;

export interface AdoptionCandidatesView {
  checkedAt: string;
  candidates: (AdoptionCandidate & { decision?: AdoptionDecisionKind })[];
}

export interface AdoptComponentsRequest {
  decisions: { entityRef: string; componentId?: string; decision: AdoptionDecisionKind }[];
}

export interface AdoptComponentsResult {
  adopted: { entityRef: string; componentId: string }[];
  decided: number;
  failed: { entityRef: string; message: string }[];
}

const clock = (deps: Pick<AdoptionDeps, 'now'>) => (deps.now ?? (() => new Date()))();

/** Compass's components without a `backstage` alias, as last listed for the admin page (listed again when stale). */
export async function siteAdoptable(
  deps: Pick<AdoptionDeps, 'gateway' | 'store' | 'now'>,
  options: { refresh: boolean },
): Promise<AdoptableListing> {
  const adoption = adoptionStore(deps.store);
  const kept = await adoption.loadAdoptable('site');
  const now = clock(deps);
  if (kept && !options.refresh && now.getTime() - Date.parse(kept.listedAt) < LISTING_FRESH_MS) return kept;
  const listing = {
    listedAt: now.toISOString(),
    components: adoptableComponents(await deps.gateway.listComponents()),
  };
  await adoption.saveAdoptable('site', listing);
  return listing;
}

/** The entities as the mapping makes them (their Compass name and links), read by ref. */
async function adoptingEntities(
  deps: Pick<AdoptionDeps, 'catalog' | 'config'>,
  refs: string[],
  index: CatalogIndex,
): Promise<(AdoptingEntity & { title?: string })[]> {
  const entities: Entity[] = [];
  for (let i = 0; i < refs.length; i += ENTITIES_PER_READ) {
    const found = await deps.catalog.getEntitiesByRefs(refs.slice(i, i + ENTITIES_PER_READ));
    entities.push(...found.filter((entity): entity is Entity => entity !== null));
  }
  const titles = new Map(
    entities.map((entity) => [stringifyEntityRef(entity).toLowerCase(), entity.metadata.title]),
  );
  return mapCatalog(entities, deps.config, { catalog: index }).drafts.map((draft) => {
    const title = titles.get(draft.entityRef);
    return {
      entityRef: draft.entityRef,
      name: draft.name,
      links: draft.links,
      ...(title ? { title } : {}),
    };
  });
}

/** The matches of the given refs (as Backstage spells them) against the components listed. */
export async function adoptionMatchesOf(
  deps: Pick<AdoptionDeps, 'catalog' | 'config'>,
  refs: string[],
  index: CatalogIndex,
  components: AdoptableComponent[],
): Promise<{ matches: AdoptionMatch[]; titles: Map<string, string> }> {
  if (refs.length === 0 || components.length === 0) return { matches: [], titles: new Map() };
  const entities = await adoptingEntities(deps, refs, index);
  const titles = new Map(
    entities.flatMap((entity) => (entity.title ? [[entity.entityRef, entity.title]] : [])),
  );
  return { matches: matchForAdoption(entities, components), titles };
}

async function withDecisions(
  store: KeyValueStore,
  checked: { checkedAt: string; candidates: AdoptionCandidate[] },
): Promise<AdoptionCandidatesView> {
  const decisions = await adoptionStore(store).loadDecisions([
    ...new Set(checked.candidates.map((candidate) => candidate.entityRef)),
  ]);
  return {
    checkedAt: checked.checkedAt,
    candidates: checked.candidates.map((candidate) => {
      const decided = decisions.get(candidate.entityRef);
      // 'adopt' belongs to the component chosen; 'create' to the entity.
      const decision =
        decided?.decision === 'create' || decided?.componentId === candidate.componentId
          ? decided.decision
          : undefined;
      return { ...candidate, ...(decision ? { decision } : {}) };
    }),
  };
}

/**
 * Entities of an imported kind that the app has not imported (no state) and that match a component without a
 * `backstage` alias. The last check is kept and answered again until the admin asks to check again.
 */
export async function getAdoptionCandidates(
  deps: AdoptionDeps,
  request: { refresh?: boolean } = {},
): Promise<AdoptionCandidatesView> {
  const adoption = adoptionStore(deps.store);
  if (!request.refresh) {
    const kept = await adoption.loadCandidates();
    if (kept) return withDecisions(deps.store, kept);
  }
  const rows = await readCatalogRows(deps.catalog);
  const index = indexOfRows(rows, deps.config);
  const importable = rows.filter((row) => index.importedRefs.has(row.entityRef));
  const states = await entityStore(deps.store).loadStates(importable.map((row) => row.entityRef));
  const notImported = importable.filter((row) => !states.has(row.entityRef));
  const listing = await siteAdoptable(deps, { refresh: request.refresh === true });
  const { matches, titles } = await adoptionMatchesOf(
    deps,
    notImported.map((row) => row.ref),
    index,
    listing.components,
  );
  const checked = {
    checkedAt: clock(deps).toISOString(),
    candidates: matches.flatMap((match) =>
      match.components.map((component): AdoptionCandidate => ({
        entityRef: match.entityRef,
        ...(titles.get(match.entityRef) ? { entityTitle: titles.get(match.entityRef)! } : {}),
        componentId: component.id,
        componentName: component.name,
        match: match.match,
      })),
    ),
  };
  await adoption.saveCandidates(checked);
  return withDecisions(deps.store, checked);
}

const pairKey = (entityRef: string, componentId: string) => `${entityRef}\n${componentId}`;

/**
 * The (entity, component) pairs that match: those the last check offered, and, for a decision made on a catalog row
 * (whose match the preview showed), the entity matched again against the listing where it stands.
 */
async function matchingPairs(
  deps: AdoptionDeps,
  decisions: { entityRef: string; componentId?: string }[],
  components: AdoptableComponent[],
  offered: AdoptionCandidate[],
): Promise<Set<string>> {
  const pairs = new Set(offered.map((c) => pairKey(c.entityRef, c.componentId)));
  const unchecked = decisions.filter((d) => !pairs.has(pairKey(d.entityRef, d.componentId!)));
  if (unchecked.length === 0) return pairs;
  const rows = await readCatalogRows(deps.catalog);
  const index = indexOfRows(rows, deps.config);
  const asSpelled = new Map(rows.map((row) => [row.entityRef, row.ref]));
  const refs = unchecked.flatMap((d) => {
    const ref = asSpelled.get(d.entityRef);
    return ref && index.importedRefs.has(d.entityRef) ? [ref] : [];
  });
  const { matches } = await adoptionMatchesOf(deps, refs, index, components);
  for (const match of matches)
    for (const component of match.components) pairs.add(pairKey(match.entityRef, component.id));
  return pairs;
}

/**
 * Records the admin's decisions. 'adopt' attaches the entity's alias to the component now (one request for all)
 * and keeps the entity's state with an empty hash, so the next import or sync updates the component's fields.
 * The component must match the entity (as the last check or the catalog row offered it) and still be without a
 * `backstage` alias.
 */
export async function adoptComponents(
  deps: AdoptionDeps,
  request: AdoptComponentsRequest,
): Promise<AdoptComponentsResult> {
  request.decisions.forEach((decision, i) => {
    if (decision.decision === 'adopt' && !decision.componentId)
      throw new InvalidRequestError(`decisions.${i}.componentId`, 'Choose the component to adopt');
  });
  const decisions = [
    ...new Map(
      request.decisions.map((d) => [
        d.entityRef.toLowerCase(),
        { ...d, entityRef: d.entityRef.toLowerCase() },
      ]),
    ).values(),
  ];
  const nowIso = clock(deps).toISOString();
  const adoption = adoptionStore(deps.store);
  const failed: AdoptComponentsResult['failed'] = [];
  const adopted: AdoptComponentsResult['adopted'] = [];

  const toAdopt = decisions.filter((d) => d.decision === 'adopt');
  const states = await entityStore(deps.store).loadStates(toAdopt.map((d) => d.entityRef));
  const listing = toAdopt.length > 0 ? await siteAdoptable(deps, { refresh: false }) : undefined;
  const matching = listing
    ? await matchingPairs(
        deps,
        toAdopt.filter((d) => !states.has(d.entityRef)),
        listing.components,
        (await adoption.loadCandidates())?.candidates ?? [],
      )
    : new Set<string>();
  const stillFree = new Set(listing?.components.map((component) => component.id));
  const claimed = new Set<string>();
  const attachable = toAdopt.filter(({ entityRef, componentId }) => {
    const refusal = states.has(entityRef)
      ? 'This entity is already imported: its component is kept up to date.'
      : !matching.has(pairKey(entityRef, componentId!))
        ? 'This component is not a match for the entity: check again for components to adopt.'
        : !stillFree.has(componentId!) || claimed.has(componentId!)
          ? 'This component is already linked to a Backstage entity.'
          : undefined;
    if (refusal) failed.push({ entityRef, message: refusal });
    else claimed.add(componentId!);
    return !refusal;
  });

  const outcomes = await deps.gateway.attachAliases(
    attachable.map(({ entityRef, componentId }) => ({
      componentId: componentId!,
      externalAlias: { externalSource: BACKSTAGE_ALIAS_SOURCE, externalId: entityRef },
    })),
  );
  attachable.forEach(({ entityRef, componentId }, i) => {
    if (outcomes[i]!.ok) adopted.push({ entityRef, componentId: componentId! });
    else failed.push({ entityRef, message: 'Compass did not accept the link to this component. Try again.' });
  });
  if (adopted.length > 0) {
    // An empty hash differs from any draft's: the next run updates the component's fields.
    const unsaved = await entityStore(deps.store).saveStatesApart(
      adopted.map(({ entityRef, componentId }) => ({
        entityRef,
        componentId,
        hash: '',
        wanted: [],
        written: [],
        lastSeenAt: nowIso,
      })),
    );
    // Without its state the entity is still found by its alias on the next run: adopted all the same.
    for (const { entityRef, error } of unsaved)
      log.error('adoption.state-not-saved', { entityRef, ...errorFields(error) });
    const taken = new Set(adopted.map((a) => a.componentId));
    const adoptedRefs = new Set(adopted.map((a) => a.entityRef));
    await adoption.saveAdoptable('site', {
      listedAt: listing!.listedAt,
      components: listing!.components.filter((component) => !taken.has(component.id)),
    });
    const checked = await adoption.loadCandidates();
    if (checked)
      await adoption.saveCandidates({
        ...checked,
        candidates: checked.candidates.filter(
          (c) => !adoptedRefs.has(c.entityRef) && !taken.has(c.componentId),
        ),
      });
  }

  const failedRefs = new Set(failed.map((f) => f.entityRef));
  const recorded: AdoptionDecision[] = decisions
    .filter((d) => !failedRefs.has(d.entityRef))
    .map((d) => ({
      entityRef: d.entityRef,
      decision: d.decision,
      ...(d.decision === 'adopt' ? { componentId: d.componentId! } : {}),
      decidedAt: nowIso,
    }));
  await adoption.saveDecisions(recorded);
  return { adopted, decided: recorded.length, failed };
}
