// How an import status reads on the page: pure, so the wording and the progress arithmetic are tested
// without a browser.
import type { ImportStatus } from './admin-operations';
import { plural } from '../../shared/plain-words';

export type LozengeAppearance = 'default' | 'inprogress' | 'success' | 'removed' | 'moved';

/** How a state, action or outcome reads on the page: its words and its lozenge's colour. */
export interface LozengeLook<Appearance extends string = LozengeAppearance> {
  label: string;
  appearance: Appearance;
}

export const STATUS_POLL_INTERVAL_MS = 2000;

const STATE_LOZENGES: Record<ImportStatus['state'], LozengeLook> = {
  idle: { label: 'not started', appearance: 'default' },
  running: { label: 'running', appearance: 'inprogress' },
  done: { label: 'done', appearance: 'success' },
  failed: { label: 'failed', appearance: 'removed' },
  cancelled: { label: 'cancelled', appearance: 'moved' },
};

export function stateLozenge(state: ImportStatus['state']): LozengeLook {
  return STATE_LOZENGES[state];
}

/** Share of the planned entities processed, 0..1; undefined while the total is not known yet (indexing). */
export function progressFraction(status: Pick<ImportStatus, 'state' | 'total' | 'done'>): number | undefined {
  if (status.state === 'done') return 1;
  if (status.total <= 0) return undefined;
  return Math.min(1, status.done / status.total);
}

const PHASE_LABELS: Record<NonNullable<ImportStatus['phase']>, string> = {
  index: 'reading the catalog',
  entities: 'importing entities',
  relationships: 'linking relationships',
  metrics: 'pushing scorecard metrics',
  orphans: 'looking for removed entities',
  cleanup: 'tidying up older runs',
  finished: 'finished',
};

export function phaseLabel(phase: ImportStatus['phase']): string | undefined {
  return phase ? PHASE_LABELS[phase] : undefined;
}

/** "12 of 40 entities", or "reading the catalog" before the total is known. */
export function progressSummary(status: ImportStatus): string {
  if (status.state === 'idle') return 'No import has run yet.';
  if (status.total <= 0 && status.state === 'running') return 'Counting the entities to import…';
  return `${status.done.toLocaleString('en')} of ${plural(status.total, 'entity', 'entities')}`;
}

export interface OutcomeCount {
  key: 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed';
  label: string;
  count: number;
  appearance: LozengeAppearance;
}

/** A count's lozenge colour: its meaning's, but neutral at zero (no red "0 failed" or yellow "0 skipped"). */
export function countAppearance<Appearance extends string>(
  count: number,
  appearance: Appearance,
): Appearance | 'default' {
  return count === 0 ? 'default' : appearance;
}

const OUTCOME_APPEARANCES: Record<OutcomeCount['key'], LozengeAppearance> = {
  created: 'success',
  updated: 'inprogress',
  unchanged: 'default',
  skipped: 'moved',
  failed: 'removed',
};

export function outcomeCounts(status: ImportStatus): OutcomeCount[] {
  const counts: Omit<OutcomeCount, 'appearance'>[] = [
    { key: 'created', label: 'created', count: status.created },
    { key: 'updated', label: 'updated', count: status.updated },
    { key: 'unchanged', label: 'unchanged', count: status.unchanged },
    { key: 'skipped', label: 'skipped', count: status.skipped },
    { key: 'failed', label: 'failed', count: status.failed },
  ];
  return counts.map((count) => ({
    ...count,
    appearance: countAppearance(count.count, OUTCOME_APPEARANCES[count.key]),
  }));
}

/** "12 relationships linked": what a run added between components (the run records it as relationshipsAdded). */
export function relationshipsLinkedSummary(status: Pick<ImportStatus, 'relationshipsAdded'>): string {
  return `${plural(status.relationshipsAdded, 'relationship', 'relationships')} linked`;
}

export function shouldPoll(status: Pick<ImportStatus, 'state'> | undefined): boolean {
  return status?.state === 'running';
}

/**
 * "3 relationship removals held back…": what a run that removed nothing kept. Undefined while a run has not held any
 * yet (the relationships phase comes late in a run).
 */
export function heldRemovalsSummary(
  status: Pick<ImportStatus, 'state' | 'relationshipsHeld'>,
): string | undefined {
  const held = status.relationshipsHeld;
  if (held > 0)
    return `${plural(held, 'relationship removal', 'relationship removals')} held back: ${held === 1 ? 'that link stays' : 'those links stay'} in Compass.`;
  return status.state === 'running' ? undefined : 'No relationship was due for removal.';
}

/** The history's short line for a run that removed nothing. */
export function historyRemovalsHeldLine(relationshipsHeld: number): string {
  return relationshipsHeld > 0
    ? `Nothing removed (${plural(relationshipsHeld, 'relationship removal', 'relationship removals')} held back)`
    : 'Nothing removed';
}

/**
 * Whether the admin may import again applying the removals this run held: only when the catalog shrank (it may have
 * really lost entities), never after a read that missed entities Backstage reported, and not while a run is going.
 */
export function canApplyHeldRemovals(status: Pick<ImportStatus, 'state' | 'removalsHeld'>): boolean {
  return status.removalsHeld?.reason === 'catalog-shrank' && status.state !== 'running';
}
