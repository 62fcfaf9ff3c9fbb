// What the metrics of one entity read from the entities it names: its dependencies' lifecycles and its provided APIs'
// definitions. The engine looks those refs up by ref (with RELATED_FACT_FIELDS) and hands their facts back.
import {
  DEFAULT_NAMESPACE,
  RELATION_API_CONSUMED_BY,
  RELATION_CONSUMES_API,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_PROVIDES_API,
  type Entity,
} from '@backstage/catalog-model';
import { specString, specValue } from '../mapping/entity-fields';
import { declaredTargets } from '../mapping/relationships';

export interface RelatedEntityFacts {
  /** Lower-cased. */
  kind: string;
  /** `spec.lifecycle`, trimmed, as written. */
  lifecycle?: string;
  /** Whether `spec.definition` is a non-empty text (an API's definition). */
  hasDefinition?: boolean;
}

/**
 * The Backstage `fields=` a by-refs lookup of related entities needs to build RelatedEntityFacts: identity (to key the
 * answer by ref), lifecycle and definition. The definition is the whole API document, the one large field; the catalog
 * API cannot answer "is it empty" alone.
 */
export const RELATED_FACT_FIELDS: readonly string[] = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'spec.lifecycle',
  'spec.definition',
];

export function relatedFactsOf(entity: Entity): RelatedEntityFacts {
  const kind = typeof entity?.kind === 'string' ? entity.kind.trim().toLowerCase() : '';
  const lifecycle = specString(entity, 'lifecycle');
  const definition = specValue(entity, 'definition');
  return {
    kind,
    ...(lifecycle === undefined ? {} : { lifecycle }),
    hasDefinition: typeof definition === 'string' && definition.trim() !== '',
  };
}

/** Lower-cased refs whose facts `computeMetricValues` needs for this entity: its dependencies and provided APIs. */
export function relatedRefsForMetrics(entity: Entity): string[] {
  return [...new Set([...dependencyRefs(entity), ...providedApiRefs(entity)])].sort();
}

const IGNORE_WARNINGS = () => undefined;

function namespaceOf(entity: Entity): string {
  const namespace: unknown = entity?.metadata?.namespace;
  return typeof namespace === 'string' && namespace.trim() !== '' ? namespace.trim() : DEFAULT_NAMESPACE;
}

/** Distinct targets of dependsOn and consumesApi; without `relations`, spec.dependsOn and spec.consumesApis. */
export function dependencyRefs(entity: Entity): string[] {
  return distinctRefs(
    declaredTargets(
      entity,
      namespaceOf(entity),
      [RELATION_DEPENDS_ON, RELATION_CONSUMES_API],
      [{ field: 'dependsOn' }, { field: 'consumesApis', defaultKind: 'api' }],
      IGNORE_WARNINGS,
    ),
  );
}

/** Distinct targets of providesApi; without `relations`, spec.providesApis. */
export function providedApiRefs(entity: Entity): string[] {
  return distinctRefs(
    declaredTargets(
      entity,
      namespaceOf(entity),
      [RELATION_PROVIDES_API],
      [{ field: 'providesApis', defaultKind: 'api' }],
      IGNORE_WARNINGS,
    ),
  );
}

/**
 * Distinct sources of dependencyOf and apiConsumedBy. These are declared on the other entities, so only the
 * catalog's `relations` know them: undefined when the entity was served without relations.
 */
export function dependentRefs(entity: Entity): string[] | undefined {
  return relationTargetRefs(entity, [RELATION_DEPENDENCY_OF, RELATION_API_CONSUMED_BY]);
}

/** Distinct targets of the relation types named (compared case-insensitively); undefined without `relations`. */
export function relationTargetRefs(entity: Entity, relationTypes: readonly string[]): string[] | undefined {
  if (!Array.isArray(entity.relations)) return undefined;
  const wanted = new Set(relationTypes.map((type) => type.toLowerCase()));
  const matching = entity.relations.flatMap((relation) =>
    typeof relation?.type === 'string' && wanted.has(relation.type.toLowerCase()) ? [relation.type] : [],
  );
  return distinctRefs(
    declaredTargets(entity, namespaceOf(entity), [...new Set(matching)], [], IGNORE_WARNINGS),
  );
}

function distinctRefs(targets: readonly { ref: string }[]): string[] {
  return [...new Set(targets.map((target) => target.ref))];
}
