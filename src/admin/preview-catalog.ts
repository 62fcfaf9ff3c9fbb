// The preview table's data, paged and filtered on the server so a 10,000-entity catalog costs the page one
// small answer per view: the rows matching the search and filters, one page of them with each row's Compass
// type and status (new, changed, unchanged, linked), counts by kind, and the values each filter offers.
import type { CatalogIndex, MappingConfig } from '../core/mapping';
import { InvalidRequestError } from '../core/invalid-request';
import type { AdoptionMatchKind } from '../core/sync';
import { adoptionMatchesOf, siteAdoptable } from './adoption';
import { readCatalogRows, type CatalogRow } from './catalog-rows';
import { indexOfRows, planEntities, type EntityPlanDeps } from './entity-plan';

export const PREVIEW_FILTERS = ['kind', 'type', 'namespace', 'owner', 'system', 'lifecycle', 'tag'] as const;
export type PreviewFilterName = (typeof PREVIEW_FILTERS)[number];
export type PreviewFilters = Partial<Record<PreviewFilterName, string>>;
/** Columns the preview sorts on the server (the catalog's own fields; a row's plan is read per page only). */
export const PREVIEW_SORT_KEYS = ['entity', 'kind', 'type', 'owner', 'lifecycle'] as const;
export type PreviewSortKey = (typeof PREVIEW_SORT_KEYS)[number];
export interface PreviewSort {
  key: PreviewSortKey;
  order: 'ASC' | 'DESC';
}

export interface PreviewRequest {
  /** Words matched against ref, title, owner, system and tags (all must match). */
  search?: string;
  filters?: PreviewFilters;
  offset?: number;
  /** At most 100; default 50. */
  limit?: number;
  /** Also answer every matching ref (for "select by filter"). */
  includeRefs?: boolean;
  /** Only entities of a kind the mapping imports (Users, Groups, Locations and the like left out). */
  importedOnly?: boolean;
  /** Default: by entity ref, ascending. */
  sort?: PreviewSort;
}

export interface PreviewWarning {
  code: string;
  message: string;
}

export type PreviewStatus = 'new' | 'changed' | 'unchanged' | 'linked' | 'skipped' | 'not-imported';

export interface PreviewRow extends CatalogRow {
  /** The kind is one the mapping imports. */
  imported: boolean;
  status: PreviewStatus;
  compassType?: string;
  componentId?: string;
  changedFields?: string[];
  reason?: string;
  warnings: number;
  /** The row's mapping warnings, for the page to open in place. */
  warningDetails: PreviewWarning[];
  /** A new entity that matches a Compass component without a `backstage` alias: the import would adopt it (or ask). */
  adoption?: { componentId: string; componentName: string; match: AdoptionMatchKind };
}

export interface CatalogPreview {
  /** Entities in the catalog. */
  total: number;
  /** Entities of a kind the mapping imports, in the whole catalog. */
  importable: number;
  /** Entities matching the search and filters. */
  matching: number;
  offset: number;
  limit: number;
  rows: PreviewRow[];
  /** Per kind, of the entities in scope (only the imported kinds when `importedOnly`). */
  countsByKind: Record<string, number>;
  matchingByKind: Record<string, number>;
  /** Entities of an imported kind among the matching ones: what "select by filter" picks. */
  matchingImported: number;
  /** Values present in the catalog, per filter, sorted. */
  facets: Record<PreviewFilterName, string[]>;
  refs?: string[];
}

function valuesOf(row: CatalogRow, filter: PreviewFilterName): string[] {
  switch (filter) {
    case 'kind':
      return [row.kind];
    case 'type':
      return row.specType ? [row.specType] : [];
    case 'namespace':
      return [row.namespace];
    case 'owner':
      return row.ownerRef ? [row.ownerRef] : [];
    case 'system':
      return row.system ? [row.system] : [];
    case 'lifecycle':
      return row.lifecycle ? [row.lifecycle] : [];
    case 'tag':
      return row.tags;
  }
}

export function matchRows(
  rows: CatalogRow[],
  search: string | undefined,
  filters: PreviewFilters,
): CatalogRow[] {
  const words = (search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const active = PREVIEW_FILTERS.filter((name) => filters[name]);
  return rows.filter((row) => {
    for (const name of active) {
      const wanted = filters[name]!.toLowerCase();
      if (!valuesOf(row, name).some((value) => value.toLowerCase() === wanted)) return false;
    }
    if (words.length === 0) return true;
    const haystack = [row.entityRef, row.title, row.ownerRef, row.system, row.specType, ...row.tags]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'accent' });

function sortValue(row: CatalogRow, key: PreviewSortKey): string {
  switch (key) {
    case 'entity':
      return row.entityRef;
    case 'kind':
      return row.kind;
    case 'type':
      return row.specType ?? '';
    case 'owner':
      return row.ownerRef ?? '';
    case 'lifecycle':
      return row.lifecycle ?? '';
  }
}

/** Rows in the order asked, ties by entity ref; rows without the value last either way. */
export function sortRows(rows: CatalogRow[], sort: PreviewSort | undefined): CatalogRow[] {
  if (!sort || (sort.key === 'entity' && sort.order === 'ASC')) return rows;
  const modifier = sort.order === 'DESC' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    if (!x !== !y) return x ? -1 : 1;
    return modifier * collator.compare(x, y) || collator.compare(a.entityRef, b.entityRef);
  });
}

function countBy(rows: CatalogRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.kind] = (counts[row.kind] ?? 0) + 1;
  return counts;
}

