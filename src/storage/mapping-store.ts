// Where the admin's mapping is kept: the changes to the default rules, the team names the owner table shows,
// and when it was saved. Readers merge the rules over DEFAULT_MAPPING_RULES.
import type { MappingRules } from '../core/mapping/mapping-rules';
import type { KeyValueStore } from '../core/ports';
import { MAPPING_RULES_KEY, MAPPING_SAVED_AT_KEY, TEAM_NAMES_KEY } from './storage-keys';

export function mappingStore(store: KeyValueStore) {
  return {
    /** The saved changes to the default rules; empty before the first save. */
    loadRules: async () => (await store.get<Partial<MappingRules>>(MAPPING_RULES_KEY)) ?? {},
    loadTeamNames: async () => (await store.get<Record<string, string>>(TEAM_NAMES_KEY)) ?? {},
    loadSavedAt: () => store.get<string>(MAPPING_SAVED_AT_KEY),
    /** Team names are kept as they were when not given. */
    async save(saved: { rules: Partial<MappingRules>; teamNames?: Record<string, string>; savedAt: string }) {
      await store.set(MAPPING_RULES_KEY, saved.rules);
      if (saved.teamNames) await store.set(TEAM_NAMES_KEY, saved.teamNames);
      await store.set(MAPPING_SAVED_AT_KEY, saved.savedAt);
    },
  };
}
