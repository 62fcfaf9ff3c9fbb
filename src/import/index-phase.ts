// The index phase of a run: read every ref in the catalog (cheap: four fields), decide the work list and whether
// this read allows removals, and keep the refs and the same-name groups, from which every later invocation
// rebuilds the run's catalog index (src/core/mapping/catalog-index.ts) without reading the catalog again.
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
import { catalogBaselineStore } from '../storage/catalog-baseline-store';
import { entityStore } from '../storage/entity-store';
import { mappingStore } from '../storage/mapping-store';
import { runStore } from '../storage/run-store';
import { syncSettingsStore } from '../storage/sync-settings-store';
import { effectiveRemovalPolicy, judgeCatalogRead } from './catalog-baseline';
import { awaitsRemoval } from './removals-phase';
import { engineNow, engineSettings, type ImportEngineDeps } from './import-engine';
import type { ImportRun } from './import-run';

// The title too: two entities that become same-named components are warned about, catalog-wide.
const REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name', 'metadata.title'];

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

/** Phase index: every ref in the catalog, and the work list this run will process. */
export async function runIndexPhase(deps: ImportEngineDeps, run: ImportRun): Promise<void> {
  const runs = runStore(deps.store);
  const refs: string[] = [];
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
        const title = entity.metadata.title;
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
  await judgeRemovals(deps, run, { entityCount, reportedTotal: reportedTotal ?? 0, refs });
  run.indexChunks = await runs.saveRefList(run.runId, 'index', refs);
  const groups = [...new Set(sameNameGroups(named, config).values())];
  run.sameNameChunks = await runs.saveRefList(
    run.runId,
    'same-name',
    groups.flatMap((group) => [...group, GROUP_END]),
  );
  run.workChunks = await runs.saveRefList(run.runId, 'work', work);
  run.workTotal = work.length;
  run.counts.planned = work.length;
  run.phase = 'entities';
  run.cursor = 0;
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
): Promise<void> {
  const baselines = catalogBaselineStore(deps.store);
  const settings = await syncSettingsStore(deps.store).load();
  const policy = effectiveRemovalPolicy(settings);
  let removals: { removed: number; imported: number; maxShare: number } | undefined;
  if (run.selectionSize === null && read.entityCount >= read.reportedTotal) {
    const listed = new Set(read.refs.map((ref) => ref.toLowerCase()));
    const states = [...(await entityStore(deps.store).loadAllStates()).values()];
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
