// Compass component type from the entity's kind and, for Components, `spec.type`.
import type { Entity } from '@backstage/catalog-model';
import type { CompassComponentTypeId } from '../compass-component-draft';
import { specString } from './entity-fields';
import { lookupRule, type MappingRules } from './mapping-rules';
import type { WarningSink } from './warning-sink';

export function mapComponentType(
  entity: Entity,
  rules: MappingRules,
  warn: WarningSink,
): CompassComponentTypeId {
  const kind = entity.kind.toLowerCase();
  if (kind !== 'component') {
    const byKind = lookupRule(rules.typeByKind, kind);
    if (byKind) return byKind;
    warn(
      'type-unmapped',
      `no Compass type configured for kind "${entity.kind}"; using ${rules.componentTypeFallback}`,
    );
    return rules.componentTypeFallback;
  }
  const specType = specString(entity, 'type');
  const mapped =
    specType === undefined ? undefined : lookupRule(rules.componentTypeBySpecType, specType.toLowerCase());
  if (mapped) return mapped;
  warn(
    'type-unmapped',
    specType === undefined
      ? `Component has no spec.type; using ${rules.componentTypeFallback}`
      : `Component spec.type "${specType}" has no Compass type; using ${rules.componentTypeFallback}`,
  );
  return rules.componentTypeFallback;
}
