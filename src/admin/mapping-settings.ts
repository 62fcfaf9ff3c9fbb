// The mapping an admin edits on the page: which kinds become components, spec.type -> Compass type,
// spec.lifecycle -> lifecycle, and Backstage owner -> Atlassian team. Saved per site (the app's kvs is per
// installation) under `mapping-rules`, which the import engine reads as Partial<MappingRules>.
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  COMPASS_COMPONENT_TYPES,
  type CompassComponentTypeId,
  type CompassLifecycle,
} from '../core/compass-component-draft';
import { DEFAULT_MAPPING_RULES, type MappingRules } from '../core/mapping';
import type { KeyValueStore } from '../core/ports';
import { MAPPING_RULES_KEY } from '../import/import-run';

/** Display names of the teams the owner table points at, so the page can show names, not ids. */
export const TEAM_NAMES_KEY = 'mapping-team-names';
const MAPPING_SAVED_AT_KEY = 'mapping-saved-at';

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

export interface SaveMappingInput extends Partial<EditableMapping> {
  teamNames?: Record<string, string>;
}

/** A field of the mapping is not acceptable; `field` names it for the page. */
export class MappingInputError extends Error {
  override readonly name = 'MappingInputError';
  readonly kind = 'invalid-input';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export async function getMapping(store: KeyValueStore): Promise<MappingView> {
  const saved = (await store.get<Partial<MappingRules>>(MAPPING_RULES_KEY)) ?? {};
  const savedAt = await store.get<string>(MAPPING_SAVED_AT_KEY);
  return {
    rules: editable({ ...DEFAULT_MAPPING_RULES, ...saved }),
    defaults: editable(DEFAULT_MAPPING_RULES),
    teamNames: (await store.get<Record<string, string>>(TEAM_NAMES_KEY)) ?? {},
    ...(savedAt ? { savedAt } : {}),
    compassTypes: COMPASS_COMPONENT_TYPES,
    lifecycles: COMPASS_LIFECYCLES,
  };
}

/** Validates and saves what is given (absent fields keep their saved value); answers the new view. */
export async function saveMapping(
  store: KeyValueStore,
  input: unknown,
  now: () => Date = () => new Date(),
): Promise<MappingView> {
  if (typeof input !== 'object' || input === null)
    throw new MappingInputError('mapping', 'Send the mapping as an object');
  const given = input as Record<string, unknown>;
  const saved = (await store.get<Partial<MappingRules>>(MAPPING_RULES_KEY)) ?? {};
  const next: Partial<MappingRules> = { ...saved };
  if (given.importedKinds !== undefined) next.importedKinds = kinds(given.importedKinds);
  if (given.componentTypeBySpecType !== undefined)
    next.componentTypeBySpecType = table(
      'componentTypeBySpecType',
      given.componentTypeBySpecType,
      compassType,
    );
  if (given.componentTypeFallback !== undefined)
    next.componentTypeFallback = compassType('componentTypeFallback', given.componentTypeFallback);
  if (given.typeByKind !== undefined) next.typeByKind = table('typeByKind', given.typeByKind, compassType);
  if (given.lifecycleBySpecLifecycle !== undefined)
    next.lifecycleBySpecLifecycle = table(
      'lifecycleBySpecLifecycle',
      given.lifecycleBySpecLifecycle,
      lifecycle,
    );
  if (given.ownerTeamIds !== undefined) next.ownerTeamIds = ownerTable(given.ownerTeamIds);
  await store.set(MAPPING_RULES_KEY, next);
  if (given.teamNames !== undefined) {
    const names = table('teamNames', given.teamNames, (field, value) => nonEmpty(field, value));
    const known = await store.get<Record<string, string>>(TEAM_NAMES_KEY);
    await store.set(TEAM_NAMES_KEY, { ...known, ...names });
  }
  await store.set(MAPPING_SAVED_AT_KEY, now().toISOString());
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

function nonEmpty(field: string, value: unknown): string {
  if (typeof value !== 'string' || !value.trim())
    throw new MappingInputError(field, `${field}: expected a non-empty text`);
  return value.trim();
}

function kinds(value: unknown): string[] {
  if (!Array.isArray(value))
    throw new MappingInputError('importedKinds', 'importedKinds must be a list of kinds');
  const list = [...new Set(value.map((kind) => nonEmpty('importedKinds', kind).toLowerCase()))];
  if (list.length === 0) throw new MappingInputError('importedKinds', 'Choose at least one kind to import');
  const notComponents = list.filter((kind) => ['group', 'user', 'location', 'template'].includes(kind));
  if (notComponents.length > 0) {
    throw new MappingInputError(
      'importedKinds',
      `${notComponents.join(', ')} cannot become components (groups map to teams, users and locations are not software)`,
    );
  }
  return list.sort();
}

function compassType(field: string, value: unknown): CompassComponentTypeId {
  if (!(COMPASS_COMPONENT_TYPES as readonly unknown[]).includes(value)) {
    throw new MappingInputError(
      field,
      `${field}: "${String(value)}" is not a Compass type (${COMPASS_COMPONENT_TYPES.join(', ')})`,
    );
  }
  return value as CompassComponentTypeId;
}

function lifecycle(field: string, value: unknown): CompassLifecycle {
  if (!(COMPASS_LIFECYCLES as readonly unknown[]).includes(value)) {
    throw new MappingInputError(
      field,
      `${field}: "${String(value)}" is not a Compass lifecycle (${COMPASS_LIFECYCLES.join(', ')})`,
    );
  }
  return value as CompassLifecycle;
}

function table<T>(
  field: string,
  value: unknown,
  check: (field: string, value: unknown) => T,
): Record<string, T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new MappingInputError(field, `${field} must be an object of key -> value`);
  const out: Record<string, T> = {};
  for (const [key, item] of Object.entries(value)) {
    const normalised = nonEmpty(field, key).toLowerCase();
    out[normalised] = check(`${field}.${normalised}`, item);
  }
  return out;
}

function ownerTable(value: unknown): Record<string, string> {
  const raw = table('ownerTeamIds', value, (field, id) => nonEmpty(field, id));
  const out: Record<string, string> = {};
  for (const [owner, teamId] of Object.entries(raw)) {
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: 'default' }),
      ).toLowerCase();
    } catch {
      throw new MappingInputError('ownerTeamIds', `"${owner}" is not an owner ref (group:namespace/name)`);
    }
    out[ref] = teamId;
  }
  return out;
}
