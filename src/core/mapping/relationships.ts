// DEPENDS_ON targets from dependsOn / consumesApis, and the CHILD_OF parent from subcomponentOf, kept only when the
// target is itself imported.
import {
  RELATION_CONSUMES_API,
  RELATION_DEPENDS_ON,
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { CatalogIndex } from './catalog-index';
import { specString, specValue } from './entity-fields';
import type { EntityIdentity } from './entity-identity';
import type { WarningSink } from './warning-sink';

export interface MappedRelationships {
  /** Lower-cased entity refs, sorted, no duplicates, never the entity itself. */
  dependsOn: string[];
  childOf?: string;
}

export interface RelationshipTarget {
  /** Lower-cased full ref. */
  ref: string;
  /** Where it was declared, for messages. */
  origin: string;
}

export function mapRelationships(
  entity: Entity,
  identity: EntityIdentity,
  catalog: CatalogIndex,
  warn: WarningSink,
): MappedRelationships {
  const dependsOn = new Set<string>();
  const seen = new Set<string>();
  for (const target of dependencyTargets(entity, identity.namespace, warn)) {
    if (seen.has(target.ref)) continue;
    seen.add(target.ref);
    if (resolveTarget(target, 'DEPENDS_ON', identity, catalog, warn)) dependsOn.add(target.ref);
  }
  const parent = parentTarget(entity, identity.namespace, warn);
  const childOf =
    parent && resolveTarget(parent, 'CHILD_OF', identity, catalog, warn) ? parent.ref : undefined;
  return { dependsOn: [...dependsOn].sort(), ...(childOf === undefined ? {} : { childOf }) };
}

/** Backstage's own defaults for dependsOn (refs must name their kind) and consumesApis (kind API). */
function dependencyTargets(entity: Entity, namespace: string, warn: WarningSink): RelationshipTarget[] {
  return declaredTargets(
    entity,
    namespace,
    [RELATION_DEPENDS_ON, RELATION_CONSUMES_API],
    [{ field: 'dependsOn' }, { field: 'consumesApis', defaultKind: 'api' }],
    warn,
  );
}

/** A `spec` field of refs that declares a relation, with the kind Backstage assumes when a ref leaves it out. */
export interface SpecRefField {
  field: string;
  defaultKind?: string;
}

/**
 * The targets of `relationTypes`: from the catalog's `relations` when the entity has them (they are already full
 * refs, and include relations declared from the other side, e.g. `dependencyOf`); otherwise from `specFields`,
 * defaulting to the entity's namespace as Backstage does. Duplicates are kept; invalid refs are warned and left out.
 */
export function declaredTargets(
  entity: Entity,
  namespace: string,
  relationTypes: readonly string[],
  specFields: readonly SpecRefField[],
  warn: WarningSink,
): RelationshipTarget[] {
  if (Array.isArray(entity.relations)) {
    return entity.relations.flatMap((relation): RelationshipTarget[] => {
      if (!relationTypes.includes(relation?.type)) return [];
      const target = parseTarget(relation.targetRef, {}, `relation ${relation.type}`, warn);
      return target ? [target] : [];
    });
  }
  return specFields.flatMap(({ field, defaultKind }) =>
    specTargets(entity, field, { defaultKind, defaultNamespace: namespace }, warn),
  );
}

function specTargets(
  entity: Entity,
  field: string,
  defaults: { defaultKind?: string; defaultNamespace: string },
  warn: WarningSink,
): RelationshipTarget[] {
  const value = specValue(entity, field);
  if (value === undefined || value === null) return [];
  const refs: unknown[] = Array.isArray(value) ? value : [value];
  return refs.flatMap((ref, index) => {
    const target = parseTarget(ref, defaults, `spec.${field}[${index}]`, warn);
    return target ? [target] : [];
  });
}

function parentTarget(entity: Entity, namespace: string, warn: WarningSink): RelationshipTarget | undefined {
  const parent = specString(entity, 'subcomponentOf');
  if (parent === undefined) return undefined;
  return parseTarget(
    parent,
    { defaultKind: 'component', defaultNamespace: namespace },
    'spec.subcomponentOf',
    warn,
  );
}

function parseTarget(
  ref: unknown,
  defaults: { defaultKind?: string; defaultNamespace?: string },
  origin: string,
  warn: WarningSink,
): RelationshipTarget | undefined {
  try {
    if (typeof ref !== 'string') throw new TypeError('not a string');
    return { ref: stringifyEntityRef(parseEntityRef(ref.trim(), defaults)).toLowerCase(), origin };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    warn(
      'relationship-target-invalid',
      `${origin} ${JSON.stringify(ref)} is not a usable entity ref (${reason}); ignored`,
    );
    return undefined;
  }
}

function resolveTarget(
  target: RelationshipTarget,
  relationship: 'DEPENDS_ON' | 'CHILD_OF',
  identity: EntityIdentity,
  catalog: CatalogIndex,
  warn: WarningSink,
): boolean {
  if (target.ref === identity.entityRef) {
    warn('relationship-target-invalid', `${target.origin} refers to the entity itself; no ${relationship}`);
    return false;
  }
  if (catalog.importedRefs.has(target.ref)) return true;
  if (catalog.catalogRefs.has(target.ref)) {
    const kind = target.ref.slice(0, target.ref.indexOf(':'));
    warn(
      'relationship-target-not-imported',
      `${target.origin} → ${target.ref}: a ${kind}, which is not imported as a component; no ${relationship}`,
    );
    return false;
  }
  warn(
    'relationship-target-missing',
    `${target.origin} → ${target.ref}, which is not in the Backstage catalog; no ${relationship}`,
  );
  return false;
}
