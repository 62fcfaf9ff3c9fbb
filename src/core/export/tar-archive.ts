// An uncompressed tar archive (POSIX ustar, with a pax `path` record for a name ustar cannot hold), so the
// export's many compass.yml files download as one file any `tar` reads. Pure: bytes in, bytes out.

export interface ArchiveFile {
  /** Relative path with `/` between folders. */
  path: string;
  content: string;
}

const BLOCK = 512;
const encoder = new TextEncoder();

/** Writes `value` as a NUL-terminated octal number filling `width` bytes, as tar headers hold numbers. */
function octal(header: Uint8Array, offset: number, width: number, value: number): void {
  header.set(encoder.encode(`${value.toString(8).padStart(width - 1, '0')}\0`), offset);
}

function text(header: Uint8Array, offset: number, value: Uint8Array): void {
  header.set(value, offset);
}

/** ustar keeps a path as `prefix/name` (155 and 100 bytes); answers the split, or undefined when none fits. */
function ustarPath(path: Uint8Array): { prefix: Uint8Array; name: Uint8Array } | undefined {
  if (path.length <= 100) return { prefix: new Uint8Array(0), name: path };
  for (let slash = path.lastIndexOf(0x2f); slash > 0; slash = path.lastIndexOf(0x2f, slash - 1)) {
    if (slash <= 155 && path.length - slash - 1 <= 100 && path.length - slash - 1 > 0) {
      return { prefix: path.subarray(0, slash), name: path.subarray(slash + 1) };
    }
  }
  return undefined;
}

function header(
  path: { prefix: Uint8Array; name: Uint8Array },
  size: number,
  type: '0' | 'x',
  mtime: number,
): Uint8Array {
  const block = new Uint8Array(BLOCK);
  text(block, 0, path.name);
  octal(block, 100, 8, 0o644);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, mtime);
  block.fill(0x20, 148, 156); // the checksum is summed with its own field as spaces
  text(block, 156, encoder.encode(type));
  text(block, 257, encoder.encode('ustar\0'));
  text(block, 263, encoder.encode('00'));
  text(block, 345, path.prefix);
  const checksum = block.reduce((sum, byte) => sum + byte, 0);
  block.set(encoder.encode(`${checksum.toString(8).padStart(6, '0')}\0 `), 148);
  return block;
}

/** A pax record `<length> path=<path>\n`, whose length counts its own digits. */
function paxPathRecord(path: string): Uint8Array {
  const body = ` path=${path}\n`;
  const bodyBytes = encoder.encode(body).length;
  let length = bodyBytes + 1;
  while (String(length).length + bodyBytes !== length) length = String(length).length + bodyBytes;
  return encoder.encode(`${length}${body}`);
}

function padded(bytes: Uint8Array): Uint8Array[] {
  const rest = bytes.length % BLOCK;
  return rest === 0 ? [bytes] : [bytes, new Uint8Array(BLOCK - rest)];
}

/** The archive of the files, in the order given, each dated `modifiedAt`. */
export function tarArchive(files: readonly ArchiveFile[], modifiedAt: Date): Uint8Array {
  const mtime = Math.floor(modifiedAt.getTime() / 1000);
  const parts: Uint8Array[] = [];
  for (const file of files) {
    const pathBytes = encoder.encode(file.path);
    const content = encoder.encode(file.content);
    let ustar = ustarPath(pathBytes);
    if (!ustar) {
      // Too long for ustar: a pax header carries the path; the ustar name is a shortened stand-in.
      const record = paxPathRecord(file.path);
      parts.push(
        header({ prefix: new Uint8Array(0), name: encoder.encode('PaxHeader') }, record.length, 'x', mtime),
      );
      parts.push(...padded(record));
      ustar = { prefix: new Uint8Array(0), name: pathBytes.subarray(pathBytes.length - 100) };
    }
    parts.push(header(ustar, content.length, '0', mtime), ...padded(content));
  }
  parts.push(new Uint8Array(BLOCK * 2)); // the end: two empty blocks
  const archive = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    archive.set(part, offset);
    offset += part.length;
  }
  return archive;
}
