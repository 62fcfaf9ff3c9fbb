import { componentDraft } from '../testing/component-draft-builder';
import type { CompassComponentRecord } from '../ports';
import { draftContentHash } from './draft-hash';
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

  it('refuses to plan an entity that needed a lookup and did not get one', () => {
    expect(() => planEntityActions([draft], new Map(), new Map())).toThrow(/was not looked up/);
  });
});
