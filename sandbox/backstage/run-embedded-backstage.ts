// Runs the embedded Backstage until Ctrl-C, for trying the app (or curl) against a real catalog:
//   npx tsx sandbox/backstage/run-embedded-backstage.ts [--port 7007] [--token <token>] [--synthetic <n>]
//       [--backstage-examples <dir>]
// --backstage-examples takes a copy of Backstage's packages/catalog-model/examples folder and loads its all.yaml
// and acme/org.yaml next to the fixture catalog (never copy those files into this repository).
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedBackstage } from './embedded-backstage';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      token: { type: 'string' },
      synthetic: { type: 'string' },
      'backstage-examples': { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const examples = values['backstage-examples'];
  const backstage = await startEmbeddedBackstage({
    port: values.port ? Number(values.port) : undefined,
    token: values.token,
    syntheticComponents: values.synthetic ? Number(values.synthetic) : undefined,
    extraCatalogFiles: examples
      ? [path.join(examples, 'all.yaml'), path.join(examples, 'acme', 'org.yaml')]
      : [],
    onLogLine: values.verbose ? (line) => process.stdout.write(`  | ${line}\n`) : undefined,
  });
  const rss = backstage.residentMemoryBytes();
  process.stdout.write(
    [
      `Backstage catalog backend ready in ${(backstage.startupMs / 1000).toFixed(1)} s` +
        `${rss ? `, ${Math.round(rss / 2 ** 20)} MiB RSS` : ''}`,
      `  base URL  ${backstage.baseUrl}`,
      `  token     ${backstage.token}`,
      `  entities  ${backstage.entityCount} (${Object.entries(backstage.estimate.byKind)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ')})`,
      `  try       curl -H 'Authorization: Bearer ${backstage.token}' '${backstage.baseUrl}/api/catalog/entities/by-query?limit=5'`,
      'Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  const stop = () => void backstage.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
