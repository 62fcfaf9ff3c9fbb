// Imported entities that would become Compass components with the same name: Compass accepts it, and people then
// cannot tell the components apart. The mapping works on slices of the catalog, so this is found catalog-wide first.
import { compassNameOf } from './component-name';
import { isImportedKind, type MappingRules } from './mapping-rules';

/** The few fields of one catalog entity the check reads (any kind: the others are left out). */
export interface NamedEntityRow {
  /** `kind:namespace/name`; lower-cased by the check. */
  ref: string;
  kind: string;
  /** `metadata.name`. */
  name: string;
  /** `metadata.title`, when set. */
  title?: string;
}

/**
 * For every imported entity whose Compass name (title, else name; trimmed, case-insensitive) another imported entity
 * shares: all the refs with that name, sorted, itself included. Entities with a name of their own are left out, and
 * the members of a group share one array, so the map stays small even for a catalog of 10,000 all named alike.
 */
export function sameNameGroups(
  rows: Iterable<NamedEntityRow>,
  rules: Pick<MappingRules, 'importedKinds'>,
): Map<string, readonly string[]> {
  const refsByName = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!isImportedKind(rules, row.kind)) continue;
    const key = compassNameOf(row.title, row.name).name.trim().normalize('NFC').toLowerCase();
    const refs = refsByName.get(key) ?? new Set<string>();
    refs.add(row.ref.toLowerCase());
    refsByName.set(key, refs);
  }
  const groups = [...refsByName.values()].filter((refs) => refs.size > 1).map((refs) => [...refs].sort());
  return sameNameMapOf(groups);
}

/**
 * The map `sameNameGroups` returns, back from its groups (`new Set(map.values())`): what a caller that stores the
 * groups between invocations (the import's index phase) keeps and reads back.
 */
export function sameNameMapOf(groups: Iterable<readonly string[]>): Map<string, readonly string[]> {
  const map = new Map<string, readonly string[]>();
  for (const group of groups) for (const ref of group) map.set(ref, group);
  return map;
}
