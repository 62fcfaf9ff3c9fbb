// Where the admin's choices for staying in sync live (`sync-settings`): the schedule of the sync, what happens to a
// component whose entity left Backstage, the circuit breaker's threshold and the fields the organisation edits in
// Compass rather than Backstage. A scheduled sync also claims its slot here, so a trigger that runs twice starts once.
import type { KeyValueStore } from '../core/ports';
import { SYNC_SETTINGS_KEY, syncSlotKey } from './storage-keys';

export const SYNC_SCHEDULES = ['off', 'hourly', 'daily'] as const;
export type SyncSchedule = (typeof SYNC_SCHEDULES)[number];

/** What happens to a component whose entity is no longer in Backstage. */
export const REMOVAL_POLICIES = ['report', 'mark', 'delete'] as const;
export type RemovalPolicy = (typeof REMOVAL_POLICIES)[number];

/** The component fields a sync writes; each can be left to Compass (see `unsyncedFields`). */
export const SYNCED_FIELDS = [
  'name',
  'description',
  'typeId',
  'lifecycle',
  'ownerId',
  'labels',
  'links',
] as const;
export type SyncedField = (typeof SYNCED_FIELDS)[number];

export interface SyncSettings {
  schedule: SyncSchedule;
  removalPolicy: RemovalPolicy;
  /** 'delete' deletes only when the admin also turned this on; otherwise it acts as 'mark'. */
  deleteConfirmed: boolean;
  /** Share of the imported entities that may go in one run before the breaker refuses every removal. */
  maxRemovalShare: number;
  /** Fields the organisation edits in Compass: never written by a sync, never reported as drift. */
  unsyncedFields: SyncedField[];
  /** When an admin last saved these (absent: the defaults were never changed). */
  savedAt?: string;
}

/** Daily, like the daily refresh that came before it; removals only reported. */
export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  schedule: 'daily',
  removalPolicy: 'report',
  deleteConfirmed: false,
  maxRemovalShare: 0.1,
  unsyncedFields: [],
};

/** A slot's claim outlives the slot (an hour or a day) so a late duplicate trigger still finds it. */
export const SYNC_SLOT_TTL_SECONDS = 2 * 24 * 60 * 60;

export function syncSettingsStore(store: KeyValueStore) {
  return {
    /** The settings in force: what was saved over the defaults. */
    async load(): Promise<SyncSettings> {
      const saved = await store.get<Partial<SyncSettings>>(SYNC_SETTINGS_KEY);
      return { ...DEFAULT_SYNC_SETTINGS, ...saved };
    },
    save: (settings: SyncSettings) => store.set(SYNC_SETTINGS_KEY, settings),
    /** Answers whether this caller is the first to claim the slot (`2026-12-04T15` for an hour, `2026-12-04` for a day). */
    claimSlot: (slot: string, at: string) =>
      store.setIfAbsent(syncSlotKey(slot), { at }, { ttlSeconds: SYNC_SLOT_TTL_SECONDS }),
    /** Gives a slot back when its sync could not start, so the next trigger run tries again. */
    releaseSlot: (slot: string) => store.delete(syncSlotKey(slot)),
  };
}
