// Removal safety: nothing is removed after a catalog read that may be incomplete. A read is judged against the last
// complete read's size (kept by src/storage/catalog-baseline-store.ts): a Backstage that is still loading after a restart serves fewer entities, and
// every relationship to an entity it has not loaded yet would otherwise look deleted.
import type { CatalogBaseline } from '../storage/catalog-baseline-store';

/** Share of the last complete read that may disappear before removals are held. */
export const DEFAULT_MAX_CATALOG_SHRINK = 0.1;

/** What one catalog read allows. */
export type RemovalVerdict =
  | { allowed: true }
  | {
      allowed: false;
      reason: 'read-incomplete' | 'catalog-shrank';
      /** The app's words, shown with the run. */
      message: string;
    };

export interface CatalogRead {
  /** Entities the read returned. */
  entityCount: number;
  /** The catalog's own count (totalItems) when the read started. */
  reportedTotal: number;
}

/**
 * Whether removals may follow this read. `applyRemovals` (an admin's explicit "apply anyway") overrides a shrink, never
 * a read that missed entities the catalog itself reported.
 */
export function judgeCatalogRead(
  read: CatalogRead,
  baseline: CatalogBaseline | undefined,
  options: { maxShrink: number; applyRemovals?: boolean },
): RemovalVerdict {
  if (read.entityCount < read.reportedTotal) {
    return {
      allowed: false,
      reason: 'read-incomplete',
      message:
        `The catalog read returned ${read.entityCount} of the ${read.reportedTotal} entities Backstage reported, so ` +
        'nothing was removed in this run (relationships stay as they were). Import again once Backstage answers in full.',
    };
  }
  if (!baseline || options.applyRemovals) return { allowed: true };
  const floor = Math.ceil(baseline.entityCount * (1 - options.maxShrink));
  if (read.entityCount >= floor) return { allowed: true };
  const share = Math.round((1 - read.entityCount / baseline.entityCount) * 100);
  return {
    allowed: false,
    reason: 'catalog-shrank',
    message:
      `Backstage served ${read.entityCount} entities, ${share}% fewer than the ${baseline.entityCount} of the last ` +
      'complete read, so nothing was removed in this run: Backstage may still be loading. If ' +
      'the entities were really deleted, import again and apply the removals.',
  };
}
