// The slug the app gives a component it creates: derived from the entity ref alone, so a retried create of the
// same entity collides with the first one (Compass keeps slugs unique per site) instead of duplicating it.
// Compass slugs are at most 64 characters of [0-9a-zA-Z-].

const MAX_SLUG_LENGTH = 64;

/** A short stable hash (FNV-1a, 32 bits) so two refs that sanitise alike still get different slugs. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(7, '0');
}

export function slugForEntityRef(entityRef: string): string {
  const readable = entityRef
    .toLowerCase()
    .replace(/^component:/, '')
    .replace(/^default\//, '')
    .replace(/:default\//, '-')
    .replace(/[^0-9a-z]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const suffix = `-${fnv1a(entityRef.toLowerCase())}`;
  return `${readable.slice(0, MAX_SLUG_LENGTH - suffix.length).replace(/-+$/, '')}${suffix}`;
}
