// Checks an entity the way the catalog backend does before it stores one: the entity envelope and metadata
// schema, Backstage's field formats (names, tags, labels, annotations) and the per-kind spec schema of the
// built-in kinds. Kinds without a built-in validator (Template, custom kinds) get the generic checks only.
import {
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  type Entity,
  type EntityPolicy,
  type KindValidator,
} from '@backstage/catalog-model';

export type EntityCheck =
  { valid: true; entity: Entity } | { valid: false; entityRef: string; reason: string };

const BUILT_IN_KIND_VALIDATORS: readonly KindValidator[] = [
  componentEntityV1alpha1Validator,
  apiEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
];

// Served entities also carry `relations` and sometimes `status`, which the default policy would call foreign.
const ROOT_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec', 'relations', 'status'];

let policies: EntityPolicy | undefined;
function entityPolicies(): EntityPolicy {
  // Built on first use: the schema validators compile their JSON schemas when constructed.
  policies ??= EntityPolicies.allOf([
    new SchemaValidEntityPolicy(),
    new NoForeignRootFieldsEntityPolicy(ROOT_FIELDS),
    new FieldFormatEntityPolicy(),
  ]);
  return policies;
}

/** The entity's ref as far as it can be read from an entity that may be malformed. */
export function bestEffortEntityRef(raw: unknown): string {
  const value = raw as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
  const kind = typeof value?.kind === 'string' && value.kind ? value.kind : 'unknown-kind';
  const name =
    typeof value?.metadata?.name === 'string' && value.metadata.name ? value.metadata.name : 'unnamed';
  const namespace = typeof value?.metadata?.namespace === 'string' ? value.metadata.namespace : undefined;
  return stringifyEntityRef({ kind, name, ...(namespace ? { namespace } : {}) });
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Validates one full entity. Never throws: an invalid entity comes back with its ref and the first reason. */
export async function checkEntity(raw: unknown): Promise<EntityCheck> {
  const entityRef = bestEffortEntityRef(raw);
  try {
    const entity = await entityPolicies().enforce(raw as Entity);
    if (!entity) return { valid: false, entityRef, reason: 'rejected by the entity policies' };
    for (const validator of BUILT_IN_KIND_VALIDATORS) {
      // check() is false for another kind/apiVersion, true when valid, and throws a TypeError when invalid.
      if (await validator.check(entity)) break;
    }
    return { valid: true, entity };
  } catch (error) {
    return { valid: false, entityRef, reason: reasonOf(error) };
  }
}
