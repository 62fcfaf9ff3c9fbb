// The BackstageCatalog port over Backstage's catalog REST API (`/api/catalog`): cursor-paged `by-query` and
// batched `by-refs`, with a static bearer token, a per-request timeout, response shapes checked on the way in and
// every full entity validated with @backstage/catalog-model. Invalid entities are reported, never fatal.
import { parseEntityRef, stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type {
  BackstageCatalog,
  CatalogPage,
  CatalogQuery,
  EntitiesByRefsLookup,
  InvalidEntity,
} from '../core/ports';
import { BackstageCatalogError } from './backstage-errors';
import { BackstageHttp, type BackstageRequest } from './backstage-http';
import { catalogApiUrl } from './catalog-api-url';
import { checkEntity, type EntityCheck } from './entity-validation';
import type { HttpFetch } from './http-fetch';
import { parseEntitiesByRefsBody, parseQueryEntitiesBody, type Parsed } from './response-schemas';

export interface BackstageCatalogClientOptions {
  /** The Backstage backend's base URL, e.g. `https://backstage.example.com`; the client appends `/api/catalog`. */
  baseUrl: string;
  /** A static external-access token (or any token Backstage accepts as `Authorization: Bearer`). */
  token: string;
  fetch: HttpFetch;
  /** Per request, covering connect, headers and body. Default 30 s. */
  timeoutMs?: number;
  /** Entities per `by-query` page unless the query sets `pageSize`. Default 500. */
  pageSize?: number;
  /** Refs per `by-refs` request. Default 500. */
  refsBatchSize?: number;
}

export const DEFAULT_PAGE_SIZE = 500;
export const DEFAULT_REFS_BATCH_SIZE = 500;
export const DEFAULT_TIMEOUT_MS = 30_000;

type Request = BackstageRequest;

/** Lower-case kind, explicit namespace: the form the catalog stores and `by-refs` matches (names are case-sensitive). */
export function normaliseEntityRef(ref: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref));
  } catch (error) {
    throw new TypeError(`"${ref}" is not an entity ref (kind:namespace/name): ${(error as Error).message}`);
  }
}

export function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

export class BackstageCatalogClient implements BackstageCatalog {
  /** The catalog API root every request starts from, e.g. `https://backstage.example.com/api/catalog`. */
  readonly catalogUrl: string;
  private readonly http: BackstageHttp;
  private readonly pageSize: number;
  private readonly refsBatchSize: number;

