// The drift report (issue 13, "Drift report"): components whose synced fields were edited in Compass since the
// last sync. An imported entity whose stored hash still matches its draft is unchanged in Backstage since the app
// last wrote it, so any difference in Compass was made there. Those components are read (by alias, 50 per
// request) and compared field by field, as the import compares them (changesToMatchDraft), leaving out the
// fields the organisation edits in Compass. "Take Backstage's" writes only the chosen fields; "stop syncing"
// leaves a field to Compass from then on.
import { changesToMatchDraft, type UnsyncedFields } from '../core/component-changes';
import type { CompassComponentDraft } from '../core/compass-component-draft';
import type { MappingConfig } from '../core/mapping';
import type {
  BackstageCatalog,
  CompassComponentChanges,
  CompassComponentRecord,
  CompassGateway,
  KeyValueStore,
} from '../core/ports';
import { storedHashMatches } from '../core/sync/draft-hash';
import { SYNCED_FIELDS, syncSettingsStore, type SyncedField } from '../storage/sync-settings-store';
import { importedDrafts } from './imported-drafts';

export interface DriftRow {
  entityRef: string;
  componentId: string;
  /** The component's name in Compass. */
  componentName: string;
  field: SyncedField;
  /** Display text: labels joined, links as URLs, the owner as its team id, lifecycle and type as codes. */
  compassValue: string;
  backstageValue: string;
}

export interface DriftView {
  checkedAt: string;
  unsyncedFields: SyncedField[];
  rows: DriftRow[];
  /** Components compared with their entity's draft. */
  components: number;
  /** More rows (or imported entities) than the report holds. */
  truncated: boolean;
}

export type DriftTake = { entityRef: string; field?: SyncedField }[] | 'all';

export interface DriftDeps {
  catalog: BackstageCatalog;
  gateway: CompassGateway;
  store: KeyValueStore;
  config: MappingConfig;
  now?: () => Date;
  /** Imported entities compared at most per report, so it answers within a resolver's 25 s. */
  maxEntities?: number;
}

export const DEFAULT_DRIFT_ROWS = 100;
export const MAX_DRIFT_ROWS = 500;
const MAX_DRIFT_ENTITIES = 2000;
const LOOKUP_BATCH = 50;
const WRITE_BATCH = 25;

/** A component that differs from its draft in at least one synced field. */
interface DriftedComponent {
  draft: CompassComponentDraft;
  current: CompassComponentRecord;
  changes: CompassComponentChanges;
}

function linkText(link: { url: string; name?: string }): string {
  return link.name ? `${link.url} (${link.name})` : link.url;
}

/** A field's value as the report shows it (the page words codes and names the owner team). */
export function driftDisplayValue(
  field: SyncedField,
  value: Pick<CompassComponentRecord, SyncedField> | CompassComponentDraft,
): string {
  switch (field) {
    case 'labels':
      return [...value.labels].sort().join(', ');
    case 'links':
      return value.links.map(linkText).sort().join(', ');
    default:
      return value[field] ?? '';
  }
}

async function findDrift(
  deps: DriftDeps,
  unsynced: UnsyncedFields,
): Promise<{ drifted: DriftedComponent[]; components: number; truncated: boolean }> {
  const { drafted, truncated } = await importedDrafts(deps, {
    maxEntities: deps.maxEntities ?? MAX_DRIFT_ENTITIES,
  });
  // Changed in Backstage since the last sync: the next sync writes it, so it is not drift.
  const unchanged = drafted.filter(({ draft, state }) => storedHashMatches(draft, state.hash, unsynced));
  const drifted: DriftedComponent[] = [];
  let components = 0;
  for (let i = 0; i < unchanged.length; i += LOOKUP_BATCH) {
    const batch = unchanged.slice(i, i + LOOKUP_BATCH);
    const records = await deps.gateway.findComponentsByAliases(
      batch[0]!.draft.externalAlias.externalSource,
      batch.map(({ draft }) => draft.externalAlias.externalId),
    );
    batch.forEach(({ draft }, j) => {
      const current = records[j];
      if (!current) return; // deleted in Compass: the next sync creates it again
      components++;
      const changes = changesToMatchDraft(current, draft, unsynced);
      if (Object.keys(changes).length > 0) drifted.push({ draft, current, changes });
    });
  }
  return { drifted, components, truncated };
}

