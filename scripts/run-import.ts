// `npm start`: the app's main job on one machine. A real Backstage catalog backend serves the project's demo
// catalog (or BACKSTAGE_URL / BACKSTAGE_TOKEN point at an instance of yours); the import engine runs as it does
// on Forge, started, then worked through by the queue consumer (an in-process queue with Forge's semantics),
// writing into the local Compass. Prints what was created, every warning, and a second import showing that a
// re-import writes nothing.
//
//   npm start                       the demo catalog
//   npm start -- --examples DIR     also load Backstage's own example catalog (DIR/all.yaml, DIR/acme/org.yaml)
//   npm start -- --latency 100      answer every Compass request after 100 ms
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmbeddedBackstage, type EmbeddedBackstage } from '../sandbox/backstage/embedded-backstage';
import { InProcessQueue } from '../sandbox/forge/in-process-queue';
import { LocalCompass } from '../sandbox/local-compass';
import { BackstageCatalogClient } from '../src/backstage/backstage-catalog-client';
import { nodeHttpFetch } from '../src/backstage/node-http-fetch';
import { GraphqlCompassGateway } from '../src/compass/graphql-compass-gateway';
import { GraphqlCompassMetrics } from '../src/compass/graphql-compass-metrics';
import { metricStore } from '../src/storage/metric-store';
import { withRetries } from '../src/compass/request-graph';
import { getImportResults, getImportStatus } from '../src/import/import-status';
import { handleImportEvent } from '../src/import/consume-import';
import { startImport } from '../src/import/start-import';
import type { ImportEngineDeps } from '../src/import/import-engine';
import { mappingStore } from '../src/storage/mapping-store';
import type { EntityResult } from '../src/import/import-run';
import { InMemoryKeyValueStore } from '../src/state/in-memory-key-value-store';
import { textTable } from './text-table';

/** Demo owner mapping: the fixture catalog's teams, each mapped to an Atlassian team seeded in the local Compass. */
const DEMO_TEAMS: Record<string, string> = {
  'group:default/payments-team': 'Payments',
  'group:default/risk-team': 'Risk',
  'group:default/platform-team': 'Platform',
  'group:default/data-team': 'Data',
};

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function connectBackstage(): Promise<{ baseUrl: string; token: string; embedded?: EmbeddedBackstage }> {
  const url = process.env.BACKSTAGE_URL;
  if (url) {
    const token = process.env.BACKSTAGE_TOKEN;
    if (!token)
      throw new Error(
        'BACKSTAGE_URL is set but BACKSTAGE_TOKEN is not: set both, or neither for the demo catalog.',
      );
    console.log(`Reading the Backstage catalog at ${url}`);
    return { baseUrl: url, token };
  }
  const examples = argument('--examples');
  const extraCatalogFiles = examples
    ? [join(resolve(examples), 'all.yaml'), join(resolve(examples), 'acme', 'org.yaml')].filter((file) =>
        existsSync(file),
      )
    : [];
  console.log(
    `Starting a real Backstage catalog backend with the demo catalog${examples ? ' and ' + examples : ''} ...`,
  );
  const embedded = await startEmbeddedBackstage({ extraCatalogFiles });
  console.log(
    `Backstage ready at ${embedded.baseUrl} in ${(embedded.startupMs / 1000).toFixed(1)} s, serving ${embedded.entityCount} entities`,
  );
  return { baseUrl: embedded.baseUrl, token: embedded.token, embedded };
}

async function readAllResults(deps: ImportEngineDeps, runId: string): Promise<EntityResult[]> {
  const results: EntityResult[] = [];
  let cursor: string | undefined;
  do {
    const page = await getImportResults(deps, { runId, cursor, limit: 100 });
    results.push(...page.results);
    cursor = page.nextCursor;
  } while (cursor);
  return results;
}

