// How the Sync tab's data reads: the schedule and removal policy as choices with what each does, the last sync's
// counts, the circuit breaker's refusal, what was done to each removed entity, and the drift's values. Pure, so the
// wording is tested without a browser.
import { formatTimestamp } from '../../shared/format-time';
import { compassTypeTitle, plural, removalPolicyTitle, syncScheduleTitle } from '../../shared/plain-words';
import type { BreakerReason, RemovalPolicy, RemovalsView, SyncSettingsView } from './admin-operations';
import {
  REMOVAL_POLICIES,
  SYNC_SCHEDULES,
  type SyncSchedule,
} from '../../../src/storage/sync-settings-store';

export interface Choice<T extends string> {
  value: T;
  label: string;
}

export const SCHEDULE_CHOICES: Choice<SyncSchedule>[] = SYNC_SCHEDULES.map((value) => ({
  value,
  label: syncScheduleTitle(value),
}));

export const POLICY_CHOICES: Choice<RemovalPolicy>[] = REMOVAL_POLICIES.map((value) => ({
  value,
  label: removalPolicyTitle(value),
}));

/** What a schedule does, in a sentence under the choice. */
export function scheduleDescription(schedule: SyncSchedule): string {
  switch (schedule) {
    case 'off':
      return 'Compass is updated only when you import or click Sync now.';
    case 'hourly':
      return 'Every hour the app reads what changed in Backstage and writes only that to Compass.';
    case 'daily':
      return 'Once a day the app reads what changed in Backstage and writes only that to Compass.';
  }
}

/** What a removal policy does to a component whose entity is no longer in Backstage. */
export function policyDescription(policy: RemovalPolicy, deleteConfirmed: boolean): string {
  switch (policy) {
    case 'report':
      return 'The component stays in Compass as it is; the entity is listed here and in the results.';
    case 'mark':
      return 'The component gets the label backstage-removed and keeps its lifecycle; the app removes the relationships it made to and from it.';
    case 'delete':
      return deleteConfirmed
        ? 'The component is deleted from Compass, with the metric values the app pushed to it. This cannot be undone.'
        : 'Until you confirm deleting below, the component is only marked, as with Mark in Compass.';
  }
}

/** The breaker's threshold choices, in percent of the imported entities; the saved value is kept if it is another. */
export function thresholdChoices(current: number): Choice<string>[] {
  const shares = [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 1];
  if (!shares.some((share) => Math.abs(share - current) < 1e-9)) shares.push(current);
  return shares.sort((a, b) => a - b).map((share) => ({ value: String(share), label: percent(share) }));
}

export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

type LastSync = NonNullable<SyncSettingsView['lastSync']>;

/** "Last sync: Dec 4, 2026, 3:00 PM, on the schedule." or "A sync is running, started …". */
export function lastSyncHeadline(lastSync: LastSync | undefined, format = formatTimestamp): string {
  if (!lastSync) return 'No sync has run yet.';
  const how = lastSync.scheduled ? 'on the schedule' : 'started from this page';
  switch (lastSync.state) {
    case 'running':
      return `A sync is running, ${how} at ${format(lastSync.startedAt)}.`;
    case 'failed':
      return `The last sync, ${how} at ${format(lastSync.startedAt)}, stopped before the end.`;
    case 'cancelled':
      return `The last sync, ${how} at ${format(lastSync.startedAt)}, was cancelled.`;
    default:
      return `Last sync: ${format(lastSync.finishedAt ?? lastSync.startedAt)}, ${how}.`;
  }
}

