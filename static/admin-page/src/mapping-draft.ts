// The mapping being edited on the page, before it is saved: pure updates, so each edit is tested without a
// browser. Keys are lower-cased as the server normalises them.
import type { MappingView, SaveMappingInput, TeamSummary } from './admin-operations';

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

type TableName = 'componentTypeBySpecType' | 'lifecycleBySpecLifecycle' | 'typeByKind';

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

export function toSaveInput(draft: MappingDraft): SaveMappingInput {
  const { teamNames, ...rules } = draft;
  const used = new Set(Object.values(rules.ownerTeamIds));
  return {
    ...rules,
    teamNames: Object.fromEntries(Object.entries(teamNames).filter(([id]) => used.has(id))),
  };
}

export function isDirty(draft: MappingDraft, saved: MappingView): boolean {
  const { teamNames: _names, ...rules } = draft;
  void _names;
  return JSON.stringify(rules) !== JSON.stringify(saved.rules);
}
