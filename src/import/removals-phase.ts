// The removals phase of a run over the whole catalog (stored runs call it 'orphans'): every imported entity the
// catalog no longer lists is handled by the removal policy in force, one store page of entity state at a time.
// Report only (the default) changes nothing in Compass; mark labels the component `backstage-removed` and removes the
// app's relationships from it (those to it went in the relationships phase); delete, only where an admin confirmed
// it, deletes the component and the entity's state. While the circuit breaker holds removals (catalog-baseline.ts),
// nothing changes: each such entity is reported as held. One entity's failure never fails another's removal.
import { BACKSTAGE_ALIAS_SOURCE, COMPASS_LIMITS } from '../core/compass-component-draft';
import { errorFields, log } from '../core/log';
import type { CatalogIndex } from '../core/mapping';
import type { CompassComponentRecord, CompassGateway, GatewayFailure, GatewayResult } from '../core/ports';
import type { EntitySyncState } from '../core/sync';
import { entityStore, type StoredEntityState } from '../storage/entity-store';
import { metricStore } from '../storage/metric-store';
import type { RemovalPolicy } from '../storage/sync-settings-store';
import type { RemovalVerdict } from './catalog-baseline';
import { engineNow, type ImportEngineDeps } from './import-engine';
import type { EntityResult, ImportCounts, ImportRun } from './import-run';

/** The label a component gets when its entity left Backstage (the removal policy 'mark'). */
export const REMOVED_LABEL = 'backstage-removed';

/**
 * The content hash a marked entity's state keeps: no draft has it, so an entity that comes back to Backstage is
 * written again, and its draft's labels take the mark off (its relationships come back in the relationships phase).
 */
export const MARKED_HASH = 'marked-removed';

/** States read per step: one kvs page. */
const PAGE_SIZE = 100;

type GoneState = StoredEntityState & { entityRef: string };

/** Whether the policy still has something to do for an entity gone from Backstage, given what was done before. */
export function awaitsRemoval(
  state: Pick<EntitySyncState, 'removed' | 'written'>,
  policy: RemovalPolicy,
): boolean {
  if (!state.removed) return true;
  if (policy === 'delete') return true;
  // Marked, but some of its relationships could not be removed: they are tried again.
  return policy === 'mark' && (state.removed.action === 'reported' || state.written.length > 0);
}

/** One step of the phase: one page of stored state. Answers the counts to add to the run's. */
export async function runRemovalsStep(
  deps: ImportEngineDeps,
  run: ImportRun,
  index: CatalogIndex,
): Promise<Partial<ImportCounts>> {
  const entities = entityStore(deps.store);
  const page = await entities.listStates({
    ...(run.orphanCursor ? { cursor: run.orphanCursor } : {}),
    limit: PAGE_SIZE,
  });
  const gone = page.states.filter((state) => !index.catalogRefs.has(state.entityRef.toLowerCase()));
  const results = await handleGone(deps, run.removals, gone);
  for (const { entityRef, error } of await entities.saveResultsApart(run.runId, results))
    log.warn('import.result-not-saved', { entityRef, ...errorFields(error) });
  if (page.nextCursor) run.orphanCursor = page.nextCursor;
  else run.phase = 'cleanup';
  const counts: Partial<ImportCounts> = { orphaned: 0, marked: 0, deleted: 0, failed: 0 };
  for (const result of results) {
    if (result.outcome === 'orphaned' || result.outcome === 'marked' || result.outcome === 'deleted')
      counts[result.outcome]! += 1;
    else if (result.outcome === 'failed') counts.failed! += 1;
  }
  return counts;
}

async function handleGone(
  deps: ImportEngineDeps,
  verdict: RemovalVerdict | undefined,
  gone: GoneState[],
): Promise<EntityResult[]> {
  const policy = verdict?.policy ?? 'report';
  const results: EntityResult[] = [];
  const due: GoneState[] = [];
  for (const state of gone) {
    if (!awaitsRemoval(state, policy)) results.push(alreadyHandled(state));
    else if (verdict?.allowed === false) results.push(held(state));
    else due.push(state);
  }
  if (due.length === 0) return results;
  const now = engineNow(deps);
  if (policy === 'report') results.push(...(await report(deps, due, now)));
  else if (policy === 'mark') results.push(...(await mark(deps, due, now)));
  else results.push(...(await remove(deps, due)));
  return results;
}

