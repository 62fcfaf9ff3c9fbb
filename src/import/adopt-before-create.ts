// Before a slice creates components: an existing Compass component without a `backstage` alias that matches the
// entity is adopted instead of duplicated. A repository match is adopted at once (its alias attached, then it is
// updated like any component found by alias); a name-only match is not created but skipped, asking the admin,
// unless the admin decided ('adopt' or 'create'). The run lists Compass's components once, before its first
// create, and keeps the compact list under its own keys; a slice without creates costs nothing.
import { errorFields, log } from '../core/log';
import type { CompassComponentRecord, CompassGateway, GatewayFailure, KeyValueStore } from '../core/ports';
import {
  adoptableComponents,
  matchForAdoption,
  planEntityActions,
  type AdoptableComponent,
  type AdoptionMatch,
  type EntityAction,
} from '../core/sync';
import { adoptionStore, type AdoptionDecision } from '../storage/adoption-store';
import type { EntityResult } from './import-run';

type CreateAction = Extract<EntityAction, { kind: 'create' }>;
type Recorder = (entityRef: string, result: Omit<EntityResult, 'entityRef' | 'warnings'>) => void;

/** Aliases attached, and components read back, per Compass request. */
const ADOPT_BATCH = 50;

/** The skipped result's words: the admin decides on the catalog tab. */
export function askReason(componentNames: string[]): string {
  const named = componentNames.map((name) => `“${name}”`).join(' and ');
  const which = componentNames.length > 1 ? 'components' : 'a component';
  return `Compass already has ${which} named ${named} that Backstage does not manage. Not created: choose on the Catalog tab whether to adopt it or create a new component.`;
}

export function adoptedReason(componentName: string, match: AdoptionMatch['match']): string {
  return match === 'repository'
    ? `Adopted the existing Compass component “${componentName}” (same repository)`
    : `Adopted the existing Compass component “${componentName}” (as the admin decided)`;
}

export interface AdoptionOutcome {
  /** The slice's actions with the adopted creates turned into updates and the asked ones taken out. */
  actions: EntityAction[];
  /** Marks the results of the adopted entities (an attached alias is a change: outcome 'updated'). */
  markAdopted(results: Map<string, EntityResult>): void;
}

function failure(error: unknown): Omit<EntityResult, 'entityRef' | 'warnings'> {
  const { kind, message } = error as GatewayFailure;
  return { outcome: 'failed', error: { kind, message } };
}

/** The run's list of components to adopt: listed from Compass once, then read from kvs. */
async function adoptableForRun(
  runId: string,
  gateway: CompassGateway,
  store: KeyValueStore,
  now: () => Date,
): Promise<AdoptableComponent[]> {
  const adoption = adoptionStore(store);
  const kept = await adoption.loadAdoptable({ runId });
  if (kept) return kept.components;
  const listed = adoptableComponents(await gateway.listComponents());
  await adoption.saveAdoptable({ runId }, { listedAt: now().toISOString(), components: listed });
  return listed;
}

/** Which component each match adopts now, if any: a repository match, or the admin's decision. */
function chosenComponent(
  match: AdoptionMatch,
  decision: AdoptionDecision | undefined,
): AdoptableComponent | 'create' | 'ask' {
  if (decision?.decision === 'create') return 'create';
  if (decision?.decision === 'adopt') {
    const chosen = match.components.find((component) => component.id === decision.componentId);
    if (chosen) return chosen;
  }
  return match.match === 'repository' ? match.components[0]! : 'ask';
}

