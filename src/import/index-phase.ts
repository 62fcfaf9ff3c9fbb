// The index phase of a run: read every ref in the catalog (cheap: six fields), decide the work list and whether
// this read allows removals, apply renames (same uid, new ref), and keep the refs and the same-name groups, from
// which every later invocation rebuilds the run's catalog index (src/core/mapping/catalog-index.ts) without reading
// the catalog again. A sync's work list holds only what the listing shows as changed (src/import/sync-changes.ts).
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { log } from '../core/log';
import {
  createMappingConfig,
  indexCatalogRefs,
  sameNameGroups,
  type CatalogIndex,
  type MappingConfig,
  type NamedEntityRow,
} from '../core/mapping';
import type { KeyValueStore } from '../core/ports';
import { mappingSignature } from '../core/sync';
import { catalogBaselineStore } from '../storage/catalog-baseline-store';
import { entityStore, type StoredEntityState } from '../storage/entity-store';
import { mappingStore } from '../storage/mapping-store';
import { runStore } from '../storage/run-store';
import { syncSettingsStore } from '../storage/sync-settings-store';
import { effectiveRemovalPolicy, judgeCatalogRead } from './catalog-baseline';
import { awaitsRemoval } from './removals-phase';
import { engineNow, engineSettings, type ImportEngineDeps } from './import-engine';
import type { ImportRun } from './import-run';
import { applyRenames, renamesToList } from './apply-renames';
import { changedIdentities, findRenames, type ListedEntity } from './sync-changes';

// The title too: two entities that become same-named components are warned about, catalog-wide. The uid finds
// renames; the etag tells a sync what changed.
const REF_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.uid',
  'metadata.etag',
];

/** Same-name groups are stored as one ref list, groups separated by this (no ref is empty). */
const GROUP_END = '';

/** The mapping in force for the run: the saved rules over the defaults. */
export async function runMappingConfig(store: KeyValueStore, run: ImportRun): Promise<MappingConfig> {
  const rules = await mappingStore(store).loadRules();
  return createMappingConfig({ backstageWebBaseUrl: run.backstageWebBaseUrl, ...rules });
}

/** The run's catalog index, rebuilt from what its index phase kept. */
export async function loadRunCatalogIndex(store: KeyValueStore, run: ImportRun): Promise<CatalogIndex> {
  const runs = runStore(store);
  const refs = await runs.loadRefList(run.runId, 'index', run.indexChunks);
  const groups: string[][] = [[]];
  for (const ref of await runs.loadRefList(run.runId, 'same-name', run.sameNameChunks ?? 0)) {
    if (ref === GROUP_END) groups.push([]);
    else groups[groups.length - 1]!.push(ref);
  }
  return indexCatalogRefs(
    refs,
    await runMappingConfig(store, run),
    groups.filter((group) => group.length > 1),
  );
}

/** Phase index: every ref in the catalog, the renames, and the work list this run will process. */
export async function runIndexPhase(deps: ImportEngineDeps, run: ImportRun): Promise<void> {
  const runs = runStore(deps.store);
  const refs: string[] = [];
  const listed: ListedEntity[] = [];
  const named: NamedEntityRow[] = [];
  let reportedTotal: number | undefined;
  let entityCount = 0;
  for await (const page of deps.catalog.queryAllEntities({ fields: REF_FIELDS })) {
    reportedTotal ??= page.totalItems;
    entityCount += page.items.length + page.invalid.length;
    for (const entity of page.items as Entity[]) {
      try {
        const ref = stringifyEntityRef(entity);
        refs.push(ref);
        const { title, uid, etag } = entity.metadata;
        listed.push({
          ref,
          ...(typeof uid === 'string' ? { uid } : {}),
          ...(typeof etag === 'string' ? { etag } : {}),
        });
        named.push({
          ref: ref.toLowerCase(),
          kind: entity.kind,
          name: entity.metadata.name,
          ...(typeof title === 'string' ? { title } : {}),
        });
      } catch {
        // An entity without kind or name cannot be imported; the catalog should not serve one.
      }
    }
  }
  refs.sort();
  const config = await runMappingConfig(deps.store, run);
  const index = indexCatalogRefs(refs, config);
  let work: string[];
  if (run.selectionSize === null) {
    // One entry per identity: a catalog serving `ok-entity` and `OK-Entity` holds one entity as far as Compass goes.
    const seen = new Set<string>();
    work = refs.filter((ref) => {
      const identity = ref.toLowerCase();
      if (!index.importedRefs.has(identity) || seen.has(identity)) return false;
      seen.add(identity);
      return true;
    });
  } else {
    // Selected refs missing from the catalog stay in the work list and are reported as skipped.
    const byIdentity = new Map(refs.map((ref) => [ref.toLowerCase(), ref]));
    const selection = await runs.loadRefList(run.runId, 'selection', run.selectionChunks);
    work = selection.map((ref) => byIdentity.get(ref.toLowerCase()) ?? ref);
  }
  run.indexChunks = await runs.saveRefList(run.runId, 'index', refs);
  const groups = [...new Set(sameNameGroups(named, config).values())];
  run.sameNameChunks = await runs.saveRefList(
    run.runId,
    'same-name',
    groups.flatMap((group) => [...group, GROUP_END]),
  );

  // Loaded once: renames move states first, so a renamed entity's old ref never counts as removed.
  const states = await entityStore(deps.store).loadAllStates();
  const renamed = await renameInPlace(deps, run, listed, work, states);
  await judgeRemovals(deps, run, { entityCount, reportedTotal: reportedTotal ?? 0, refs }, states);
  if (run.mode === 'sync') {
    const listedIds = new Set(refs.map((ref) => ref.toLowerCase()));
    const candidates = new Set(work.map((ref) => ref.toLowerCase()));
    const changed = changedIdentities({
      candidates: listed.filter((row) => candidates.has(row.ref.toLowerCase())),
      listedIds,
      states,
      mappingSignature: mappingSignature(config),
      sameName: new Set(groups.flat()),
      renamed,
    });
    const unchanged = work.length - work.filter((ref) => changed.has(ref.toLowerCase())).length;
    work = work.filter((ref) => changed.has(ref.toLowerCase()));
    // Unchanged entities are settled by the listing alone: counted, never read.
    run.counts.unchanged += unchanged;
    run.counts.done += unchanged;
    run.counts.planned += unchanged;
  }
  run.workChunks = await runs.saveRefList(run.runId, 'work', work);
  run.workTotal = work.length;
  run.counts.planned += work.length;
  run.phase = 'entities';
  run.cursor = 0;
}

