// A sync's ripple pass. An entity new to the app may be the target of relationships from entities the sync did not
// read (unchanged in Backstage): their drafts now resolve a relationship to it. The entities phase collects the
// imported refs in the new entities' `relations`, and once its work list is done, those not yet processed are added
// to it, once: they go through the entities, relationships and metrics phases like the rest.
import type { CatalogIndex } from '../core/mapping';
import { runStore } from '../storage/run-store';
import type { ImportEngineDeps } from './import-engine';
import type { ImportRun } from './import-run';

/** Keeps the imported refs among `related` on the run's ripple list. */
export async function keepRippleRefs(
  deps: ImportEngineDeps,
  run: ImportRun,
  related: ReadonlySet<string>,
  index: CatalogIndex,
): Promise<void> {
  const imported = [...related].filter((ref) => index.importedRefs.has(ref));
  if (imported.length === 0) return;
  const runs = runStore(deps.store);
  const kept = await runs.loadRefList(run.runId, 'ripple', run.rippleChunks ?? 0);
  const merged = [...new Set([...kept, ...imported])].sort();
  if (merged.length === kept.length) return;
  run.rippleChunks = await runs.saveRefList(run.runId, 'ripple', merged);
}

/** Adds the ripple list's refs not yet in the work list to it; answers whether any were added. */
export async function addRipplePass(deps: ImportEngineDeps, run: ImportRun): Promise<boolean> {
  if (run.mode !== 'sync' || run.rippled) return false;
  run.rippled = true;
  const runs = runStore(deps.store);
  const ripple = await runs.loadRefList(run.runId, 'ripple', run.rippleChunks ?? 0);
  if (ripple.length === 0) return false;
  const work = await runs.loadRefList(run.runId, 'work', run.workChunks);
  const inWork = new Set(work.map((ref) => ref.toLowerCase()));
  // The work list holds refs as Backstage spells them (by-refs matches names case-sensitively).
  const spelled = new Map(
    (await runs.loadRefList(run.runId, 'index', run.indexChunks)).map((ref) => [ref.toLowerCase(), ref]),
  );
  // Within the run's selection, if it has one: only those were counted (unchanged) by the listing.
  const selected =
    run.selectionSize === null
      ? undefined
      : new Set(
          (await runs.loadRefList(run.runId, 'selection', run.selectionChunks)).map((ref) =>
            ref.toLowerCase(),
          ),
        );
  const added = ripple
    .filter((ref) => !inWork.has(ref) && spelled.has(ref) && (selected?.has(ref) ?? true))
    .map((ref) => spelled.get(ref)!);
  if (added.length === 0) return false;
  run.workChunks = await runs.saveRefList(run.runId, 'work', [...work, ...added]);
  run.workTotal += added.length;
  run.counts.planned += added.length;
  // Counted unchanged by the listing; the pass counts them again by what it finds.
  run.counts.unchanged -= added.length;
  run.counts.done -= added.length;
  return true;
}