function facetsOf(rows: CatalogRow[]): Record<PreviewFilterName, string[]> {
  const sets = Object.fromEntries(PREVIEW_FILTERS.map((name) => [name, new Set<string>()])) as Record<
    PreviewFilterName,
    Set<string>
  >;
  for (const row of rows)
    for (const name of PREVIEW_FILTERS) for (const value of valuesOf(row, name)) sets[name].add(value);
  return Object.fromEntries(PREVIEW_FILTERS.map((name) => [name, [...sets[name]].sort()])) as Record<
    PreviewFilterName,
    string[]
  >;
}

function checkRequest(request: unknown): Required<Pick<PreviewRequest, 'offset' | 'limit'>> & PreviewRequest {
  const given = (request ?? {}) as PreviewRequest;
  const offset = given.offset ?? 0;
  const limit = given.limit ?? 50;
  if (!Number.isInteger(offset) || offset < 0)
    throw new InvalidRequestError('offset', 'offset must be a whole number ≥ 0');
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new InvalidRequestError('limit', 'limit must be 1 to 100');
  for (const [name, value] of Object.entries(given.filters ?? {})) {
    if (!(PREVIEW_FILTERS as readonly string[]).includes(name))
      throw new InvalidRequestError(
        `filters.${name}`,
        `Unknown filter "${name}" (${PREVIEW_FILTERS.join(', ')})`,
      );
    if (value !== undefined && typeof value !== 'string')
      throw new InvalidRequestError(`filters.${name}`, `Filter ${name} must be text`);
  }
  if (given.search !== undefined && typeof given.search !== 'string')
    throw new InvalidRequestError('search', 'search must be text');
  if (given.importedOnly !== undefined && typeof given.importedOnly !== 'boolean')
    throw new InvalidRequestError('importedOnly', 'importedOnly must be true or false');
  if (
    given.sort !== undefined &&
    (typeof given.sort !== 'object' ||
      given.sort === null ||
      !(PREVIEW_SORT_KEYS as readonly string[]).includes(given.sort.key) ||
      !['ASC', 'DESC'].includes(given.sort.order))
  )
    throw new InvalidRequestError('sort', `sort must be one of ${PREVIEW_SORT_KEYS.join(', ')}, ASC or DESC`);
  return { ...given, offset, limit };
}

/** The new rows' matches, against the admin page's listing of Compass (listed at most every 10 minutes). */
async function adoptionsOf(
  deps: EntityPlanDeps & { config: MappingConfig },
  newRows: CatalogRow[],
  index: CatalogIndex,
): Promise<Map<string, NonNullable<PreviewRow['adoption']>>> {
  if (newRows.length === 0) return new Map();
  const listing = await siteAdoptable(deps, { refresh: false });
  const { matches } = await adoptionMatchesOf(
    deps,
    newRows.map((row) => row.ref),
    index,
    listing.components,
  );
  return new Map(
    matches.map(({ entityRef, match, components: [component] }) => [
      entityRef,
      { componentId: component!.id, componentName: component!.name, match },
    ]),
  );
}

export async function previewCatalog(
  deps: EntityPlanDeps & { config: MappingConfig },
  rawRequest: unknown,
): Promise<CatalogPreview> {
  const request = checkRequest(rawRequest);
  const rows = await readCatalogRows(deps.catalog);
  const index: CatalogIndex = indexOfRows(rows, deps.config);
  const importable = rows.filter((row) => index.importedRefs.has(row.entityRef));
  const inScope = request.importedOnly ? importable : rows;
  const matching = sortRows(matchRows(inScope, request.search, request.filters ?? {}), request.sort);
  const page = matching.slice(request.offset, request.offset + request.limit);
  const importedOnPage = page.filter((row) => index.importedRefs.has(row.entityRef));
  const plans = new Map(
    (
      await planEntities(
        deps,
        importedOnPage.map((row) => row.ref),
        deps.config,
        index,
      )
    ).map((plan) => [plan.entityRef, plan]),
  );
  const adoptions = await adoptionsOf(
    deps,
    importedOnPage.filter((row) => {
      const plan = plans.get(row.entityRef);
      return plan?.action === 'create' && !plan.known;
    }),
    index,
  );
  const previewRows = page.map((row): PreviewRow => {
    const plan = plans.get(row.entityRef);
    if (!plan) return { ...row, imported: false, status: 'not-imported', warnings: 0, warningDetails: [] };
    const status: PreviewStatus =
      plan.action === 'skipped'
        ? 'skipped'
        : plan.action === 'create'
          ? 'new'
          : plan.linked
            ? 'linked'
            : plan.action === 'update'
              ? 'changed'
              : 'unchanged';
    return {
      ...row,
      imported: true,
      status,
      ...(plan.compassType ? { compassType: plan.compassType } : {}),
      ...(plan.componentId ? { componentId: plan.componentId } : {}),
      ...(plan.changedFields ? { changedFields: plan.changedFields } : {}),
      ...(plan.reason ? { reason: plan.reason } : {}),
      warnings: plan.warnings.length,
      warningDetails: plan.warnings.map(({ code, message }) => ({ code, message })),
      ...(adoptions.has(row.entityRef) ? { adoption: adoptions.get(row.entityRef)! } : {}),
    };
  });
  const matchingImported = matching.filter((row) => index.importedRefs.has(row.entityRef));
  return {
    total: rows.length,
    importable: importable.length,
    matching: matching.length,
    offset: request.offset,
    limit: request.limit,
    rows: previewRows,
    countsByKind: countBy(inScope),
    matchingByKind: countBy(matching),
    matchingImported: matchingImported.length,
    facets: facetsOf(rows),
    ...(request.includeRefs ? { refs: matchingImported.map((row) => row.ref) } : {}),
  };
}
