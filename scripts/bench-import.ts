// `npm run bench:import`: the import benchmark of issue 3. N generated Components (plus the fixture catalog) are
// served by a real Backstage backend or, with `--catalog synthetic`, by an in-process catalog, and imported by the
// sync engine (Forge-style queue, in-memory kvs) into the local Compass answering every request after `--latency`
// ms. Then an unchanged re-sync on the same state (a full read), the sync pass (an unchanged delta sync, then one
// after 1% of the components changed in Backstage: real backend only), then the naive baseline (the SDK's createComponent per entity,
// one after another) into a Compass of its own. Prints a table, or with --json one JSON object, with the figures
// and whether each target of issue 3 was met. Progress goes to stderr.
//
//   npx tsx scripts/bench-import.ts [--entities 2000] [--catalog backstage|synthetic] [--latency 100] [--json]
//       [--skip-naive | --naive-sample K] [--slice-size N] [--lookup-batch N] [--write-batch N]
//       [--relationship-batch N] [--time-budget MS]
//
// Heap figures are the whole process: the engine, and also the local Compass, the in-memory kvs and (synthetic)
// the catalog. Run node with --expose-gc (NODE_OPTIONS=--expose-gc) to start from a collected heap.
import { getNamedType, isObjectType, type GraphQLObjectType } from 'graphql';
import { LocalCompass, loadCompassSubsetSchema } from '../sandbox/local-compass';
import { createMappingConfig } from '../src/core/mapping';
import type { ImportEngineOptions } from '../src/import/import-engine';
import { InMemoryKeyValueStore } from '../src/state/in-memory-key-value-store';
import {
  collectGarbage,
  consumerTimeoutSeconds,
  fixed,
  formatTargets,
  HeapSampler,
  MB,
  openCatalog,
  OWNER_TEAM_IDS,
  progress,
  progressReporter,
  runBench,
  runEngineImport,
  silenceAppLogs,
  targetsVerdict,
  TEAMS,
  parseBenchOptions,
  type BenchOptions,
  type Target,
} from './bench/engine-bench';
import { runNaiveImport, type NaiveImportResult } from './bench/naive-baseline';
import { textTable } from './text-table';

const TARGETS = {
  requestsPerNewEntity: 0.25,
  resyncWrites: 0,
  resyncRequestsPerEntity: 0.02,
  /** An unchanged sync reads at most this share of a full read's bytes, and sends no Compass request. */
  syncBytesShare: 0.15,
  syncRequests: 0,
  /** Compass requests per changed entity when 1% of the entities changed. */
  syncChangedRequests: 0.3,
  syncChangedShare: 0.01,
  speedupVsNaive: 10,
  /** The speed-up target is stated for this latency and size. */
  speedupAt: { latencyMs: 100, entities: 2000 },
  /** The completion, invocation and heap targets are stated for this size. */
  largeEntities: 10_000,
  peakHeapMB: 256,
} as const;

function parseOptions(argv: string[]): BenchOptions {
  return parseBenchOptions(argv, {
    'slice-size': 'sliceSize',
    'lookup-batch': 'lookupBatchSize',
    'write-batch': 'writeBatchSize',
    'relationship-batch': 'relationshipBatchSize',
    'time-budget': 'timeBudgetMs',
  });
}

/** Root fields of mutations (`compass.createComponent`), read from the local Compass's schema. */
function mutationRootFields(): Set<string> {
  const mutation = loadCompassSubsetSchema().getMutationType();
  const fields = new Set<string>();
  for (const [name, field] of Object.entries(mutation?.getFields() ?? {})) {
    const type = getNamedType(field.type);
    // The local Compass counts fields under the `compass` and `team` namespaces by their full path.
    if ((name === 'compass' || name === 'team') && isObjectType(type)) {
      for (const inner of Object.keys((type as GraphQLObjectType).getFields()))
        fields.add(`${name}.${inner}`);
    } else {
      fields.add(name);
    }
  }
  return fields;
}

