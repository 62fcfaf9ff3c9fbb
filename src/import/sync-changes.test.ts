// The changed set and the renames, from a listing and stored states alone.
import { inputHashOf } from '../core/sync';
import type { StoredEntityState } from '../storage/entity-store';
import { changedIdentities, findRenames, type ListedEntity } from './sync-changes';

const SIGNATURE = 'mapping-1';

function state(fields: Partial<StoredEntityState> & { etag?: string }): StoredEntityState {
  const { etag, ...rest } = fields;
  return {
    componentId: 'c',
    hash: 'h',
    wanted: [],
    written: [],
    lastSeenAt: '2026-12-04T00:00:00.000Z',
    ...(etag ? { inputHash: inputHashOf({ etag, mappingSignature: SIGNATURE }) } : {}),
    ...rest,
  };
}

function changed(listed: ListedEntity[], states: Record<string, StoredEntityState>, extra = {}) {
  return [
    ...changedIdentities({
      candidates: listed,
      listedIds: new Set(listed.map((row) => row.ref.toLowerCase())),
      states: new Map(Object.entries(states)),
      mappingSignature: SIGNATURE,
      sameName: new Set(),
      renamed: new Set(),
      ...extra,
    }),
  ].sort();
}

describe('the changed set', () => {
  it('holds the new, the never hashed, the changed and the returned entities, not the unchanged', () => {
    const listed = ['same', 'new', 'unhashed', 'edited', 'returned'].map((name) => ({
      ref: `Component:default/${name}`,
      etag: `etag-${name}`,
    }));
    expect(
      changed(listed, {
        'component:default/same': state({ etag: 'etag-same' }),
        'component:default/unhashed': state({}),
        'component:default/edited': state({ etag: 'etag-before' }),
        'component:default/returned': state({
          etag: 'etag-returned',
          removed: { since: '2026-12-01T00:00:00.000Z', action: 'reported' },
        }),
      }),
    ).toEqual([
      'component:default/edited',
      'component:default/new',
      'component:default/returned',
      'component:default/unhashed',
    ]);
  });

  it('a changed mapping changes every input', () => {
    const listed = [{ ref: 'component:default/same', etag: 'e' }];
    const states = { 'component:default/same': state({ etag: 'e' }) };
    expect(changed(listed, states)).toEqual([]);
    expect(changed(listed, states, { mappingSignature: 'mapping-2' })).toEqual(['component:default/same']);
  });

  it('holds the referrers of an entity just gone, not of one already recorded as removed', () => {
    const listed = [
      { ref: 'component:default/referrer', etag: 'r' },
      { ref: 'component:default/old-referrer', etag: 'o' },
    ];
    expect(
      changed(listed, {
        'component:default/referrer': state({
          etag: 'r',
          written: [{ type: 'DEPENDS_ON', targetRef: 'component:default/gone' }],
        }),
        'component:default/old-referrer': state({
          etag: 'o',
          written: [{ type: 'DEPENDS_ON', targetRef: 'component:default/long-gone' }],
        }),
        'component:default/long-gone': state({ removed: { since: 'x', action: 'reported' } }),
      }),
    ).toEqual(['component:default/referrer']);
  });

  it('holds the same-name groups and the renamed', () => {
    const listed = [
      { ref: 'component:default/twin', etag: 't' },
      { ref: 'component:default/moved', etag: 'm' },
    ];
    const states = {
      'component:default/twin': state({ etag: 't' }),
      'component:default/moved': state({ etag: 'm' }),
    };
    expect(
      changed(listed, states, {
        sameName: new Set(['component:default/twin']),
        renamed: new Set(['component:default/moved']),
      }),
    ).toEqual(['component:default/moved', 'component:default/twin']);
  });
});

describe('renames', () => {
  it('are new refs carrying the uid of a stored state whose ref is no longer listed', () => {
    const states = new Map(
      Object.entries({
        'component:default/old-name': state({ uid: 'u1' }),
        'component:default/still-here': state({ uid: 'u2' }),
      }),
    );
    expect(
      findRenames(
        [
          { ref: 'Component:default/New-Name', uid: 'u1' },
          // The same uid under another listed ref is not a rename of a listed entity.
          { ref: 'component:default/still-here', uid: 'u2' },
          { ref: 'component:default/copy', uid: 'u2' },
          { ref: 'component:default/unrelated', uid: 'u3' },
        ],
        states,
      ),
    ).toEqual([{ from: 'component:default/old-name', to: 'component:default/new-name' }]);
  });
});
