import { componentDraft } from '../testing/component-draft-builder';
import type { CompassComponentRecord } from '../ports';
import { draftContentHash, storedHashMatches } from './draft-hash';
import type { EntitySyncState } from './entity-sync-state';
import { planEntityActions, refsToLookUp } from './plan-entities';

const draft = componentDraft('ledger', { description: 'Books every movement', labels: ['payments'] });

function stateFor(hash: string, componentId = 'c-ledger'): EntitySyncState {
  return { componentId, hash, wanted: [], written: [], lastSeenAt: '2026-11-24T00:00:00.000Z' };
}

function recordLike(overrides: Partial<CompassComponentRecord> = {}): CompassComponentRecord {
  return {
    id: 'c-ledger',
    name: draft.name,
    description: draft.description,
    typeId: draft.typeId,
    labels: draft.labels,
    links: draft.links.map((link, i) => ({ ...link, id: `l${i}` })),
    externalAliases: [draft.externalAlias],
    relationships: [],
    ...overrides,
  };
}

describe('draftContentHash', () => {
  it('is stable across key order and changes with any written field', () => {
    const reordered = JSON.parse(JSON.stringify({ ...draft, name: draft.name })) as typeof draft;
    expect(draftContentHash(reordered)).toBe(draftContentHash(draft));
    expect(draftContentHash({ ...draft, labels: ['payments', 'ledger'] })).not.toBe(draftContentHash(draft));
    expect(draftContentHash({ ...draft, ownerId: 'team' })).not.toBe(draftContentHash(draft));
  });

  it('ignores relationships, which are planned apart', () => {
    expect(draftContentHash({ ...draft, dependsOn: ['component:default/x'] })).toBe(draftContentHash(draft));
  });

  it('with no field left to Compass, is the hash stored states have always held', () => {
    // Computed by the release before unsynced fields: stored states must stay valid.
    expect(draftContentHash(draft)).toBe('1nekud8lz73');
    expect(draftContentHash(draft, new Set())).toBe('1nekud8lz73');
  });

  it('leaves the fields left to Compass out', () => {
    const unsynced = new Set(['description'] as const);
    expect(draftContentHash({ ...draft, description: 'Edited' }, unsynced)).toBe(
      draftContentHash(draft, unsynced),
    );
    expect(draftContentHash(draft, unsynced)).not.toBe(draftContentHash(draft));
  });
});

describe('storedHashMatches', () => {
  const edited = { ...draft, description: 'Edited in Backstage' };

  it('matches a hash stored before more fields were left to Compass', () => {
    const stored = draftContentHash(draft, new Set(['labels'] as const));
    expect(storedHashMatches(draft, stored, new Set(['labels', 'description', 'ownerId'] as const))).toBe(
      true,
    );
    // Only a field left to Compass changed since a hash that left it out: still a match.
    const withoutDescription = new Set(['description'] as const);
    expect(storedHashMatches(edited, draftContentHash(draft, withoutDescription), withoutDescription)).toBe(
      true,
    );
  });

  it('does not match when a synced field changed, or when a field is synced again', () => {
    expect(storedHashMatches(edited, draftContentHash(draft), new Set(['labels'] as const))).toBe(false);
    const storedWithout = draftContentHash(draft, new Set(['description'] as const));
    expect(storedHashMatches(draft, storedWithout, new Set())).toBe(false);
    expect(storedHashMatches(draft, undefined, new Set())).toBe(false);
  });
});

describe('planning a slice', () => {
  const hash = draftContentHash(draft);

  it('same hash in state: unchanged, with nothing to look up', () => {
    const states = new Map([[draft.entityRef, stateFor(hash)]]);
    expect(refsToLookUp([draft], states)).toEqual([]);
    expect(planEntityActions([draft], states, new Map())).toEqual([
      {
        kind: 'unchanged',
        entityRef: draft.entityRef,
        draft,
        hash,
        componentId: 'c-ledger',
        stateMissing: false,
      },
    ]);
  });

  it('no state and not in Compass: create', () => {
    expect(refsToLookUp([draft], new Map())).toEqual([draft.entityRef]);
    const [action] = planEntityActions([draft], new Map(), new Map([[draft.entityRef, null]]));
    expect(action).toMatchObject({ kind: 'create', entityRef: draft.entityRef, hash });
  });

  it('no state but already in Compass as drafted (state lost): unchanged, state to rebuild, no write', () => {
    const [action] = planEntityActions([draft], new Map(), new Map([[draft.entityRef, recordLike()]]));
    expect(action).toMatchObject({ kind: 'unchanged', componentId: 'c-ledger', stateMissing: true });
  });

  it('content changed: an update of exactly the changed fields', () => {
    const states = new Map([[draft.entityRef, stateFor('old-hash')]]);
    expect(refsToLookUp([draft], states)).toEqual([draft.entityRef]);
    const current = recordLike({ description: 'Old words' });
    const [action] = planEntityActions([draft], states, new Map([[draft.entityRef, current]]));
    expect(action).toMatchObject({
      kind: 'update',
      changedFields: ['description'],
      changes: { description: 'Books every movement' },
    });
  });

  it('state says it exists but it was deleted in Compass: create again', () => {
    const states = new Map([[draft.entityRef, stateFor('old-hash')]]);
    const [action] = planEntityActions([draft], states, new Map([[draft.entityRef, null]]));
    expect(action).toMatchObject({ kind: 'create' });
  });

  it('never updates a field left to Compass, and looks up nothing when only such a field changed', () => {
    const unsynced = new Set(['description'] as const);
    const stored = draftContentHash(draft, unsynced);
    const states = new Map([[draft.entityRef, stateFor(stored)]]);
    const edited = { ...draft, description: 'Edited in Backstage' };
    expect(refsToLookUp([edited], states, unsynced)).toEqual([]);
    expect(planEntityActions([edited], states, new Map(), unsynced)).toMatchObject([
      { kind: 'unchanged', hash: stored },
    ]);

    const relabelled = { ...edited, labels: ['payments', 'ledger'] };
    const current = recordLike({ description: 'Edited in Compass' });
    const [action] = planEntityActions([relabelled], states, new Map([[draft.entityRef, current]]), unsynced);
    expect(action).toMatchObject({
      kind: 'update',
      changedFields: ['labels'],
      changes: { labels: ['payments', 'ledger'] },
      hash: draftContentHash(relabelled, unsynced),
    });
    // A create still sets every field.
    const [created] = planEntityActions([edited], new Map(), new Map([[draft.entityRef, null]]), unsynced);
    expect(created).toMatchObject({ kind: 'create', draft: edited });
  });

  it('refuses to plan an entity that needed a lookup and did not get one', () => {
    expect(() => planEntityActions([draft], new Map(), new Map())).toThrow(/was not looked up/);
  });
});