function orphaned(state: GoneState, reason: string): EntityResult {
  return {
    entityRef: state.entityRef,
    outcome: 'orphaned',
    componentId: state.componentId,
    reason,
    warnings: [],
  };
}

function alreadyHandled(state: GoneState): EntityResult {
  const since = state.removed!.since.slice(0, 10);
  return orphaned(
    state,
    state.removed!.action === 'marked'
      ? `No longer in Backstage since ${since}; its Compass component is labelled ${REMOVED_LABEL}`
      : `No longer in Backstage since ${since}; its Compass component is left as it is`,
  );
}

function held(state: GoneState): EntityResult {
  return orphaned(
    state,
    'No longer in Backstage, but nothing was removed: the removal safety held every removal in this run (the run says why)',
  );
}

function failedResult(state: GoneState, error: GatewayFailure): EntityResult {
  return {
    entityRef: state.entityRef,
    outcome: 'failed',
    componentId: state.componentId,
    reason: 'No longer in Backstage; removing it failed and is tried again on the next run',
    error: { kind: error.kind, message: error.message },
    warnings: [],
  };
}

/** A Compass call that failed as a whole fails each of its items (and only this batch). */
async function eachOrFailed<T>(
  count: number,
  call: () => Promise<GatewayResult<T>[]>,
): Promise<GatewayResult<T>[]> {
  try {
    return await call();
  } catch (error) {
    log.warn('import.removal-failed', errorFields(error));
    const kind = (error as { kind?: unknown }).kind;
    const failure: GatewayFailure = {
      kind: typeof kind === 'string' ? kind : 'internal',
      message: 'Compass did not answer the removal; it is tried again on the next run',
    };
    return Array.from({ length: count }, () => ({ ok: false, error: failure }));
  }
}

/** Report only: the state remembers since when the entity is gone (written once); Compass is left as it is. */
async function report(deps: ImportEngineDeps, due: GoneState[], now: string): Promise<EntityResult[]> {
  const first = due.filter((state) => !state.removed);
  return keepStates(
    deps,
    first.map((state): GoneState => ({ ...state, removed: { since: now, action: 'reported' } })),
    due.map((state) =>
      orphaned(
        state,
        'No longer in Backstage; its Compass component is left as it is (the removal policy reports only)',
      ),
    ),
  );
}

/**
 * The labels with `backstage-removed` added. Compass keeps 10 labels: on a full component the last label makes room
 * (the entity that gave the component its labels is gone, and the mark is what the admin asked for).
 */
export function labelsMarkedRemoved(labels: readonly string[]): { labels: string[]; dropped?: string } {
  if (labels.includes(REMOVED_LABEL)) return { labels: [...labels] };
  if (labels.length < COMPASS_LIMITS.labelsPerComponent) return { labels: [...labels, REMOVED_LABEL] };
  const kept = labels.slice(0, COMPASS_LIMITS.labelsPerComponent - 1);
  return { labels: [...kept, REMOVED_LABEL], dropped: labels[kept.length]! };
}

/** Mark: the label, then the app's relationships from the component; the state remembers it was marked. */
async function mark(deps: ImportEngineDeps, due: GoneState[], now: string): Promise<EntityResult[]> {
  const { gateway } = deps;
  const entities = entityStore(deps.store);
  const results: EntityResult[] = [];
  const found = await eachOrFailed(due.length, async () =>
    (
      await gateway.findComponentsByAliases(
        BACKSTAGE_ALIAS_SOURCE,
        due.map((state) => state.entityRef),
      )
    ).map((component): GatewayResult<CompassComponentRecord | null> => ({ ok: true, value: component })),
  );
  const toLabel: {
    state: GoneState;
    component: CompassComponentRecord;
    labels: string[];
    dropped?: string;
  }[] = [];
  const gone: GoneState[] = [];
  due.forEach((state, i) => {
    const lookup = found[i]!;
    if (!lookup.ok) results.push(failedResult(state, lookup.error));
    else if (!lookup.value) gone.push(state);
    else toLabel.push({ state, component: lookup.value, ...labelsMarkedRemoved(lookup.value.labels) });
  });
  const updates = await eachOrFailed(toLabel.length, () =>
    gateway.updateComponents(
      toLabel.map(({ component, labels }) => ({ current: component, changes: { labels } })),
    ),
  );
  const labelled = toLabel.filter((item, i) => {
    const update = updates[i]!;
    if (!update.ok) results.push(failedResult(item.state, update.error));
    return update.ok;
  });
  const unrelated = await removeRelationshipsFrom(
    gateway,
    entities,
    labelled.map((item) => item.state),
  );
  const saved: GoneState[] = [];
  for (const { state, dropped } of labelled) {
    const entityRef = state.entityRef;
    const written = unrelated.get(entityRef) ?? state.written;
    saved.push({
      ...state,
      hash: MARKED_HASH,
      written,
      removed: { since: state.removed?.since ?? now, action: 'marked' },
    });
    const left = written.length;
    results.push({
      entityRef,
      outcome: 'marked',
      componentId: state.componentId,
      reason:
        `No longer in Backstage; its Compass component is labelled ${REMOVED_LABEL}` +
        (dropped ? ` (Compass keeps 10 labels, so "${dropped}" was removed to make room)` : '') +
        (left > 0
          ? `; ${left} of its relationships could not be removed and are tried again on the next run`
          : ''),
      warnings: [],
    });
  }
  // Deleted in Compass by someone meanwhile: nothing left to label, and its relationships went with it.
  for (const state of gone) {
    saved.push({
      ...state,
      hash: MARKED_HASH,
      written: [],
      removed: { since: state.removed?.since ?? now, action: 'marked' },
    });
    results.push(
      orphaned(state, 'No longer in Backstage, and its Compass component was already deleted in Compass'),
    );
  }
  return keepStates(deps, saved, results);
}

