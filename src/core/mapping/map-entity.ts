// One Backstage entity → one Compass component draft, with a warning for everything dropped, cut or unmapped.
import type { Entity } from '@backstage/catalog-model';
import {
  BACKSTAGE_ALIAS_SOURCE,
  COMPASS_LIMITS,
  type CompassComponentDraft,
} from '../compass-component-draft';
import type { MappingWarning } from '../mapping-warning';
import type { CatalogIndex } from './catalog-index';
import { compassNameOf } from './component-name';
import { mapComponentType } from './component-type';
import { metadataString } from './entity-fields';
import { identifyEntity, type EntityIdentity } from './entity-identity';
import { mapLabels } from './labels';
import { mapLifecycle } from './lifecycle';
import { mapLinks } from './links';
import { BACKSTAGE_BUILT_IN_KINDS, isImportedKind, type MappingConfig } from './mapping-rules';
import { mapOwner } from './owner';
import { mapRelationships } from './relationships';
import { CONTROLS_REMOVED_FROM, removeTextControls } from './text-controls';
import { cutToLength } from './text-limits';
import type { WarningSink } from './warning-sink';

export interface EntityMappingContext {
  config: MappingConfig;
  /** The catalog relationship targets are resolved against (see `indexCatalog`). */
  catalog: CatalogIndex;
}

export type EntitySkipReason =
  /** A kind Backstage ships that is not configured for import (Group, User, System, …): expected, not a warning. */
  | 'kind-not-imported'
  /** A kind this app does not know (a plugin's custom kind): reported. */
  | 'kind-unknown'
  /** No usable kind, name or namespace: reported. */
  | 'entity-invalid'
  /** A second entity with a ref already seen in the same run: reported. */
  | 'duplicate-entity';

export interface EntitySkip {
  reason: EntitySkipReason;
  detail: string;
}

export interface EntityMappingResult {
  /** Lower-cased ref, or a best-effort label when the entity has none. */
  entityRef: string;
  draft?: CompassComponentDraft;
  warnings: MappingWarning[];
  skipped?: EntitySkip;
}

/** Never throws: a malformed entity yields a warning and no draft. */
export function mapEntity(entity: Entity, context: EntityMappingContext): EntityMappingResult {
  const identified = identifyEntity(entity);
  if (!identified.ok) {
    return skip(identified.label, 'entity-invalid', identified.reason, [
      { entityRef: identified.label, code: 'entity-invalid', message: `${identified.reason}; not imported` },
    ]);
  }
  const { identity } = identified;
  const { entityRef } = identity;
  if (!isImportedKind(context.config, identity.kind)) {
    const kind = identity.kind.toLowerCase();
    if ((BACKSTAGE_BUILT_IN_KINDS as readonly string[]).includes(kind)) {
      return skip(
        entityRef,
        'kind-not-imported',
        `${identity.kind} entities are not imported as components`,
        [],
      );
    }
    const detail = `kind "${identity.kind}" is not one this app imports (${context.config.importedKinds.join(', ')})`;
    return skip(entityRef, 'kind-unknown', detail, [
      { entityRef, code: 'kind-not-imported', message: detail },
    ]);
  }

  const warnings: MappingWarning[] = [];
  const warn: WarningSink = (code, message) => warnings.push({ entityRef, code, message });
  try {
    return { entityRef, draft: buildDraft(entity, identity, context, warn), warnings };
  } catch (error) {
    // Safety net for an entity shape no rule anticipated: one bad entity must never stop the catalog.
    const reason = error instanceof Error ? error.message : String(error);
    warn('entity-invalid', `could not be mapped (${reason}); not imported`);
    return skip(entityRef, 'entity-invalid', reason, warnings);
  }
}

function buildDraft(
  entity: Entity,
  identity: EntityIdentity,
  { config, catalog }: EntityMappingContext,
  warn: WarningSink,
): CompassComponentDraft {
  const name = mapName(entity, identity, warn);
  warnSameName(identity.entityRef, name, catalog, warn);
  const description = mapDescription(entity, warn);
  const typeId = mapComponentType(entity, config, warn);
  const lifecycle = mapLifecycle(entity, config, warn);
  const labels = mapLabels(entity, identity.namespace, warn);
  const links = mapLinks(entity, identity, config.backstageWebBaseUrl, warn);
  const ownerId = mapOwner(entity, identity.namespace, config, warn, catalog);
  const { dependsOn, childOf } = mapRelationships(entity, identity, catalog, warn);
  // Optional fields are left out rather than set to undefined, so equal drafts serialise identically.
  return {
    entityRef: identity.entityRef,
    externalAlias: { externalSource: BACKSTAGE_ALIAS_SOURCE, externalId: identity.entityRef },
    name,
    ...(description === undefined ? {} : { description }),
    typeId,
    ...(lifecycle === undefined ? {} : { lifecycle }),
    labels,
    links,
    ...(ownerId === undefined ? {} : { ownerId }),
    dependsOn,
    ...(childOf === undefined ? {} : { childOf }),
  };
}

/** `metadata.title` when set, else `metadata.name`. */
function mapName(entity: Entity, identity: EntityIdentity, warn: WarningSink): string {
  const { name, controlsRemoved, fellBackToName, removedByCut } = compassNameOf(
    metadataString(entity, 'title'),
    identity.name,
  );
  if (controlsRemoved) {
    const fallback = fellBackToName ? "; nothing else was left, so the entity's name is used" : '';
    warn('text-controls-removed', `${CONTROLS_REMOVED_FROM} the name${fallback}`);
  }
  if (removedByCut > 0) {
    warn(
      'name-truncated',
      `name cut to ${COMPASS_LIMITS.nameMaxLength} characters (${removedByCut} removed)`,
    );
  }
  return name;
}

/** How many of the other refs a `name-duplicate` message names; the rest are counted. */
const SAME_NAME_REFS_NAMED = 3;

function warnSameName(entityRef: string, name: string, catalog: CatalogIndex, warn: WarningSink): void {
  const others = catalog.sameName?.get(entityRef)?.filter((ref) => ref !== entityRef) ?? [];
  if (others.length === 0) return;
  const named = others.slice(0, SAME_NAME_REFS_NAMED).join(', ');
  const more =
    others.length > SAME_NAME_REFS_NAMED ? ` and ${others.length - SAME_NAME_REFS_NAMED} more` : '';
  warn(
    'name-duplicate',
    others.length === 1
      ? `another imported entity also becomes a component named "${name}": ${named}; Compass will show both under one name`
      : `${others.length} other imported entities also become components named "${name}": ${named}${more}; Compass will show them all under one name`,
  );
}

function mapDescription(entity: Entity, warn: WarningSink): string | undefined {
  const raw = metadataString(entity, 'description');
  if (raw === undefined) return undefined;
  const cleaned = removeTextControls(raw, 'multi-line');
  const description = cleaned.text.trim();
  if (cleaned.removed) {
    const fallback = description === '' ? '; nothing else was left, so there is none' : '';
    warn('text-controls-removed', `${CONTROLS_REMOVED_FROM} the description${fallback}`);
  }
  if (description === '') return undefined;
  const cut = cutToLength(description, COMPASS_LIMITS.descriptionMaxLength);
  if (cut.removed > 0) {
    warn(
      'description-truncated',
      `description cut to ${COMPASS_LIMITS.descriptionMaxLength} characters (${cut.removed} removed)`,
    );
  }
  return cut.text;
}

function skip(
  entityRef: string,
  reason: EntitySkipReason,
  detail: string,
  warnings: MappingWarning[],
): EntityMappingResult {
  return { entityRef, warnings, skipped: { reason, detail } };
}
