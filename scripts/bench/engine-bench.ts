// What the benchmarks that drive the sync engine share (bench-import, bench-metrics): the catalog (a real Backstage
// backend or the in-process synthetic one), the teams the owner mapping points at, the engine run through the
// in-process queue with Forge's delivery semantics, the consumer's timeout from the manifest, heap sampling, and
// the form of a target in the report.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { InProcessQueue } from '../../sandbox/forge/in-process-queue';
import { startEmbeddedBackstage } from '../../sandbox/backstage/embedded-backstage';
import { FIXTURE_CATALOG_FILES } from '../../sandbox/backstage/fixture-catalog';
import { syntheticComponentsYaml } from '../../sandbox/backstage/synthetic-catalog';
import type { LocalCompass, TeamSeed } from '../../sandbox/local-compass';
import { BackstageCatalogClient } from '../../src/backstage/backstage-catalog-client';
import { CountingHttpFetch } from '../../src/backstage/testing/counting-fetch';
import { BackstageTechInsightsClient } from '../../src/backstage/tech-insights-client';
import { GraphqlCompassGateway } from '../../src/compass/graphql-compass-gateway';
import { withRetries } from '../../src/compass/request-graph';
import type { BackstageCatalog, CompassMetricsGateway, TechInsights } from '../../src/core/ports';
import { getImportStatus, type ImportStatus } from '../../src/import/import-status';
import { handleImportEvent } from '../../src/import/consume-import';
import { startImport } from '../../src/import/start-import';
import type { ImportEngineDeps, ImportEngineOptions } from '../../src/import/import-engine';
import type { RunMode } from '../../src/import/import-run';
import { mappingStore } from '../../src/storage/mapping-store';
import type { InMemoryKeyValueStore } from '../../src/state/in-memory-key-value-store';
import { textTable } from '../text-table';
import { createSyntheticCatalogSource } from './synthetic-catalog-source';

/** The fixture catalog's teams, mapped to Atlassian teams seeded with fixed ids in every Compass of a bench. */
export const TEAMS: Record<string, TeamSeed & { id: string }> = {
  'group:default/payments-team': { id: teamId(1), displayName: 'Payments' },
  'group:default/risk-team': { id: teamId(2), displayName: 'Risk' },
  'group:default/platform-team': { id: teamId(3), displayName: 'Platform' },
  'group:default/data-team': { id: teamId(4), displayName: 'Data' },
};
export const OWNER_TEAM_IDS = Object.fromEntries(
  Object.entries(TEAMS).map(([group, team]) => [group, team.id]),
);
const SYNTHETIC_WEB_BASE_URL = 'https://backstage.example.com';
const HEAP_SAMPLE_MS = 20;
export const MB = 2 ** 20;

function teamId(n: number): string {
  return `ari:cloud:identity::team/00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** A command line the bench refuses: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A whole-number flag, or undefined when absent. */
export function wholeNumber(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${name} must be a whole number of at least ${min}, got "${raw}"`);
  return value;
}

/** What every engine bench reads from its command line. */
export interface BenchOptions {
  entities: number;
  catalog: 'backstage' | 'synthetic';
  latencyMs: number;
  json: boolean;
  skipNaive: boolean;
  naiveSample?: number;
  engine: Partial<ImportEngineOptions>;
}

/**
 * The common flags (`--entities --catalog --latency --json --skip-naive --naive-sample`) and the engine option each
 * of `knobs` sets (flag -> option, a whole number of at least 1).
 */
export function parseBenchOptions(
  argv: string[],
  knobs: Record<string, keyof ImportEngineOptions>,
): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      entities: { type: 'string', default: '2000' },
      catalog: { type: 'string', default: 'backstage' },
      latency: { type: 'string', default: '100' },
      json: { type: 'boolean', default: false },
      'skip-naive': { type: 'boolean', default: false },
      'naive-sample': { type: 'string' },
      ...Object.fromEntries(Object.keys(knobs).map((flag) => [flag, { type: 'string' as const }])),
    },
  });
  const text = (flag: string) =>
    (values as Record<string, string | boolean | undefined>)[flag] as string | undefined;
  if (values.catalog !== 'backstage' && values.catalog !== 'synthetic')
    throw new UsageError(`--catalog must be backstage or synthetic, got "${String(values.catalog)}"`);
  if (values['skip-naive'] && values['naive-sample'] !== undefined)
    throw new UsageError('--skip-naive and --naive-sample exclude each other');
  const engine: Partial<ImportEngineOptions> = {};
  for (const [flag, option] of Object.entries(knobs)) {
    const value = wholeNumber(flag, text(flag), 1);
    if (value !== undefined) engine[option] = value;
  }
  const naiveSample = wholeNumber('naive-sample', text('naive-sample'), 1);
  return {
    entities: wholeNumber('entities', text('entities'), 1)!,
    catalog: values.catalog,
    latencyMs: wholeNumber('latency', text('latency'), 0)!,
    json: values.json === true,
    skipNaive: values['skip-naive'] === true,
    ...(naiveSample === undefined ? {} : { naiveSample }),
    engine,
  };
}