function writesIn(byRootField: Record<string, number>, mutations: Set<string>): number {
  return Object.entries(byRootField)
    .filter(([field]) => mutations.has(field))
    .reduce((sum, [, count]) => sum + count, 0);
}

// ---- The benchmark -----------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  silenceAppLogs();
  const timeoutSeconds = consumerTimeoutSeconds();
  const mutations = mutationRootFields();
  const bench = await openCatalog(options);
  try {
    progress(`Catalog ready: ${bench.description} (${bench.setupSeconds.toFixed(1)} s)`);

    // ---- first import
    const compass = new LocalCompass({ latencyMs: options.latencyMs, teams: Object.values(TEAMS) });
    const store = new InMemoryKeyValueStore();
    const gcExposed = collectGarbage();
    const baselineHeapBytes = process.memoryUsage().heapUsed;
    const heap = new HeapSampler();
    const catalogRequestsBefore = bench.requests();
    const engineRun = (phase: string, mode?: 'sync') =>
      runEngineImport({
        ...(mode ? { mode } : {}),
        catalog: bench.catalog,
        compass,
        store,
        backstageWebBaseUrl: bench.backstageWebBaseUrl,
        engine: options.engine,
        consumerTimeoutMs: timeoutSeconds * 1000,
        heap,
        onInvocation: progressReporter(phase),
      });
    progress(`First import into the local Compass (latency ${options.latencyMs} ms) ...`);
    heap.start();
    const first = await engineRun('first import');
    const peakHeapBytes = heap.stop();
    // What stays after a gc is mostly the stand-ins' data (local Compass, kvs, catalog), not the engine's.
    const retainedHeapBytes = collectGarbage() ? process.memoryUsage().heapUsed : undefined;
    const firstStats = compass.stats();
    const catalogRequests = bench.requests() - catalogRequestsBefore;

    // ---- unchanged re-sync on the same state
    progress('Unchanged re-sync ...');
    compass.resetStats();
    const bytesBeforeResync = bench.bytes();
    const resync = await engineRun('re-sync');
    const fullReadBackstageBytes = bench.bytes() - bytesBeforeResync;
    const resyncStats = compass.stats();
    const componentsInCompass = compass.components().length;

    // ---- the sync pass: an unchanged delta sync, then one after some components changed in Backstage
    progress('Unchanged sync ...');
    compass.resetStats();
    const bytesBeforeSync = bench.bytes();
    const unchangedSync = await engineRun('sync', 'sync');
    const syncBackstageBytes = bench.bytes() - bytesBeforeSync;
    const syncRequests = compass.stats().requests;
    let changedSync: { changed: number; requests: number; wallSeconds: number; updated: number } | undefined;
    if (bench.changeComponents) {
      progress(`Changing ${TARGETS.syncChangedShare * 100}% of the components in Backstage ...`);
      const changed = await bench.changeComponents(TARGETS.syncChangedShare);
      compass.resetStats();
      const run = await engineRun('sync after changes', 'sync');
      changedSync = {
        changed,
        requests: compass.stats().requests,
        wallSeconds: run.wallSeconds,
        updated: run.status.updated,
      };
    }

    // ---- the naive baseline, into a Compass of its own
    let naive: NaiveImportResult | undefined;
    if (!options.skipNaive) {
      const naiveCompass = new LocalCompass({
        latencyMs: options.latencyMs,
        teams: Object.values(TEAMS),
      });
      const planned = options.naiveSample ?? first.status.total;
      progress(
        `Naive import: SDK createComponent per entity, ${options.naiveSample ? `a sample of ${planned}` : `all ${planned}`} ...`,
      );
      let lastNaiveReport = performance.now();
      naive = await runNaiveImport({
        catalog: bench.catalog,
        compass: naiveCompass,
        mapping: createMappingConfig({
          backstageWebBaseUrl: bench.backstageWebBaseUrl,
          ownerTeamIds: OWNER_TEAM_IDS,
        }),
        ...(options.naiveSample ? { sample: options.naiveSample } : {}),
        onProgress: (done) => {
          if (performance.now() - lastNaiveReport < 10_000) return;
          lastNaiveReport = performance.now();
          progress(`  naive: ${done} of ${planned}`);
        },
      });
    }

    // ---- figures and targets
    const created = first.status.created;
    const planned = first.status.total;
    const requestsPerNewEntity = created > 0 ? firstStats.requests / created : null;
    const resyncWrites = writesIn(resyncStats.byRootField, mutations);
    const resyncRequestsPerEntity = planned > 0 ? resyncStats.requests / planned : null;
    const completed = first.status.state === 'done' && first.idle && first.deadEvents === 0;
    const speedupVsNaive = naive ? naive.wallSeconds / first.wallSeconds : null;
    const peakHeapMB = peakHeapBytes / MB;
    const isLarge = options.entities >= TARGETS.largeEntities;
    const speedupApplies =
      options.latencyMs === TARGETS.speedupAt.latencyMs && options.entities >= TARGETS.speedupAt.entities;
    const syncBytesShare = fullReadBackstageBytes > 0 ? syncBackstageBytes / fullReadBackstageBytes : null;
    const syncChangedRequests = changedSync ? changedSync.requests / Math.max(1, changedSync.changed) : null;
    const targets: Record<string, Target> = {
      syncBytesShare: {
        target: `an unchanged sync reads <= ${TARGETS.syncBytesShare * 100}% of a full read's Backstage bytes`,
        value: syncBytesShare,
        met: syncBytesShare !== null && syncBytesShare <= TARGETS.syncBytesShare,
        applies: options.entities >= TARGETS.speedupAt.entities,
      },
      syncRequests: {
        target: 'an unchanged sync sends 0 Compass requests',
        value: syncRequests,
        met: syncRequests === TARGETS.syncRequests,
        applies: true,
      },
      syncChangedRequests: {
        target: `${TARGETS.syncChangedShare * 100}% of the entities changed: <= ${TARGETS.syncChangedRequests} Compass requests per changed entity`,
        value: syncChangedRequests,
        met: syncChangedRequests === null ? null : syncChangedRequests <= TARGETS.syncChangedRequests,
        applies: options.catalog === 'backstage',
        ...(changedSync ? {} : { note: 'changing entities needs the real Backstage (--catalog backstage)' }),
      },
      requestsPerNewEntity: {
        target: `<= ${TARGETS.requestsPerNewEntity} Compass requests per new entity on a first import`,
        value: requestsPerNewEntity,
        met: requestsPerNewEntity !== null && requestsPerNewEntity <= TARGETS.requestsPerNewEntity,
        applies: true,
      },
      resyncWrites: {
        target: 'an unchanged re-sync makes 0 writes',
        value: resyncWrites,
        met: resyncWrites === TARGETS.resyncWrites,
        applies: true,
      },
      resyncRequestsPerEntity: {
        target: `an unchanged re-sync makes <= ${TARGETS.resyncRequestsPerEntity} requests per entity`,
        value: resyncRequestsPerEntity,
        met: resyncRequestsPerEntity !== null && resyncRequestsPerEntity <= TARGETS.resyncRequestsPerEntity,
        applies: true,
      },
      speedupVsNaive: {
        target: `>= ${TARGETS.speedupVsNaive}x faster than the naive baseline at ${TARGETS.speedupAt.latencyMs} ms latency for ${TARGETS.speedupAt.entities} entities`,
        value: speedupVsNaive,
        met: speedupVsNaive === null ? null : speedupVsNaive >= TARGETS.speedupVsNaive,
        applies: speedupApplies,
        ...(naive?.extrapolated
          ? { note: `naive time extrapolated from a sample of ${naive.created + naive.failed.length}` }
          : naive
            ? {}
            : { note: 'naive baseline skipped' }),
      },
      completes: {
        target: `${TARGETS.largeEntities} entities (--catalog synthetic): the import completes`,
        value: completed ? 1 : 0,
        met: completed,
        applies: isLarge && options.catalog === 'synthetic',
      },
      maxInvocationSeconds: {
        target: `no consumer invocation exceeds half of its ${timeoutSeconds} s timeout`,
        value: Math.max(first.maxInvocationSeconds, resync.maxInvocationSeconds),
        met: Math.max(first.maxInvocationSeconds, resync.maxInvocationSeconds) <= timeoutSeconds / 2,
        applies: isLarge && options.catalog === 'synthetic',
      },
      peakHeapMB: {
        target: `peak heap under ${TARGETS.peakHeapMB} MB (the whole process: local Compass and kvs included)`,
        value: peakHeapMB,
        met: peakHeapMB < TARGETS.peakHeapMB,
        applies: isLarge && options.catalog === 'synthetic',
      },
    };

    const report = {
      entities: options.entities,
      catalog: options.catalog,
      latencyMs: options.latencyMs,
      componentsPlanned: planned,
      componentsCreated: created,
      componentsInCompass,
      failed: first.status.failed,
      skipped: first.status.skipped,
      relationshipsAdded: first.status.relationshipsAdded,
      relationshipsUnresolved: first.status.relationshipsUnresolved,
      compassRequests: firstStats.requests,
      compassRequestsByOperation: firstStats.byOperation,
      compassWrites: writesIn(firstStats.byRootField, mutations),
      requestsPerNewEntity,
      catalogRequests,
      wallSeconds: first.wallSeconds,
      invocations: first.invocations,
      maxInvocationSeconds: first.maxInvocationSeconds,
      failedInvocations: first.failedInvocations,
      consumerTimeoutSeconds: timeoutSeconds,
      peakHeapMB,
      baselineHeapMB: baselineHeapBytes / MB,
      retainedHeapMB: retainedHeapBytes === undefined ? null : retainedHeapBytes / MB,
      gcExposed,
      resyncWrites,
      resyncRequests: resyncStats.requests,
      resyncRequestsPerEntity,
      resyncUnchanged: resync.status.unchanged,
      resyncWallSeconds: resync.wallSeconds,
      fullReadBackstageBytes,
      syncBackstageBytes,
      syncBytesShare,
      syncRequests,
      syncUnchanged: unchangedSync.status.unchanged,
      syncWallSeconds: unchangedSync.wallSeconds,
      syncChangedEntities: changedSync?.changed ?? null,
      syncChangedUpdated: changedSync?.updated ?? null,
      syncChangedCompassRequests: changedSync?.requests ?? null,
      syncChangedRequests,
      syncChangedWallSeconds: changedSync?.wallSeconds ?? null,
      naiveWallSeconds: naive?.wallSeconds ?? null,
      naiveMeasuredSeconds: naive?.measuredWallSeconds ?? null,
      naiveExtrapolated: naive?.extrapolated ?? null,
      naiveComponentsCreated: naive?.created ?? null,
      naiveRequestsPerEntity: naive ? naive.compassRequests / Math.max(1, naive.created) : null,
      speedupVsNaive,
      engineOptions: options.engine,
      catalogSetupSeconds: bench.setupSeconds,
      targets,
      ...targetsVerdict(targets),
    };

    if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else process.stdout.write(`${formatReport(report, naive)}\n`);
    if (!completed) process.exitCode = 1;
  } finally {
    await bench.stop();
  }
}

