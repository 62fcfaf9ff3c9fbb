import { tarArchive } from './tar-archive';
import { readTar } from './testing/read-tar';

describe('tarArchive', () => {
  // No ustar split fits (a prefix of at most 155 bytes, a name of at most 100): a pax record carries it.
  const longPath = `${'a'.repeat(200)}/${'b'.repeat(200)}/compass.yml`;
  const files = [
    { path: 'component_default_ledger/compass.yml', content: 'name: "Ledger"\n' },
    { path: 'api_default_payments/compass.yml', content: '' },
    { path: `${'a'.repeat(120)}/compass.yml`, content: 'name: "Über: é"\n' },
    { path: longPath, content: 'x'.repeat(1500) },
  ];
  const archive = tarArchive(files, new Date('2026-12-04T12:00:00Z'));

  it('GNU tar lists every file, in order, and reads each back byte for byte', () => {
    const read = readTar(archive);
    expect(read.paths).toEqual(files.map((f) => f.path));
    for (const { path, content } of files) expect(read.contentOf(path)).toBe(content);
    expect(read.verbose).toContain('2026-12-04 12:00');
    expect(new TextDecoder().decode(archive)).toContain(` path=${longPath}\n`);
  });

  it('is whole blocks, ending in two empty ones', () => {
    expect(archive.length % 512).toBe(0);
    expect(archive.subarray(archive.length - 1024).every((byte) => byte === 0)).toBe(true);
    expect(tarArchive([], new Date(0))).toEqual(new Uint8Array(1024));
  });
});
