// What an import would do to some entities, read-only: map them, compare with the app's stored state, and look
// up in Compass (by alias, 50 per request) only what state cannot answer — the engine's own planning
// (refsToLookUp, planEntityActions), with no write anywhere. The preview uses it per page, the dry run for all.
import type { Entity } from '@backstage/catalog-model';
import {
  indexCatalogRefs,
  mapCatalog,
  sameNameGroups,
  type CatalogIndex,
  type MappingConfig,
} from '../core/mapping';
import type { BackstageCatalog, CompassComponentRecord, CompassGateway, KeyValueStore } from '../core/ports';
import { planEntityActions, refsToLookUp } from '../core/sync';
import { notServedReason } from '../import/import-run';
import { createMappingConfig } from '../core/mapping';
import { entityStore } from '../storage/entity-store';
import { mappingStore } from '../storage/mapping-store';
import { syncSettingsStore } from '../storage/sync-settings-store';
import type { CatalogRow } from './catalog-rows';

export type PlannedAction = 'create' | 'update' | 'unchanged' | 'skipped';

export interface EntityPlan {
  entityRef: string;
  action: PlannedAction;
  /** Compass type the component gets (or has). */
  compassType?: string;
  componentId?: string;
  changedFields?: string[];
  /** The app has no state for it, but Compass already has a component with its alias: it would be adopted. */
  linked?: boolean;
  /** Stored state exists (the app wrote it before). */
  known?: boolean;
  reason?: string;
  warnings: { code: string; message: string }[];
}

export interface EntityPlanDeps {
  catalog: BackstageCatalog;
  gateway: CompassGateway;
  store: KeyValueStore;
}

const LOOKUP_BATCH = 50;

export async function loadMappingConfig(
  store: KeyValueStore,
  backstageWebBaseUrl: string,
): Promise<MappingConfig> {
  const rules = await mappingStore(store).loadRules();
  return createMappingConfig({ backstageWebBaseUrl, ...rules });
}

/** The catalog index of the rows, built by core's like the import's. */
export function indexOfRows(rows: CatalogRow[], config: MappingConfig): CatalogIndex {
  const named = rows.map((row) => ({ ref: row.entityRef, kind: row.kind, name: row.name, title: row.title }));
  return indexCatalogRefs(
    rows.map((row) => row.entityRef),
    config,
    new Set(sameNameGroups(named, config).values()),
  );
}

/** Plans the given refs (as Backstage spells them); one result per ref, in order. */
export async function planEntities(
  deps: EntityPlanDeps,
  refs: string[],
  config: MappingConfig,
  index: CatalogIndex,
): Promise<EntityPlan[]> {
  if (refs.length === 0) return [];
  const lookup = await deps.catalog.lookupEntitiesByRefs(refs);
  const fetched = lookup.items;
  const entities = fetched.filter((entity): entity is Entity => entity !== null);
  const mapped = mapCatalog(entities, config, { catalog: index });
  const warnings = new Map<string, { code: string; message: string }[]>();
  for (const warning of mapped.warnings) {
    const list = warnings.get(warning.entityRef) ?? [];
    list.push({ code: warning.code, message: warning.message });
    warnings.set(warning.entityRef, list);
  }
  const skipped = new Map(mapped.skipped.map((skip) => [skip.entityRef, skip.detail ?? skip.reason]));
  const drafts = mapped.drafts;
  const states = await entityStore(deps.store).loadStates(drafts.map((draft) => draft.entityRef));
  // The fields left to Compass, as the import plans them.
  const unsynced = new Set((await syncSettingsStore(deps.store).load()).unsyncedFields);
  const found = new Map<string, CompassComponentRecord | null>();
  const toLookUp = refsToLookUp(drafts, states, unsynced);
  for (let i = 0; i < toLookUp.length; i += LOOKUP_BATCH) {
    const batch = toLookUp.slice(i, i + LOOKUP_BATCH);
    const records = await deps.gateway.findComponentsByAliases(
      drafts[0]!.externalAlias.externalSource,
      batch.map((ref) => drafts.find((draft) => draft.entityRef === ref)!.externalAlias.externalId),
    );
    batch.forEach((ref, j) => found.set(ref, records[j] ?? null));
  }
  const actions = new Map(
    planEntityActions(drafts, states, found, unsynced).map((action) => [action.entityRef, action]),
  );
  return refs.map((ref, i): EntityPlan => {
    const entityRef = ref.toLowerCase();
    const base = { entityRef, warnings: warnings.get(entityRef) ?? [] };
    if (fetched[i] === null)
      return { ...base, action: 'skipped', reason: notServedReason(ref, lookup.invalid) };
    const action = actions.get(entityRef);
    if (!action)
      return { ...base, action: 'skipped', reason: skipped.get(entityRef) ?? 'Not mapped to a component' };
    const known = states.has(entityRef);
    const compassType = action.draft.typeId;
    switch (action.kind) {
      case 'create':
        return { ...base, action: 'create', compassType, known };
      case 'update':
        return {
          ...base,
          action: 'update',
          compassType,
          componentId: action.current.id,
          changedFields: action.changedFields,
          known,
          linked: !known,
        };
      case 'unchanged':
        return {
          ...base,
          action: 'unchanged',
          compassType,
          componentId: action.componentId,
          known,
          linked: !known,
        };
    }
  });
}
