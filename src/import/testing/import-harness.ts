// Test wiring for the import engine: the real Backstage from the jest global setup, the local Compass behind the
// app's gateway, in-memory kvs, and the in-process queue with Forge's delivery semantics. Also a way to kill a
// consumer invocation right after its k-th Compass request reached Compass (the answer is lost with it).
import { InProcessQueue, type InProcessQueueOptions } from '../../../sandbox/forge/in-process-queue';
import { testBackstage } from '../../../sandbox/backstage/test-backstage';
import {
  LocalCompass,
  type ComponentSnapshot,
  type LocalCompassOptions,
} from '../../../sandbox/local-compass';
import { BackstageCatalogClient } from '../../backstage/backstage-catalog-client';
import { nodeHttpFetch } from '../../backstage/node-http-fetch';
import { BackstageTechInsightsClient } from '../../backstage/tech-insights-client';
import { GraphqlCompassGateway } from '../../compass/graphql-compass-gateway';
import { GraphqlCompassMetrics } from '../../compass/graphql-compass-metrics';
import { withRetries, type RequestGraph } from '../../compass/request-graph';
import type { BackstageCatalog, KeyValueStore, TechInsights } from '../../core/ports';
import { InMemoryKeyValueStore } from '../../state/in-memory-key-value-store';
import { handleImportEvent } from '../consume-import';
import { getImportStatus, type ImportStatus } from '../import-status';
import { startImport } from '../start-import';
import type { ImportEngineDeps, ImportEngineOptions } from '../import-engine';

export class SimulatedCrash extends Error {
  constructor(readonly request: number) {
    super(`simulated crash after Compass request ${request}`);
  }
}

/** Kills the running invocation right after the chosen requests have been executed by Compass. */
export class CrashSwitch {
  requests = 0;
  crashes = 0;
  private kill?: (error: Error) => void;

  constructor(private readonly shouldCrash: (request: number) => boolean) {}

  wrap(inner: RequestGraph): RequestGraph {
    return async (query, variables, headers) => {
      const request = ++this.requests;
      const response = await inner(query, variables, headers);
      if (this.kill && this.shouldCrash(request)) {
        this.crashes++;
        this.kill(new SimulatedCrash(request));
        return new Promise<never>(() => undefined); // this invocation never hears back
      }
      return response;
    };
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    const killed = new Promise<never>((_, reject) => (this.kill = reject));
    return Promise.race([work(), killed]);
  }
}

const instantRetries = { sleep: async () => undefined, random: () => 0.5 };

export interface ImportHarness {
  deps: ImportEngineDeps;
  compass: LocalCompass;
  store: KeyValueStore;
  queue: InProcessQueue;
  backstageBaseUrl: string;
  /** Starts an import and delivers events until the queue is idle; answers the status it ended in. */
  importAll(selection?: string[]): Promise<ImportStatus>;
}

export function importHarness(
  setup: {
    compass?: LocalCompass;
    compassOptions?: LocalCompassOptions;
    store?: KeyValueStore;
    catalog?: BackstageCatalog;
    crash?: CrashSwitch;
    options?: Partial<ImportEngineOptions>;
    queueOptions?: InProcessQueueOptions;
    /** Give the run a metrics phase, against the same local Compass (and Tech Insights of the same Backstage). */
    metrics?: boolean;
    /** Tech Insights for the metrics phase: a client, or the test Backstage's. Default none (no check metrics). */
    techInsights?: TechInsights | 'test-backstage';
  } = {},
): ImportHarness {
  const backstage = testBackstage();
  const compass = setup.compass ?? new LocalCompass(setup.compassOptions);
  const store = setup.store ?? new InMemoryKeyValueStore();
  const raw = compass.fetchApi().asApp().requestGraph;
  const requestGraph = withRetries(setup.crash ? setup.crash.wrap(raw) : raw, undefined, instantRetries);
  const deps: ImportEngineDeps = {
    catalog:
      setup.catalog ??
      new BackstageCatalogClient({
        baseUrl: backstage.baseUrl,
        token: backstage.token,
        fetch: nodeHttpFetch,
      }),
    gateway: new GraphqlCompassGateway({ cloudId: compass.cloudId, requestGraph }),
    ...(setup.metrics
      ? {
          metrics: new GraphqlCompassMetrics({ cloudId: compass.cloudId, requestGraph }),
          ...(setup.techInsights === 'test-backstage'
            ? {
                techInsights: new BackstageTechInsightsClient({
                  baseUrl: backstage.baseUrl,
                  token: backstage.token,
                  fetch: nodeHttpFetch,
                }),
              }
            : setup.techInsights
              ? { techInsights: setup.techInsights }
              : {}),
        }
      : {}),
    store,
    queue: undefined as never,
    options: setup.options,
  };
  const consume = (body: unknown) => handleImportEvent(deps, body);
  const queue = new InProcessQueue(
    (delivery) => (setup.crash ? setup.crash.run(() => consume(delivery.body)) : consume(delivery.body)),
    { maxAttempts: 50, ...setup.queueOptions },
  );
  deps.queue = queue;
  return {
    deps,
    compass,
    store,
    queue,
    backstageBaseUrl: backstage.baseUrl,
    async importAll(selection) {
      await startImport(deps, {
        cloudId: compass.cloudId,
        backstageWebBaseUrl: backstage.baseUrl,
        ...(selection ? { selection } : {}),
        startedBy: 'test-admin',
      });
      await queue.runUntilIdle();
      return getImportStatus(deps);
    },
  };
}

/** Compass as a person would compare it: components by alias, relationships by the other end's alias. */
export function compassState(compass: LocalCompass): Record<string, unknown> {
  const components = compass.components();
  const aliasOf = new Map(
    components.map((c) => [c.id, c.externalAliases.map((a) => a.externalId).join(',')]),
  );
  const view = (c: ComponentSnapshot) => ({
    name: c.name,
    description: c.description,
    typeId: c.typeId,
    state: c.state,
    ownerId: c.ownerId,
    fields: c.fields,
    labels: [...c.labels].sort(),
    links: c.links.map((l) => `${l.type} ${l.url} ${l.name ?? ''}`).sort(),
    dependsOn: c.dependsOn.map((id) => aliasOf.get(id)).sort(),
    childOf: c.childOf.map((id) => aliasOf.get(id)).sort(),
  });
  return Object.fromEntries(
    components
      .map((c) => [aliasOf.get(c.id)!, view(c)])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
}