/** What the last sync did, counts of zero left out: "1 component created, 2 updated, 1 renamed; 25 unchanged." */
export function lastSyncCounts(lastSync: LastSync | undefined): string | undefined {
  if (!lastSync) return undefined;
  // `marked` and `deleted` arrive with the removal policies (absent on older runs).
  const counts: LastSync['counts'] & { marked?: number; deleted?: number } = lastSync.counts;
  const changes = [
    counts.created > 0 && `${counts.created.toLocaleString('en')} created`,
    counts.updated > 0 && `${counts.updated.toLocaleString('en')} updated`,
    (counts.renamed ?? 0) > 0 && `${(counts.renamed ?? 0).toLocaleString('en')} renamed`,
    (counts.marked ?? 0) > 0 && `${(counts.marked ?? 0).toLocaleString('en')} marked as removed`,
    (counts.deleted ?? 0) > 0 && `${(counts.deleted ?? 0).toLocaleString('en')} deleted`,
    counts.orphaned > 0 && `${counts.orphaned.toLocaleString('en')} no longer in Backstage`,
  ].filter((part): part is string => typeof part === 'string');
  const trouble = [
    counts.failed > 0 && `${counts.failed.toLocaleString('en')} failed`,
    counts.skipped > 0 && `${counts.skipped.toLocaleString('en')} skipped`,
  ].filter((part): part is string => typeof part === 'string');
  const relationships =
    counts.relationshipsAdded + counts.relationshipsRemoved > 0
      ? `${plural(counts.relationshipsAdded, 'relationship', 'relationships')} linked, ${counts.relationshipsRemoved.toLocaleString('en')} removed.`
      : '';
  const components =
    changes.length === 0
      ? `Nothing changed: ${plural(counts.unchanged, 'component', 'components')} already up to date.`
      : `Components: ${changes.join(', ')}; ${counts.unchanged.toLocaleString('en')} unchanged.`;
  return [components, trouble.length ? `${trouble.join(', ')}: the Results tab says why.` : '', relationships]
    .filter(Boolean)
    .join(' ');
}

export function nextSyncLine(view: SyncSettingsView, format = formatTimestamp): string | undefined {
  if (view.settings.schedule === 'off') return 'No sync is scheduled.';
  return view.nextSyncAt ? `Next sync: about ${format(view.nextSyncAt)}.` : undefined;
}

const BREAKER_TITLES: Record<BreakerReason, string> = {
  'read-incomplete': 'Nothing was removed: the catalog read was incomplete',
  'catalog-shrank': 'Nothing was removed: the catalog shrank since the last complete read',
  'too-many': 'Nothing was removed: too many entities would go at once',
};

export type Breaker = NonNullable<RemovalsView['breaker']>;

/** The breaker's refusal as a title by its reason; the server's message under it gives the figures in words. */
export function breakerTitle(breaker: Pick<Breaker, 'reason'>): string {
  return (BREAKER_TITLES as Record<string, string>)[breaker.reason] ?? 'Nothing was removed';
}

const ACTION_WORDS: Record<RemovalsView['removed'][number]['action'], string> = {
  reported: 'Reported, left in Compass',
  marked: 'Marked in Compass',
  held: 'Held by the breaker',
};

export function removalActionTitle(action: string): string {
  return (ACTION_WORDS as Record<string, string>)[action] ?? 'Reported';
}

/** The Removed section's headline for a policy. */
export function removalsSummary(view: Pick<RemovalsView, 'total' | 'policy' | 'deleteConfirmed'>): string {
  if (view.total === 0) return 'Every imported entity is still in Backstage.';
  const what = plural(view.total, 'imported entity is', 'imported entities are');
  return `${what} no longer in Backstage. Policy: ${removalPolicyTitle(view.policy)}${
    view.policy === 'delete' && !view.deleteConfirmed ? ' (not confirmed, so marked)' : ''
  }.`;
}

/**
 * A drift value as the table shows it: the Compass type by its title, the owner team by its name (never its id: "A
 * team not found" when the site does not name it), an empty value said so; the rest (name, description, lifecycle,
 * labels, links) as the report gives it.
 */
export function driftValueInWords(
  field: string,
  value: string,
  teamName: (teamId: string) => string | undefined,
): string {
  if (value.trim() === '') return '(empty)';
  if (field === 'typeId') return compassTypeTitle(value);
  if (field === 'ownerId') return teamName(value) ?? 'A team not found';
  return value;
}
