// Starts the real Backstage catalog backend (./index.js, its own node_modules) as a child process on a loopback
// port, with an in-memory SQLite catalog loaded from YAML files, and resolves once every expected entity is
// served. Used by the jest global setup, the benchmarks and the local sandbox.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { estimateCatalogEntities, type CatalogCountEstimate } from './catalog-count';
import { CATALOG_ALLOWED_KINDS, FIXTURE_CATALOG_FILES } from './fixture-catalog';
import { syntheticComponentsYaml } from './synthetic-catalog';

export const EMBEDDED_BACKSTAGE_DIR = __dirname;
/** The static external-access token tests use unless told otherwise (Backstage wants at least 8 characters). */
export const DEFAULT_TEST_TOKEN = 'embedded-backstage-test-token-0123456789';

export interface EmbeddedBackstageOptions {
  /** 0 or absent: a free loopback port. */
  port?: number;
  /** Catalog files, one location each. Default: the project's fixture catalog. */
  catalogFiles?: readonly string[];
  /** Files loaded in addition to `catalogFiles`, e.g. Backstage's own examples (all.yaml, acme/org.yaml). */
  extraCatalogFiles?: readonly string[];
  /** More entities as YAML text (several documents allowed), written to a temporary file. */
  extraEntitiesYaml?: string;
  /** That many synthetic Components (see synthetic-catalog.ts), written to a temporary file. */
  syntheticComponents?: number;
  /** Static external-access token. */
  token?: string;
  /**
   * Re-read the catalog files this often (Backstage's `catalog.processingInterval`), so that editing a file adds,
   * changes or removes entities within a few seconds. Default: Backstage's own (100 to 150 s).
   */
  processingIntervalSeconds?: number;
  /** Give up waiting after this long. Default: 60 s plus 20 ms per expected entity. */
  readyTimeoutMs?: number;
  /** With an inexact estimate, how long the entity count must stand still to count as loaded. Default 2.5 s. */
  settleMs?: number;
  /**
   * Tech Insights as this Backstage has it: 'checks' (default) the plugin, its JSON-rules module and five checks;
   * 'no-checker' the plugin alone (fact retrievers, no checks, no check routes); 'off' not installed.
   */
  techInsights?: TechInsightsSetup;
  /**
   * How often the fact retrievers run (cron, six fields with seconds allowed). Default every 5 s, after a first
   * run 2 s from start; a large generated catalog may want less often (the benchmarks use every 20 s).
   */
  factRetrieverCadence?: string;
  /** Also append the backend's log to this file. */
  logFile?: string;
  /** Called with every log line (ANSI colours removed). */
  onLogLine?: (line: string) => void;
}

export type TechInsightsSetup = 'checks' | 'no-checker' | 'off';

/**
 * A second static token the backend accepts, restricted to the catalog plugin (accessRestrictions): Tech Insights
 * answers it 403, as a company's catalog-only token would be answered.
 */
export function catalogOnlyToken(token: string): string {
  return `${token}-catalog-only`;
}

export interface EmbeddedBackstage {
  /** The backend base URL, `http://127.0.0.1:<port>`; the catalog API is under `/api/catalog`. */
  baseUrl: string;
  token: string;
  port: number;
  pid: number;
  /** The app-config written for it, in a temporary folder that stop() removes. */
  configPath: string;
  /** Entities served when it became ready. */
  entityCount: number;
  estimate: CatalogCountEstimate;
  /** Milliseconds from spawn to ready. */
  startupMs: number;
  /** The last log lines (at most 300), without the access log. */
  recentLogLines(): string[];
  /** Resident memory of the backend process in bytes (Linux /proc), or undefined where unavailable. */
  residentMemoryBytes(): number | undefined;
  /** Stops the backend and its process group; safe to call twice. */
  stop(): Promise<void>;
}

const LOG_LINES_KEPT = 300;
const LOG_LINES_IN_ERRORS = 40;
const POLL_INTERVAL_MS = 150;
const STOP_GRACE_MS = 3000;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export class EmbeddedBackstageError extends Error {
  override readonly name = 'EmbeddedBackstageError';
  constructor(
    message: string,
    logLines: readonly string[],
    /** The backend process, already stopped when this is thrown. */
    readonly pid?: number,
  ) {
    super(`${message}\n--- last backend log lines ---\n${logLines.slice(-LOG_LINES_IN_ERRORS).join('\n')}`);
    // Not enumerable: the message already quotes the tail, and printing the error should not repeat it all.
    Object.defineProperty(this, 'logLines', { value: [...logLines], enumerable: false });
  }

  declare readonly logLines: string[];
}

