// `npm run bench:metrics`: the metrics benchmark of issue 11. N generated Components (plus the fixture catalog),
// served by a real Backstage backend or, with `--catalog synthetic`, by an in-process catalog, are imported by the
// sync engine with its metrics phase (Forge-style queue, in-memory kvs) into the local Compass answering every
// request after `--latency` ms. The metrics phase is measured alone: its Compass requests are counted by a
// transport of their own (the metrics gateway's), its wall time is the sum of the engine's `import.step` log lines
// of phase `metrics`. Then an unchanged re-push on the same state (a second import), then the naive push (the SDK's
// createMetricSource and insertMetricValueByExternalId per component and metric, one after another) of the same
// values to the same components. Prints a table, or with --json one JSON object, with the figures and whether each
// target of issue 11 was met. Progress goes to stderr.
//
//   npx tsx scripts/bench-metrics.ts [--entities 2000] [--catalog backstage|synthetic] [--latency 100] [--json]
//       [--skip-naive | --naive-sample K] [--slice-size N] [--time-budget MS] [--metric-batch N]
//
// Heap figures are the whole process: the engine, and also the local Compass, the in-memory kvs and (synthetic)
// the catalog. Run node with --expose-gc (NODE_OPTIONS=--expose-gc) to start from a collected heap.
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { LocalCompass } from '../sandbox/local-compass';
import { GraphqlCompassMetrics } from '../src/compass/graphql-compass-metrics';
import { withRetries, type RequestGraph } from '../src/compass/request-graph';
import { onLogLine } from '../src/core/log';
import { RUN_CHECKS_BATCH_SIZE } from '../src/backstage/tech-insights-client';
import type { TechInsights } from '../src/core/ports';
import { metricsInForce } from '../src/import/metrics-in-force';
import { rememberTechInsightsChecks } from '../src/import/tech-insights-choice';
import { InMemoryKeyValueStore } from '../src/state/in-memory-key-value-store';
import { metricStore, type MetricPushSummary } from '../src/storage/metric-store';
import {
  collectGarbage,
  compactJsonBytes,
  consumerTimeoutSeconds,
  fixed,
  formatTargets,
  HeapSampler,
  MB,
  openCatalog,
  progress,
  progressReporter,
  runBench,
  runEngineImport,
  silenceAppLogs,
  targetsVerdict,
  TEAMS,
  parseBenchOptions,
  type BenchCatalog,
  type BenchOptions,
  type Target,
} from './bench/engine-bench';
import {
  runNaiveMetricsPush,
  type NaiveMetricsComponent,
  type NaiveMetricsResult,
} from './bench/naive-metrics-baseline';
import { textTable } from './text-table';

const TARGETS = {
  requestsPerValue: 0.05,
  unchangedRequests: 0,
  speedupVsNaive: 10,
  /** The speed-up target is stated for this latency and size. */
  speedupAt: { latencyMs: 100, entities: 2000 },
  /** The completion and invocation targets are stated for this size (with the 10 built-in metrics). */
  largeEntities: 10_000,
} as const;

function parseOptions(argv: string[]): BenchOptions {
  return parseBenchOptions(argv, {
    'slice-size': 'sliceSize',
    'time-budget': 'timeBudgetMs',
    // Items per request of the metrics phase (its metricBatchSize, and the gateway's batchSize).
    'metric-batch': 'metricBatchSize',
  });
}

// ---- Measuring the metrics phase alone ----------------------------------------------------------------------

/** The metrics gateway's transport, counted: requests, and root fields as Compass counts them (each alias one). */
class RequestCounter {
  requests = 0;
  byRootField: Record<string, number> = {};
  /** Time spent waiting on Compass: its latency, and the local Compass's own work (it runs in this process). */
  compassMs = 0;

  wrap(inner: RequestGraph): RequestGraph {
    return async (query, variables, headers) => {
      this.requests += 1;
      for (const field of rootFieldsOf(query)) this.byRootField[field] = (this.byRootField[field] ?? 0) + 1;
      const started = performance.now();
      try {
        return await inner(query, variables, headers);
      } finally {
        this.compassMs += performance.now() - started;
      }
    };
  }

  reset(): void {
    this.requests = 0;
    this.byRootField = {};
    this.compassMs = 0;
  }
}

