// Entity refs as parts of kvs keys. The encoding is a stored format: every installed app's state is found by it,
// so it never changes for a ref that could be stored before.
import { createHash } from 'node:crypto';
import type { KeyValueStore } from '../core/ports';

/** Forge kvs keys: at most 500 characters of letters, digits, `:._-#` and whitespace (not only whitespace). */
export const MAX_KEY_LENGTH = 500;
const KEPT = /^[a-zA-Z0-9:._-]$/;
// After the escape space come exactly six hex digits, so ` sha256 ` can never be part of an encoded ref.
const HASHED_MARK = ' sha256 ';

/**
 * A ref as a key part, reversibly: '/' becomes '#' (the encoding of every strict Backstage ref, unchanged since the
 * first release, so existing state is found), and any other character a key may not hold, or '#' and whitespace
 * themselves, becomes a space and its code point as six hex digits (`über` -> ` 0000fcber`). Strict refs never
 * hold a space, so their keys are as they always were.
 */
export function encodeRef(entityRef: string): string {
  let encoded = '';
  for (const character of entityRef) {
    if (character === '/') encoded += '#';
    else if (KEPT.test(character)) encoded += character;
    else encoded += ` ${character.codePointAt(0)!.toString(16).padStart(6, '0')}`;
  }
  return encoded;
}

/** The ref an encoded key part stands for; undefined for a hashed one (its ref is kept in the stored value). */
export function decodeRef(encoded: string): string | undefined {
  if (encoded.startsWith(HASHED_MARK)) return undefined;
  return encoded.replace(/#| ([0-9a-f]{6})/g, (_, hex?: string) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : '/',
  );
}

/** `prefix` + the encoded ref, or, where that would be too long for kvs, + a hash of the ref. */
export function refKey(prefix: string, entityRef: string): string {
  const key = `${prefix}${encodeRef(entityRef)}`;
  if (key.length <= MAX_KEY_LENGTH) return key;
  return `${prefix}${HASHED_MARK}${createHash('sha256').update(entityRef).digest('hex')}`;
}

/** The values stored under `keyOf(ref)` for those refs that have one, by the ref as given: one batched read. */
export async function loadByRefs<T>(
  store: KeyValueStore,
  refs: string[],
  keyOf: (ref: string) => string,
): Promise<Map<string, T>> {
  const found = await store.getMany<T>(refs.map(keyOf));
  const values = new Map<string, T>();
  for (const ref of refs) {
    const value = found.get(keyOf(ref));
    if (value !== undefined) values.set(ref, value);
  }
  return values;
}