/** Progress goes to stderr, so stdout holds only the report. */
export function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * The engine's log lines (one per step) go to stdout, where they would break `--json`'s one object: silenced on
 * the console, still heard through onLogLine.
 */
export function silenceAppLogs(): void {
  process.env.BACKSTAGE_FOR_COMPASS_LOG = 'silent';
}

/** Runs the bench, printing a usage error without its stack. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}

// ---- Measuring ----------------------------------------------------------------------------------------------

/** Peak heapUsed, sampled on a timer and whenever `sample()` is called (after every consumer invocation). */
export class HeapSampler {
  peakBytes = 0;
  private timer?: NodeJS.Timeout;

  sample(): void {
    this.peakBytes = Math.max(this.peakBytes, process.memoryUsage().heapUsed);
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), HEAP_SAMPLE_MS);
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peakBytes;
  }
}

/** A full gc when node runs with --expose-gc; answers whether it could. */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return gc !== undefined;
}

/** The queue consumer's timeout, from the manifest's consumer of the backstage-import queue. */
export function consumerTimeoutSeconds(): number {
  const manifest = parseYaml(readFileSync(path.join(__dirname, '..', '..', 'manifest.yml'), 'utf8')) as {
    modules?: {
      consumer?: { queue?: string; function?: string }[];
      function?: { key?: string; timeoutSeconds?: number }[];
    };
  };
  const consumer = manifest.modules?.consumer?.find((entry) => entry.queue === 'backstage-import');
  const fn = manifest.modules?.function?.find((entry) => entry.key === consumer?.function);
  // Forge's default for a function without timeoutSeconds.
  return fn?.timeoutSeconds ?? 25;
}

// ---- The catalog --------------------------------------------------------------------------------------------

export interface BenchCatalog {
  catalog: BackstageCatalog;
  backstageWebBaseUrl: string;
  description: string;
  setupSeconds: number;
  /** Catalog requests so far (REST calls, or what the synthetic catalog's reads would cost as REST calls). */
  requests(): number;
  /** Bytes of the catalog's answers so far, as compact JSON (the real backend's bodies; the synthetic catalog's pages). */
  bytes(): number;
  /**
   * Changes the description of that share of the generated components in Backstage (by editing the catalog file
   * the backend re-reads) and waits until Backstage serves the change; answers how many changed. Absent for the
   * synthetic catalog.
   */
  changeComponents?(share: number): Promise<number>;
  /** The real backend's Tech Insights, its requests and answer bytes counted on their own. Absent for the synthetic catalog. */
  techInsights?: { client: TechInsights; counting: CountingHttpFetch; baseUrl: string; token: string };
  stop(): Promise<void>;
}

/**
 * An answer's size as a production Backstage sends it: the embedded backend runs with NODE_ENV=development, where
 * Backstage indents its JSON (`json spaces` 2, backend-defaults' rootHttpRouter), which would count the indentation
 * of many small listing rows rather than data.
 */
export function compactJsonBytes(text: string): number {
  try {
    return Buffer.byteLength(JSON.stringify(JSON.parse(text)));
  } catch {
    return Buffer.byteLength(text);
  }
}

/** The generated components' file with every `step`-th description changed (`round` makes each change new). */
function editedComponentsYaml(count: number, step: number, round: number): string {
  let index = -1;
  return syntheticComponentsYaml(count).replace(
    /description: Generated component (\d+) for load tests\./g,
    (line) => {
      index += 1;
      return index % step === 0 ? `${line} Changed (${round}).` : line;
    },
  );
}

