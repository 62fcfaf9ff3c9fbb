// The imported entities as the next import would draft them: every entity the app has state for, read from
// Backstage in full (200 per by-refs request) and mapped with the mapping in force, as the import maps it
// (same catalog index, so same-name groups and relationships come out alike). Read-only: the compass.yml export
// and the drift report stand on it.
import type { Entity } from '@backstage/catalog-model';
import type { CompassComponentDraft } from '../core/compass-component-draft';
import { mapCatalog, type MappingConfig } from '../core/mapping';
import type { BackstageCatalog, KeyValueStore } from '../core/ports';
import { entityStore, type StoredEntityState } from '../storage/entity-store';
import { readCatalogRows } from './catalog-rows';
import { indexOfRows } from './entity-plan';

export type ImportedState = StoredEntityState & { entityRef: string };

export interface ImportedDraft {
  draft: CompassComponentDraft;
  state: ImportedState;
}

export interface ImportedDrafts {
  /** In entity-ref order. */
  drafted: ImportedDraft[];
  /** Every imported entity's state, by ref (also those not drafted). */
  states: Map<string, ImportedState>;
  /** Imported entities that were not drafted: gone from Backstage, or no longer mapped to a component. */
  notDrafted: number;
  /** More imported entities than `maxEntities`: only the first were drafted. */
  truncated: boolean;
}

const BY_REFS_SLICE = 200;

export async function importedDrafts(
  deps: { catalog: BackstageCatalog; store: KeyValueStore; config: MappingConfig },
  options: { maxEntities?: number } = {},
): Promise<ImportedDrafts> {
  const states = await entityStore(deps.store).loadAllStates();
  const rows = await readCatalogRows(deps.catalog);
  const index = indexOfRows(rows, deps.config);
  // By-refs matches names case-sensitively: ask with Backstage's spelling.
  const listed = rows.filter((row) => states.has(row.entityRef));
  const max = options.maxEntities ?? Number.POSITIVE_INFINITY;
  const work = listed.slice(0, max);
  const drafted: ImportedDraft[] = [];
  for (let i = 0; i < work.length; i += BY_REFS_SLICE) {
    const refs = work.slice(i, i + BY_REFS_SLICE).map((row) => row.ref);
    const entities = (await deps.catalog.lookupEntitiesByRefs(refs)).items.filter(
      (entity): entity is Entity => entity !== null,
    );
    for (const draft of mapCatalog(entities, deps.config, { catalog: index }).drafts) {
      const state = states.get(draft.entityRef);
      if (state) drafted.push({ draft, state });
    }
  }
  drafted.sort((a, b) => (a.draft.entityRef < b.draft.entityRef ? -1 : 1));
  return {
    drafted,
    states,
    notDrafted: states.size - listed.length + (work.length - drafted.length),
    truncated: listed.length > work.length,
  };
}
