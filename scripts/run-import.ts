// `npm start`: the app's main job on one machine. A real Backstage catalog backend serves the project's demo
// catalog (or BACKSTAGE_URL / BACKSTAGE_TOKEN point at an instance of yours); the catalog client reads it, the
// mapping turns it into Compass drafts, and the gateway writes them into the local Compass. Prints what was
// created, every warning, and a second pass showing that a re-import writes nothing.
//
//   npm start                       the demo catalog
//   npm start -- --examples DIR     also load Backstage's own example catalog (DIR/all.yaml, DIR/acme/org.yaml)
//   npm start -- --latency 100      answer every Compass request after 100 ms
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { startEmbeddedBackstage, type EmbeddedBackstage } from '../sandbox/backstage/embedded-backstage';
import { LocalCompass } from '../sandbox/local-compass';
import { BackstageCatalogClient } from '../src/backstage/backstage-catalog-client';
import { nodeHttpFetch } from '../src/backstage/node-http-fetch';
import { GraphqlCompassGateway } from '../src/compass/graphql-compass-gateway';
import { withRetries } from '../src/compass/request-graph';
import type { InvalidEntity } from '../src/core/ports';
import { createMappingConfig, mapCatalog } from '../src/core/mapping';
import { writeDrafts } from '../src/import/write-drafts';

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

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
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

async function main(): Promise<void> {
  const backstage = await connectBackstage();
  try {
    const catalog = new BackstageCatalogClient({
      baseUrl: backstage.baseUrl,
      token: backstage.token,
      fetch: nodeHttpFetch,
    });
    const entities: Entity[] = [];
    const invalid: InvalidEntity[] = [];
    for await (const page of catalog.queryAllEntities({ pageSize: 200 })) {
      entities.push(...page.items);
      invalid.push(...page.invalid);
    }

    const compass = new LocalCompass({ latencyMs: Number(argument('--latency') ?? 0) });
    const teamIdByName = new Map(
      Object.values(DEMO_TEAMS).map((displayName) => [displayName, compass.addTeam({ displayName }).id]),
    );
    const config = createMappingConfig({
      backstageWebBaseUrl: backstage.baseUrl,
      ownerTeamIds: Object.fromEntries(
        Object.entries(DEMO_TEAMS).map(([group, name]) => [group, teamIdByName.get(name)!]),
      ),
    });
    const mapped = mapCatalog(entities, config);
    const gateway = new GraphqlCompassGateway({
      cloudId: compass.cloudId,
      requestGraph: withRetries(compass.fetchApi().asApp().requestGraph),
    });

    const started = Date.now();
    const report = await writeDrafts(gateway, mapped.drafts);
    const seconds = (Date.now() - started) / 1000;

    console.log(
      `\nRead ${entities.length} entities (${invalid.length} invalid); ${mapped.drafts.length} become Compass components, ${mapped.skipped.length} are not components.\n`,
    );
    const teamName = new Map([...teamIdByName].map(([name, id]) => [id, name]));
    const rows = [
      ['outcome', 'entity', 'Compass type', 'lifecycle', 'owner', 'labels', 'links', 'depends on'],
    ];
    for (const result of report.entities) {
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
    console.log(table(rows));

    const failures = report.entities.filter((result) => result.outcome === 'failed');
    for (const failure of failures) console.log(`\nFAILED ${failure.entityRef}: ${failure.error!.message}`);
    for (const entity of invalid) console.log(`\nINVALID ${entity.entityRef}: ${entity.reason}`);

    const warnings = [...mapped.warnings, ...report.warnings];
    console.log(`\nWarnings (${warnings.length}):`);
    for (const warning of warnings)
      console.log(`  ${warning.entityRef}  [${warning.code}] ${warning.message}`);

    const added = report.relationships.filter((r) => r.outcome === 'added').length;
    const stats = compass.stats();
    console.log(
      `\nCreated ${report.entities.filter((r) => r.outcome === 'created').length} components and ${added} relationships ` +
        `in ${(seconds * 1000).toFixed(0)} ms with ${stats.requests} Compass requests:`,
    );
    console.log(
      table(
        Object.entries(stats.byRootField)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([field, count]) => [`  ${field}`, String(count)]),
      ),
    );

    compass.resetStats();
    const again = await writeDrafts(gateway, mapped.drafts);
    const unchanged = again.entities.filter((result) => result.outcome === 'unchanged').length;
    console.log(
      `\nImporting again: ${unchanged} of ${again.entities.length} unchanged, ${again.relationships.length} relationship changes, ` +
        `${compass.stats().requests} Compass requests (lookups only).`,
    );
    if (failures.length > 0) process.exitCode = 1;
  } finally {
    await backstage.embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`\n${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
