// The dry run: what an import of the selection (or of everything the mapping imports) would do, as numbers and
// a list, with nothing written anywhere. Plans slice by slice as the engine does, so a large catalog costs one
// Backstage by-refs request per 200 entities and one Compass lookup per 50 entities the app has no state for.
import type { MappingConfig } from '../core/mapping';
import { normaliseSelection } from '../import/start-import';
import { readCatalogRows } from './catalog-rows';
import {
  indexOfRows,
  planEntities,
  type EntityPlan,
  type EntityPlanDeps,
  type PlannedAction,
} from './entity-plan';

/** One entity of the plan, compact (warning codes only) so a 10,000-entity plan stays a small answer. */
export type PlanItem = Omit<EntityPlan, 'warnings' | 'known'> & { warnings: string[] };

export interface ImportPlan {
  plannedAt: string;
  /** Entities the import would process. */
  total: number;
  counts: Record<PlannedAction, number>;
  /** Why entities would be skipped, with how many each. */
  skippedReasons: Record<string, number>;
  /** Entities that would get at least one mapping warning. */
  withWarnings: number;
  /** Mapping warnings by code, over all entities. */
  warningsByCode: Record<string, number>;
  items: PlanItem[];
}

const SLICE = 200;

export async function planImport(
  deps: EntityPlanDeps & { config: MappingConfig; now?: () => Date },
  request: { selection?: unknown } = {},
): Promise<ImportPlan> {
  // The import's own check and dedupe, so the dry run counts what the import would write.
  const selection = request.selection === undefined ? undefined : normaliseSelection(request.selection);
  const rows = await readCatalogRows(deps.catalog);
  const index = indexOfRows(rows, deps.config);
  let candidates: string[];
  if (selection === undefined) {
    candidates = rows.filter((row) => index.importedRefs.has(row.entityRef)).map((row) => row.ref);
  } else {
    const spelled = new Map(rows.map((row) => [row.entityRef, row.ref]));
    candidates = selection.map((ref) => spelled.get(ref.toLowerCase()) ?? ref);
  }
  // Entities whose refs differ only in case are one component (one identity), as the import writes them.
  const work = [...new Map(candidates.map((ref) => [ref.toLowerCase(), ref])).values()];
  const items: EntityPlan[] = [];
  for (let i = 0; i < work.length; i += SLICE) {
    items.push(...(await planEntities(deps, work.slice(i, i + SLICE), deps.config, index)));
  }
  const counts: Record<PlannedAction, number> = { create: 0, update: 0, unchanged: 0, skipped: 0 };
  const skippedReasons: Record<string, number> = {};
  const warningsByCode: Record<string, number> = {};
  for (const item of items) {
    for (const warning of item.warnings)
      warningsByCode[warning.code] = (warningsByCode[warning.code] ?? 0) + 1;
    counts[item.action]++;
    if (item.action === 'skipped')
      skippedReasons[item.reason ?? 'unknown'] = (skippedReasons[item.reason ?? 'unknown'] ?? 0) + 1;
  }
  return {
    plannedAt: (deps.now ?? (() => new Date()))().toISOString(),
    total: items.length,
    counts,
    skippedReasons,
    withWarnings: items.filter((item) => item.warnings.length > 0).length,
    warningsByCode,
    items: items.map(({ warnings, known: _known, ...item }) => ({
      ...item,
      warnings: warnings.map((warning) => warning.code),
    })),
  };
}
