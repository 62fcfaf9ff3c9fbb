// The mapping being edited on the page, before it is saved: pure updates, so each edit is tested without a
// browser. Keys are lower-cased as the server normalises them.
import type { CatalogOwner, MappingView, SaveMappingInput, TeamSummary } from './admin-operations';

export type MappingDraft = MappingView['rules'] & { teamNames: Record<string, string> };

export function draftFrom(view: MappingView): MappingDraft {
  const rules = view.rules;
  return {
    importedKinds: [...rules.importedKinds],
    componentTypeBySpecType: { ...rules.componentTypeBySpecType },
    componentTypeFallback: rules.componentTypeFallback,
    typeByKind: { ...rules.typeByKind },
    lifecycleBySpecLifecycle: { ...rules.lifecycleBySpecLifecycle },
    ownerTeamIds: { ...rules.ownerTeamIds },
    teamNames: { ...view.teamNames },
  };
}

export function toggleKind(draft: MappingDraft, kind: string): MappingDraft {
  const kinds = draft.importedKinds.includes(kind)
    ? draft.importedKinds.filter((item) => item !== kind)
    : [...draft.importedKinds, kind];
  return { ...draft, importedKinds: kinds };
}

/** The draft's tables of one value per key. */
export type TableName = 'componentTypeBySpecType' | 'lifecycleBySpecLifecycle' | 'typeByKind';

export function setEntry(draft: MappingDraft, table: TableName, key: string, value: string): MappingDraft {
  const normalised = key.trim().toLowerCase();
  if (!normalised) return draft;
  return { ...draft, [table]: { ...draft[table], [normalised]: value } } as MappingDraft;
}

export function removeEntry(draft: MappingDraft, table: TableName, key: string): MappingDraft {
  const next = { ...draft[table] } as Record<string, string>;
  delete next[key];
  return { ...draft, [table]: next } as MappingDraft;
}

export function mapOwner(draft: MappingDraft, ownerRef: string, team: TeamSummary | undefined): MappingDraft {
  const ownerTeamIds = { ...draft.ownerTeamIds };
  if (team) ownerTeamIds[ownerRef] = team.id;
  else delete ownerTeamIds[ownerRef];
  return {
    ...draft,
    ownerTeamIds,
    teamNames: team ? { ...draft.teamNames, [team.id]: team.displayName } : draft.teamNames,
  };
}

type SavedRules = MappingView['rules'];
/** The entries of `draft` that differ from `saved`, and null for each key removed (the server merges tables). */
function tableChanges<T extends string>(
  draft: Readonly<Record<string, T>>,
  saved: Readonly<Record<string, T>>,
): Record<string, T | null> | undefined {
  const changes: Record<string, T | null> = {};
  for (const [key, value] of Object.entries(draft)) if (saved[key] !== value) changes[key] = value;
  // Own keys only: a spec.type named "constructor" must not be found on Object.prototype.
  for (const key of Object.keys(saved))
    if (!Object.prototype.hasOwnProperty.call(draft, key)) changes[key] = null;
  return Object.keys(changes).length > 0 ? changes : undefined;
}

/**
 * Only what changed since `saved` (the rules in force), so a save never drops an entry the page did not touch:
 * a removed table entry is sent as null, and the names of the teams newly mapped come along.
 */
export function toSaveInput(draft: MappingDraft, saved: SavedRules): SaveMappingInput {
  const { teamNames, ...rules } = draft;
  const input: SaveMappingInput = {};
  if (JSON.stringify(rules.importedKinds) !== JSON.stringify(saved.importedKinds))
    input.importedKinds = rules.importedKinds;
  if (rules.componentTypeFallback !== saved.componentTypeFallback)
    input.componentTypeFallback = rules.componentTypeFallback;
  const typeChanges = tableChanges(rules.componentTypeBySpecType, saved.componentTypeBySpecType);
  if (typeChanges) input.componentTypeBySpecType = typeChanges;
  const kindChanges = tableChanges(rules.typeByKind, saved.typeByKind);
  if (kindChanges) input.typeByKind = kindChanges;
  const lifecycleChanges = tableChanges(rules.lifecycleBySpecLifecycle, saved.lifecycleBySpecLifecycle);
  if (lifecycleChanges) input.lifecycleBySpecLifecycle = lifecycleChanges;
  const ownerChanges = tableChanges(rules.ownerTeamIds, saved.ownerTeamIds);
  if (ownerChanges) {
    input.ownerTeamIds = ownerChanges;
    const mapped = new Set(Object.values(ownerChanges).filter((id): id is string => id !== null));
    const names = Object.entries(teamNames).filter(([id]) => mapped.has(id));
    if (names.length > 0) input.teamNames = Object.fromEntries(names);
  }
  return input;
}

export function isDirty(draft: MappingDraft, saved: MappingView): boolean {
  const { teamNames: _names, ...rules } = draft;
  void _names;
  return JSON.stringify(rules) !== JSON.stringify(saved.rules);
}

/**
 * The owners of imported entities with no team in `ownerTeamIds` (the draft's, so an owner mapped on the page
 * leaves the list before it is saved), those owning the most components first.
 */
export function unmappedOwners<Owner extends Pick<CatalogOwner, 'ownerRef' | 'entityCount'>>(
  owners: readonly Owner[],
  ownerTeamIds: Readonly<Record<string, string>>,
): Owner[] {
  return owners
    .filter(
      (owner) => owner.entityCount > 0 && !Object.prototype.hasOwnProperty.call(ownerTeamIds, owner.ownerRef),
    )
    .sort((a, b) => b.entityCount - a.entityCount || a.ownerRef.localeCompare(b.ownerRef));
}