export async function openCatalog(options: {
  entities: number;
  catalog: 'backstage' | 'synthetic';
}): Promise<BenchCatalog> {
  const started = performance.now();
  if (options.catalog === 'synthetic') {
    const source = await createSyntheticCatalogSource(options.entities);
    let bytes = 0;
    const counted = <T>(value: T): T => {
      bytes += Buffer.byteLength(JSON.stringify(value));
      return value;
    };
    const catalog: BackstageCatalog = {
      queryEntitiesPage: async (query, cursor) => counted(await source.queryEntitiesPage(query, cursor)),
      async *queryAllEntities(query) {
        for await (const page of source.queryAllEntities(query)) yield counted(page);
      },
      getEntitiesByRefs: async (refs, fields) => counted(await source.getEntitiesByRefs(refs, fields)),
      lookupEntitiesByRefs: async (refs, fields) => counted(await source.lookupEntitiesByRefs(refs, fields)),
    };
    return {
      catalog,
      backstageWebBaseUrl: SYNTHETIC_WEB_BASE_URL,
      description: `in-process synthetic catalog, ${source.size} entities`,
      setupSeconds: (performance.now() - started) / 1000,
      requests: () => source.stats().requests,
      bytes: () => bytes,
      stop: async () => undefined,
    };
  }
  progress(`Starting a real Backstage catalog backend with ${options.entities} generated components ...`);
  // The generated components in a file of our own, which the backend re-reads every few seconds: the sync pass
  // edits it.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-catalog-'));
  const file = path.join(dir, 'synthetic-components.yaml');
  writeFileSync(file, syntheticComponentsYaml(options.entities));
  const backstage = await startEmbeddedBackstage({
    catalogFiles: [...FIXTURE_CATALOG_FILES, file],
    processingIntervalSeconds: 5,
    // Tech Insights' first fact run (2 s after start) comes before a large catalog is loaded: run them every 20 s.
    factRetrieverCadence: '*/20 * * * * *',
  });
  const counting = new CountingHttpFetch(compactJsonBytes);
  const techInsightsCounting = new CountingHttpFetch(compactJsonBytes);
  let round = 0;
  return {
    techInsights: {
      client: new BackstageTechInsightsClient({
        baseUrl: backstage.baseUrl,
        token: backstage.token,
        fetch: techInsightsCounting.fetch,
      }),
      counting: techInsightsCounting,
      baseUrl: backstage.baseUrl,
      token: backstage.token,
    },
    catalog: new BackstageCatalogClient({
      baseUrl: backstage.baseUrl,
      token: backstage.token,
      fetch: counting.fetch,
    }),
    backstageWebBaseUrl: backstage.baseUrl,
    description: `real Backstage backend at ${backstage.baseUrl}, ${backstage.entityCount} entities`,
    setupSeconds: (performance.now() - started) / 1000,
    requests: () => counting.requests,
    bytes: () => counting.bytes,
    async changeComponents(share) {
      round += 1;
      const step = Math.max(1, Math.round(1 / share));
      writeFileSync(file, editedComponentsYaml(options.entities, step, round));
      const changed = Math.ceil(options.entities / step);
      const entityRefs = Array.from(
        { length: changed },
        (_, i) => `component:default/synthetic-${String(i * step).padStart(5, '0')}`,
      );
      for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
        const response = await fetch(`${backstage.baseUrl}/api/catalog/entities/by-refs`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${backstage.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ entityRefs, fields: ['metadata.description'] }),
        });
        const { items } = (await response.json()) as {
          items: ({ metadata?: { description?: string } } | null)[];
        };
        if (items.every((entity) => entity?.metadata?.description?.endsWith(`Changed (${round}).`)))
          return changed;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      throw new Error('Backstage did not serve the changed catalog file within 2 minutes');
    },
    async stop() {
      await backstage.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- The engine: the one place the benches drive it ---------------------------------------------------------

export interface EngineRun {
  status: ImportStatus;
  wallSeconds: number;
  /** Consumer invocations (queue deliveries). */
  invocations: number;
  maxInvocationSeconds: number;
  failedInvocations: number;
  timedOutInvocations: number;
  deadEvents: number;
  /** The queue drained: no event left waiting. */
  idle: boolean;
}

/** Starts a run, delivers its events until the queue is idle (all consumer invocations), reads the status. */
export async function runEngineImport(setup: {
  catalog: BackstageCatalog;
  compass: LocalCompass;
  store: InMemoryKeyValueStore;
  backstageWebBaseUrl: string;
  engine: Partial<ImportEngineOptions>;
  /** Gives the run its metrics phase. */
  metrics?: CompassMetricsGateway;
  /** Tech Insights for the metrics phase's checks. */
  techInsights?: TechInsights;
  consumerTimeoutMs: number;
  heap: HeapSampler;
  onInvocation: (status: ImportStatus) => void;
  /** 'sync' reads only what the catalog listing shows as changed; default 'import'. */
  mode?: RunMode;
}): Promise<EngineRun> {
  const { compass, store } = setup;
  await mappingStore(store).save({
    rules: { ownerTeamIds: OWNER_TEAM_IDS },
    savedAt: new Date().toISOString(),
  });
  const deps: ImportEngineDeps = {
    catalog: setup.catalog,
    gateway: new GraphqlCompassGateway({
      cloudId: compass.cloudId,
      requestGraph: withRetries(compass.fetchApi().asApp().requestGraph),
    }),
    ...(setup.metrics ? { metrics: setup.metrics } : {}),
    ...(setup.techInsights ? { techInsights: setup.techInsights } : {}),
    store,
    queue: undefined as never,
    options: setup.engine,
  };
  const queue = new InProcessQueue(
    async (delivery) => {
      try {
        return await handleImportEvent(deps, delivery.body);
      } finally {
        setup.heap.sample();
        setup.onInvocation(await getImportStatus(deps));
      }
    },
    // An invocation over the timeout fails and is delivered again, as on Forge.
    { invocationTimeoutMs: setup.consumerTimeoutMs },
  );
  deps.queue = queue;

  const started = performance.now();
  await startImport(deps, {
    cloudId: compass.cloudId,
    backstageWebBaseUrl: setup.backstageWebBaseUrl,
    startedBy: 'bench',
    ...(setup.mode ? { mode: setup.mode } : {}),
  });
  const { idle } = await queue.runUntilIdle();
  const wallSeconds = (performance.now() - started) / 1000;
  const stats = queue.stats();
  return {
    status: await getImportStatus(deps),
    wallSeconds,
    invocations: stats.deliveries,
    maxInvocationSeconds: stats.maxInvocationMs / 1000,
    failedInvocations: stats.failures,
    timedOutInvocations: stats.timeouts,
    deadEvents: stats.deadEvents,
    idle,
  };
}

/** A progress line every 2 s of a run (and its last), for `onInvocation`. */
export function progressReporter(phase: string): (status: ImportStatus) => void {
  let lastReport = 0;
  return (status) => {
    if (performance.now() - lastReport < 2000 && status.state === 'running') return;
    lastReport = performance.now();
    progress(`  ${phase}: ${status.phase ?? status.state}, ${status.done} of ${status.total} entities`);
  };
}

// ---- The report ---------------------------------------------------------------------------------------------

export interface Target {
  target: string;
  value: number | null;
  met: boolean | null;
  /** False when this run's size, catalog or latency is not the one the target is stated for. */
  applies: boolean;
  note?: string;
}

/** Whether every target that applies and was measured is met, and which applicable ones were not measured. */
export function targetsVerdict(targets: Record<string, Target>): {
  allApplicableTargetsMet: boolean;
  applicableTargetsNotMeasured: string[];
} {
  return {
    // A target that applies but was not measured (the naive baseline skipped) is listed, not counted as met.
    allApplicableTargetsMet: Object.values(targets)
      .filter((target) => target.applies && target.met !== null)
      .every((target) => target.met === true),
    applicableTargetsNotMeasured: Object.entries(targets)
      .filter(([, target]) => target.applies && target.met === null)
      .map(([name]) => name),
  };
}

export const fixed = (value: number | null, digits: number) => (value === null ? '-' : value.toFixed(digits));

/** The targets as a text table, their notes, and the verdict line. */
export function formatTargets(targets: Record<string, Target>): string {
  const table = textTable([
    ['target', 'value', 'met', 'applies to this run'],
    ...Object.values(targets).map((target) => [
      target.target,
      fixed(target.value, 3),
      target.met === null ? 'not measured' : target.met ? 'yes' : 'NO',
      target.applies ? 'yes' : 'no',
    ]),
  ]);
  const notes = Object.values(targets)
    .filter((target) => target.note)
    .map((target) => `note: ${target.note}`);
  const verdict = targetsVerdict(targets);
  return [
    table,
    ...notes,
    '',
    `All targets that apply to this run met: ${verdict.allApplicableTargetsMet ? 'yes' : 'NO'}` +
      (verdict.applicableTargetsNotMeasured.length > 0
        ? ` (not measured: ${verdict.applicableTargetsNotMeasured.join(', ')})`
        : ''),
  ].join('\n');
}
