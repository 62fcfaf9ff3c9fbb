// A content hash of what the app writes to a component, so an unchanged entity is recognised from stored state
// alone, with no request to Compass. Relationships are tracked apart (they need both ends' ids).
import type { CompassComponentDraft } from '../compass-component-draft';
import { NO_UNSYNCED_FIELDS, type UnsyncedFields } from '../component-changes';

/** Canonical JSON: object keys sorted, undefined dropped; arrays keep their (already deterministic) order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** cyrb53: a fast 53-bit string hash; collisions are negligible at catalog sizes (a collision only skips a write). */
function cyrb53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** A short hash of any JSON-like value, the same whatever the order of its object keys. */
export function contentHashOf(value: unknown): string {
  return cyrb53(canonical(value));
}

/** The hash of the fields a sync writes: the unsynced ones are left out (none left out: the hash state has always held). */
export function draftContentHash(
  draft: CompassComponentDraft,
  unsynced: UnsyncedFields = NO_UNSYNCED_FIELDS,
): string {
  const { name, description, typeId, lifecycle, labels, links, ownerId } = draft;
  const written: Record<string, unknown> = { name, description, typeId, lifecycle, labels, links, ownerId };
  for (const field of unsynced) delete written[field];
  return contentHashOf(written);
}

/**
 * Whether a stored hash still describes the draft's synced fields. The state was hashed with the unsynced
 * fields of its sync; the admin may have left more fields to Compass since, which changes no synced field, so
 * every subset of today's unsynced fields is tried (at most 2^7 hashes, today's set and none first).
 */
export function storedHashMatches(
  draft: CompassComponentDraft,
  storedHash: string | undefined,
  unsynced: UnsyncedFields = NO_UNSYNCED_FIELDS,
): boolean {
  if (storedHash === undefined) return false;
  if (draftContentHash(draft, unsynced) === storedHash) return true;
  const fields = [...unsynced];
  // Bit masks from 0 (none left out) to all but the full set, which was tried first.
  for (let mask = 0; mask < (1 << fields.length) - 1; mask++) {
    const subset = new Set(fields.filter((_, i) => (mask & (1 << i)) !== 0));
    if (draftContentHash(draft, subset) === storedHash) return true;
  }
  return false;
}
