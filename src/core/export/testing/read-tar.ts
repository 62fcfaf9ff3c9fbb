// Test helper: opens an archive with Debian's GNU tar, as an admin would open the download.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TarListing {
  /** Paths in archive order. */
  paths: string[];
  /** `tar -tv` as printed in UTC. */
  verbose: string;
  contentOf(path: string): string;
}

export function readTar(bytes: Uint8Array): TarListing {
  const dir = mkdtempSync(join(tmpdir(), 'read-tar-'));
  try {
    const file = join(dir, 'archive.tar');
    writeFileSync(file, bytes);
    const tar = (...args: string[]) => execFileSync('tar', args, { encoding: 'utf8', cwd: dir });
    const paths = tar('-tf', file).split('\n').filter(Boolean);
    const verbose = tar('--utc', '-tvf', file);
    const out = join(dir, 'out');
    execFileSync('mkdir', [out]);
    tar('-xf', file, '-C', out);
    const contents = new Map(paths.map((path) => [path, readFileSync(join(out, path), 'utf8')]));
    return { paths, verbose, contentOf: (path) => contents.get(path)! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
