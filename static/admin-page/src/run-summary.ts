// How a finished run reads in its summary: what changed, what was linked, what needs attention and what to do
// next. Pure, so the wording is tested without a browser.
import type { ImportStatus } from './admin-operations';
import { plural } from '../../shared/plain-words';

export interface AfterRunSummary {
  changed: string;
  relationships: string;
  /** One line per kind of trouble; empty on a clean run. */
  attention: string[];
  next: string;
}

export function afterRunSummary(status: ImportStatus): AfterRunSummary {
  const changed = `${plural(status.created, 'component', 'components')} created, ${status.updated.toLocaleString('en')} updated, ${status.unchanged.toLocaleString('en')} unchanged.`;
  const removed =
    status.relationshipsRemoved > 0 ? `, ${status.relationshipsRemoved.toLocaleString('en')} removed` : '';
  const relationships = `${plural(status.relationshipsAdded, 'relationship', 'relationships')} linked${removed}.`;
  const attention = [
    status.failed > 0 &&
      `${plural(status.failed, 'entity', 'entities')} failed: see why in Results and retry them.`,
    status.skipped > 0 &&
      `${plural(status.skipped, 'entity was', 'entities were')} skipped: Results says why.`,
    (status.withWarnings ?? 0) > 0 &&
      `${plural(status.withWarnings ?? 0, 'entity was', 'entities were')} imported with warnings: Results lists them.`,
    status.relationshipsFailed > 0 &&
      `${plural(status.relationshipsFailed, 'relationship', 'relationships')} could not be written.`,
    status.relationshipsUnresolved > 0 &&
      `${plural(status.relationshipsUnresolved, 'relationship points', 'relationships point')} at an entity with no Compass component.`,
    status.state === 'failed' && 'The import stopped before the end: start it again to go on.',
    status.state === 'cancelled' && 'The import was cancelled: start it again to import the rest.',
  ].filter((line): line is string => typeof line === 'string');
  const next =
    status.failed > 0
      ? 'Next: open Results to see the failures and retry them.'
      : status.state === 'done'
        ? 'Next: open the components in Compass. Import again whenever the catalog changes.'
        : 'Next: start the import again.';
  return { changed, relationships, attention, next };
}
