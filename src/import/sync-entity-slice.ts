// One slice of the entities phase: read the entities from Backstage, map them, plan against stored state
// (looking up only what state cannot answer), write the creates and updates in batches, and record state and a
// result per entity. A failure belongs to its entity and never stops the slice.
import type { Entity } from '@backstage/catalog-model';
import type { CompassComponentDraft } from '../core/compass-component-draft';
import {
  mapCatalog,
  type CatalogIndex,
  type CatalogMappingResult,
  type MappingConfig,
} from '../core/mapping';
import type {
  BackstageCatalog,
  CompassComponentRecord,
  CompassGateway,
  GatewayFailure,
  KeyValueStore,
} from '../core/ports';
import {
  inputHashOf,
  mappingSignature,
  planEntityActions,
  refsToLookUp,
  wantedRelationships,
  type EntityAction,
} from '../core/sync';
import { entityStore, type StoredEntityState } from '../storage/entity-store';
import { syncSettingsStore } from '../storage/sync-settings-store';
import { renamedReason } from './apply-renames';
import { notServedReason, type EntityResult, type ImportCounts } from './import-run';
import { errorFields, log } from '../core/log';
import { adoptBeforeCreate } from './adopt-before-create';

export interface SliceSettings {
  lookupBatchSize: number;
  writeBatchSize: number;
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function failed(error: GatewayFailure): Pick<EntityResult, 'outcome' | 'error'> {
  return { outcome: 'failed', error: { kind: error.kind, message: error.message } };
}

/** The exception goes to the log; the entity's result gets the app's words. */
function logged(event: string, entityRef: string, error: unknown): void {
  log.error(event, { entityRef, ...errorFields(error) });
}

/**
 * Maps the entities together; should the mapping throw (it catches what it expects, not everything), maps them
 * one by one, so the exception belongs to the entity that caused it (reported through `failedToMap` with the
 * ref it was asked for) and the others are mapped as usual.
 */
function mapEachAlone(
  served: { ref: string; entity: Entity }[],
  config: MappingConfig,
  index: CatalogIndex,
  failedToMap: (entityRef: string, message: string) => void,
): CatalogMappingResult {
  try {
    return mapCatalog(
      served.map(({ entity }) => entity),
      config,
      { catalog: index },
    );
  } catch {
    const merged: CatalogMappingResult = { drafts: [], warnings: [], skipped: [] };
    for (const { ref, entity } of served) {
      try {
        const alone = mapCatalog([entity], config, { catalog: index });
        merged.drafts.push(...alone.drafts);
        merged.warnings.push(...alone.warnings);
        merged.skipped.push(...alone.skipped);
      } catch (error) {
        logged('import.mapping-failed', ref.toLowerCase(), error);
        failedToMap(ref.toLowerCase(), "The app could not map this entity; the app's logs have the details.");
      }
    }
    return merged;
  }
}

export async function syncEntitySlice(input: {
  refs: string[];
  runId: string;
  catalog: BackstageCatalog;
  gateway: CompassGateway;
  store: KeyValueStore;
  config: MappingConfig;
  index: CatalogIndex;
  settings: SliceSettings;
  now: () => Date;
  /** Told how many of the slice's entities are settled so far (their results are saved at the end of the slice). */
  onSettled?: (settled: number) => Promise<void>;
  /** Entities the index phase renamed: new ref -> old ref (their results say so). */
  renamedFrom?: ReadonlyMap<string, string>;
  /** Filled with the related refs of the slice's entities that had no state before (a sync's ripple pass). */
  ripple?: Set<string>;
}): Promise<Partial<ImportCounts>> {
  const { refs, gateway, store, settings } = input;
  const results = new Map<string, EntityResult>();
  const record = (entityRef: string, result: Omit<EntityResult, 'entityRef' | 'warnings'>) => {
    const previous = results.get(entityRef);
    results.set(entityRef, { entityRef, warnings: previous?.warnings ?? [], ...result });
  };

  // Backstage first: an error here (Backstage down) fails the invocation, and the event is delivered again.
  const lookup = await input.catalog.lookupEntitiesByRefs(refs);
  const fetched = lookup.items;
  const served = refs.flatMap((ref, i) => (fetched[i] ? [{ ref, entity: fetched[i] }] : []));
  // The work list keeps refs as Backstage spells them (by-refs matches names case-sensitively); identity is lower case.
  refs.forEach((ref, i) => {
    if (fetched[i] === null) {
      record(ref.toLowerCase(), { outcome: 'skipped', reason: notServedReason(ref, lookup.invalid) });
    }
  });

  const mapped = mapEachAlone(served, input.config, input.index, (entityRef, message) =>
    record(entityRef, { outcome: 'failed', error: { kind: 'mapping-failed', message } }),
  );
  for (const warning of mapped.warnings) {
    const result = results.get(warning.entityRef) ?? {
      entityRef: warning.entityRef,
      outcome: 'skipped',
      warnings: [],
    };
    result.warnings.push({ code: warning.code, message: warning.message });
    results.set(warning.entityRef, result);
  }
  for (const skip of mapped.skipped) {
    record(skip.entityRef, { outcome: 'skipped', reason: skip.detail ?? skip.reason });
  }

  const renamed = (
    entityRef: string,
    changedFields: string[] = [],
  ): Pick<EntityResult, 'changedFields' | 'reason'> => {
    const from = input.renamedFrom?.get(entityRef);
    if (from === undefined) return {};
    return { changedFields: ['alias', ...changedFields], reason: renamedReason(from) };
  };

  const drafts = mapped.drafts;
  const entities = entityStore(store);
  const stateByRef = await entities.loadStates(drafts.map((draft) => draft.entityRef));
  const unsynced = new Set((await syncSettingsStore(store).load()).unsyncedFields);

  const found = new Map<string, CompassComponentRecord | null>();
  const lookupFailed = new Set<string>();
  for (const batch of chunk(refsToLookUp(drafts, stateByRef, unsynced), settings.lookupBatchSize)) {
    const byRef = new Map(batch.map((ref) => [ref, drafts.find((d) => d.entityRef === ref)!]));
    try {
      const records = await gateway.findComponentsByAliases(
        byRef.get(batch[0]!)!.externalAlias.externalSource,
        batch.map((ref) => byRef.get(ref)!.externalAlias.externalId),
      );
      batch.forEach((ref, i) => found.set(ref, records[i] ?? null));
    } catch (error) {
      for (const ref of batch) {
        lookupFailed.add(ref);
        record(ref, failed(error as GatewayFailure));
      }
    }
  }

  // Before anything is created: existing components that match are adopted (or the admin is asked).
  const { actions, markAdopted } = await adoptBeforeCreate({
    runId: input.runId,
    actions: planEntityActions(
      drafts.filter((draft) => !lookupFailed.has(draft.entityRef)),
      stateByRef,
      found,
      unsynced,
    ),
    states: stateByRef,
    gateway,
    store,
    now: input.now,
    record,
  });
  const nowIso = input.now().toISOString();
  const signature = mappingSignature(input.config);
  const entityByIdentity = new Map(served.map(({ ref, entity }) => [ref.toLowerCase(), entity]));
  /** What the state records about the entity besides the component: the same whether it was written or not. */
  const identityOf = (draft: CompassComponentDraft) => {
    const { uid, etag } = entityByIdentity.get(draft.entityRef)?.metadata ?? {};
    return {
      ...(typeof uid === 'string' ? { uid } : {}),
      ...(typeof etag === 'string' ? { inputHash: inputHashOf({ etag, mappingSignature: signature }) } : {}),
      name: draft.name,
      typeId: draft.typeId,
    };
  };
  const newStates: StoredEntityState[] = [];
  const keepState = (draft: CompassComponentDraft, componentId: string, hash: string) => {
    const previous = stateByRef.get(draft.entityRef);
    newStates.push({
      entityRef: draft.entityRef,
      componentId,
      hash,
      wanted: wantedRelationships(draft),
      // A different component (re-created after a deletion) has none of the old relationships.
      written: previous?.componentId === componentId ? previous.written : [],
      lastSeenAt: nowIso,
      ...identityOf(draft),
    });
    // New to the app: entities pointing at it may now resolve a relationship to it (a sync's ripple pass).
    if (!previous && input.ripple) {
      for (const relation of entityByIdentity.get(draft.entityRef)?.relations ?? [])
        input.ripple.add(relation.targetRef.toLowerCase());
    }
  };

  const creates = actions.filter((a): a is Extract<EntityAction, { kind: 'create' }> => a.kind === 'create');
  const updates = actions.filter((a): a is Extract<EntityAction, { kind: 'update' }> => a.kind === 'update');
  // Everything but the writes is settled now; each write batch settles its entities.
  let settled = refs.length - creates.length - updates.length;
  const settle = async (count: number) => {
    settled += count;
    await input.onSettled?.(settled);
  };
  await settle(0);

  for (const batch of chunk(creates, settings.writeBatchSize)) {
    const outcomes = await gateway.createComponents(batch.map((action) => action.draft));
    batch.forEach((action, i) => {
      const outcome = outcomes[i]!;
      if (!outcome.ok) return record(action.entityRef, failed(outcome.error));
      keepState(action.draft, outcome.value.id, action.hash);
      record(action.entityRef, { outcome: 'created', componentId: outcome.value.id });
    });
    await settle(batch.length);
  }

  for (const batch of chunk(updates, settings.writeBatchSize)) {
    const outcomes = await gateway.updateComponents(
      batch.map(({ current, changes }) => ({ current, changes })),
    );
    batch.forEach((action, i) => {
      const outcome = outcomes[i]!;
      if (!outcome.ok) return record(action.entityRef, failed(outcome.error));
      keepState(action.draft, action.current.id, action.hash);
      record(action.entityRef, {
        outcome: 'updated',
        componentId: action.current.id,
        changedFields: action.changedFields,
        ...renamed(action.entityRef, action.changedFields),
      });
    });
    await settle(batch.length);
  }

  for (const action of actions) {
    if (action.kind !== 'unchanged') continue;
    const previous = stateByRef.get(action.entityRef);
    const wanted = wantedRelationships(action.draft);
    const identity = identityOf(action.draft);
    // State is written only when there is something new to remember: an unchanged re-sync writes nothing.
    if (
      !previous ||
      previous.componentId !== action.componentId ||
      previous.hash !== action.hash ||
      // Back in Backstage after a removal was reported: no longer removed (a sync would read it again otherwise).
      previous.removed !== undefined ||
      JSON.stringify(previous.wanted) !== JSON.stringify(wanted) ||
      (Object.keys(identity) as (keyof typeof identity)[]).some((key) => previous[key] !== identity[key])
    ) {
      keepState(action.draft, action.componentId, action.hash);
    }
    // A renamed entity whose content is otherwise the same still changed: its alias moved.
    const rename = renamed(action.entityRef);
    record(action.entityRef, {
      outcome: rename.reason ? 'updated' : 'unchanged',
      componentId: action.componentId,
      ...rename,
    });
  }

  markAdopted(results);

  // A write kvs refuses for one entity (its key or value) fails that entity only.
  for (const { entityRef, error } of await entities.saveStatesApart(newStates)) {
    logged('import.state-not-saved', entityRef, error);
    record(entityRef, {
      outcome: 'failed',
      error: { kind: 'storage-failed', message: "The app could not save this entity's state." },
    });
  }
  for (const { entityRef, error } of await entities.saveResultsApart(input.runId, [...results.values()])) {
    logged('import.result-not-saved', entityRef, error);
    // Its result could not be stored; it still counts, as failed.
    record(entityRef, { outcome: 'failed', error: { kind: 'storage-failed', message: 'Result not saved' } });
  }

  const counts: Partial<ImportCounts> = { done: refs.length, withWarnings: 0 };
  if (input.renamedFrom)
    counts.renamed = refs.filter((ref) => input.renamedFrom!.has(ref.toLowerCase())).length;
  for (const result of results.values()) {
    if (result.warnings.length > 0) counts.withWarnings! += 1;
    const outcome = result.outcome as Exclude<EntityResult['outcome'], 'orphaned'>;
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}