// ---- Printing -----------------------------------------------------------------------------------------------

function formatReport(
  report: {
    entities: number;
    catalog: string;
    latencyMs: number;
    componentsPlanned: number;
    componentsCreated: number;
    failed: number;
    relationshipsAdded: number;
    compassRequests: number;
    compassWrites: number;
    requestsPerNewEntity: number | null;
    catalogRequests: number;
    wallSeconds: number;
    invocations: number;
    maxInvocationSeconds: number;
    consumerTimeoutSeconds: number;
    peakHeapMB: number;
    baselineHeapMB: number;
    gcExposed: boolean;
    resyncWrites: number;
    resyncRequests: number;
    resyncRequestsPerEntity: number | null;
    resyncWallSeconds: number;
    fullReadBackstageBytes: number;
    syncBackstageBytes: number;
    syncBytesShare: number | null;
    syncRequests: number;
    syncWallSeconds: number;
    syncChangedEntities: number | null;
    syncChangedCompassRequests: number | null;
    syncChangedRequests: number | null;
    syncChangedWallSeconds: number | null;
    naiveWallSeconds: number | null;
    speedupVsNaive: number | null;
    engineOptions: Partial<ImportEngineOptions>;
    targets: Record<string, Target>;
    allApplicableTargetsMet: boolean;
    applicableTargetsNotMeasured: string[];
    retainedHeapMB: number | null;
  },
  naive: NaiveImportResult | undefined,
): string {
  const knobs = Object.entries(report.engineOptions)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  const naiveLine = !naive
    ? ['naive wall time', 'skipped']
    : [
        'naive wall time',
        `${naive.wallSeconds.toFixed(1)} s` +
          (naive.extrapolated
            ? ` EXTRAPOLATED from ${naive.created + naive.failed.length} of ${naive.components} (measured ${naive.measuredWallSeconds.toFixed(1)} s)`
            : ` measured, ${naive.created} components, ${naive.compassRequests} requests`),
      ];
  const figures = textTable([
    ['figure', 'value'],
    [
      'entities',
      `${report.entities} generated (${report.catalog} catalog), ${report.componentsPlanned} components planned`,
    ],
    ['Compass latency', `${report.latencyMs} ms per request`],
    ['engine options', knobs || 'defaults'],
    [
      'created / failed',
      `${report.componentsCreated} / ${report.failed}, ${report.relationshipsAdded} relationships`,
    ],
    ['compassRequests', `${report.compassRequests} (${report.compassWrites} mutation root fields)`],
    ['requestsPerNewEntity', fixed(report.requestsPerNewEntity, 4)],
    ['catalog requests', String(report.catalogRequests)],
    ['wallSeconds', `${report.wallSeconds.toFixed(1)} s in ${report.invocations} consumer invocations`],
    [
      'maxInvocationSeconds',
      `${report.maxInvocationSeconds.toFixed(1)} s (timeout ${report.consumerTimeoutSeconds} s)`,
    ],
    [
      'peakHeapMB',
      `${report.peakHeapMB.toFixed(1)} MB (before the import ${report.baselineHeapMB.toFixed(1)} MB` +
        (report.retainedHeapMB === null
          ? ', without --expose-gc)'
          : `, after it and a gc ${report.retainedHeapMB.toFixed(1)} MB)`),
    ],
    ['resyncWrites', String(report.resyncWrites)],
    [
      'resyncRequests',
      `${report.resyncRequests} (${fixed(report.resyncRequestsPerEntity, 4)} per entity), ${report.resyncWallSeconds.toFixed(1)} s`,
    ],
    ['fullReadBackstageBytes', `${report.fullReadBackstageBytes} (the re-sync: every entity in full)`],
    [
      'syncBackstageBytes',
      `${report.syncBackstageBytes} (${fixed(report.syncBytesShare === null ? null : report.syncBytesShare * 100, 1)}% of a full read), ` +
        `${report.syncRequests} Compass requests, ${report.syncWallSeconds.toFixed(1)} s`,
    ],
    [
      'syncChangedRequests',
      report.syncChangedEntities === null
        ? '- (needs --catalog backstage)'
        : `${fixed(report.syncChangedRequests, 3)} per changed entity (${report.syncChangedCompassRequests} requests for ` +
          `${report.syncChangedEntities} changed), ${fixed(report.syncChangedWallSeconds, 1)} s`,
    ],
    naiveLine,
    ['speedupVsNaive', report.speedupVsNaive === null ? '-' : `${report.speedupVsNaive.toFixed(1)}x`],
  ]);
  return [figures, '', formatTargets(report.targets)].join('\n');
}

runBench(main);