/** `compass.insertMetricValueByExternalId` once per aliased segment, as the local Compass's stats name them. */
function rootFieldsOf(query: string): string[] {
  const fields: string[] = [];
  for (const definition of parse(query).definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const selection of (definition as OperationDefinitionNode).selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) continue;
      const inner = selection.selectionSet?.selections ?? [];
      if (selection.name.value !== 'compass' || inner.length === 0) fields.push(selection.name.value);
      for (const field of inner) if (field.kind === Kind.FIELD) fields.push(`compass.${field.name.value}`);
    }
  }
  return fields;
}

/** The metrics phase's own wall time: the `ms` of every engine step of phase `metrics`, from the log lines. */
class MetricsStepClock {
  ms = 0;
  steps = 0;
  longestStepMs = 0;
  private readonly stop = onLogLine((line) => {
    const entry = JSON.parse(line) as { event?: string; phase?: string; ms?: number };
    if (entry.event !== 'import.step' || entry.phase !== 'metrics' || typeof entry.ms !== 'number') return;
    this.ms += entry.ms;
    this.steps += 1;
    this.longestStepMs = Math.max(this.longestStepMs, entry.ms);
  });

  reset(): void {
    this.ms = 0;
    this.steps = 0;
    this.longestStepMs = 0;
  }

  close(): void {
    this.stop();
  }
}

/** What the engine left in Compass, per component: the last value of each of its sources of the app's metrics. */
function pushedValues(compass: LocalCompass, definitionIds: Record<string, string>): NaiveMetricsComponent[] {
  const keyOf = new Map(Object.entries(definitionIds).map(([key, id]) => [id, key]));
  return compass.components().flatMap((component) => {
    const values: Record<string, number> = {};
    let externalMetricSourceId: string | undefined;
    for (const source of component.metricSources) {
      const key = keyOf.get(source.metricDefinitionId);
      const value = source.values.at(-1);
      if (key === undefined || value === undefined) continue;
      values[key] = value;
      externalMetricSourceId = source.externalMetricSourceId;
    }
    return externalMetricSourceId ? [{ componentId: component.id, externalMetricSourceId, values }] : [];
  });
}

// ---- Tech Insights -------------------------------------------------------------------------------------------

const syntheticRef = (i: number) => `component:default/synthetic-${String(i).padStart(5, '0')}`;

/** Until Tech Insights answers all five checks for the last generated component (bounded: 3 minutes). */
async function factsReady(techInsights: TechInsights, entities: number): Promise<void> {
  const ref = syntheticRef(entities - 1);
  const checkIds = (await techInsights.listChecks()).map((check) => check.id);
  for (const deadline = Date.now() + 180_000; Date.now() < deadline;) {
    const answer = (await techInsights.runChecks([ref], checkIds)).get(ref);
    if (answer?.ok && Object.keys(answer.results).length === checkIds.length) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('Tech Insights had no facts for the generated components within 3 minutes');
}

/**
 * What batch size `POST /checks/run` takes: one request each of growing sizes, its status, time and answer size
 * (a status other than 200 is the backend's limit: express.json's 100 kB body limit answers 413).
 */
async function probeRunBatchSizes(
  techInsights: NonNullable<BenchCatalog['techInsights']>,
  entities: number,
): Promise<{ entities: number; status: number; seconds: number; answerBytes: number }[]> {
  const checks = (await techInsights.client.listChecks()).map((check) => check.id);
  const rows = [];
  for (const size of [100, 500, 1000, 2000, 4000]) {
    const refs = Array.from({ length: size }, (_, i) => syntheticRef(i % entities));
    const started = performance.now();
    const response = await fetch(`${techInsights.baseUrl}/api/tech-insights/checks/run`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${techInsights.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ entities: refs, checks }),
    });
    const text = await response.text();
    rows.push({
      entities: size,
      status: response.status,
      seconds: (performance.now() - started) / 1000,
      answerBytes: compactJsonBytes(text),
    });
  }
  return rows;
}