export async function findFreeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function appConfig(
  port: number,
  token: string,
  locations: string[],
  processingIntervalSeconds: number | undefined,
  techInsights: TechInsightsSetup,
  factRetrieverCadence: string | undefined,
): string {
  const config = techInsightsConfig(factRetrieverCadence);
  return stringify({
    backend: {
      baseUrl: `http://127.0.0.1:${port}`,
      listen: { port, host: '127.0.0.1' },
      database: { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'embedded-backstage-client' } },
          {
            type: 'static',
            options: { token: catalogOnlyToken(token), subject: 'catalog-only-client' },
            accessRestrictions: [{ plugin: 'catalog' }],
          },
        ],
      },
    },
    catalog: {
      ...(processingIntervalSeconds ? { processingInterval: { seconds: processingIntervalSeconds } } : {}),
      rules: [{ allow: [...CATALOG_ALLOWED_KINDS] }],
      locations: locations.map((target) => ({ type: 'file', target })),
    },
    ...(techInsights === 'checks'
      ? { techInsights: config }
      : techInsights === 'no-checker'
        ? { techInsights: { factRetrievers: config.factRetrievers } }
        : {}),
  });
}

/**
 * A fact retriever that runs 2 s after start, then every 5 s, and keeps only its latest facts. Every 5 s rather
 * than a company's hourly or daily cadence: the first run can come before the catalog has loaded every entity
 * (a loaded machine, a large catalog), and an edit to the sandbox's catalog should reach the checks in seconds.
 */
const soonAndThenEvery5Seconds = {
  cadence: '*/5 * * * * *',
  initialDelay: { seconds: 2 },
  lifecycle: { maxItems: 1 },
};

/** One JSON-rules check that a boolean fact of one built-in retriever is true. */
function factIsTrue(name: string, description: string, retriever: string, fact: string) {
  return {
    type: 'json-rules-engine',
    name,
    description,
    factIds: [retriever],
    rule: { conditions: { all: [{ fact, operator: 'equal', value: true }] } },
  };
}

/**
 * Tech Insights as a company would turn it on: the three built-in fact retrievers, run within the first seconds so
 * results exist soon after start, and five checks over their facts (`/api/tech-insights/checks`).
 */
export const TECH_INSIGHTS_CONFIG = {
  factRetrievers: {
    entityMetadataFactRetriever: soonAndThenEvery5Seconds,
    entityOwnershipFactRetriever: soonAndThenEvery5Seconds,
    techdocsFactRetriever: soonAndThenEvery5Seconds,
  },
  factChecker: {
    checks: {
      groupOwnerCheck: factIsTrue(
        'Owned by a group',
        'The entity’s spec.owner is a group',
        'entityOwnershipFactRetriever',
        'hasGroupOwner',
      ),
      descriptionCheck: factIsTrue(
        'Has a description',
        'The entity has metadata.description',
        'entityMetadataFactRetriever',
        'hasDescription',
      ),
      tagsCheck: factIsTrue(
        'Has tags',
        'The entity has metadata.tags',
        'entityMetadataFactRetriever',
        'hasTags',
      ),
      techdocsCheck: factIsTrue(
        'Has TechDocs',
        'The entity has the backstage.io/techdocs-ref annotation',
        'techdocsFactRetriever',
        'hasAnnotationBackstageIoTechdocsRef',
      ),
      titleCheck: factIsTrue(
        'Has a title',
        'The entity has metadata.title',
        'entityMetadataFactRetriever',
        'hasTitle',
      ),
    },
  },
};

function techInsightsConfig(cadence: string | undefined): typeof TECH_INSIGHTS_CONFIG {
  if (!cadence) return TECH_INSIGHTS_CONFIG;
  const every = { ...soonAndThenEvery5Seconds, cadence };
  return {
    ...TECH_INSIGHTS_CONFIG,
    factRetrievers: {
      entityMetadataFactRetriever: every,
      entityOwnershipFactRetriever: every,
      techdocsFactRetriever: every,
    },
  };
}

function residentMemoryBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the recent log in memory, optionally mirrors it to a file and a callback. */
class BackendLog {
  readonly lines: string[] = [];
  private readonly file?: WriteStream;
  private partial = '';

  constructor(private readonly options: EmbeddedBackstageOptions) {
    if (options.logFile) this.file = createWriteStream(options.logFile, { flags: 'a' });
  }

  attach(stream: NodeJS.ReadableStream | null): void {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const text = this.partial + chunk;
      const parts = text.split('\n');
      this.partial = parts.pop() ?? '';
      for (const part of parts) this.push(part.replace(ANSI, ''));
    });
  }

  push(line: string): void {
    // Access-log lines (our own readiness polls among them) would push everything useful out of the buffer.
    if (!line.includes('type="incomingRequest"')) {
      this.lines.push(line);
      if (this.lines.length > LOG_LINES_KEPT) this.lines.splice(0, this.lines.length - LOG_LINES_KEPT);
    }
    this.file?.write(`${line}\n`);
    this.options.onLogLine?.(line);
  }

  close(): void {
    if (this.partial) this.push(this.partial.replace(ANSI, ''));
    this.partial = '';
    this.file?.end();
  }
}