async function main(): Promise<void> {
  const backstage = await connectBackstage();
  try {
    const compass = new LocalCompass({ latencyMs: Number(argument('--latency') ?? 0) });
    const teamIdByName = new Map(
      Object.values(DEMO_TEAMS).map((displayName) => [displayName, compass.addTeam({ displayName }).id]),
    );
    const store = new InMemoryKeyValueStore();
    // The owner mapping an admin would save on the admin page.
    await mappingStore(store).save({
      rules: {
        ownerTeamIds: Object.fromEntries(
          Object.entries(DEMO_TEAMS).map(([group, name]) => [group, teamIdByName.get(name)!]),
        ),
      },
      savedAt: new Date().toISOString(),
    });
    const deps: ImportEngineDeps = {
      catalog: new BackstageCatalogClient({
        baseUrl: backstage.baseUrl,
        token: backstage.token,
        fetch: nodeHttpFetch,
      }),
      gateway: new GraphqlCompassGateway({
        cloudId: compass.cloudId,
        requestGraph: withRetries(compass.fetchApi().asApp().requestGraph),
      }),
      metrics: new GraphqlCompassMetrics({
        cloudId: compass.cloudId,
        requestGraph: withRetries(compass.fetchApi().asApp().requestGraph),
      }),
      store,
      queue: undefined as never,
    };
    const queue = new InProcessQueue(async (delivery) => {
      const outcome = await handleImportEvent(deps, delivery.body);
      const status = await getImportStatus(deps);
      console.log(
        `  consumer: ${outcome.padEnd(9)} phase ${String(status.phase).padEnd(13)} ${status.done}/${status.total} entities, ` +
          `${status.relationshipsAdded} relationships`,
      );
    });
    deps.queue = queue;

    const started = Date.now();
    const { runId } = await startImport(deps, {
      cloudId: compass.cloudId,
      backstageWebBaseUrl: backstage.baseUrl,
      startedBy: 'npm start',
    });
    console.log(`\nImport ${runId} queued; the consumer works through it:`);
    await queue.runUntilIdle();
    const seconds = (Date.now() - started) / 1000;
    const status = await getImportStatus(deps);
    const results = await readAllResults(deps, runId);

    const teamName = new Map([...teamIdByName].map(([name, id]) => [id, name]));
    const rows = [
      ['outcome', 'entity', 'Compass type', 'lifecycle', 'owner', 'labels', 'links', 'depends on'],
    ];
    for (const result of results) {
      const component = result.componentId ? compass.component(result.componentId) : undefined;
      rows.push([
        result.outcome,
        result.entityRef,
        component?.typeId ?? '-',
        component?.fields['compass:lifecycle']?.[0] ?? '-',
        component?.ownerId ? (teamName.get(component.ownerId) ?? component.ownerId) : '-',
        String(component?.labels.length ?? 0),
        String(component?.links.length ?? 0),
        String(component?.dependsOn.length ?? 0),
      ]);
    }
    console.log(`\n${textTable(rows)}`);

    for (const result of results.filter((r) => r.outcome === 'failed' || r.outcome === 'skipped')) {
      console.log(
        `\n${result.outcome.toUpperCase()} ${result.entityRef}: ${result.error?.message ?? result.reason}`,
      );
    }
    const warnings = results.flatMap((result) =>
      result.warnings.map((w) => ({ entityRef: result.entityRef, ...w })),
    );
    console.log(`\nWarnings (${warnings.length}):`);
    for (const warning of warnings)
      console.log(`  ${warning.entityRef}  [${warning.code}] ${warning.message}`);

    const stats = compass.stats();
    console.log(
      `\n${status.state}: ${status.created} created, ${status.updated} updated, ${status.unchanged} unchanged, ` +
        `${status.skipped} skipped, ${status.failed} failed, ${status.relationshipsAdded} relationships, ` +
        `in ${seconds.toFixed(1)} s with ${stats.requests} Compass requests:`,
    );
    console.log(
      textTable(
        Object.entries(stats.byRootField)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([field, count]) => [`  ${field}`, String(count)]),
      ),
    );

    const push = await metricStore(store).loadLastPush();
    console.log(
      `\nScorecard metrics: ${compass.metricDefinitions().length} definitions, ${push?.sourcesCreated ?? 0} sources, ` +
        `${push?.valuesSent ?? 0} values pushed, ${push?.valuesFailed ?? 0} failed; components with a value:`,
    );
    console.log(
      textTable(
        compass
          .metricDefinitions()
          .map((definition) => [
            `  ${definition.name}`,
            String(
              compass
                .components()
                .filter((c) =>
                  c.metricSources.some((s) => s.metricDefinitionId === definition.id && s.values.length > 0),
                ).length,
            ),
          ]),
      ),
    );

    compass.resetStats();
    await startImport(deps, {
      cloudId: compass.cloudId,
      backstageWebBaseUrl: backstage.baseUrl,
      startedBy: 'npm start',
    });
    console.log('\nImporting again:');
    await queue.runUntilIdle();
    const again = await getImportStatus(deps);
    console.log(
      `${again.unchanged} of ${again.total} unchanged, ${again.created + again.updated} written, ` +
        `${compass.stats().requests} Compass requests.`,
    );
    if (status.failed > 0) process.exitCode = 1;
  } finally {
    await backstage.embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`\n${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
