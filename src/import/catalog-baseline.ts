// Removal safety (the circuit breaker): nothing is removed after a catalog read that may be incomplete, or that
// would remove more than a set share of what the app imported. A read is judged against the last complete read's
// size (kept by src/storage/catalog-baseline-store.ts): a Backstage that is still loading after a restart serves
// fewer entities, and every relationship to an entity it has not loaded yet would otherwise look deleted. A read over
// the whole catalog is also judged by how many imported entities it no longer lists: a catalog location removed by
// mistake, or a wrong filter, must not take a tenth of Compass with it.
import type { CatalogBaseline } from '../storage/catalog-baseline-store';
import type { RemovalPolicy, SyncSettings } from '../storage/sync-settings-store';

/** Share of the last complete read that may disappear before removals are held. */
export const DEFAULT_MAX_CATALOG_SHRINK = 0.1;

export type RemovalHoldReason = 'read-incomplete' | 'catalog-shrank' | 'too-many';

/** How many imported entities a read over the whole catalog no longer lists (absent for a selection's run). */
export interface RemovalShare {
  /** Imported entities (not already handled as removed) the listing no longer has. */
  removed?: number;
  /** Imported entities not already handled as removed. */
  imported?: number;
  /** removed / imported. */
  share?: number;
  /** The share above which removals are refused (`SyncSettings.maxRemovalShare`). */
  threshold?: number;
}

/** What one catalog read allows. */
export type RemovalVerdict = RemovalShare & {
  /** The removal policy in force for the run, the one the removals phase applies (absent in older runs: report). */
  policy?: RemovalPolicy;
} & (
    | { allowed: true }
    | {
        allowed: false;
        reason: RemovalHoldReason;
        /** The app's words, shown with the run. */
        message: string;
      }
  );

export interface CatalogRead {
  /** Entities the read returned. */
  entityCount: number;
  /** The catalog's own count (totalItems) when the read started. */
  reportedTotal: number;
}

/**
 * Whether removals may follow this read. `applyRemovals` (an admin's explicit "apply anyway") overrides a shrink or
 * a share over the threshold, never a read that missed entities the catalog itself reported.
 */
export function judgeCatalogRead(
  read: CatalogRead,
  baseline: CatalogBaseline | undefined,
  options: {
    maxShrink: number;
    applyRemovals?: boolean;
    /** Imported entities the read no longer lists, for a read over the whole catalog. */
    removals?: { removed: number; imported: number; maxShare: number };
  },
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
  const counted = options.removals ? shareOf(options.removals) : {};
  if (baseline && !options.applyRemovals) {
    const floor = Math.ceil(baseline.entityCount * (1 - options.maxShrink));
    if (read.entityCount < floor) {
      const share = Math.round((1 - read.entityCount / baseline.entityCount) * 100);
      return {
        ...counted,
        allowed: false,
        reason: 'catalog-shrank',
        message:
          `Backstage served ${read.entityCount} entities, ${share}% fewer than the ${baseline.entityCount} of the last ` +
          'complete read, so nothing was removed in this run: Backstage may still be loading. If ' +
          'the entities were really deleted, import again and apply the removals.',
      };
    }
  }
  const removals = options.removals;
  if (removals && !options.applyRemovals && counted.share! > removals.maxShare) {
    return {
      ...counted,
      allowed: false,
      reason: 'too-many',
      message:
        `${removals.removed} of the ${removals.imported} imported entities (${percent(counted.share!)}) are no longer ` +
        `in Backstage, more than the ${percent(removals.maxShare)} a run may remove, so nothing was removed in this ` +
        'run. If they were really deleted from Backstage, apply the removals anyway.',
    };
  }
  return { ...counted, allowed: true };
}

function shareOf(removals: { removed: number; imported: number; maxShare: number }): RemovalShare {
  return {
    removed: removals.removed,
    imported: removals.imported,
    share: removals.imported === 0 ? 0 : removals.removed / removals.imported,
    threshold: removals.maxShare,
  };
}

/** 0.125 -> "12.5%", 0.1 -> "10%". */
function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/** 'delete' deletes only where the admin confirmed it; otherwise it marks. */
export function effectiveRemovalPolicy(
  settings: Pick<SyncSettings, 'removalPolicy' | 'deleteConfirmed'>,
): RemovalPolicy {
  return settings.removalPolicy === 'delete' && !settings.deleteConfirmed ? 'mark' : settings.removalPolicy;
}
