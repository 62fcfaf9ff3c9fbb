// Prints each Custom UI app's initial load (the entry chunk, the chunks it imports statically and their CSS),
// gzipped at level 9, and fails when an app is over budget. Lazy chunks (the @forge/bridge chunk, Atlaskit
// theme files) are printed apart: a page fetches them only when it needs them.
// Usage: tsx scripts/ui/ui-bundle-size.ts [--json]   (build first: scripts/ui/build-ui.ts)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { textTable } from '../text-table';
import { appBuildDir, CUSTOM_UI_APPS, type CustomUiApp } from './custom-ui-apps';

/** Issues 5 and 6: at most 250 KB gzipped (JS + CSS) per page. */
export const BUNDLE_BUDGET_BYTES = 250_000;

/** One entry of Vite's build manifest (.vite/manifest.json). */
export interface ViteManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
export type ViteManifest = Record<string, ViteManifestChunk>;

export class BundleSizeError extends Error {
  override readonly name = 'BundleSizeError';
}

/** Files the browser loads before the page can run: entries, their static imports (transitively), their CSS. */
export function initialFiles(manifest: ViteManifest): { js: string[]; css: string[] } {
  const js = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk) throw new BundleSizeError(`The Vite manifest names a chunk it does not describe: ${key}`);
    if (js.has(chunk.file)) return;
    js.add(chunk.file);
    chunk.css?.forEach((file) => css.add(file));
    chunk.imports?.forEach(visit);
  };
  const entries = Object.keys(manifest).filter((key) => manifest[key]?.isEntry);
  if (entries.length === 0) throw new BundleSizeError('The Vite manifest has no entry chunk.');
  entries.forEach(visit);
  return { js: [...js], css: [...css] };
}

export interface AppBundleSize {
  app: string;
  initialJsGzip: number;
  initialCssGzip: number;
  initialGzip: number;
  initialRaw: number;
  lazyJsGzip: number;
  budget: number;
  overBudget: boolean;
}

function gzipSize(file: string): number {
  return gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

export function measureBuild(app: string, buildDir: string, budget = BUNDLE_BUDGET_BYTES): AppBundleSize {
  const manifestFile = path.join(buildDir, '.vite', 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new BundleSizeError(
      `No build for ${app} (${manifestFile} is missing): run scripts/ui/build-ui.ts first.`,
    );
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as ViteManifest;
  const { js, css } = initialFiles(manifest);
  const sum = (files: string[], size: (file: string) => number) =>
    files.reduce((total, file) => total + size(path.join(buildDir, file)), 0);
  const initialJsGzip = sum(js, gzipSize);
  const initialCssGzip = sum(css, gzipSize);
  const allJs = [...new Set(Object.values(manifest).map((chunk) => chunk.file))].filter((file) =>
    file.endsWith('.js'),
  );
  const lazyJs = allJs.filter((file) => !js.includes(file));
  const initialGzip = initialJsGzip + initialCssGzip;
  return {
    app,
    initialJsGzip,
    initialCssGzip,
    initialGzip,
    initialRaw: sum([...js, ...css], (file) => fs.statSync(file).size),
    lazyJsGzip: sum(lazyJs, gzipSize),
    budget,
    overBudget: initialGzip > budget,
  };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export function formatSizes(sizes: AppBundleSize[]): string {
  const header = ['app', 'initial JS gz', 'initial CSS gz', 'initial total gz', 'budget', 'lazy JS gz'];
  const rows = sizes.map((size) => [
    size.app,
    kB(size.initialJsGzip),
    kB(size.initialCssGzip),
    kB(size.initialGzip),
    `${kB(size.budget)} ${size.overBudget ? 'OVER' : 'ok'}`,
    kB(size.lazyJsGzip),
  ]);
  return textTable([header, ...rows]);
}

if (require.main === module) {
  try {
    const sizes = CUSTOM_UI_APPS.map((app: CustomUiApp) => measureBuild(app, appBuildDir(app)));
    process.stdout.write(
      process.argv.includes('--json') ? `${JSON.stringify(sizes, null, 2)}\n` : `${formatSizes(sizes)}\n`,
    );
    const over = sizes.filter((size) => size.overBudget);
    if (over.length > 0) {
      process.stderr.write(
        `Over the ${kB(BUNDLE_BUDGET_BYTES)} gzipped budget: ${over.map((size) => `${size.app} (${kB(size.initialGzip)})`).join(', ')}\n`,
      );
      process.exit(1);
    }
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
