// The registry is the one list of what the app keeps in kvs: the docs carry the same table, every key the storage
// modules build matches an entry, and no module outside src/storage spells or builds a key.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  adoptableChunkKey,
  adoptionDecisionKey,
  metricStateKey,
  siteAdoptableChunkKey,
  panelCacheKey,
  panelLinkKey,
  refListKey,
  resultKey,
  runCancelKey,
  startClaimKey,
  stateKey,
  STORAGE_KEYS,
  type StorageKey,
} from './storage-keys';

const ROOT = join(__dirname, '..', '..');
const TABLE_START = '<!-- storage-keys:start -->';
const TABLE_END = '<!-- storage-keys:end -->';

/** The table as docs/architecture.md shows it (between the markers). */
function storageKeysTable(keys: readonly StorageKey[] = STORAGE_KEYS): string {
  return [
    '| key | kind | owner (`src/storage/`) | holds | size | deleted |',
    '|---|---|---|---|---|---|',
    ...keys.map(
      (k) => `| \`${k.key}\` | ${k.store} | \`${k.owner}\` | ${k.holds} | ${k.size} | ${k.deleted} |`,
    ),
  ].join('\n');
}

function productFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : productFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('the storage key registry', () => {
  it('is the table docs/architecture.md shows', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
    const start = docs.indexOf(TABLE_START);
    const end = docs.indexOf(TABLE_END);
    expect(start).toBeGreaterThan(-1);
    expect(docs.slice(start + TABLE_START.length, end).trim()).toBe(storageKeysTable());
  });

  it('names each key once, and an owner module that exists', () => {
    expect(new Set(STORAGE_KEYS.map((k) => k.key)).size).toBe(STORAGE_KEYS.length);
    for (const { owner } of STORAGE_KEYS) expect(existsSync(join(__dirname, `${owner}.ts`))).toBe(true);
  });

  it('has an entry for every key the storage modules build', () => {
    const patterns = STORAGE_KEYS.map(
      (k) => new RegExp(`^${k.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<[^>]+>/g, '.+')}$`),
    );
    const run = { runId: '20261201090000000-1a2b3c4d', seq: 3 };
    const built = [
      'backstage-connection',
      'mapping-rules',
      'import-run',
      startClaimKey(run),
      startClaimKey(undefined),
      runCancelKey(run.runId),
      refListKey(run.runId, 'same-name', 2),
      resultKey(run.runId, 'component:default/über-service'),
      stateKey('component:default/payment-gateway'),
      stateKey(`component:default/${'x'.repeat(600)}`),
      panelLinkKey('ari:cloud:compass:site:component/app/c-1'),
      panelCacheKey('ari:cloud:compass:site:component/app/c-1'),
      'metric-settings',
      'metric-definitions',
      'metric-push',
      'metric-scorecard',
      metricStateKey('api:default/payments-api'),
      adoptableChunkKey(run.runId, 0),
      siteAdoptableChunkKey(1),
      adoptionDecisionKey('component:default/über-service'),
      'adoption-candidates',
    ];
    for (const key of built)
      expect([key, patterns.some((pattern) => pattern.test(key))]).toEqual([key, true]);
  });

  it('is the only place that spells a kvs key: no product module outside src/storage has one or builds one', () => {
    const heads = [...new Set(STORAGE_KEYS.map((k) => k.key.split('<')[0]!))];
    const offenders: string[] = [];
    for (const file of productFiles(join(ROOT, 'src'))) {
      const path = relative(ROOT, file);
      if (path.startsWith(join('src', 'storage'))) continue;
      const source = readFileSync(file, 'utf8');
      for (const head of heads)
        for (const quote of ["'", '"', '`'])
          if (source.includes(`${quote}${head}`)) offenders.push(`${path}: ${head}`);
      if (/from '[./]*\/storage\/(storage-keys|ref-key)'/.test(source))
        offenders.push(`${path}: imports the keys`);
    }
    expect(offenders).toEqual([]);
  });
});