export async function adoptBeforeCreate(input: {
  runId: string;
  actions: EntityAction[];
  /** The entities' stored state: those with state are not adopted. */
  states: ReadonlyMap<string, unknown>;
  gateway: CompassGateway;
  store: KeyValueStore;
  now: () => Date;
  record: Recorder;
}): Promise<AdoptionOutcome> {
  const { runId, gateway, store, record } = input;
  // Only entities the app never imported: one whose component was deleted in Compass is created again, as before.
  const creates = input.actions.filter(
    (action): action is CreateAction => action.kind === 'create' && !input.states.has(action.entityRef),
  );
  const unchanged: AdoptionOutcome = { actions: input.actions, markAdopted: () => undefined };
  if (creates.length === 0) return unchanged;

  let adoptable: AdoptableComponent[];
  try {
    adoptable = await adoptableForRun(runId, gateway, store, input.now);
  } catch (error) {
    // Creating without looking could duplicate a component: these wait for the next run.
    log.error('import.adoption-listing-failed', { runId, ...errorFields(error) });
    for (const action of creates) record(action.entityRef, failure(error));
    return {
      actions: input.actions.filter((action) => !creates.includes(action as CreateAction)),
      markAdopted: () => undefined,
    };
  }
  if (adoptable.length === 0) return unchanged;

  const matches = matchForAdoption(
    creates.map(({ entityRef, draft }) => ({ entityRef, name: draft.name, links: draft.links })),
    adoptable,
  );
  if (matches.length === 0) return unchanged;
  const decisions = await adoptionStore(store).loadDecisions(matches.map((match) => match.entityRef));

  const toAdopt: { action: CreateAction; component: AdoptableComponent; match: AdoptionMatch }[] = [];
  const settled = new Set<string>();
  for (const match of matches) {
    const action = creates.find((create) => create.entityRef === match.entityRef)!;
    const chosen = chosenComponent(match, decisions.get(match.entityRef));
    if (chosen === 'create') continue;
    settled.add(match.entityRef);
    if (chosen === 'ask')
      record(match.entityRef, {
        outcome: 'skipped',
        reason: askReason(match.components.map((component) => component.name)),
      });
    else toAdopt.push({ action, component: chosen, match });
  }

  const replacements = new Map<string, EntityAction>();
  const adopted = new Map<string, string>();
  for (let i = 0; i < toAdopt.length; i += ADOPT_BATCH) {
    const batch = toAdopt.slice(i, i + ADOPT_BATCH);
    const attached = await gateway.attachAliases(
      batch.map(({ action, component }) => ({
        componentId: component.id,
        externalAlias: action.draft.externalAlias,
      })),
    );
    const withAlias = batch.filter((item, index) => {
      const outcome = attached[index]!;
      if (!outcome.ok) record(item.action.entityRef, failure(outcome.error));
      return outcome.ok;
    });
    if (withAlias.length === 0) continue;
    // Read back in full, so the adopted component is planned like any component found by its alias.
    let records: (CompassComponentRecord | null)[];
    try {
      records = await gateway.findComponentsByAliases(
        withAlias[0]!.action.draft.externalAlias.externalSource,
        withAlias.map(({ action }) => action.draft.externalAlias.externalId),
      );
    } catch (error) {
      for (const { action } of withAlias) record(action.entityRef, failure(error));
      continue;
    }
    const readBack = withAlias.filter(({ action }, index) => {
      if (!records[index])
        record(
          action.entityRef,
          failure({ kind: 'not-found', message: 'The adopted component was not found' }),
        );
      return records[index];
    });
    const found = new Map(withAlias.map(({ action }, index) => [action.entityRef, records[index] ?? null]));
    const planned = planEntityActions(
      readBack.map(({ action }) => action.draft),
      new Map(),
      found,
    );
    planned.forEach((action, index) => {
      const { component, match } = readBack[index]!;
      replacements.set(action.entityRef, action);
      adopted.set(action.entityRef, adoptedReason(component.name, match.match));
    });
  }

  if (adopted.size > 0) {
    // A component goes to one entity: later slices of the run must not offer it again.
    const taken = new Set(
      toAdopt.filter(({ action }) => adopted.has(action.entityRef)).map((a) => a.component.id),
    );
    await adoptionStore(store).saveAdoptable(
      { runId },
      {
        listedAt: input.now().toISOString(),
        components: adoptable.filter((component) => !taken.has(component.id)),
      },
    );
  }

  return {
    actions: input.actions.flatMap((action) => {
      const replacement = replacements.get(action.entityRef);
      if (replacement) return [replacement];
      return settled.has(action.entityRef) ? [] : [action];
    }),
    markAdopted(results) {
      for (const [entityRef, reason] of adopted) {
        const result = results.get(entityRef);
        if (!result || (result.outcome !== 'updated' && result.outcome !== 'unchanged')) continue;
        results.set(entityRef, {
          ...result,
          outcome: 'updated',
          changedFields: ['alias', ...(result.changedFields ?? [])],
          reason,
        });
      }
    },
  };
}
