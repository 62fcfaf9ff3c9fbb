import type { MappingView } from './admin-operations';
import {
  draftFrom,
  isDirty,
  mapOwner,
  removeEntry,
  setEntry,
  toggleKind,
  toSaveInput,
  unmappedOwners,
} from './mapping-draft';
import { buildMappingView } from './testing/admin-data';

const view = buildMappingView({ lifecycles: ['Active'] });

describe('the mapping draft', () => {
  it('toggles kinds and edits the type and lifecycle tables, keys lower-cased', () => {
    let draft = toggleKind(draftFrom(view), 'api');
    expect(draft.importedKinds).toEqual(['component', 'resource']);
    draft = setEntry(draft, 'componentTypeBySpecType', ' Website ', 'WEBSITE');
    draft = setEntry(draft, 'lifecycleBySpecLifecycle', '', 'Active');
    draft = removeEntry(draft, 'componentTypeBySpecType', 'service');
    expect(draft.componentTypeBySpecType).toEqual({ website: 'WEBSITE' });
    expect(draft.lifecycleBySpecLifecycle).toEqual({ production: 'Active' });
    expect(isDirty(draft, view)).toBe(true);
    expect(isDirty(draftFrom(view), view)).toBe(false);
  });

  it('maps and unmaps an owner, sending only the names of teams in use', () => {
    let draft = mapOwner(draftFrom(view), 'group:default/a', { id: 't1', displayName: 'A' });
    draft = mapOwner(draft, 'group:default/b', { id: 't2', displayName: 'B' });
    draft = mapOwner(draft, 'group:default/b', undefined);
    expect(toSaveInput(draft, view.rules)).toMatchObject({
      ownerTeamIds: { 'group:default/a': 't1' },
      teamNames: { t1: 'A' },
    });
    expect(view.rules.ownerTeamIds).toEqual({});
  });

  it('sends only what changed, a removed entry as null, so the server keeps the rest of each table', () => {
    const saved: MappingView = {
      ...view,
      rules: { ...view.rules, ownerTeamIds: { 'group:default/a': 't1', 'group:default/b': 't2' } },
      teamNames: { t1: 'A', t2: 'B' },
    };
    let draft = mapOwner(draftFrom(saved), 'group:default/a', undefined);
    draft = removeEntry(draft, 'lifecycleBySpecLifecycle', 'production');
    draft = setEntry(draft, 'componentTypeBySpecType', 'grpc', 'SERVICE');
    expect(toSaveInput(draft, saved.rules)).toEqual({
      ownerTeamIds: { 'group:default/a': null },
      lifecycleBySpecLifecycle: { production: null },
      componentTypeBySpecType: { grpc: 'SERVICE' },
    });
    expect(toSaveInput(draftFrom(saved), saved.rules)).toEqual({});
    const withConstructor = { ...saved.rules, componentTypeBySpecType: { constructor: 'SERVICE' as const } };
    const removed = removeEntry(
      draftFrom({ ...saved, rules: withConstructor }),
      'componentTypeBySpecType',
      'constructor',
    );
    expect(toSaveInput(removed, withConstructor)).toEqual({ componentTypeBySpecType: { constructor: null } });
  });

  it('lists the owners still unmapped in the draft, most components first, leaving out owners of nothing', () => {
    const owner = (ownerRef: string, entityCount: number) => ({ ownerRef, entityCount });
    const owners = [
      owner('group:default/a', 1),
      owner('group:default/b', 5),
      owner('group:default/c', 0),
      owner('group:default/constructor', 2),
      owner('group:default/d', 3),
    ];
    const draft = mapOwner(draftFrom(view), 'group:default/d', { id: 't1', displayName: 'D' });
    expect(unmappedOwners(owners, draft.ownerTeamIds).map((item) => item.ownerRef)).toEqual([
      'group:default/b',
      'group:default/constructor',
      'group:default/a',
    ]);
  });
});
