// The Compass owner (an Atlassian team) from `spec.owner`, through the admin's owner table.
import { parseEntityRef, stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogIndex } from './catalog-index';
import { specString } from './entity-fields';
import { lookupRule, type MappingRules } from './mapping-rules';
import type { WarningSink } from './warning-sink';

/** `spec.owner` as a lower-cased full ref: a short `payments-team` is a Group in the entity's own namespace. */
export function ownerRefOf(owner: string, entityNamespace: string): string {
  return stringifyEntityRef(
    parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: entityNamespace }),
  ).toLowerCase();
}

/** With a `catalog`, an owner Backstage does not have is reported as such rather than as merely unmapped. */
export function mapOwner(
  entity: Entity,
  entityNamespace: string,
  rules: MappingRules,
  warn: WarningSink,
  catalog?: CatalogIndex,
): string | undefined {
  const owner = specString(entity, 'owner');
  if (owner === undefined) {
    warn('owner-missing', 'entity has no spec.owner; the component gets no owner team');
    return undefined;
  }
  let ownerRef: string;
  try {
    ownerRef = ownerRefOf(owner, entityNamespace);
  } catch {
    warn(
      'owner-invalid',
      `spec.owner "${owner}" is not a valid entity ref; the component gets no owner team`,
    );
    return undefined;
  }
  const teamId = lookupRule(rules.ownerTeamIds, ownerRef);
  if (catalog && !catalog.catalogRefs.has(ownerRef)) {
    const outcome =
      teamId === undefined
        ? 'the component gets no owner team'
        : 'the component still gets the team the owner mapping names';
    warn('owner-not-in-catalog', `owner ${ownerRef} is not in the Backstage catalog; ${outcome}`);
  } else if (teamId === undefined) {
    warn(
      'owner-unmapped',
      `owner ${ownerRef} is not in the owner mapping table; the component gets no owner team`,
    );
  }
  return teamId;
}
