// The value of each metric for one entity: pure, from the entity, the catalog index and the facts of the entities it
// names. Entities come from outside, so an odd field reads as absent and never throws.
import type { Entity } from '@backstage/catalog-model';
import type { CatalogIndex } from '../mapping/catalog-index';
import { annotation, specString } from '../mapping/entity-fields';
import { identifyEntity } from '../mapping/entity-identity';
import { ANNOTATION_TECHDOCS_REF } from '../mapping/links';
import { ownerRefOf } from '../mapping/owner';
import { customMetricValue } from './custom-metric-value';
import {
  ANNOTATION_ORPHAN,
  ANNOTATION_TECHDOCS_ENTITY,
  BUILT_IN_METRIC_KEYS,
  type BuiltInMetricKey,
  type MetricDefinitionSpec,
} from './metric-definitions';
import { dependencyRefs, dependentRefs, providedApiRefs, type RelatedEntityFacts } from './related-entities';

export interface MetricInputs {
  entity: Entity;
  /** The catalog index the engine builds (`catalogRefs` holds every lower-cased ref of the catalog). */
  index: CatalogIndex;
  /** Facts of the refs `relatedRefsForMetrics` named (lower-cased ref → facts); a ref absent here is not in the catalog. */
  related: ReadonlyMap<string, RelatedEntityFacts>;
  /** When the app first saw the entity's current content (ISO time, see `entityContentHash`); undefined = now. */
  contentSeenAt?: string;
  now: Date;
  annotationSet: readonly string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const OWNER_KINDS = new Set(['group', 'user']);

/**
 * key → value for each of `metrics` that applies to the entity's kind and has a value (Documented APIs has none when
 * the entity provides no API). A metric that cannot be read has no value; nothing here throws for odd content.
 */
export function computeMetricValues(
  inputs: MetricInputs,
  metrics: readonly MetricDefinitionSpec[],
): Map<string, number> {
  const values = new Map<string, number>();
  const identified = identifyEntity(inputs.entity);
  if (!identified.ok) return values;
  const kind = identified.identity.kind.toLowerCase();
  const context: EntityContext = { ...inputs, namespace: identified.identity.namespace };
  for (const metric of metrics) {
    if (!metric.kinds.includes(kind)) continue;
    const value = metric.source
      ? customMetricValue(inputs.entity, metric.source)
      : isBuiltInKey(metric.key)
        ? BUILT_IN_VALUES[metric.key](context)
        : undefined;
    if (value !== undefined && Number.isFinite(value)) values.set(metric.key, value);
  }
  return values;
}

interface EntityContext extends MetricInputs {
  /** The entity's namespace as written (short refs in its spec default to it). */
  namespace: string;
}

function isBuiltInKey(key: string): key is BuiltInMetricKey {
  return (BUILT_IN_METRIC_KEYS as readonly string[]).includes(key);
}

const BUILT_IN_VALUES: Record<BuiltInMetricKey, (context: EntityContext) => number | undefined> = {
  techdocs: ({ entity }) =>
    flag(
      annotation(entity, ANNOTATION_TECHDOCS_REF) !== undefined ||
        annotation(entity, ANNOTATION_TECHDOCS_ENTITY) !== undefined,
    ),
  'owner-in-catalog': ({ entity, namespace, index }) => flag(ownerInCatalog(entity, namespace, index)),
  'documented-apis': ({ entity, related }) => {
    const apis = providedApiRefs(entity);
    // An API that is not in the catalog counts as undocumented: nobody can read its definition.
    const documented = apis.filter((ref) => related.get(ref)?.hasDefinition === true).length;
    return apis.length === 0 ? undefined : percentOf(documented, apis.length);
  },
  'annotation-coverage': ({ entity, annotationSet }) => {
    const keys = [...new Set(annotationSet)];
    const present = keys.filter((key) => annotation(entity, key) !== undefined).length;
    return keys.length === 0 ? undefined : percentOf(present, keys.length);
  },
  dependencies: ({ entity }) => dependencyRefs(entity).length,
  dependents: ({ entity }) => dependentRefs(entity)?.length,
  'deprecated-dependencies': ({ entity, related }) =>
    dependencyRefs(entity).filter((ref) => related.get(ref)?.lifecycle?.toLowerCase() === 'deprecated')
      .length,
  'catalog-errors': ({ entity }) => catalogErrorCount(entity),
  orphaned: ({ entity }) => flag(annotation(entity, ANNOTATION_ORPHAN)?.toLowerCase() === 'true'),
  'days-since-change': ({ contentSeenAt, now }) => daysSince(contentSeenAt, now),
};

function flag(condition: boolean): number {
  return condition ? 1 : 0;
}

/** Rounded down to a whole percent, so 100 means every one and a scorecard's "equals 100" means what it says. */
function percentOf(part: number, whole: number): number {
  return Math.floor((100 * part) / whole);
}

/** `spec.owner` resolved as Backstage does (default kind Group, the entity's namespace) to a Group or User it has. */
function ownerInCatalog(entity: Entity, namespace: string, index: CatalogIndex): boolean {
  const owner = specString(entity, 'owner');
  if (owner === undefined) return false;
  let ownerRef: string;
  try {
    ownerRef = ownerRefOf(owner, namespace);
  } catch {
    return false; // not a ref at all (`group:`): it resolves to nothing
  }
  return OWNER_KINDS.has(ownerRef.slice(0, ownerRef.indexOf(':'))) && index.catalogRefs.has(ownerRef);
}

/** Backstage serves processing errors as `status.items[]` with `level: 'error'` (catalog-client's EntityStatusItem). */
function catalogErrorCount(entity: Entity): number {
  const status: unknown = (entity as { status?: unknown }).status;
  const items: unknown =
    status && typeof status === 'object' ? (status as { items?: unknown }).items : undefined;
  if (!Array.isArray(items)) return 0;
  return items.filter((item: unknown) => (item as { level?: unknown } | null)?.level === 'error').length;
}

/** Whole days from `seenAt` to `now` (Days since change); a sync ages unchanged entities' values with it. */
export function daysSince(seenAt: string | undefined, now: Date): number | undefined {
  if (seenAt === undefined) return 0;
  const seen = Date.parse(seenAt);
  if (Number.isNaN(seen) || Number.isNaN(now.getTime())) return undefined;
  return Math.max(0, Math.floor((now.getTime() - seen) / DAY_MS));
}
