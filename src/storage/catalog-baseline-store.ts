// Where the size of the last complete catalog read is kept, for removal safety (see src/import/catalog-baseline.ts).
import type { KeyValueStore } from '../core/ports';
import { BASELINE_KEY } from './storage-keys';

export interface CatalogBaseline {
  /** Entities (of every kind) the last complete read returned. */
  entityCount: number;
  readAt: string;
}

export function catalogBaselineStore(store: KeyValueStore) {
  return {
    load: () => store.get<CatalogBaseline>(BASELINE_KEY),
    save: (baseline: CatalogBaseline) => store.set(BASELINE_KEY, baseline),
  };
}