  constructor(options: BackstageCatalogClientOptions) {
    this.catalogUrl = catalogApiUrl(options.baseUrl);
    this.http = new BackstageHttp(
      options.token,
      options.fetch,
      positiveInteger('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    );
    this.pageSize = positiveInteger('pageSize', options.pageSize ?? DEFAULT_PAGE_SIZE);
    this.refsBatchSize = positiveInteger('refsBatchSize', options.refsBatchSize ?? DEFAULT_REFS_BATCH_SIZE);
  }

  /**
   * One page of `GET /entities/by-query`. With `cursor`, only the page size and fields are sent: the cursor carries
   * filter, order and full-text term (the server ignores them next to a cursor) but not the fields.
   * With `query.fields` the items are partial entities and are not validated.
   */
  async queryEntitiesPage(query: CatalogQuery, cursor?: string): Promise<CatalogPage> {
    const params = new URLSearchParams();
    if (cursor !== undefined) {
      params.set('cursor', cursor);
    } else {
      for (const filter of query.filter ?? []) params.append('filter', filter);
      if (query.orderField) params.set('orderField', `${query.orderField.field},${query.orderField.order}`);
      if (query.fullTextFilter) {
        params.set('fullTextFilterTerm', query.fullTextFilter.term);
        if (query.fullTextFilter.fields?.length) {
          params.set('fullTextFilterFields', query.fullTextFilter.fields.join(','));
        }
      }
    }
    params.set('limit', String(positiveInteger('pageSize', query.pageSize ?? this.pageSize)));
    if (query.fields?.length) params.set('fields', query.fields.join(','));

    const request = { method: 'GET', url: `${this.catalogUrl}/entities/by-query?${params}` };
    const body = this.accept(request, parseQueryEntitiesBody(await this.requestJson(request)));
    const { items, invalid } = await this.validated(body.items, Boolean(query.fields?.length));
    return {
      items,
      invalid,
      totalItems: body.totalItems,
      ...(body.nextCursor ? { nextCursor: body.nextCursor } : {}),
    };
  }

  async *queryAllEntities(query: CatalogQuery): AsyncIterable<CatalogPage> {
    let cursor: string | undefined;
    do {
      const page = await this.queryEntitiesPage(query, cursor);
      yield page;
      if (page.nextCursor !== undefined && page.nextCursor === cursor) {
        // A server handing back the cursor it was given would page forever.
        throw new BackstageCatalogError('malformed-response', 'The catalog returned the same cursor twice', {
          request: { method: 'GET', url: `${this.catalogUrl}/entities/by-query` },
        });
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }

  async getEntitiesByRefs(entityRefs: string[], fields?: string[]): Promise<(Entity | null)[]> {
    return (await this.lookupEntitiesByRefs(entityRefs, fields)).items;
  }

  /**
   * `POST /entities/by-refs` in batches of `refsBatchSize`, order preserved; `null` where no entity exists (and for
   * an entity that failed validation, which is listed in `invalid`). Refs are normalised first.
   */
  async lookupEntitiesByRefs(entityRefs: string[], fields?: string[]): Promise<EntitiesByRefsLookup> {
    const refs = entityRefs.map(normaliseEntityRef);
    const result: EntitiesByRefsLookup = { items: [], invalid: [] };
    for (let start = 0; start < refs.length; start += this.refsBatchSize) {
      const batch = refs.slice(start, start + this.refsBatchSize);
      // `fields` goes in the body: by-refs answers 400 to a `fields` query parameter.
      const request = {
        method: 'POST',
        url: `${this.catalogUrl}/entities/by-refs`,
        body: JSON.stringify({ entityRefs: batch, ...(fields?.length ? { fields } : {}) }),
      };
      const body = this.accept(
        request,
        parseEntitiesByRefsBody(await this.requestJson(request), batch.length),
      );
      const checks = await this.checked(body.items, Boolean(fields?.length));
      for (const check of checks) {
        if (check === null || check.valid) {
          result.items.push(check?.entity ?? null);
        } else {
          result.items.push(null);
          result.invalid.push({ entityRef: check.entityRef, reason: check.reason });
        }
      }
    }
    return result;
  }

  private async validated(
    raw: Record<string, unknown>[],
    partial: boolean,
  ): Promise<{ items: Entity[]; invalid: InvalidEntity[] }> {
    const items: Entity[] = [];
    const invalid: InvalidEntity[] = [];
    for (const check of await this.checked(raw, partial)) {
      if (check.valid) items.push(check.entity);
      else invalid.push({ entityRef: check.entityRef, reason: check.reason });
    }
    return { items, invalid };
  }

  private async checked<T extends Record<string, unknown> | null>(
    raw: T[],
    partial: boolean,
  ): Promise<(EntityCheck | Extract<T, null>)[]> {
    return Promise.all(
      raw.map((item) => {
        if (item === null) return null as Extract<T, null>;
        // A field projection returns partial entities, which no entity schema accepts: pass them through as is.
        if (partial) return { valid: true as const, entity: item as unknown as Entity };
        return checkEntity(item);
      }),
    );
  }

  private accept<T>(request: Request, parsed: Parsed<T>): T {
    if (parsed.ok) return parsed.value;
    throw new BackstageCatalogError('malformed-response', `Unexpected response shape: ${parsed.problem}`, {
      request,
      status: 200,
    });
  }

  private requestJson(request: Request): Promise<unknown> {
    return this.http.requestJson(request);
  }
}
