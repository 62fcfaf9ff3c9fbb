// The schedule's sync: the hourly trigger asks whether the admin's schedule (off, hourly, daily) says a sync is due
// in this hour, claims the hour's (or the day's) slot so a trigger that runs twice starts one sync, and starts a
// sync like the admin's "Sync now". Days since change moves every day: a daily sync is also what keeps it current.
import type { KeyValueStore } from '../core/ports';
import { runStore } from '../storage/run-store';
import { syncSettingsStore, type SyncSchedule } from '../storage/sync-settings-store';
import { ImportRequestError, type ImportEngineDeps } from './import-engine';
import { runSyncNow } from './sync-settings';

export type ScheduledRunOutcome =
  | { started: true; runId: string }
  | {
      started: false;
      reason: 'schedule-off' | 'nothing-imported-yet' | 'slot-taken' | 'already-running';
    };

/** Who a scheduled run was started by, in the history's words (never a person). */
export const SCHEDULED_RUN_STARTER = 'the schedule';
/** What runs of the daily refresh that came before the schedule were recorded as. */
const EARLIER_SCHEDULED_STARTERS: readonly string[] = ['the daily schedule'];

export function isScheduledStarter(startedBy: string | undefined): boolean {
  return startedBy === SCHEDULED_RUN_STARTER || EARLIER_SCHEDULED_STARTERS.includes(startedBy ?? '');
}

/** The slot a schedule's sync claims at `at`: its UTC hour (`2026-12-04T15`) or day (`2026-12-04`). */
export function scheduleSlot(schedule: Exclude<SyncSchedule, 'off'>, at: Date): string {
  const iso = at.toISOString();
  return schedule === 'hourly' ? iso.slice(0, 13) : iso.slice(0, 10);
}

/** `engineFor` gives the engine of the last run's site (a trigger may not know its site otherwise). */
export async function startScheduledRun(
  store: KeyValueStore,
  engineFor: (cloudId: string) => Promise<ImportEngineDeps & { backstageBaseUrl: string }>,
  now: () => number = Date.now,
): Promise<ScheduledRunOutcome> {
  const settings = syncSettingsStore(store);
  const { schedule } = await settings.load();
  if (schedule === 'off') return { started: false, reason: 'schedule-off' };
  const last = await runStore(store).load();
  if (!last) return { started: false, reason: 'nothing-imported-yet' };
  const at = new Date(now());
  const slot = scheduleSlot(schedule, at);
  if (!(await settings.claimSlot(slot, at.toISOString()))) return { started: false, reason: 'slot-taken' };
  try {
    const deps = await engineFor(last.cloudId);
    const { runId } = await runSyncNow(deps, {
      cloudId: last.cloudId,
      backstageWebBaseUrl: deps.backstageBaseUrl,
      startedBy: SCHEDULED_RUN_STARTER,
    });
    return { started: true, runId };
  } catch (error) {
    // A run in progress (an admin's, or the last slot's still going) does the same work: nothing to add.
    if (error instanceof ImportRequestError && error.kind === 'already-running')
      return { started: false, reason: 'already-running' };
    // Not connected, or Backstage down: the slot's sync never started, so the next trigger run may start it.
    await settings.releaseSlot(slot);
    throw error;
  }
}
