// What the admin has chosen to import: everything the mapping imports (no selection sent), or a set of
// entity refs (sent as `selection`). Pure, so the page's select all / none / by filter / per row is tested
// without a browser.
export type Selection = { mode: 'all' } | { mode: 'some'; refs: ReadonlySet<string> };

export const SELECT_ALL: Selection = { mode: 'all' };
export const SELECT_NONE: Selection = { mode: 'some', refs: new Set() };

export function isSelected(selection: Selection, ref: string): boolean {
  return selection.mode === 'all' || selection.refs.has(ref);
}

/** Toggles one row. From "all", the full list of importable refs is needed to leave one out. */
export function toggle(selection: Selection, ref: string, allImportable?: readonly string[]): Selection {
  if (selection.mode === 'all') {
    if (!allImportable) throw new Error('toggle from "all" needs every importable ref');
    return { mode: 'some', refs: new Set(allImportable.filter((item) => item !== ref)) };
  }
  const refs = new Set(selection.refs);
  if (refs.has(ref)) refs.delete(ref);
  else refs.add(ref);
  return { mode: 'some', refs };
}

/** Adds the refs matching a filter to the selection ("select by filter"). */
export function selectMatching(selection: Selection, matching: readonly string[]): Selection {
  if (selection.mode === 'all') return selection;
  return { mode: 'some', refs: new Set([...selection.refs, ...matching]) };
}

/** The payload for startImport / planImport: undefined means everything. */
export function selectionPayload(selection: Selection): string[] | undefined {
  return selection.mode === 'all' ? undefined : [...selection.refs].sort();
}

export function selectionSummary(selection: Selection, importable?: number): string {
  if (selection.mode === 'all')
    return importable === undefined
      ? 'Everything the mapping imports'
      : `Everything the mapping imports (${importable.toLocaleString('en')} entities)`;
  const count = selection.refs.size;
  return `${count.toLocaleString('en')} selected ${count === 1 ? 'entity' : 'entities'}`;
}

export function canImport(selection: Selection): boolean {
  return selection.mode === 'all' || selection.refs.size > 0;
}
