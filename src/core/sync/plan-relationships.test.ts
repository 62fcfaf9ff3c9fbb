import type { EntitySyncState, RelationshipRef } from './entity-sync-state';
import { planRelationships } from './plan-relationships';

function state(id: string, wanted: RelationshipRef[] = [], written: RelationshipRef[] = []): EntitySyncState {
  return { componentId: id, hash: 'h', wanted, written, lastSeenAt: '2026-11-24T00:00:00.000Z' };
}

const db = 'resource:default/db';
const api = 'api:default/api';
const platform = 'component:default/platform';

describe('planRelationships', () => {
  it('adds what is wanted and not yet written, resolving both ends through state', () => {
    const states = new Map([
      [
        'component:default/app',
        state('c-app', [
          { type: 'DEPENDS_ON', targetRef: db },
          { type: 'CHILD_OF', targetRef: platform },
        ]),
      ],
      [db, state('c-db')],
      [platform, state('c-platform')],
    ]);
    const plan = planRelationships(['component:default/app'], states);
    expect(plan.add).toEqual([
      {
        fromRef: 'component:default/app',
        fromComponentId: 'c-app',
        toRef: db,
        toComponentId: 'c-db',
        type: 'DEPENDS_ON',
      },
      {
        fromRef: 'component:default/app',
        fromComponentId: 'c-app',
        toRef: platform,
        toComponentId: 'c-platform',
        type: 'CHILD_OF',
      },
    ]);
    expect(plan.remove).toEqual([]);
  });

  it('removes only what it wrote and no longer wants; keeps what is already written', () => {
    const written: RelationshipRef[] = [
      { type: 'DEPENDS_ON', targetRef: db },
      { type: 'DEPENDS_ON', targetRef: api },
    ];
    const states = new Map([
      ['component:default/app', state('c-app', [{ type: 'DEPENDS_ON', targetRef: db }], written)],
      [db, state('c-db')],
      [api, state('c-api')],
    ]);
    const plan = planRelationships(['component:default/app'], states);
    expect(plan.add).toEqual([]);
    expect(plan.remove.map((r) => r.toRef)).toEqual([api]);
  });

  it('reports a wanted target without a component as unresolved', () => {
    const states = new Map([
      ['component:default/app', state('c-app', [{ type: 'DEPENDS_ON', targetRef: db }])],
    ]);
    const plan = planRelationships(['component:default/app'], states);
    expect(plan.add).toEqual([]);
    expect(plan.unresolved).toEqual([
      { fromRef: 'component:default/app', relationship: { type: 'DEPENDS_ON', targetRef: db } },
    ]);
  });
});
