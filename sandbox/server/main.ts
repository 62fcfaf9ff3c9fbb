// `npm start`: the local sandbox (start-sandbox.ts) until Ctrl-C.
//
//   npm start                        the demo catalog in an embedded Backstage; PORT=3001 to choose the port
//   npm start -- --import            also start an import at once, so the shell lists components right away
//   npm start -- --examples DIR      also load Backstage's own example catalog (DIR/all.yaml, DIR/acme/org.yaml)
//   npm start -- --latency 100       answer every local Compass request after 100 ms
//   BACKSTAGE_URL=… BACKSTAGE_TOKEN=… npm start     your own Backstage instead of the embedded one
//   SANDBOX_STATE_FILE=.sandbox-state.json npm start  keep the app's state (kvs) across restarts
//   SANDBOX_CATALOG_DIR=… npm start  where the editable demo catalog lives (default .sandbox-catalog/)
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SandboxPortInUseError, startSandbox, type Sandbox } from './start-sandbox';

/** A copy of the demo catalog, git-ignored: edit its files and run a sync from the admin page. */
const DEFAULT_CATALOG_DIR = '.sandbox-catalog';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function exampleCatalogFiles(): string[] {
  const examples = argument('--examples');
  if (!examples) return [];
  return [join(resolve(examples), 'all.yaml'), join(resolve(examples), 'acme', 'org.yaml')].filter((file) =>
    existsSync(file),
  );
}

async function reportImportWhenDone(sandbox: Sandbox): Promise<void> {
  const admin = sandbox.app.surface('compass:adminPage');
  if (!admin) return;
  for (;;) {
    await sandbox.drainQueues(60_000);
    const answer = (await sandbox.app.invokeResolver({
      functionKey: admin.functionKey,
      method: 'getImportStatus',
    })) as {
      ok: boolean;
      value?: Record<string, unknown>;
    };
    const status = answer.value;
    if (!status || status.state === 'running') continue;
    const stats = sandbox.stats();
    console.log(
      `Import ${String(status.state)}: ${String(status.created)} created, ${String(status.updated)} updated, ` +
        `${String(status.unchanged)} unchanged, ${String(status.failed)} failed; ` +
        `${stats.backstage.requests} Backstage and ${stats.compass.requests} Compass requests. ` +
        `The shell lists ${sandbox.compass.components().length} components.`,
    );
    return;
  }
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const latency = argument('--latency');
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      importAtStart: process.argv.includes('--import'),
      extraCatalogFiles: exampleCatalogFiles(),
      editableCatalogDir: process.env.SANDBOX_CATALOG_DIR ?? DEFAULT_CATALOG_DIR,
      ...(latency ? { compassLatencyMs: Number(latency) } : {}),
      log: (line) => console.log(line),
    });
  } catch (error) {
    if (error instanceof SandboxPortInUseError) {
      console.log(`\n${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const stateFile = process.env.SANDBOX_STATE_FILE;
  if (stateFile && sandbox.platform.kvs.stats().keys > 0) {
    console.log(
      `App state (kvs) read from ${stateFile}. The local Compass starts empty on every run, so components the ` +
        'app wrote before are gone while its state still lists them: an import sees those entities as ' +
        `unchanged and writes nothing. Delete ${stateFile} to import afresh.`,
    );
  }
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(`
Backstage for Compass: local sandbox ready in ${seconds} s
  Compass shell  ${sandbox.urls.shell}
  Admin page     ${sandbox.urls.admin}
  Health         ${sandbox.urls.health}
  Stats          ${sandbox.urls.stats}
  Backstage      ${sandbox.backstage.baseUrl} (${sandbox.backstage.embedded ? 'embedded, demo catalog' : 'yours'})${
    sandbox.backstage.catalogDir
      ? `
  Demo catalog   ${sandbox.backstage.catalogDir}: edit its YAML files (add, change, rename or remove entities);
                 Backstage shows a change within a few seconds, a removal within about 30 s. Then "Sync now".`
      : ''
  }
Press Ctrl-C to stop.`);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.log('Stopping at once.');
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox ...`);
    sandbox.stop().then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.log(`Stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  if (process.argv.includes('--import')) await reportImportWhenDone(sandbox);
}

main().catch((error: unknown) => {
  console.log(`\nThe sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
