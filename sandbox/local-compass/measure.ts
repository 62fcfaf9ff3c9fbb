// Throughput and start-up numbers for the local Compass: `npx tsx sandbox/local-compass/measure.ts [seconds]`.
// Prints the schema load time and requests/s at latency 0 for a raw query, the SDK's getComponent and the
// SDK's createComponent (4-5 requests each, one a compound mutation).
import { performance } from 'node:perf_hooks';
import { LocalCompass } from './local-compass';
import { loadCompassSubsetSchema } from './schema/compass-schema';
import { createSdkApi } from './sdk';

const RAW_QUERY = `query componentName($id: ID!) {
  compass { component(id: $id) { __typename ... on CompassComponent { name labels { name } } } }
}`;

async function rate(label: string, seconds: number, run: () => Promise<unknown>, requestsPerRun: number) {
  const end = performance.now() + seconds * 1000;
  let runs = 0;
  const started = performance.now();
  while (performance.now() < end) {
    await run();
    runs += 1;
  }
  const elapsed = (performance.now() - started) / 1000;
  const perSecond = Math.round((runs * requestsPerRun) / elapsed);
  process.stdout.write(`${label}: ${perSecond} requests/s (${Math.round(runs / elapsed)} calls/s)\n`);
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 3);
  const loadStarted = performance.now();
  loadCompassSubsetSchema();
  process.stdout.write(
    `schema load (read + buildSchema): ${Math.round(performance.now() - loadStarted)} ms\n`,
  );

  const compass = new LocalCompass();
  const sdk = createSdkApi(compass).compass.asApp();
  const log = console.log;
  console.log = () => undefined; // the SDK logs every create
  try {
    const seeded = await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'seed',
      typeId: 'SERVICE',
      labels: ['a'],
    });
    const id = seeded.data?.component?.id as string;
    await rate('raw query', seconds, () => compass.requestGraph(RAW_QUERY, { id }).then((r) => r.json()), 1);
    await rate('SDK getComponent', seconds, () => sdk.getComponent({ componentId: id }), 1);
    let serial = 0;
    await rate(
      'SDK createComponent (alias, 2 labels, 1 link)',
      seconds,
      () =>
        sdk.createComponent({
          cloudId: compass.cloudId,
          name: `bench-${(serial += 1)}`,
          typeId: 'SERVICE',
          labels: ['bench', 'load'],
          links: [{ type: 'REPOSITORY' as never, url: `https://github.com/acme/bench-${serial}` }],
          externalAlias: { externalSource: 'backstage', externalId: `component:default/bench-${serial}` },
        }),
      4,
    );
    process.stdout.write(`components in store: ${compass.components().length}\n`);
  } finally {
    console.log = log;
  }
}

void main();
