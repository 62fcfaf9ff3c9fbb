// Defensive readers for the loosely typed parts of an entity (spec, annotations): a wrong shape reads as absent.
import type { Entity } from '@backstage/catalog-model';

export function specValue(entity: Entity, key: string): unknown {
  const spec = entity.spec as Record<string, unknown> | undefined;
  return spec && typeof spec === 'object' ? spec[key] : undefined;
}

/** A non-empty, trimmed string field of `spec`, else undefined. */
export function specString(entity: Entity, key: string): string | undefined {
  return nonEmpty(specValue(entity, key));
}

export function annotation(entity: Entity, key: string): string | undefined {
  const annotations = entity.metadata.annotations as Record<string, unknown> | undefined;
  return annotations && typeof annotations === 'object' ? nonEmpty(annotations[key]) : undefined;
}

export function metadataString(entity: Entity, key: 'title' | 'description'): string | undefined {
  return nonEmpty(entity.metadata[key]);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
