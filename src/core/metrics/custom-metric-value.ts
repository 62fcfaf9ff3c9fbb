// Reading an admin's metric from one entity: an annotation, a label or a spec field as a number or through a value
// map, or the number of distinct targets of a relation type.
import type { Entity } from '@backstage/catalog-model';
import type { CustomMetricSource } from './metric-definitions';
import { relationTargetRefs } from './related-entities';

/** A plain decimal number ('3', '-0.5', '1e3'); not '', '0x10', 'Infinity' or '3 days', which `Number` would bend. */
const DECIMAL_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

export function customMetricValue(entity: Entity, source: CustomMetricSource): number | undefined {
  switch (source.type) {
    case 'annotation':
      return readAsNumber(ownField(entity.metadata?.annotations, source.key), source.valueMap);
    case 'label':
      return readAsNumber(ownField(entity.metadata?.labels, source.key), source.valueMap);
    case 'spec':
      return readAsNumber(specPath(entity, source.path), source.valueMap);
    case 'relation-count':
      return relationTargetRefs(entity, [source.relationType])?.length;
  }
}

/**
 * A field's text as a finite number; with a value map, the number the map gives the text (case-insensitive; keys
 * are stored lower-cased by `validateCustomMetrics`). Objects and lists have no value.
 */
export function readAsNumber(value: unknown, valueMap?: Record<string, number>): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  const text = String(value).trim();
  if (valueMap) {
    const key = text.toLowerCase();
    return Object.prototype.hasOwnProperty.call(valueMap, key) ? valueMap[key] : undefined;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (!DECIMAL_NUMBER.test(text)) return undefined;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** `spec.a.b`: each step an own property of an object (a list's items by index), else absent. */
function specPath(entity: Entity, path: string): unknown {
  let value: unknown = entity.spec;
  for (const segment of path.split('.')) value = ownField(value, segment);
  return value;
}

function ownField(container: unknown, key: string): unknown {
  if (!container || typeof container !== 'object') return undefined;
  return Object.prototype.hasOwnProperty.call(container, key)
    ? (container as Record<string, unknown>)[key]
    : undefined;
}
