import {
  canImport,
  isSelected,
  SELECT_ALL,
  SELECT_NONE,
  selectionPayload,
  selectionSummary,
  selectMatching,
  toggle,
} from './selection';

describe('the import selection', () => {
  it('"all" sends no selection and counts as everything', () => {
    expect(selectionPayload(SELECT_ALL)).toBeUndefined();
    expect(isSelected(SELECT_ALL, 'component:default/a')).toBe(true);
    expect(selectionSummary(SELECT_ALL, 28)).toBe('Everything the mapping imports (28 entities)');
    expect(canImport(SELECT_ALL)).toBe(true);
  });

  it('"none" cannot be imported; rows toggle in and out, sorted in the payload', () => {
    expect(canImport(SELECT_NONE)).toBe(false);
    let selection = toggle(SELECT_NONE, 'component:default/b');
    selection = toggle(selection, 'component:default/a');
    expect(selectionPayload(selection)).toEqual(['component:default/a', 'component:default/b']);
    selection = toggle(selection, 'component:default/b');
    expect(selectionPayload(selection)).toEqual(['component:default/a']);
    expect(selectionSummary(selection)).toBe('1 selected entity');
  });

  it('leaving one row out of "all" keeps every other importable ref', () => {
    const all = ['a:default/1', 'a:default/2', 'a:default/3'];
    expect(selectionPayload(toggle(SELECT_ALL, 'a:default/2', all))).toEqual(['a:default/1', 'a:default/3']);
    expect(() => toggle(SELECT_ALL, 'a:default/2')).toThrow(/every importable ref/);
  });

  it('select by filter adds the matching refs to what is already chosen', () => {
    const selection = selectMatching(toggle(SELECT_NONE, 'x:default/1'), ['x:default/2', 'x:default/1']);
    expect(selectionPayload(selection)).toEqual(['x:default/1', 'x:default/2']);
    expect(selectMatching(SELECT_ALL, ['x:default/2'])).toBe(SELECT_ALL);
  });

  it('a 10,000-entity selection stays cheap', () => {
    const refs = Array.from({ length: 10_000 }, (_, i) => `component:default/c-${i}`);
    const started = Date.now();
    let selection = selectMatching(SELECT_NONE, refs);
    selection = toggle(selection, 'component:default/c-5');
    expect(selectionPayload(selection)).toHaveLength(9_999);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
