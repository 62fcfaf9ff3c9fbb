// Installs the embedded Backstage backend (this folder's own package.json and lockfile) when it is missing or
// its native SQLite addon does not load, e.g. after a Node upgrade. Plain Node, no dependencies:
//   node sandbox/backstage/ensure-installed.mjs
// better-sqlite3 has no prebuilt binary offline and builds from source (about 70 s); .npmrc points node-gyp at
// the local Node headers (nodedir=/usr) so nothing is downloaded.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// Everything it says goes to stderr: scripts run after it (bench:import --json, bench:metrics --json) own stdout.
const prefix = 'embedded Backstage:';

// Loads the addon and resolves the backend packages index.js needs, in a child so a crash cannot hurt us.
const CHECK = [
  "require('better-sqlite3')(':memory:').prepare('select 1').get();",
  "for (const p of ['@backstage/backend-defaults', '@backstage/plugin-catalog-backend',",
  "  '@backstage/plugin-catalog-backend-module-logs', '@backstage-community/plugin-tech-insights-backend',",
  "  '@backstage-community/plugin-tech-insights-backend-module-jsonfc']) require.resolve(p);",
].join('\n');

function problem() {
  if (!existsSync(join(here, 'node_modules'))) return 'node_modules is missing';
  const check = spawnSync(process.execPath, ['-e', CHECK], { cwd: here, encoding: 'utf8' });
  if (check.status === 0) return undefined;
  const firstLine = (check.stderr || check.stdout || '').split('\n').find((line) => line.trim()) ?? '';
  return `the backend does not load (${firstLine.trim()})`;
}

const before = problem();
if (!before) {
  console.error(`${prefix} installed in ${here}`);
  process.exit(0);
}

console.error(`${prefix} ${before}; running npm ci --no-audit --no-fund in ${here}`);
console.error(`${prefix} this compiles better-sqlite3 from source and takes 1-3 minutes`);
const started = Date.now();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const install = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], {
  cwd: here,
  stdio: ['inherit', 2, 'inherit'],
});
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (install.status !== 0) {
  console.error(`${prefix} npm ci failed after ${seconds} s (exit ${install.status})`);
  process.exit(1);
}
const after = problem();
if (after) {
  console.error(`${prefix} installed in ${seconds} s but ${after}`);
  process.exit(1);
}
console.error(`${prefix} installed in ${seconds} s`);
