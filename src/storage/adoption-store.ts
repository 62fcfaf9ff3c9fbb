// Where adopting existing Compass components keeps its state: the components without a `backstage` alias, as a run
// listed them before its first create (`import:<runId>:adoptable:<chunk>`, deleted with the run's other keys) and
// as the admin page last listed them (`adoptable:<chunk>`), the admin's decisions for name matches
// (`adoption-decision:<ref>`) and the last check the admin page showed (`adoption-candidates`).
import type { KeyValueStore } from '../core/ports';
import type { AdoptableComponent, AdoptionMatchKind } from '../core/sync';
import { loadByRefs } from './ref-key';
import {
  ADOPTION_CANDIDATES_KEY,
  adoptableChunkKey,
  adoptionDecisionKey,
  siteAdoptableChunkKey,
} from './storage-keys';

/** About 250 bytes a component: far under kvs's 240 KiB a value. */
export const ADOPTABLE_PER_CHUNK = 500;
/** The admin page shows at most this many matches. */
export const MAX_STORED_CANDIDATES = 500;

interface AdoptableChunk {
  /** How many chunks the list has (the same in every chunk). */
  chunks: number;
  /** When Compass was listed (ISO time). */
  listedAt: string;
  components: AdoptableComponent[];
}

export interface AdoptableListing {
  listedAt: string;
  components: AdoptableComponent[];
}

/** A run's own listing, or the admin page's. */
export type AdoptableScope = { runId: string } | 'site';

export type AdoptionDecisionKind = 'adopt' | 'create';

export interface AdoptionDecision {
  entityRef: string;
  decision: AdoptionDecisionKind;
  /** For 'adopt': the component chosen. */
  componentId?: string;
  decidedAt: string;
}

export interface AdoptionCandidate {
  entityRef: string;
  entityTitle?: string;
  componentId: string;
  componentName: string;
  match: AdoptionMatchKind;
}

export interface StoredAdoptionCandidates {
  checkedAt: string;
  candidates: AdoptionCandidate[];
}

const chunkKey = (scope: AdoptableScope, chunk: number) =>
  scope === 'site' ? siteAdoptableChunkKey(chunk) : adoptableChunkKey(scope.runId, chunk);

export function adoptionStore(store: KeyValueStore) {
  return {
    /** The listing kept for the scope, or undefined when it has not listed Compass yet. */
    async loadAdoptable(scope: AdoptableScope): Promise<AdoptableListing | undefined> {
      const first = await store.get<AdoptableChunk>(chunkKey(scope, 0));
      if (!first) return undefined;
      const keys = Array.from({ length: first.chunks - 1 }, (_, i) => chunkKey(scope, i + 1));
      const rest = keys.length > 0 ? await store.getMany<AdoptableChunk>(keys) : new Map();
      return {
        listedAt: first.listedAt,
        components: [first, ...keys.map((key) => rest.get(key))].flatMap((chunk) => chunk?.components ?? []),
      };
    },
    /** Replaces the scope's listing (an empty one is kept too: Compass was listed and had nothing to adopt). */
    async saveAdoptable(scope: AdoptableScope, listing: AdoptableListing): Promise<void> {
      const { components, listedAt } = listing;
      const chunks = Math.max(1, Math.ceil(components.length / ADOPTABLE_PER_CHUNK));
      await store.setMany(
        Array.from({ length: chunks }, (_, i) => ({
          key: chunkKey(scope, i),
          value: {
            chunks,
            listedAt,
            components: components.slice(i * ADOPTABLE_PER_CHUNK, (i + 1) * ADOPTABLE_PER_CHUNK),
          } satisfies AdoptableChunk,
        })),
      );
    },

    /** The decisions of those refs that have one, by ref. */
    loadDecisions: (entityRefs: string[]) =>
      loadByRefs<AdoptionDecision>(store, entityRefs, adoptionDecisionKey),
    saveDecisions: (decisions: AdoptionDecision[]) =>
      store.setMany(
        decisions.map((decision) => ({ key: adoptionDecisionKey(decision.entityRef), value: decision })),
      ),

    loadCandidates: () => store.get<StoredAdoptionCandidates>(ADOPTION_CANDIDATES_KEY),
    saveCandidates: (checked: StoredAdoptionCandidates) =>
      store.set<StoredAdoptionCandidates>(ADOPTION_CANDIDATES_KEY, {
        ...checked,
        candidates: checked.candidates.slice(0, MAX_STORED_CANDIDATES),
      }),
  };
}