function rowsOf(drifted: DriftedComponent[]): DriftRow[] {
  return drifted.flatMap(({ draft, current, changes }) =>
    SYNCED_FIELDS.filter((field) => field in changes).map((field): DriftRow => ({
      entityRef: draft.entityRef,
      componentId: current.id,
      componentName: current.name,
      field,
      compassValue: driftDisplayValue(field, current),
      backstageValue: driftDisplayValue(field, draft),
    })),
  );
}

function viewOf(
  found: { drifted: DriftedComponent[]; components: number; truncated: boolean },
  unsyncedFields: SyncedField[],
  limit: number,
  now: Date,
): DriftView {
  const rows = rowsOf(found.drifted);
  return {
    checkedAt: now.toISOString(),
    unsyncedFields,
    rows: rows.slice(0, limit),
    components: found.components,
    truncated: found.truncated || rows.length > limit,
  };
}

export async function getDrift(deps: DriftDeps, request: { limit?: number } = {}): Promise<DriftView> {
  const { unsyncedFields } = await syncSettingsStore(deps.store).load();
  const found = await findDrift(deps, new Set(unsyncedFields));
  return viewOf(
    found,
    unsyncedFields,
    request.limit ?? DEFAULT_DRIFT_ROWS,
    (deps.now ?? (() => new Date()))(),
  );
}

/** The fields of a drifted component the admin chose to take from Backstage. */
function takenChanges(component: DriftedComponent, take: DriftTake): CompassComponentChanges {
  if (take === 'all') return component.changes;
  const chosen = take.filter((row) => row.entityRef.toLowerCase() === component.draft.entityRef);
  const taken: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(component.changes)) {
    if (chosen.some((row) => row.field === undefined || row.field === field)) taken[field] = value;
  }
  return taken as CompassComponentChanges;
}

export async function resolveDrift(
  deps: DriftDeps,
  request: { take?: DriftTake; stopSyncing?: SyncedField[]; limit?: number },
): Promise<DriftView> {
  const now = deps.now ?? (() => new Date());
  const settings = syncSettingsStore(deps.store);
  let { unsyncedFields } = await settings.load();
  if (request.stopSyncing && request.stopSyncing.some((field) => !unsyncedFields.includes(field))) {
    const stopped = new Set([...unsyncedFields, ...request.stopSyncing]);
    unsyncedFields = SYNCED_FIELDS.filter((field) => stopped.has(field));
    await settings.save({ ...(await settings.load()), unsyncedFields, savedAt: now().toISOString() });
  }
  const unsynced = new Set(unsyncedFields);
  const found = await findDrift(deps, unsynced);

  if (request.take) {
    const writes = found.drifted
      .map((component) => ({ component, changes: takenChanges(component, request.take!) }))
      .filter(({ changes }) => Object.keys(changes).length > 0);
    for (let i = 0; i < writes.length; i += WRITE_BATCH) {
      const batch = writes.slice(i, i + WRITE_BATCH);
      const outcomes = await deps.gateway.updateComponents(
        batch.map(({ component, changes }) => ({ current: component.current, changes })),
      );
      // A write that failed leaves its rows in the report; one that went through is compared again.
      batch.forEach(({ component }, j) => {
        const outcome = outcomes[j]!;
        if (!outcome.ok) return;
        component.current = outcome.value;
        component.changes = changesToMatchDraft(outcome.value, component.draft, unsynced);
      });
    }
    found.drifted = found.drifted.filter((component) => Object.keys(component.changes).length > 0);
  }
  return viewOf(found, unsyncedFields, request.limit ?? DEFAULT_DRIFT_ROWS, now());
}
