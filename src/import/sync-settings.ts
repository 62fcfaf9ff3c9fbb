// The admin's sync: "Sync now" (a sync run over the last import's kinds and selection), and the sync settings (the
// schedule, the removal policy, the breaker's threshold, the fields left to Compass) with the last sync and when
// the schedule runs the next one.
import { InvalidRequestError } from '../core/invalid-request';
import type { KeyValueStore } from '../core/ports';
import { historyStore } from '../storage/history-store';
import { runStore } from '../storage/run-store';
import {
  REMOVAL_POLICIES,
  SYNC_SCHEDULES,
  SYNCED_FIELDS,
  syncSettingsStore,
  type SyncSettings,
} from '../storage/sync-settings-store';
import { engineClock, ImportRequestError, type ImportEngineDeps } from './import-engine';
import type { ImportCounts, ImportRun } from './import-run';
import { isScheduledStarter, scheduleSlot } from './scheduled-run';
import { startImport } from './start-import';

export interface RunSyncRequest {
  cloudId: string;
  backstageWebBaseUrl: string;
  startedBy?: string;
  /** The admin's "apply anyway" after the breaker held removals. */
  applyRemovals?: boolean;
}

/** Starts a sync run over the last run's selection (or the whole catalog); refused before any import. */
export async function runSyncNow(
  deps: ImportEngineDeps,
  request: RunSyncRequest,
): Promise<{ runId: string; resumed: boolean }> {
  const runs = runStore(deps.store);
  const last = await runs.load();
  if (!last) {
    throw new ImportRequestError(
      'not-imported-yet',
      'Nothing has been imported yet: start an import first; a sync keeps what it imported up to date.',
    );
  }
  const selection =
    last.selectionSize === null
      ? undefined
      : await runs.loadRefList(last.runId, 'selection', last.selectionChunks);
  return startImport(deps, {
    cloudId: request.cloudId,
    backstageWebBaseUrl: request.backstageWebBaseUrl,
    mode: 'sync',
    ...(selection ? { selection } : {}),
    ...(request.startedBy ? { startedBy: request.startedBy } : {}),
    ...(request.applyRemovals ? { applyRemovals: true } : {}),
  });
}

export interface SyncSettingsView {
  settings: SyncSettings;
  lastSync?: {
    runId: string;
    state: ImportRun['state'];
    startedAt: string;
    finishedAt?: string;
    scheduled: boolean;
    counts: ImportCounts;
  };
  /** When the schedule starts the next sync (absent when it is off). */
  nextSyncAt?: string;
}

type SyncDeps = { store: KeyValueStore; now?: () => number };

export async function getSyncSettings(deps: SyncDeps): Promise<SyncSettingsView> {
  const settings = await syncSettingsStore(deps.store).load();
  const lastSync = await loadLastSync(deps.store);
  const nextSyncAt = nextScheduledSync(settings, lastSync, new Date(engineClock(deps)()));
  return { settings, ...(lastSync ? { lastSync } : {}), ...(nextSyncAt ? { nextSyncAt } : {}) };
}

/** The running sync, else the newest sync in the history. */
async function loadLastSync(store: KeyValueStore): Promise<SyncSettingsView['lastSync']> {
  const current = await runStore(store).load();
  const last =
    current?.mode === 'sync' && current.state === 'running'
      ? current
      : (await historyStore(store).load()).find((entry) => entry.mode === 'sync');
  if (!last) return undefined;
  return {
    runId: last.runId,
    state: last.state,
    startedAt: last.startedAt,
    ...(last.finishedAt ? { finishedAt: last.finishedAt } : {}),
    scheduled: isScheduledStarter(last.startedBy),
    counts: last.counts,
  };
}

/**
 * The trigger runs at some minute of every hour: hourly, the next hour; daily, the next hour unless today's
 * scheduled sync has already started, then the next UTC day's first hour.
 */
function nextScheduledSync(
  settings: SyncSettings,
  lastSync: SyncSettingsView['lastSync'],
  now: Date,
): string | undefined {
  if (settings.schedule === 'off') return undefined;
  const nextHour = new Date(now);
  nextHour.setUTCMinutes(0, 0, 0);
  nextHour.setUTCHours(nextHour.getUTCHours() + 1);
  if (settings.schedule === 'hourly') return nextHour.toISOString();
  const ranToday =
    lastSync?.scheduled === true &&
    scheduleSlot('daily', new Date(lastSync.startedAt)) === scheduleSlot('daily', now);
  if (!ranToday) return nextHour.toISOString();
  const tomorrow = new Date(now);
  tomorrow.setUTCHours(24, 0, 0, 0);
  return tomorrow.toISOString();
}

export type SyncSettingsChanges = Partial<Omit<SyncSettings, 'savedAt'>>;

export const MIN_REMOVAL_SHARE = 0.01;

/**
 * Saves the changes over the settings in force; the contract checked the shapes, this checks the rules (a refusal
 * names the field, and the resolver answers it as `invalid-request`).
 */
export async function saveSyncSettings(
  deps: SyncDeps,
  changes: SyncSettingsChanges,
): Promise<SyncSettingsView> {
  const settings = syncSettingsStore(deps.store);
  const next: SyncSettings = {
    ...(await settings.load()),
    ...changes,
    savedAt: new Date(engineClock(deps)()).toISOString(),
  };
  if (!SYNC_SCHEDULES.includes(next.schedule))
    throw new InvalidRequestError('schedule', 'The schedule is off, hourly or daily.');
  if (!REMOVAL_POLICIES.includes(next.removalPolicy))
    throw new InvalidRequestError('removalPolicy', 'Removed entities are reported, marked or deleted.');
  if (
    !Number.isFinite(next.maxRemovalShare) ||
    next.maxRemovalShare < MIN_REMOVAL_SHARE ||
    next.maxRemovalShare > 1
  )
    throw new InvalidRequestError(
      'maxRemovalShare',
      'The share of imported entities a sync may remove is between 1% and 100%.',
    );
  const unknown = next.unsyncedFields.filter((field) => !SYNCED_FIELDS.includes(field));
  if (unknown.length > 0)
    throw new InvalidRequestError('unsyncedFields', 'Only the fields a sync writes can be left to Compass.');
  next.unsyncedFields = SYNCED_FIELDS.filter((field) => next.unsyncedFields.includes(field));
  // Deleting is a second, explicit choice: turned off whenever the policy is not 'delete'.
  if (next.removalPolicy !== 'delete') next.deleteConfirmed = false;
  await settings.save(next);
  return getSyncSettings(deps);
}
