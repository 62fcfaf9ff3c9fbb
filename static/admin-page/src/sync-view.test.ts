import { emptyCounts } from '../../../src/import/import-run';
import { DEFAULT_SYNC_SETTINGS } from '../../../src/storage/sync-settings-store';
import type { SyncSettingsView } from './admin-operations';
import { adoptionLine, decisionTitle } from './adoption-view';
import {
  breakerTitle,
  driftValueInWords,
  lastSyncCounts,
  lastSyncHeadline,
  nextSyncLine,
  policyDescription,
  POLICY_CHOICES,
  removalActionTitle,
  removalsSummary,
  SCHEDULE_CHOICES,
  thresholdChoices,
} from './sync-view';

const at = (iso: string) => `at(${iso})`;
type LastSync = NonNullable<SyncSettingsView['lastSync']>;
const lastSync = (
  overrides: Partial<LastSync> = {},
  counts: Partial<LastSync['counts'] & { marked: number }> = {},
): LastSync => ({
  runId: '20261204150000-0a1b2c3d',
  state: 'done',
  startedAt: '2026-12-04T15:00:00.000Z',
  finishedAt: '2026-12-04T15:01:00.000Z',
  scheduled: true,
  counts: { ...emptyCounts(), ...counts },
  ...overrides,
});

describe('the Sync tab in words', () => {
  it('offers the schedules and policies by their titles, never their codes', () => {
    expect(SCHEDULE_CHOICES.map((choice) => choice.label)).toEqual(['Off', 'Every hour', 'Every day']);
    expect(POLICY_CHOICES.map((choice) => choice.label)).toEqual([
      'Report only',
      'Mark in Compass',
      'Delete',
    ]);
  });

  it('says what each policy does, and that an unconfirmed delete only marks', () => {
    expect(policyDescription('report', false)).toMatch(/stays in Compass/);
    expect(policyDescription('mark', false)).toMatch(/label backstage-removed .* relationships/);
    expect(policyDescription('delete', true)).toMatch(/deleted from Compass.*cannot be undone/);
    expect(policyDescription('delete', false)).toMatch(/only marked/);
  });

  it('offers the breaker thresholds in percent, keeping a saved value that is not one of them', () => {
    expect(thresholdChoices(0.1).map((choice) => choice.label)).toEqual([
      '1%',
      '5%',
      '10%',
      '20%',
      '30%',
      '50%',
      '100%',
    ]);
    expect(thresholdChoices(0.15).map((choice) => choice.label)).toContain('15%');
  });

  it('tells the last sync: when, how it started, its counts with zeros left out', () => {
    expect(lastSyncHeadline(undefined)).toBe('No sync has run yet.');
    expect(lastSyncHeadline(lastSync(), at)).toBe(
      'Last sync: at(2026-12-04T15:01:00.000Z), on the schedule.',
    );
    expect(lastSyncHeadline(lastSync({ state: 'running', scheduled: false }), at)).toBe(
      'A sync is running, started from this page at at(2026-12-04T15:00:00.000Z).',
    );
    expect(lastSyncHeadline(lastSync({ state: 'failed' }), at)).toMatch(/stopped before the end/);
    expect(lastSyncCounts(lastSync({}, { unchanged: 27 }))).toBe(
      'Nothing changed: 27 components already up to date.',
    );
    expect(
      lastSyncCounts(
        lastSync(
          {},
          { created: 1, updated: 2, renamed: 1, marked: 3, unchanged: 20, failed: 1, relationshipsAdded: 2 },
        ),
      ),
    ).toBe(
      'Components: 1 created, 2 updated, 1 renamed, 3 marked as removed; 20 unchanged. 1 failed: the Results tab says why. 2 relationships linked, 0 removed.',
    );
  });

  it('names the next sync, or says none is scheduled', () => {
    const view = { settings: DEFAULT_SYNC_SETTINGS, nextSyncAt: '2026-12-05T00:00:00.000Z' };
    expect(nextSyncLine(view, at)).toBe('Next sync: about at(2026-12-05T00:00:00.000Z).');
    expect(nextSyncLine({ settings: { ...DEFAULT_SYNC_SETTINGS, schedule: 'off' } })).toBe(
      'No sync is scheduled.',
    );
  });

  it('titles the breaker by its reason', () => {
    expect(breakerTitle({ reason: 'too-many' })).toBe(
      'Nothing was removed: too many entities would go at once',
    );
    expect(breakerTitle({ reason: 'read-incomplete' })).toBe(
      'Nothing was removed: the catalog read was incomplete',
    );
    expect(breakerTitle({ reason: 'catalog-shrank' })).toBe(
      'Nothing was removed: the catalog shrank since the last complete read',
    );
  });

  it('says what was done to each removed entity and sums the list up by policy', () => {
    expect(removalActionTitle('marked')).toBe('Marked in Compass');
    expect(removalActionTitle('held')).toBe('Held by the breaker');
    expect(removalsSummary({ total: 0, policy: 'report', deleteConfirmed: false })).toBe(
      'Every imported entity is still in Backstage.',
    );
    expect(removalsSummary({ total: 2, policy: 'delete', deleteConfirmed: false })).toBe(
      '2 imported entities are no longer in Backstage. Policy: Delete (not confirmed, so marked).',
    );
  });

  it('words drift values: types by title, owner teams by name, empty values said so', () => {
    const teams = new Map([['ari:cloud:identity::team/data', 'Data']]);
    const teamName = (id: string) => teams.get(id);
    expect(driftValueInWords('typeId', 'DATA_PIPELINE', teamName)).toBe('Data pipeline');
    expect(driftValueInWords('ownerId', 'ari:cloud:identity::team/data', teamName)).toBe('Data');
    expect(driftValueInWords('ownerId', 'ari:cloud:identity::team/gone', teamName)).toBe('A team not found');
    expect(driftValueInWords('description', ' ', teamName)).toBe('(empty)');
    expect(driftValueInWords('lifecycle', 'Pre-release', teamName)).toBe('Pre-release');
  });

  it('words a match with an existing component and the admin’s decision', () => {
    expect(adoptionLine('Payment Gateway', 'repository')).toBe('Matches Payment Gateway (same repository)');
    expect(adoptionLine('Payment Gateway', 'name')).toBe('Matches Payment Gateway (same name)');
    expect(decisionTitle('create')).toBe('A new component will be created');
  });
});
