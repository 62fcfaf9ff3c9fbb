#!/usr/bin/env node
// Bundles the app's functions with Forge's own bundler (@forge/bundler's getNodeBundler, the webpack build
// `forge deploy` runs) and fails on any bundling error, so nothing that cannot run on Forge (a native module,
// a Node-only path) reaches the functions. Prints the bundle size. The runtime-wrapper provider is stubbed:
// the real one downloads Forge's wrapper from Atlassian's CDN, which is neither reachable nor needed here.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const appDirectory = path.resolve(__dirname, '..', '..');
const { getNodeBundler } = require('@forge/bundler');
const { ConfigFile, FileSystemReader, FileSystemWriter } = require('@forge/cli-shared');
const YAML = require(require.resolve('yaml', { paths: [appDirectory] }));

const silentLogger = {
  info: () => {},
  debug: () => {},
  trace: () => {},
  warn: (message) => console.warn(String(message)),
  error: (message) => console.error(String(message)),
};
const stubWrapperProvider = {
  getNodeRuntimeWrapper: async () => ({ script: '', source: 'none', version: '0' }),
  getNodeRuntimeLoader: async () => ({ script: '', source: 'none', version: '0' }),
};

/** The handler files the manifest names (`index.adminResolver` -> src/index). */
function entryPointsFromManifest() {
  const manifest = YAML.parse(fs.readFileSync(path.join(appDirectory, 'manifest.yml'), 'utf8'));
  const files = new Set((manifest.modules.function || []).map((fn) => fn.handler.split('.')[0]));
  return [...files].map((file) => {
    const candidates = ['ts', 'tsx', 'js', 'jsx', 'cjs'].map((ext) => `src/${file}.${ext}`);
    const found = candidates.find((candidate) => fs.existsSync(path.join(appDirectory, candidate)));
    if (!found) throw new Error(`manifest names handler file src/${file}, which does not exist`);
    return { name: file, path: found };
  });
}

/** Code only: the source maps Forge also uploads do not load at run time. */
function sizeOf(directory) {
  let raw = 0;
  let gzipped = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.endsWith('.map')) continue;
    const content = fs.readFileSync(path.join(entry.parentPath ?? entry.path, entry.name));
    raw += content.length;
    gzipped += zlib.gzipSync(content).length;
  }
  return { raw, gzipped };
}

async function main() {
  const started = Date.now();
  process.chdir(appDirectory);
  const configReader = new ConfigFile(new FileSystemReader(), new FileSystemWriter());
  const bundler = getNodeBundler(silentLogger, stubWrapperProvider, configReader);
  const entryPoints = entryPointsFromManifest();
  const output = await bundler.bundle({ appDirectory, entryPoints });
  const errors = output.metadata ? output.metadata.errors : 0;
  if (errors > 0) throw new Error(`Forge's bundler reported ${errors} error(s)`);
  const { raw, gzipped } = sizeOf(output.outputDir);
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(
    `Forge function bundle: ${entryPoints.map((e) => e.path).join(', ')} -> ${kb(raw)} of code (${kb(gzipped)} gzipped), ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s, 0 errors`,
  );
  if (process.argv.includes('--keep')) console.log(`Bundle kept in ${output.outputDir}`);
  else fs.rmSync(output.outputDir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(`Bundling the Forge functions failed: ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