async function countServedEntities(baseUrl: string, token: string): Promise<number | undefined> {
  try {
    const response = await fetch(`${baseUrl}/api/catalog/entities/by-query?limit=0`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(2000),
    });
    // 404 for a second or two after the port opens, until the catalog router is mounted.
    if (response.status !== 200) return undefined;
    const body = (await response.json()) as { totalItems?: unknown };
    return typeof body.totalItems === 'number' ? body.totalItems : undefined;
  } catch {
    // Connection refused until the backend listens.
    return undefined;
  }
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // The backend leads its own process group (detached), so this reaches anything it spawned too.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export async function startEmbeddedBackstage(
  options: EmbeddedBackstageOptions = {},
): Promise<EmbeddedBackstage> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(options);
    } catch (error) {
      // A port found free can be taken by someone else before the backend binds it: pick another.
      const portTaken =
        error instanceof EmbeddedBackstageError && error.logLines.some((l) => l.includes('EADDRINUSE'));
      if (!portTaken || options.port || attempt >= 3) throw error;
    }
  }
}

async function startOnce(options: EmbeddedBackstageOptions): Promise<EmbeddedBackstage> {
  const token = options.token ?? DEFAULT_TEST_TOKEN;
  if (token.trim().length < 8)
    throw new Error('Backstage static tokens need at least 8 non-space characters');
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'embedded-backstage-'));
  const locations = [
    ...(options.catalogFiles ?? FIXTURE_CATALOG_FILES),
    ...(options.extraCatalogFiles ?? []),
  ].map((file) => path.resolve(file));
  if (options.extraEntitiesYaml) {
    const file = path.join(workDir, 'extra-entities.yaml');
    writeFileSync(file, options.extraEntitiesYaml);
    locations.push(file);
  }
  if (options.syntheticComponents) {
    const file = path.join(workDir, 'synthetic-components.yaml');
    writeFileSync(file, syntheticComponentsYaml(options.syntheticComponents));
    locations.push(file);
  }

  let estimate: CatalogCountEstimate;
  try {
    estimate = await estimateCatalogEntities(locations, CATALOG_ALLOWED_KINDS);
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
  const port = options.port || (await findFreeLoopbackPort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const configPath = path.join(workDir, 'app-config.yaml');
  const techInsights = options.techInsights ?? 'checks';
  writeFileSync(
    configPath,
    appConfig(
      port,
      token,
      locations,
      options.processingIntervalSeconds,
      techInsights,
      options.factRetrieverCadence,
    ),
  );

  const log = new BackendLog(options);
  const startedAt = Date.now();
  const child = spawn(
    process.execPath,
    [path.join(EMBEDDED_BACKSTAGE_DIR, 'index.js'), '--config', configPath],
    {
      cwd: EMBEDDED_BACKSTAGE_DIR,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        EMBEDDED_BACKSTAGE_EXIT_WITH_PARENT: '1',
        EMBEDDED_BACKSTAGE_TECH_INSIGHTS: techInsights,
        FORCE_COLOR: '0',
      },
    },
  );
  log.attach(child.stdout);
  log.attach(child.stderr);
  let exitNote: string | undefined;
  child.once('exit', (code, signal) => {
    exitNote = `the backend exited (code ${code}, signal ${signal})`;
  });
  child.once('error', (error) => {
    exitNote = `the backend could not be started: ${error.message}`;
  });

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    signalGroup(child, 'SIGTERM');
    if (!(await waitForExit(child, STOP_GRACE_MS))) {
      signalGroup(child, 'SIGKILL');
      await waitForExit(child, STOP_GRACE_MS);
    }
    log.close();
    child.stdin?.destroy();
    rmSync(workDir, { recursive: true, force: true });
  };

  const readyTimeoutMs =
    options.readyTimeoutMs ??
    60_000 + 20 * (Number.isFinite(estimate.possible) ? estimate.possible : estimate.certain);
  const settleMs = options.settleMs ?? 2500;
  const exact = estimate.certain === estimate.possible;
  let lastCount: number | undefined;
  let lastChangeAt = Date.now();
  try {
    for (;;) {
      if (exitNote)
        throw new EmbeddedBackstageError(
          `Embedded Backstage failed to start: ${exitNote}`,
          log.lines,
          child.pid,
        );
      const elapsed = Date.now() - startedAt;
      if (elapsed > readyTimeoutMs) {
        const seen = lastCount === undefined ? 'no catalog answer' : `${lastCount} entities served`;
        throw new EmbeddedBackstageError(
          `Embedded Backstage at ${baseUrl} not ready after ${readyTimeoutMs} ms: ${seen}, ` +
            `expected ${exact ? estimate.certain : `${estimate.certain}–${estimate.possible}`}`,
          log.lines,
          child.pid,
        );
      }
      const count = await countServedEntities(baseUrl, token);
      if (count !== lastCount) {
        lastCount = count;
        lastChangeAt = Date.now();
      }
      const settled = !exact && Date.now() - lastChangeAt >= settleMs;
      if (count !== undefined && (count >= estimate.possible || (count >= estimate.certain && settled))) {
        return {
          baseUrl,
          token,
          port,
          pid: child.pid ?? -1,
          configPath,
          entityCount: count,
          estimate,
          startupMs: Date.now() - startedAt,
          recentLogLines: () => [...log.lines],
          residentMemoryBytes: () => (child.pid ? residentMemoryBytes(child.pid) : undefined),
          stop,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  } catch (error) {
    await stop();
    throw error;
  }
}