// ---- The benchmark -----------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  silenceAppLogs();
  const timeoutSeconds = consumerTimeoutSeconds();
  const bench = await openCatalog(options);
  const stepClock = new MetricsStepClock();
  try {
    progress(`Catalog ready: ${bench.description} (${bench.setupSeconds.toFixed(1)} s)`);

    // ---- first import, with its metrics phase
    const compass = new LocalCompass({ latencyMs: options.latencyMs, teams: Object.values(TEAMS) });
    const store = new InMemoryKeyValueStore();
    const counter = new RequestCounter();
    const metrics = new GraphqlCompassMetrics({
      cloudId: compass.cloudId,
      requestGraph: withRetries(counter.wrap(compass.fetchApi().asApp().requestGraph)),
      ...(options.engine.metricBatchSize === undefined ? {} : { batchSize: options.engine.metricBatchSize }),
    });
    const gcExposed = collectGarbage();
    const baselineHeapBytes = process.memoryUsage().heapUsed;
    const heap = new HeapSampler();
    const engineRun = (phase: string) =>
      runEngineImport({
        catalog: bench.catalog,
        compass,
        store,
        backstageWebBaseUrl: bench.backstageWebBaseUrl,
        engine: options.engine,
        metrics,
        ...(techInsights ? { techInsights: techInsights.client } : {}),
        consumerTimeoutMs: timeoutSeconds * 1000,
        heap,
        onInvocation: progressReporter(phase),
      });
    const lastPush = async (): Promise<MetricPushSummary> => {
      const summary = await metricStore(store).loadLastPush();
      if (!summary) throw new Error('The run saved no metrics push: did it reach its metrics phase?');
      return summary;
    };
    // Tech Insights (the real backend only): detected as the connection test does, all its checks chosen, and its
    // fact retrievers given time to reach every generated entity before the import.
    const techInsights = bench.techInsights;
    if (techInsights) {
      await rememberTechInsightsChecks(
        store,
        await techInsights.client.listChecks(),
        new Date().toISOString(),
      );
      progress('Waiting for Tech Insights facts of every generated component ...');
      await factsReady(techInsights.client, options.entities);
      techInsights.counting.reset();
    }
    progress(
      `First import with its metrics phase into the local Compass (latency ${options.latencyMs} ms) ...`,
    );
    heap.start();
    const first = await engineRun('first import');
    const peakHeapBytes = heap.stop();
    const firstPush = await lastPush();
    const firstRequests = counter.requests;
    const firstByRootField = counter.byRootField;
    const compassSeconds = counter.compassMs / 1000;
    const metricsSeconds = stepClock.ms / 1000;
    const metricsSteps = stepClock.steps;
    const longestMetricsStepSeconds = stepClock.longestStepMs / 1000;
    const definitionIds = await metricStore(store).loadDefinitionIds();
    const inForce = metricsInForce(await metricStore(store).loadSettings());
    const definitions = inForce.enabled;
    const checksRequests = techInsights?.counting.requests ?? null;
    const checksBytes = techInsights?.counting.bytes ?? null;
    techInsights?.counting.reset();

    // ---- unchanged re-push on the same state
    progress('Unchanged re-push (a second import) ...');
    counter.reset();
    stepClock.reset();
    const again = await engineRun('re-push');
    const againPush = await lastPush();
    const unchangedRequests = counter.requests;
    const unchangedSeconds = stepClock.ms / 1000;
    const unchangedChecksRequests = techInsights?.counting.requests ?? null;
    const batchProbe = techInsights ? await probeRunBatchSizes(techInsights, options.entities) : null;

    // ---- the naive push of the same values to the same components
    let naive: NaiveMetricsResult | undefined;
    if (!options.skipNaive) {
      const components = pushedValues(compass, definitionIds);
      progress(
        `Naive push: SDK createMetricSource and insertMetricValueByExternalId per component and metric, ` +
          `${options.naiveSample ? `a sample of ${options.naiveSample}` : `all ${components.length}`} components ...`,
      );
      let lastNaiveReport = performance.now();
      naive = await runNaiveMetricsPush({
        compass,
        definitions,
        components,
        ...(options.naiveSample ? { sample: options.naiveSample } : {}),
        onProgress: (done) => {
          if (performance.now() - lastNaiveReport < 10_000) return;
          lastNaiveReport = performance.now();
          progress(`  naive: ${done} components`);
        },
      });
    }

    // ---- figures and targets
    const values = firstPush.valuesSent;
    const requestsPerValue = values > 0 ? firstRequests / values : null;
    const maxInvocationSeconds = Math.max(first.maxInvocationSeconds, again.maxInvocationSeconds);
    const completed =
      first.status.state === 'done' &&
      first.idle &&
      first.deadEvents === 0 &&
      firstPush.error === undefined &&
      firstPush.valuesFailed === 0;
    const speedupVsNaive = naive && metricsSeconds > 0 ? naive.wallSeconds / metricsSeconds : null;
    const isLarge = options.entities >= TARGETS.largeEntities;
    const speedupApplies =
      options.latencyMs === TARGETS.speedupAt.latencyMs && options.entities >= TARGETS.speedupAt.entities;
    const targets: Record<string, Target> = {
      requestsPerValue: {
        target: `<= ${TARGETS.requestsPerValue} Compass requests per value on a first push`,
        value: requestsPerValue,
        met: requestsPerValue !== null && requestsPerValue <= TARGETS.requestsPerValue,
        applies: true,
      },
      unchangedRequests: {
        target: 'an unchanged re-push makes 0 Compass requests',
        value: unchangedRequests,
        met: unchangedRequests === TARGETS.unchangedRequests,
        applies: true,
      },
      speedupVsNaive: {
        target: `>= ${TARGETS.speedupVsNaive}x faster than the naive push at ${TARGETS.speedupAt.latencyMs} ms latency for ${TARGETS.speedupAt.entities} entities`,
        value: speedupVsNaive,
        met: speedupVsNaive === null ? null : speedupVsNaive >= TARGETS.speedupVsNaive,
        applies: speedupApplies,
        ...(naive?.extrapolated
          ? { note: `naive time extrapolated from a sample of ${options.naiveSample} components` }
          : naive
            ? {}
            : { note: 'naive push skipped' }),
      },
      completes: {
        target: `${TARGETS.largeEntities} entities x ${definitions.length} metrics: the import and its push complete`,
        value: completed ? 1 : 0,
        met: completed,
        applies: isLarge,
      },
      maxInvocationSeconds: {
        target: `no consumer invocation exceeds half of its ${timeoutSeconds} s timeout`,
        value: maxInvocationSeconds,
        met: maxInvocationSeconds <= timeoutSeconds / 2,
        applies: isLarge,
      },
    };

    const report = {
      entities: options.entities,
      catalog: options.catalog,
      latencyMs: options.latencyMs,
      componentsPlanned: first.status.total,
      componentsCreated: first.status.created,
      metrics: definitions.length,
      values,
      valuesFailed: firstPush.valuesFailed,
      sourcesCreated: firstPush.sourcesCreated,
      definitionsCreated: firstPush.definitionsCreated,
      compassRequests: firstRequests,
      compassRequestsByRootField: firstByRootField,
      requestsPerValue,
      unchangedRequests,
      unchangedValuesSent: againPush.valuesSent,
      unchangedValuesUnchanged: againPush.valuesUnchanged,
      unchangedWallSeconds: unchangedSeconds,
      wallSeconds: metricsSeconds,
      compassSeconds,
      metricsSteps,
      longestMetricsStepSeconds,
      importWallSeconds: first.wallSeconds,
      invocations: first.invocations,
      maxInvocationSeconds,
      failedInvocations: first.failedInvocations + again.failedInvocations,
      consumerTimeoutSeconds: timeoutSeconds,
      peakHeapMB: peakHeapBytes / MB,
      baselineHeapMB: baselineHeapBytes / MB,
      gcExposed,
      naiveWallSeconds: naive?.wallSeconds ?? null,
      naiveMeasuredSeconds: naive?.measuredWallSeconds ?? null,
      naiveExtrapolated: naive?.extrapolated ?? null,
      naiveValuesSent: naive?.valuesSent ?? null,
      naiveCompassRequests: naive?.compassRequests ?? null,
      naiveFailures: naive?.failed.length ?? null,
      speedupVsNaive,
      metricBatchSize: options.engine.metricBatchSize ?? null,
      checksChosen: inForce.chosenCheckIds.length,
      checksRunBatchSize: RUN_CHECKS_BATCH_SIZE,
      checksRequests,
      checksRequestsPer1000Entities:
        checksRequests === null ? null : (checksRequests * 1000) / first.status.total,
      checksBytes,
      unchangedChecksRequests,
      checksBatchProbe: batchProbe,
      engineOptions: options.engine,
      catalogSetupSeconds: bench.setupSeconds,
      targets,
      ...targetsVerdict(targets),
    };

    if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else process.stdout.write(`${formatReport(report, naive)}\n`);
    if (!completed) process.exitCode = 1;
  } finally {
    stepClock.close();
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
    metrics: number;
    values: number;
    valuesFailed: number;
    sourcesCreated: number;
    definitionsCreated: number;
    compassRequests: number;
    requestsPerValue: number | null;
    unchangedRequests: number;
    unchangedValuesSent: number;
    wallSeconds: number;
    compassSeconds: number;
    metricsSteps: number;
    importWallSeconds: number;
    invocations: number;
    maxInvocationSeconds: number;
    consumerTimeoutSeconds: number;
    peakHeapMB: number;
    baselineHeapMB: number;
    speedupVsNaive: number | null;
    checksChosen: number;
    checksRequests: number | null;
    checksRequestsPer1000Entities: number | null;
    checksBytes: number | null;
    unchangedChecksRequests: number | null;
    checksBatchProbe: { entities: number; status: number; seconds: number; answerBytes: number }[] | null;
    targets: Record<string, Target>;
  },
  naive: NaiveMetricsResult | undefined,
): string {
  const naiveLine = !naive
    ? ['naiveWallSeconds', 'skipped']
    : [
        'naiveWallSeconds',
        `${naive.wallSeconds.toFixed(1)} s` +
          (naive.extrapolated
            ? ` EXTRAPOLATED from ${naive.valuesSent} of ${naive.values} values (measured ${naive.measuredWallSeconds.toFixed(1)} s)`
            : ` measured, ${naive.valuesSent} values, ${naive.compassRequests} requests`),
      ];
  const figures = textTable([
    ['figure', 'value'],
    [
      'entities',
      `${report.entities} generated (${report.catalog} catalog), ${report.componentsPlanned} components planned`,
    ],
    ['Compass latency', `${report.latencyMs} ms per request`],
    [
      'values',
      `${report.values} sent (${report.valuesFailed} failed), ${report.metrics} metrics, ` +
        `${report.sourcesCreated} sources and ${report.definitionsCreated} definitions created`,
    ],
    ['compassRequests', `${report.compassRequests} (the metrics gateway's)`],
    ['requestsPerValue', fixed(report.requestsPerValue, 4)],
    ['unchangedRequests', `${report.unchangedRequests} (${report.unchangedValuesSent} values sent)`],
    [
      'Tech Insights checks',
      report.checksRequests === null
        ? 'not measured (synthetic catalog)'
        : `${report.checksChosen} chosen: ${report.checksRequests} Backstage requests ` +
          `(${fixed(report.checksRequestsPer1000Entities, 1)} per 1,000 entities, ${((report.checksBytes ?? 0) / MB).toFixed(1)} MB), ` +
          `${report.unchangedChecksRequests} on the unchanged re-push`,
    ],
    ...(report.checksBatchProbe ?? []).map((row) => [
      `  POST /checks/run x${row.entities}`,
      `HTTP ${row.status}, ${row.seconds.toFixed(2)} s, ${(row.answerBytes / MB).toFixed(2)} MB`,
    ]),
    [
      'wallSeconds',
      `${report.wallSeconds.toFixed(1)} s in ${report.metricsSteps} metrics steps, ${report.compassSeconds.toFixed(1)} s of it waiting on Compass (whole import ${report.importWallSeconds.toFixed(1)} s, ${report.invocations} invocations)`,
    ],
    [
      'maxInvocationSeconds',
      `${report.maxInvocationSeconds.toFixed(1)} s (timeout ${report.consumerTimeoutSeconds} s)`,
    ],
    [
      'peakHeapMB',
      `${report.peakHeapMB.toFixed(1)} MB (before the import ${report.baselineHeapMB.toFixed(1)} MB)`,
    ],
    naiveLine,
    ['speedupVsNaive', report.speedupVsNaive === null ? '-' : `${report.speedupVsNaive.toFixed(1)}x`],
  ]);
  return [figures, '', formatTargets(report.targets)].join('\n');
}

runBench(main);
