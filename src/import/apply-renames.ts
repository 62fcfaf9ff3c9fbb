// Renamed entities (the same Backstage uid under a new ref), applied before the entities phase: the component keeps
// its id and gets the new ref as its alias (new one attached, old one deleted), and everything the app keeps about
// the entity moves to the new ref: its state, its metric state, the panel link, and the relationships other
// entities' states record to it. The entities phase then updates the component like any other: never a delete and
// a create.
import { BACKSTAGE_ALIAS_SOURCE } from '../core/compass-component-draft';
import { errorFields, log } from '../core/log';
import type { KeyValueStore } from '../core/ports';
import { entityStore, type StoredEntityState } from '../storage/entity-store';
import { metricStore } from '../storage/metric-store';
import { panelStore } from '../storage/panel-store';
import { engineSettings, type ImportEngineDeps } from './import-engine';
import type { EntityResult } from './import-run';
import type { Rename } from './sync-changes';

export function renamedReason(from: string): string {
  return `Renamed from ${from}`;
}

/** Renames as a stored ref list: new ref, old ref, new ref, old ref... */
export function renamesToList(renames: readonly Rename[]): string[] {
  return renames.flatMap(({ to, from }) => [to, from]);
}

/** New ref -> old ref. */
export function renamesFromList(list: readonly string[]): Map<string, string> {
  const byNewRef = new Map<string, string>();
  for (let i = 0; i + 1 < list.length; i += 2) byNewRef.set(list[i]!, list[i + 1]!);
  return byNewRef;
}

/**
 * Applies the renames; answers those applied and a failed result for each that could not be (its entity stays
 * out of this run: processed as new, it would become a second component).
 */
export async function applyRenames(
  deps: ImportEngineDeps,
  renames: readonly Rename[],
  states: Map<string, StoredEntityState & { entityRef: string }>,
): Promise<{ applied: Rename[]; failed: EntityResult[] }> {
  const applied: Rename[] = [];
  const failed: EntityResult[] = [];
  const batchSize = engineSettings(deps).writeBatchSize;
  for (let i = 0; i < renames.length; i += batchSize) {
    const batch = renames.slice(i, i + batchSize);
    const outcomes = await deps.gateway.renameAliases(
      batch.map(({ from, to }) => ({
        componentId: states.get(from)!.componentId,
        externalSource: BACKSTAGE_ALIAS_SOURCE,
        fromExternalId: from,
        toExternalId: to,
      })),
    );
    batch.forEach((rename, k) => {
      const outcome = outcomes[k]!;
      if (outcome.ok) return void applied.push(rename);
      log.error('import.rename-failed', { entityRef: rename.to, ...errorFields(outcome.error) });
      failed.push({
        entityRef: rename.to,
        outcome: 'failed',
        componentId: states.get(rename.from)!.componentId,
        reason: renamedReason(rename.from),
        warnings: [],
        error: {
          kind: outcome.error.kind,
          message: "The app could not move the component's alias to the new name; the next run tries again.",
        },
      });
    });
  }
  if (applied.length > 0) await moveKeptState(deps.store, applied, states);
  return { applied, failed };
}

async function moveKeptState(
  store: KeyValueStore,
  renames: readonly Rename[],
  states: Map<string, StoredEntityState & { entityRef: string }>,
): Promise<void> {
  const newRefOf = new Map(renames.map(({ from, to }) => [from, to]));
  const changed = new Map<string, StoredEntityState & { entityRef: string }>();
  for (const { from, to } of renames) {
    const moved = { ...states.get(from)!, entityRef: to };
    states.delete(from);
    states.set(to, moved);
    changed.set(to, moved);
  }
  // Relationships written to a renamed entity are written to its (same) component: recorded under the new ref.
  for (const [ref, state] of states) {
    if (!state.written.some((r) => newRefOf.has(r.targetRef))) continue;
    const written = state.written.map((r) => ({ ...r, targetRef: newRefOf.get(r.targetRef) ?? r.targetRef }));
    const rewritten = { ...state, written };
    states.set(ref, rewritten);
    changed.set(ref, rewritten);
  }
  const entities = entityStore(store);
  // The old refs' state first: interrupted after that, the new ref is looked up by the alias it already has and
  // its component found (updated, not duplicated); interrupted before, the rename is found again and completes.
  await entities.deleteStates(renames.map(({ from }) => from));
  await entities.saveStates([...changed.values()].map((state) => ({ entityRef: state.entityRef, state })));
  for (const { from, to } of renames) {
    await metricStore(store).moveState(from, to);
    await panelStore(store).moveLink(states.get(to)!.componentId, from, to);
  }
}
