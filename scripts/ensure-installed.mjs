#!/usr/bin/env node
// Installs a self-contained tool folder (its own package.json and lockfile) when its node_modules is missing or
// stale, so the test command works from a clean clone. Usage: ensure-installed.mjs <dir> [--ignore-scripts]
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [dir, ...flags] = process.argv.slice(2);
if (!dir) {
  console.error('usage: ensure-installed.mjs <dir> [--ignore-scripts]');
  process.exit(2);
}
const folder = resolve(dir);
const marker = join(folder, 'node_modules', '.package-lock.json');
const lock = join(folder, 'package-lock.json');
if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) process.exit(0);

const started = Date.now();
console.log(`Installing ${dir} (npm ci${flags.length ? ' ' + flags.join(' ') : ''}) ...`);
execFileSync('npm', ['ci', '--no-audit', '--no-fund', ...flags], { cwd: folder, stdio: 'inherit' });
console.log(`Installed ${dir} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
