// A hash of an entity's own content, so the app knows when it last changed (Days since change) from stored state.
import type { Entity } from '@backstage/catalog-model';
import { contentHashOf } from '../sync/draft-hash';
import { ANNOTATION_ORPHAN } from './metric-definitions';

/** What Backstage rewrites without the entity's author changing anything. */
const METADATA_LEFT_OUT = new Set(['uid', 'etag', 'generation', 'resourceVersion']);

/**
 * Stable over what Backstage changes on its own: `metadata.uid`, `etag`, `generation` and `resourceVersion` (they
 * move on every re-processing), `relations` (they change when *other* entities name this one), `status` (processing
 * errors come and go) and the `backstage.io/orphan` annotation (its location went away, its content did not). Key
 * order does not count. The same fields must be fetched every time: a field left out of the read changes the hash.
 */
export function entityContentHash(entity: Entity): string {
  const {
    metadata,
    relations: _relations,
    status: _status,
    ...rest
  } = entity as Entity & { status?: unknown };
  const ownMetadata = Object.fromEntries(
    Object.entries((metadata ?? {}) as Record<string, unknown>).filter(
      ([key]) => !METADATA_LEFT_OUT.has(key),
    ),
  );
  const annotations: unknown = ownMetadata.annotations;
  if (annotations && typeof annotations === 'object' && !Array.isArray(annotations)) {
    ownMetadata.annotations = Object.fromEntries(
      Object.entries(annotations).filter(([key]) => key !== ANNOTATION_ORPHAN),
    );
  }
  return contentHashOf({ ...rest, metadata: ownMetadata });
}