/**
 * Finds and applies the renames among the entities this run imports; a rename that could not be applied takes its
 * entity out of the work list (reported failed). Answers the renamed identities.
 */
async function renameInPlace(
  deps: ImportEngineDeps,
  run: ImportRun,
  listed: readonly ListedEntity[],
  work: string[],
  states: Map<string, StoredEntityState & { entityRef: string }>,
): Promise<Set<string>> {
  const inWork = new Set(work.map((ref) => ref.toLowerCase()));
  const renames = findRenames(listed, states).filter(({ to }) => inWork.has(to));
  if (renames.length === 0) return new Set();
  const { applied, failed } = await applyRenames(deps, renames, states);
  if (failed.length > 0) {
    await entityStore(deps.store).saveResults(run.runId, failed);
    const out = new Set(failed.map((result) => result.entityRef));
    work.splice(0, work.length, ...work.filter((ref) => !out.has(ref.toLowerCase())));
    run.counts.failed += failed.length;
    run.counts.done += failed.length;
    run.counts.planned += failed.length;
  }
  run.renamedChunks = await runStore(deps.store).saveRefList(run.runId, 'renamed', renamesToList(applied));
  log.info('import.renamed', { runId: run.runId, renamed: applied.length, failed: failed.length });
  return new Set(applied.map(({ to }) => to));
}

/**
 * Decides whether this run may remove anything (the circuit breaker), and moves the baseline on after a read that
 * allows it. A run over the whole catalog also counts the imported entities the listing no longer has and the
 * removal policy still has something to do for (awaitsRemoval): an entity already reported or marked in an earlier
 * run is not counted again, so removals an admin applied once do not trip the breaker on every later run.
 */
async function judgeRemovals(
  deps: ImportEngineDeps,
  run: ImportRun,
  read: { entityCount: number; reportedTotal: number; refs: readonly string[] },
  storedStates: Map<string, StoredEntityState & { entityRef: string }>,
): Promise<void> {
  const baselines = catalogBaselineStore(deps.store);
  const settings = await syncSettingsStore(deps.store).load();
  const policy = effectiveRemovalPolicy(settings);
  let removals: { removed: number; imported: number; maxShare: number } | undefined;
  if (run.selectionSize === null && read.entityCount >= read.reportedTotal) {
    const listed = new Set(read.refs.map((ref) => ref.toLowerCase()));
    const states = [...storedStates.values()];
    removals = {
      removed: states.filter(
        (state) => !listed.has(state.entityRef.toLowerCase()) && awaitsRemoval(state, policy),
      ).length,
      imported: states.length,
      maxShare: settings.maxRemovalShare,
    };
  }
  run.removals = {
    ...judgeCatalogRead(
      { entityCount: read.entityCount, reportedTotal: read.reportedTotal },
      await baselines.load(),
      {
        maxShrink: engineSettings(deps).maxCatalogShrink,
        applyRemovals: run.applyRemovals === true,
        ...(removals ? { removals } : {}),
      },
    ),
    policy,
  };
  if (run.removals.allowed) {
    await baselines.save({ entityCount: read.entityCount, readAt: engineNow(deps) });
  } else {
    const { entityCount, reportedTotal } = read;
    log.warn('import.removals-held', {
      runId: run.runId,
      reason: run.removals.reason,
      entityCount,
      reportedTotal,
      ...(removals ? { removed: removals.removed, imported: removals.imported } : {}),
    });
  }
}
