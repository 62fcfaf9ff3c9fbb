// The catalog as rows for the admin page: only the fields the preview shows and filters on, read page by page
// (500 per request), so even 10,000 entities are a few cheap requests.
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { ownerRefOf } from '../core/mapping';
import type { BackstageCatalog } from '../core/ports';

export interface CatalogRow {
  /** Lower-cased `kind:namespace/name`: the app's identity for the entity. */
  entityRef: string;
  /** As Backstage spells it (names are case-sensitive in by-refs): what a selection sends. */
  ref: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  specType?: string;
  /** Lower-cased full owner ref (the owner table's key). */
  ownerRef?: string;
  system?: string;
  lifecycle?: string;
  tags: string[];
}

export const CATALOG_ROW_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.tags',
  'spec.type',
  'spec.owner',
  'spec.system',
  'spec.lifecycle',
];

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export function rowOf(entity: Entity): CatalogRow | undefined {
  let ref: string;
  try {
    ref = stringifyEntityRef(entity);
  } catch {
    return undefined; // no kind or name: the catalog should not serve one, and it cannot be imported
  }
  const namespace = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const owner = text(spec.owner);
  let ownerRef: string | undefined;
  try {
    ownerRef = owner ? ownerRefOf(owner, namespace) : undefined;
  } catch {
    ownerRef = undefined;
  }
  const system = text(spec.system);
  const title = text(entity.metadata.title);
  const specType = text(spec.type);
  const lifecycle = text(spec.lifecycle);
  return {
    entityRef: ref.toLowerCase(),
    ref,
    kind: entity.kind,
    namespace,
    name: entity.metadata.name,
    ...(title ? { title } : {}),
    ...(specType ? { specType } : {}),
    ...(ownerRef ? { ownerRef } : {}),
    ...(system ? { system } : {}),
    ...(lifecycle ? { lifecycle } : {}),
    tags: Array.isArray(entity.metadata.tags)
      ? entity.metadata.tags.filter((tag) => typeof tag === 'string')
      : [],
  };
}

export async function readCatalogRows(catalog: BackstageCatalog): Promise<CatalogRow[]> {
  const rows: CatalogRow[] = [];
  for await (const page of catalog.queryAllEntities({ fields: CATALOG_ROW_FIELDS })) {
    for (const entity of page.items) {
      const row = rowOf(entity);
      if (row) rows.push(row);
    }
  }
  return rows.sort((a, b) => (a.entityRef < b.entityRef ? -1 : a.entityRef > b.entityRef ? 1 : 0));
}
