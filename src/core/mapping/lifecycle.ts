// Compass's lifecycle field from `spec.lifecycle`.
import type { Entity } from '@backstage/catalog-model';
import type { CompassLifecycle } from '../compass-component-draft';
import { specString } from './entity-fields';
import { lookupRule, type MappingRules } from './mapping-rules';
import type { WarningSink } from './warning-sink';

/** Unset when the entity has no lifecycle (nothing to map, e.g. most Resources); reported when it has an unknown one. */
export function mapLifecycle(
  entity: Entity,
  rules: MappingRules,
  warn: WarningSink,
): CompassLifecycle | undefined {
  const lifecycle = specString(entity, 'lifecycle');
  if (lifecycle === undefined) return undefined;
  const mapped = lookupRule(rules.lifecycleBySpecLifecycle, lifecycle.toLowerCase());
  if (!mapped) {
    const known = Object.keys(rules.lifecycleBySpecLifecycle).join(', ');
    warn(
      'lifecycle-unmapped',
      `spec.lifecycle "${lifecycle}" has no Compass lifecycle (mapped: ${known}); left unset`,
    );
  }
  return mapped;
}
