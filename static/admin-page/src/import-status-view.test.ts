import type { ImportStatus } from './admin-operations';
import {
  canApplyHeldRemovals,
  heldRemovalsSummary,
  historyRemovalsHeldLine,
  outcomeCounts,
  relationshipsLinkedSummary,
  phaseLabel,
  progressFraction,
  progressSummary,
  shouldPoll,
  stateLozenge,
} from './import-status-view';
import { buildImportStatus } from './testing/admin-data';

/** A status of a running import unless `state` says otherwise. */
function status(overrides: Partial<ImportStatus>): ImportStatus {
  return buildImportStatus({ state: 'running', ...overrides });
}

describe('import status on the admin page', () => {
  it('gives every state its own lozenge', () => {
    const states: ImportStatus['state'][] = ['idle', 'running', 'done', 'failed', 'cancelled'];
    expect(states.map((state) => stateLozenge(state))).toEqual([
      { label: 'not started', appearance: 'default' },
      { label: 'running', appearance: 'inprogress' },
      { label: 'done', appearance: 'success' },
      { label: 'failed', appearance: 'removed' },
      { label: 'cancelled', appearance: 'moved' },
    ]);
  });

  it('measures progress as the share of planned entities processed', () => {
    expect(progressFraction(status({ total: 40, done: 10 }))).toBe(0.25);
    expect(progressFraction(status({ total: 40, done: 40 }))).toBe(1);
  });

  it('has no progress figure while the total is unknown (the bar is indeterminate), and is full when done', () => {
    expect(progressFraction(status({ total: 0, done: 0, phase: 'index' }))).toBeUndefined();
    expect(progressFraction(status({ state: 'done', total: 0, done: 0 }))).toBe(1);
  });

  it('never reports more than all of it, even if a redelivered slice counted twice', () => {
    expect(progressFraction(status({ total: 10, done: 12 }))).toBe(1);
  });

  it('summarises the progress in words', () => {
    expect(progressSummary(status({ state: 'idle' }))).toBe('No import has run yet.');
    expect(progressSummary(status({ total: 0 }))).toBe('Counting the entities to import…');
    expect(progressSummary(status({ total: 1234, done: 12 }))).toBe('12 of 1,234 entities');
    expect(progressSummary(status({ state: 'done', total: 1, done: 1 }))).toBe('1 of 1 entity');
  });

  it('names the phase a running import is in', () => {
    expect(phaseLabel('relationships')).toBe('linking relationships');
    expect(phaseLabel(undefined)).toBeUndefined();
  });

  it('lists the outcome counts in a fixed order', () => {
    const counts = outcomeCounts(status({ created: 5, updated: 4, unchanged: 3, skipped: 2, failed: 1 }));
    expect(counts.map((count) => [count.key, count.count])).toEqual([
      ['created', 5],
      ['updated', 4],
      ['unchanged', 3],
      ['skipped', 2],
      ['failed', 1],
    ]);
  });

  it('colours a count by its meaning, but a zero count is neutral (no red "0 failed")', () => {
    const clean = outcomeCounts(status({ created: 5, skipped: 0, failed: 0 }));
    expect(clean.map((count) => [count.key, count.appearance])).toEqual([
      ['created', 'success'],
      ['updated', 'default'],
      ['unchanged', 'default'],
      ['skipped', 'default'],
      ['failed', 'default'],
    ]);
    const failing = outcomeCounts(status({ skipped: 2, failed: 1 }));
    expect(failing.find((count) => count.key === 'failed')?.appearance).toBe('removed');
    expect(failing.find((count) => count.key === 'skipped')?.appearance).toBe('moved');
  });

  it('says how many relationships a run linked', () => {
    expect(relationshipsLinkedSummary({ relationshipsAdded: 1 })).toBe('1 relationship linked');
    expect(relationshipsLinkedSummary({ relationshipsAdded: 1200 })).toBe('1,200 relationships linked');
  });

  it('counts the relationship removals a run held back, in words', () => {
    expect(heldRemovalsSummary(status({ state: 'done', relationshipsHeld: 1 }))).toBe(
      '1 relationship removal held back: that link stays in Compass.',
    );
    expect(heldRemovalsSummary(status({ relationshipsHeld: 1200 }))).toBe(
      '1,200 relationship removals held back: those links stay in Compass.',
    );
    expect(heldRemovalsSummary(status({ state: 'done' }))).toBe('No relationship was due for removal.');
    expect(heldRemovalsSummary(status({ state: 'running' }))).toBeUndefined();
    expect(historyRemovalsHeldLine(0)).toBe('Nothing removed');
    expect(historyRemovalsHeldLine(2)).toBe('Nothing removed (2 relationship removals held back)');
  });

  it('offers to apply held removals only after a shrink, never after an incomplete read or during a run', () => {
    const held = (reason: 'read-incomplete' | 'catalog-shrank') => ({ reason, message: 'why' });
    expect(canApplyHeldRemovals(status({ state: 'done', removalsHeld: held('catalog-shrank') }))).toBe(true);
    expect(canApplyHeldRemovals(status({ state: 'failed', removalsHeld: held('catalog-shrank') }))).toBe(
      true,
    );
    expect(canApplyHeldRemovals(status({ state: 'running', removalsHeld: held('catalog-shrank') }))).toBe(
      false,
    );
    expect(canApplyHeldRemovals(status({ state: 'done', removalsHeld: held('read-incomplete') }))).toBe(
      false,
    );
    expect(canApplyHeldRemovals(status({ state: 'done' }))).toBe(false);
  });

  it('polls only while an import runs', () => {
    expect(shouldPoll(undefined)).toBe(false);
    expect(shouldPoll({ state: 'running' })).toBe(true);
    expect(
      ['idle', 'done', 'failed', 'cancelled'].map((state) => shouldPoll({ state } as ImportStatus)),
    ).toEqual([false, false, false, false]);
  });
});
