// The admin page's history: the last runs (newest first) with who started them, when, the selection size and
// the outcome counts. The engine adds a record when a run finishes, fails or is cancelled.
// Who started a run reaches the page as a name, never as an account id: the starters of everything answered are
// named in one batched lookup (PeopleDirectory: Compass's `users(accountIds)`, asked as the caller).
import type { KeyValueStore, PeopleDirectory } from '../core/ports';
import { isScheduledStarter } from '../import/scheduled-run';
import { historyStore, type RunHistoryEntry } from '../storage/history-store';

export type { RunHistoryEntry };

/** Something a run's starter is recorded on, as the page sees it: by name, never by account id. */
export type StarterNamed<T extends { startedBy?: string }> = Omit<T, 'startedBy'> & {
  /** The starter's display name when the platform can tell; absent for "an admin". */
  startedByName?: string;
  /** True when the scheduled trigger started the run rather than a person. */
  scheduled?: boolean;
};

/** A history entry as the page sees it. */
export type RunHistoryView = StarterNamed<RunHistoryEntry>;

/** Replaces each item's starter account id with the person's name, looked up once for all of them. */
export async function nameStarters<T extends { startedBy?: string }>(
  items: readonly T[],
  people: PeopleDirectory,
): Promise<StarterNamed<T>[]> {
  const accountIds = items.flatMap(({ startedBy }) =>
    startedBy && !isScheduledStarter(startedBy) ? [startedBy] : [],
  );
  const names = accountIds.length > 0 ? await people.displayNames(accountIds) : new Map<string, string>();
  return items.map(({ startedBy, ...rest }) => {
    if (isScheduledStarter(startedBy)) return { ...rest, scheduled: true };
    const name = startedBy ? names.get(startedBy) : undefined;
    return name ? { ...rest, startedByName: name } : rest;
  });
}

/** A directory that names nobody: every starter reads "an admin". */
export const NOBODY_NAMED: PeopleDirectory = { displayNames: async () => new Map() };

export async function getHistory(
  store: KeyValueStore,
  people: PeopleDirectory = NOBODY_NAMED,
): Promise<{ runs: RunHistoryView[] }> {
  return { runs: await nameStarters(await historyStore(store).load(), people) };
}
