// One slice of the relationships phase: both ends of every wanted relationship now have components (or never
// will), so plan against what this app wrote before and write the difference in batches.
import type { CompassGateway, KeyValueStore, RelationshipChange } from '../core/ports';
import {
  planRelationships,
  sameRelationship,
  type EntitySyncState,
  type RelationshipAction,
} from '../core/sync';
import { entityStore } from '../storage/entity-store';
import type { RemovalPolicy } from '../storage/sync-settings-store';
import type { ImportCounts } from './import-run';

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

const change = (action: RelationshipAction): RelationshipChange => ({
  fromComponentId: action.fromComponentId,
  toComponentId: action.toComponentId,
  type: action.type,
});

export async function syncRelationshipSlice(input: {
  refs: string[];
  gateway: CompassGateway;
  store: KeyValueStore;
  batchSize: number;
  /** False when the removal safety refused removals in this run: removals are counted as held, never made. */
  allowRemovals?: boolean;
  /**
   * The removal policy in force ('report' when absent). Under 'report' a relationship to an entity gone from
   * Backstage is kept: its component stays as it is, and so do the relationships to it.
   */
  removalPolicy?: RemovalPolicy;
  /** Lower-cased refs of every entity the run's catalog read listed. */
  catalogRefs?: ReadonlySet<string>;
}): Promise<Partial<ImportCounts>> {
  const { gateway, store } = input;
  const refs = input.refs.map((ref) => ref.toLowerCase());
  const entities = entityStore(store);
  const own = await entities.loadStates(refs);
  const targets = new Set<string>();
  for (const state of own.values())
    for (const r of [...state.wanted, ...state.written]) targets.add(r.targetRef);
  const targetStates = await entities.loadStates([...targets]);
  const states = new Map<string, EntitySyncState>();
  for (const ref of [...refs, ...targets]) {
    const state = own.get(ref) ?? targetStates.get(ref);
    if (state) states.set(ref, state);
  }

  const plan = planRelationships(refs, states);
  const counts: Partial<ImportCounts> = {
    relationshipsAdded: 0,
    relationshipsRemoved: 0,
    relationshipsFailed: 0,
    relationshipsUnresolved: plan.unresolved.length,
    relationshipsHeld: 0,
  };
  const changed = new Set<string>();

  for (const batch of chunk(plan.add, input.batchSize)) {
    const outcomes = await gateway.addRelationships(batch.map(change));
    batch.forEach((action, i) => {
      if (!outcomes[i]!.ok) return void counts.relationshipsFailed!++;
      counts.relationshipsAdded!++;
      states.get(action.fromRef)!.written.push({ type: action.type, targetRef: action.toRef });
      changed.add(action.fromRef);
    });
  }
  if (input.allowRemovals === false) {
    counts.relationshipsHeld = plan.remove.length;
    plan.remove = [];
  } else if ((input.removalPolicy ?? 'report') === 'report') {
    const catalogRefs = input.catalogRefs;
    plan.remove = plan.remove.filter(
      (action) => !states.get(action.toRef)?.removed && (!catalogRefs || catalogRefs.has(action.toRef)),
    );
  }
  for (const batch of chunk(plan.remove, input.batchSize)) {
    const outcomes = await gateway.removeRelationships(batch.map(change));
    batch.forEach((action, i) => {
      if (!outcomes[i]!.ok) return void counts.relationshipsFailed!++;
      counts.relationshipsRemoved!++;
      const from = states.get(action.fromRef)!;
      from.written = from.written.filter(
        (r) => !sameRelationship(r, { type: action.type, targetRef: action.toRef }),
      );
      changed.add(action.fromRef);
    });
  }
  await entities.saveStates([...changed].map((ref) => ({ entityRef: ref, state: states.get(ref)! })));
  return counts;
}
