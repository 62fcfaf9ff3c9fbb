import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  BundleSizeError,
  formatSizes,
  initialFiles,
  measureBuild,
  type ViteManifest,
} from './ui-bundle-size';

const manifest: ViteManifest = {
  'index.html': {
    file: 'assets/index.js',
    isEntry: true,
    imports: ['_vendor.js'],
    dynamicImports: ['node_modules/@forge/bridge/out/index.js'],
    css: ['assets/index.css'],
  },
  '_vendor.js': { file: 'assets/vendor.js', imports: ['_runtime.js'], css: ['assets/vendor.css'] },
  '_runtime.js': { file: 'assets/runtime.js', imports: ['_vendor.js'] },
  'node_modules/@forge/bridge/out/index.js': { file: 'assets/bridge.js', imports: ['_runtime.js'] },
};

describe('initialFiles', () => {
  it('takes the entry, its static imports transitively (cycles included) and their CSS, not the lazy chunks', () => {
    expect(initialFiles(manifest)).toEqual({
      js: ['assets/index.js', 'assets/vendor.js', 'assets/runtime.js'],
      css: ['assets/index.css', 'assets/vendor.css'],
    });
  });

  it('refuses a manifest without an entry or with a dangling import', () => {
    expect(() => initialFiles({ a: { file: 'a.js' } })).toThrow(BundleSizeError);
    expect(() =>
      initialFiles({ 'index.html': { file: 'i.js', isEntry: true, imports: ['_gone.js'] } }),
    ).toThrow(/_gone\.js/);
  });
});

describe('measureBuild', () => {
  let buildDir: string;
  const contents: Record<string, string> = {
    'assets/index.js': 'console.log("entry");'.repeat(200),
    'assets/vendor.js': 'export const vendor = 1;'.repeat(500),
    'assets/runtime.js': 'export const runtime = 2;',
    'assets/bridge.js': 'export const bridge = 3;'.repeat(300),
    'assets/index.css': '.a{color:red}'.repeat(100),
    'assets/vendor.css': '.b{color:blue}'.repeat(100),
  };
  const gz = (file: string) => gzipSync(Buffer.from(contents[file]!), { level: 9 }).length;

  beforeAll(() => {
    buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-bundle-size-'));
    fs.mkdirSync(path.join(buildDir, '.vite'));
    fs.mkdirSync(path.join(buildDir, 'assets'));
    fs.writeFileSync(path.join(buildDir, '.vite', 'manifest.json'), JSON.stringify(manifest));
    for (const [file, text] of Object.entries(contents)) fs.writeFileSync(path.join(buildDir, file), text);
  });

  afterAll(() => fs.rmSync(buildDir, { recursive: true, force: true }));

  it('sums the gzipped initial JS and CSS and counts the lazy chunks apart', () => {
    const size = measureBuild('demo', buildDir, 1_000_000);
    expect(size.initialJsGzip).toBe(gz('assets/index.js') + gz('assets/vendor.js') + gz('assets/runtime.js'));
    expect(size.initialCssGzip).toBe(gz('assets/index.css') + gz('assets/vendor.css'));
    expect(size.initialGzip).toBe(size.initialJsGzip + size.initialCssGzip);
    expect(size.lazyJsGzip).toBe(gz('assets/bridge.js'));
    expect(size.overBudget).toBe(false);
  });

  it('is over budget when the initial load is bigger than the budget', () => {
    const size = measureBuild('demo', buildDir, 100);
    expect(size.overBudget).toBe(true);
    expect(formatSizes([size])).toMatch(/^demo .* OVER/m);
  });

  it('says to build first when there is no build', () => {
    expect(() => measureBuild('missing', path.join(buildDir, 'nope'))).toThrow(/build-ui/);
  });
});
