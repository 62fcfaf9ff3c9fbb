// The mapping an admin edits on the page: which kinds become components, spec.type -> Compass type,
// spec.lifecycle -> lifecycle, and Backstage owner -> Atlassian team. Saved per site (the app's kvs is per
// installation) by src/storage/mapping-store.ts, which the import engine reads as Partial<MappingRules>.
import {
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import {
  COMPASS_COMPONENT_TYPES,
  type CompassComponentTypeId,
  type CompassLifecycle,
} from '../core/compass-component-draft';
import { DEFAULT_MAPPING_RULES, type MappingRules } from '../core/mapping';
import { InvalidRequestError } from '../core/invalid-request';
import type { KeyValueStore } from '../core/ports';
import { mappingStore } from '../storage/mapping-store';

export const COMPASS_LIFECYCLES: readonly CompassLifecycle[] = ['Active', 'Pre-release', 'Deprecated'];

export type EditableMapping = Pick<
  MappingRules,
  | 'importedKinds'
  | 'componentTypeBySpecType'
  | 'componentTypeFallback'
  | 'typeByKind'
  | 'lifecycleBySpecLifecycle'
  | 'ownerTeamIds'
>;

export interface MappingView {
  /** The rules in force: the defaults with the saved changes over them. */
  rules: EditableMapping;
  defaults: EditableMapping;
  /** Team id -> display name, for the owner table. */
  teamNames: Record<string, string>;
  savedAt?: string;
  compassTypes: readonly CompassComponentTypeId[];
  lifecycles: readonly CompassLifecycle[];
}

/** A table's entry set to null removes that key; a table sent is merged over the one in force. */
type TableUpdate<T> = Record<string, T | null>;

export interface SaveMappingInput {
  importedKinds?: EditableMapping['importedKinds'];
  componentTypeBySpecType?: TableUpdate<CompassComponentTypeId>;
  componentTypeFallback?: CompassComponentTypeId;
  typeByKind?: TableUpdate<CompassComponentTypeId>;
  lifecycleBySpecLifecycle?: TableUpdate<CompassLifecycle>;
  ownerTeamIds?: TableUpdate<string>;
  teamNames?: TableUpdate<string>;
}

export async function getMapping(store: KeyValueStore): Promise<MappingView> {
  const mapping = mappingStore(store);
  const saved = await mapping.loadRules();
  const savedAt = await mapping.loadSavedAt();
  return {
    rules: editable({ ...DEFAULT_MAPPING_RULES, ...saved }),
    defaults: editable(DEFAULT_MAPPING_RULES),
    // Display names of the teams the owner table points at, so the page can show names, not ids.
    teamNames: await mapping.loadTeamNames(),
    ...(savedAt ? { savedAt } : {}),
    compassTypes: COMPASS_COMPONENT_TYPES,
    lifecycles: COMPASS_LIFECYCLES,
  };
}

/** The fields saveMapping accepts; anything else is refused rather than silently ignored. */
const SAVE_FIELDS: ReadonlySet<string> = new Set<keyof SaveMappingInput>([
  'importedKinds',
  'componentTypeBySpecType',
  'componentTypeFallback',
  'typeByKind',
  'lifecycleBySpecLifecycle',
  'ownerTeamIds',
  'teamNames',
]);

/**
 * Atlassian team ids as team search (teamSearchV2) answers them: `ari:cloud:identity::team/<uuid>`. The
 * `ari:cloud:teams::team/<uuid>` form is accepted too, since which one Compass's ownerId takes is unverified.
 */
const TEAM_ID =
  /^ari:cloud:(identity|teams)::team\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_TEAM_NAME_LENGTH = 255;
/** spec.type and spec.lifecycle values are free text in Backstage; longer than this is not a real one. */
const MAX_TABLE_KEY_LENGTH = 255;
/** C0/C1 controls and the bidirectional overrides that could make a name read as something else. */
const CONTROL_CHARACTERS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;
const NOT_COMPONENT_KINDS = ['group', 'user', 'location', 'template'];

/**
 * Validates what is given and saves it over what is in force. A table (type, lifecycle, owner, team name) is
 * merged over the table in force (the defaults with the saved changes), and a `null` value removes that key,
 * so a one-key update keeps every other entry. Lists and single values replace. Nothing is saved unless all of
 * it is valid. Answers the new view.
 * @throws InvalidRequestError naming the first field that is not acceptable.
 */
export async function saveMapping(
  store: KeyValueStore,
  input: unknown,
  now: () => Date = () => new Date(),
): Promise<MappingView> {
  if (!isPlainObject(input)) throw new InvalidRequestError('mapping', 'Send the mapping as an object');
  const unknown = Object.keys(input).find((key) => !SAVE_FIELDS.has(key));
  if (unknown !== undefined)
    throw new InvalidRequestError(shown(unknown), `${quoted(unknown)} is not a field of the mapping`);
  const mapping = mappingStore(store);
  const saved = await mapping.loadRules();
  const inForce: MappingRules = { ...DEFAULT_MAPPING_RULES, ...saved };
  const next: Partial<MappingRules> = { ...saved };
  if (input.importedKinds !== undefined) next.importedKinds = kinds(input.importedKinds);
  // A table merges over the one in force: the defaults with the saved changes.
  const merged = <T>(field: TableField, key: KeyRule, check: (field: string, value: unknown) => T) =>
    mergeTable(field, inForce[field] as Readonly<Record<string, T>>, input[field], key, check);
  if (input.componentTypeBySpecType !== undefined)
    next.componentTypeBySpecType = merged('componentTypeBySpecType', textKey, compassType);
  if (input.componentTypeFallback !== undefined)
    next.componentTypeFallback = compassType('componentTypeFallback', input.componentTypeFallback);
  if (input.typeByKind !== undefined) next.typeByKind = merged('typeByKind', otherKindKey, compassType);
  if (input.lifecycleBySpecLifecycle !== undefined)
    next.lifecycleBySpecLifecycle = merged('lifecycleBySpecLifecycle', textKey, lifecycle);
  if (input.ownerTeamIds !== undefined) next.ownerTeamIds = merged('ownerTeamIds', ownerKey, teamId);
  const teamNames =
    input.teamNames === undefined
      ? undefined
      : mergeTable('teamNames', await mapping.loadTeamNames(), input.teamNames, teamId, teamName);
  await mapping.save({ rules: next, ...(teamNames ? { teamNames } : {}), savedAt: now().toISOString() });
  return getMapping(store);
}

function editable(rules: MappingRules): EditableMapping {
  return {
    importedKinds: [...rules.importedKinds],
    componentTypeBySpecType: { ...rules.componentTypeBySpecType },
    componentTypeFallback: rules.componentTypeFallback,
    typeByKind: { ...rules.typeByKind },
    lifecycleBySpecLifecycle: { ...rules.lifecycleBySpecLifecycle },
    ownerTeamIds: { ...rules.ownerTeamIds },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text the admin sent, cut short for a message or a field name. */
function shown(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function quoted(value: unknown): string {
  return `"${shown(String(value))}"`;
}

function plainText(field: string, value: unknown, maxLength: number): string {
  if (typeof value !== 'string' || !value.trim())
    throw new InvalidRequestError(field, `${field}: expected a non-empty text`);
  const text = value.trim();
  if (text.length > maxLength)
    throw new InvalidRequestError(field, `${field}: at most ${maxLength} characters`);
  if (CONTROL_CHARACTERS.test(text))
    throw new InvalidRequestError(field, `${field}: control characters are not allowed`);
  return text;
}

function kind(field: string, value: unknown): string {
  if (typeof value !== 'string' || !KubernetesValidatorFunctions.isValidKind(value.trim()))
    throw new InvalidRequestError(field, `${field}: ${quoted(value)} is not a Backstage kind`);
  return value.trim().toLowerCase();
}

function kinds(value: unknown): string[] {
  if (!Array.isArray(value))
    throw new InvalidRequestError('importedKinds', 'importedKinds must be a list of kinds');
  const list = [...new Set(value.map((item) => kind('importedKinds', item)))];
  if (list.length === 0) throw new InvalidRequestError('importedKinds', 'Choose at least one kind to import');
  const notComponents = list.filter((item) => NOT_COMPONENT_KINDS.includes(item));
  if (notComponents.length > 0) {
    throw new InvalidRequestError(
      'importedKinds',
      `${notComponents.join(', ')} cannot become components (groups map to teams, users and locations are not software)`,
    );
  }
  return list.sort();
}

function compassType(field: string, value: unknown): CompassComponentTypeId {
  if (!(COMPASS_COMPONENT_TYPES as readonly unknown[]).includes(value)) {
    throw new InvalidRequestError(
      field,
      `${field}: ${quoted(value)} is not a Compass type (${COMPASS_COMPONENT_TYPES.join(', ')})`,
    );
  }
  return value as CompassComponentTypeId;
}

function lifecycle(field: string, value: unknown): CompassLifecycle {
  if (!(COMPASS_LIFECYCLES as readonly unknown[]).includes(value)) {
    throw new InvalidRequestError(
      field,
      `${field}: ${quoted(value)} is not a Compass lifecycle (${COMPASS_LIFECYCLES.join(', ')})`,
    );
  }
  return value as CompassLifecycle;
}

function teamId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !TEAM_ID.test(value.trim()))
    throw new InvalidRequestError(field, `${field}: ${quoted(value)} is not an Atlassian team id`);
  return value.trim();
}

function teamName(field: string, value: unknown): string {
  return plainText(field, value, MAX_TEAM_NAME_LENGTH);
}

/** A spec.type or spec.lifecycle value, compared lower-case. */
function textKey(field: string, key: string): string {
  return plainText(field, key, MAX_TABLE_KEY_LENGTH).toLowerCase();
}

/** typeByKind is for imported kinds other than Component (whose type comes from spec.type). */
function otherKindKey(field: string, key: string): string {
  const normalised = kind(field, key);
  if (normalised === 'component' || NOT_COMPONENT_KINDS.includes(normalised)) {
    throw new InvalidRequestError(
      `${field}.${normalised}`,
      normalised === 'component'
        ? "A Component's type comes from its spec.type (componentTypeBySpecType)"
        : `${normalised} cannot become a component`,
    );
  }
  return normalised;
}

/** A Group or User ref, lower-cased in full (`payments` is `group:default/payments`), as the engine looks it up. */
function ownerKey(field: string, key: string): string {
  let ref: CompoundEntityRef | undefined;
  try {
    ref = parseEntityRef(key.trim(), { defaultKind: 'group', defaultNamespace: 'default' });
  } catch {
    ref = undefined;
  }
  if (
    !ref ||
    !['group', 'user'].includes(ref.kind.toLowerCase()) ||
    !KubernetesValidatorFunctions.isValidNamespace(ref.namespace.toLowerCase()) ||
    !KubernetesValidatorFunctions.isValidObjectName(ref.name)
  )
    throw new InvalidRequestError(
      field,
      `${field}: ${quoted(key)} is not a group or user ref (group:namespace/name)`,
    );
  return stringifyEntityRef(ref).toLowerCase();
}

/** `inForce` with `value`'s entries over it; a null entry removes its key. Built with a Map: no key reaches a prototype. */
type TableField = 'componentTypeBySpecType' | 'typeByKind' | 'lifecycleBySpecLifecycle' | 'ownerTeamIds';
/** How a table's key is checked and normalised. */
type KeyRule = (field: string, key: string) => string;

function mergeTable<T>(
  field: string,
  inForce: Readonly<Record<string, T>>,
  value: unknown,
  key: KeyRule,
  check: (field: string, value: unknown) => T,
): Record<string, T> {
  if (!isPlainObject(value))
    throw new InvalidRequestError(field, `${field} must be an object of key -> value (null removes a key)`);
  const merged = new Map(Object.entries(inForce));
  for (const [rawKey, item] of Object.entries(value)) {
    const normalised = key(field, rawKey);
    if (item === null) merged.delete(normalised);
    else merged.set(normalised, check(`${field}.${normalised}`, item));
  }
  return Object.fromEntries(merged);
}
