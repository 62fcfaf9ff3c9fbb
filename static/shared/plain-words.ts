// The one place where the app's codes become words on a page: warning codes, entity outcomes, Compass's enum
// types and field names. Pages never print a code; they ask here. Pure, so it is tested without a browser.
import type { CompassComponentTypeId, CompassLinkType } from '../../src/core/compass-component-draft';
import type { CompassErrorKind } from '../../src/compass/compass-errors';
import type { MappingWarningCode } from '../../src/core/mapping-warning';
import type { EntityOutcome } from '../../src/import/import-run';
import type { RemovalPolicy, SyncedField, SyncSchedule } from '../../src/storage/sync-settings-store';

/** A code's title from its table; a code the table does not know (a newer value) in words all the same. */
function titleIn(
  titles: Readonly<Record<string, string>>,
  code: string,
  otherwise: (code: string) => string = sentenceCase,
): string {
  return titles[code] ?? otherwise(code);
}

/** "MACHINE_LEARNING_MODEL" -> "Machine learning model": the fallback for an enum value this file does not know. */
export function sentenceCase(code: string): string {
  const words = code
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
  if (words.length === 0) return code;
  const sentence = words.join(' ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

const WARNING_TITLES: Record<MappingWarningCode, string> = {
  'kind-not-imported': 'Kind not imported',
  'name-truncated': 'Name shortened',
  'name-duplicate': 'Name used by another component',
  'description-truncated': 'Description shortened',
  'text-controls-removed': 'Control characters removed',
  'type-unmapped': 'Type not mapped',
  'lifecycle-unmapped': 'Lifecycle not mapped',
  'label-normalised': 'Label reworded for Compass',
  'label-truncated': 'Label shortened',
  'label-dropped': 'Label left out',
  'labels-over-limit': 'Too many labels',
  'link-invalid-url': 'Link with an invalid address',
  'link-has-credentials': 'Link with a password in it left out',
  'link-name-truncated': 'Link name shortened',
  'links-over-limit': 'Too many links',
  'owner-unmapped': 'Owner not mapped to a team',
  'owner-not-in-catalog': 'Owner not in the catalog',
  'owner-missing': 'No owner',
  'owner-invalid': 'Owner not readable',
  'relationship-target-missing': 'Dependency not in the catalog',
  'relationship-target-not-imported': 'Dependency not imported',
  'relationship-target-invalid': 'Dependency not readable',
  'relationship-unsupported': 'Relationship Compass does not support',
  'entity-invalid': 'Entity not readable',
};

/** A mapping warning's title, e.g. "Owner not mapped to a team"; an unknown code reads in sentence case. */
export function warningTitle(code: string): string {
  return titleIn(WARNING_TITLES, code);
}

const COMPASS_TYPE_TITLES: Record<CompassComponentTypeId, string> = {
  SERVICE: 'Service',
  WEBSITE: 'Website',
  LIBRARY: 'Library',
  APPLICATION: 'Application',
  DATA_PIPELINE: 'Data pipeline',
  MACHINE_LEARNING_MODEL: 'Machine learning model',
  UI_ELEMENT: 'UI element',
  CLOUD_RESOURCE: 'Cloud resource',
  OTHER: 'Other',
};

/** A Compass component type as Compass titles it: "Machine learning model", never the enum. */
export function compassTypeTitle(type: string): string {
  return titleIn(COMPASS_TYPE_TITLES, type);
}

const LINK_TYPE_TITLES: Record<CompassLinkType, string> = {
  REPOSITORY: 'Repository',
  DOCUMENT: 'Documentation',
  CHAT_CHANNEL: 'Chat channel',
  ON_CALL: 'On-call',
  PROJECT: 'Project',
  DASHBOARD: 'Dashboard',
  OTHER_LINK: 'Other link',
};

/** A Compass link type's title: "Chat channel", "On-call". */
export function linkTypeTitle(type: string): string {
  return titleIn(LINK_TYPE_TITLES, type);
}

const OUTCOME_TITLES: Record<EntityOutcome, string> = {
  created: 'Created',
  updated: 'Updated',
  unchanged: 'Unchanged',
  skipped: 'Skipped',
  failed: 'Failed',
  orphaned: 'No longer in Backstage',
  marked: 'Marked as removed',
  deleted: 'Deleted from Compass',
};

/** What happened to one entity in a run, as a title. */
export function outcomeTitle(outcome: string): string {
  return titleIn(OUTCOME_TITLES, outcome);
}

// Field names the app's data carries, as a person reads them. Add here rather than spelling a label in a page.
const FIELD_LABELS: Record<string, string> = {
  'spec.type': 'Backstage type',
  'spec.lifecycle': 'Backstage lifecycle',
  'spec.owner': 'Backstage owner',
  ownerId: 'Owner team',
  typeId: 'Compass type',
  'external alias': 'Backstage link',
  externalAlias: 'Backstage link',
  entityRef: 'Backstage entity',
  componentId: 'Compass component',
  importedKinds: 'Kinds to import',
  componentTypeBySpecType: 'Backstage types of components',
  componentTypeFallback: 'Type for any other Backstage type',
  typeByKind: 'Types of other kinds',
  lifecycleBySpecLifecycle: 'Backstage lifecycles',
  ownerTeamIds: 'Owner teams',
  teamNames: 'Team names',
};

/** A field's label, e.g. "spec.type" -> "Backstage type"; an unknown field reads in sentence case. */
export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? sentenceCase(field);
}

/** "1 owner", "1,200 owners": a count with its noun in the right number. */
export function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** How a person is named when the platform cannot tell who they are. */
export const UNNAMED_PERSON = 'an admin';

/** A person's name, or "an admin" when no name is known: never an account id. */
export function personName(name: string | undefined): string {
  return name?.trim() ? name.trim() : UNNAMED_PERSON;
}

// Why an entity failed, by the failure's kind (Compass's error kinds and the import's own).
const FAILURE_TITLES: Record<CompassErrorKind | 'mapping-failed' | 'storage-failed', string> = {
  'not-found': 'Component not found in Compass',
  'invalid-input': 'Compass refused the component',
  'alias-conflict': 'Another component already has this Backstage link',
  'rate-limited': 'Compass asked the app to slow down',
  'server-error': 'Compass had a problem',
  network: 'Compass could not be reached',
  'schema-mismatch': 'Compass answered in a shape the app does not know',
  unexpected: 'Compass refused the change',
  'mapping-failed': 'Could not turn the entity into a component',
  'storage-failed': 'The app could not save its state',
};

/** A failure's title, e.g. "Compass had a problem" for `server-error`; an unknown kind reads in sentence case. */
export function failureTitle(kind: string): string {
  return titleIn(FAILURE_TITLES, kind);
}

// Staying in sync (issue 13): the schedule, what happens to a component whose entity left Backstage, how an
// existing component matches an entity, and the component fields a sync writes.
const SYNC_SCHEDULE_TITLES: Record<SyncSchedule, string> = {
  off: 'Off',
  hourly: 'Every hour',
  daily: 'Every day',
};

/** A sync schedule as the admin chooses it: "Every hour". */
export function syncScheduleTitle(schedule: string): string {
  return titleIn(SYNC_SCHEDULE_TITLES, schedule);
}

const REMOVAL_POLICY_TITLES: Record<RemovalPolicy, string> = {
  report: 'Report only',
  mark: 'Mark in Compass',
  delete: 'Delete',
};

/** A removal policy's title: "Mark in Compass". */
export function removalPolicyTitle(policy: string): string {
  return titleIn(REMOVAL_POLICY_TITLES, policy);
}

const MATCH_TITLES: Record<'repository' | 'name', string> = {
  repository: 'same repository',
  name: 'same name',
};

/** Why an existing Compass component matches an entity: "same repository", "same name". */
export function adoptionMatchTitle(match: string): string {
  return titleIn(MATCH_TITLES, match, (code) => sentenceCase(code).toLowerCase());
}

const SYNCED_FIELD_TITLES: Record<SyncedField, string> = {
  name: 'Name',
  description: 'Description',
  typeId: 'Compass type',
  lifecycle: 'Lifecycle',
  ownerId: 'Owner team',
  labels: 'Labels',
  links: 'Links',
};

/** A component field a sync writes, as Compass shows it: "Owner team" for `ownerId`. */
export function syncedFieldTitle(field: string): string {
  return titleIn(SYNCED_FIELD_TITLES, field, fieldLabel);
}