/**
 * Saves each state apart: an entity whose state kvs refuses fails alone (what was done in Compass is redone, without
 * harm, on the next run).
 */
async function keepStates(
  deps: ImportEngineDeps,
  states: GoneState[],
  results: EntityResult[],
): Promise<EntityResult[]> {
  const unsaved = new Set<string>();
  for (const { entityRef, error } of await entityStore(deps.store).saveStatesApart(states)) {
    log.warn('import.state-not-saved', { entityRef, ...errorFields(error) });
    unsaved.add(entityRef);
  }
  return results.map((result) =>
    unsaved.has(result.entityRef)
      ? {
          ...result,
          outcome: 'failed',
          error: { kind: 'storage-failed', message: "The app could not save this entity's state." },
        }
      : result,
  );
}

/**
 * Removes the relationships the app wrote from these components; answers, per entity, the relationships still
 * written afterwards (those whose removal failed).
 */
async function removeRelationshipsFrom(
  gateway: CompassGateway,
  entities: ReturnType<typeof entityStore>,
  states: GoneState[],
): Promise<Map<string, EntitySyncState['written']>> {
  const targets = await entities.loadStates([
    ...new Set(states.flatMap((state) => state.written.map((r) => r.targetRef))),
  ]);
  const actions = states.flatMap((state) =>
    state.written.flatMap((relationship) => {
      const target = targets.get(relationship.targetRef);
      // A target without state has no component the app knows of: nothing to remove through it.
      return target ? [{ state, relationship, toComponentId: target.componentId }] : [];
    }),
  );
  const outcomes = await eachOrFailed(actions.length, () =>
    gateway.removeRelationships(
      actions.map(({ state, relationship, toComponentId }) => ({
        fromComponentId: state.componentId,
        toComponentId,
        type: relationship.type,
      })),
    ),
  );
  const left = new Map(states.map((state) => [state.entityRef, [] as EntitySyncState['written']]));
  actions.forEach((action, i) => {
    if (!outcomes[i]!.ok) left.get(action.state.entityRef)!.push(action.relationship);
  });
  return left;
}

/** Delete (confirmed by an admin): the component (its relationships go with it), then the entity's state. */
async function remove(deps: ImportEngineDeps, due: GoneState[]): Promise<EntityResult[]> {
  const outcomes = await eachOrFailed(due.length, () =>
    deps.gateway.deleteComponents(due.map((state) => state.componentId)),
  );
  const results: EntityResult[] = [];
  const deleted: string[] = [];
  due.forEach((state, i) => {
    const outcome = outcomes[i]!;
    if (!outcome.ok) return void results.push(failedResult(state, outcome.error));
    deleted.push(state.entityRef);
    results.push({
      entityRef: state.entityRef,
      outcome: 'deleted',
      componentId: state.componentId,
      reason: 'No longer in Backstage; its Compass component was deleted (the removal policy deletes)',
      warnings: [],
    });
  });
  await entityStore(deps.store).deleteStates(deleted);
  await metricStore(deps.store).deleteStates(deleted);
  return results;
}
