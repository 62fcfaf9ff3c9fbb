// The shapes of the catalog responses the client accepts, checked on the way in. Each parser returns the typed
// value or a description of the first mismatch; the client turns a mismatch into a 'malformed-response' error.

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** `GET /entities/by-query`: `{ items, totalItems, pageInfo: { nextCursor?, prevCursor? } }`. */
export interface QueryEntitiesBody {
  items: Record<string, unknown>[];
  totalItems: number;
  nextCursor?: string;
}

/** `POST /entities/by-refs`: `{ items }`, one slot per requested ref, `null` where none exists. */
export interface EntitiesByRefsBody {
  items: (Record<string, unknown> | null)[];
}

/** The body Backstage sends with every error status. */
export interface BackstageErrorBody {
  name: string;
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function checkItems<T>(items: unknown, allowNull: boolean): Parsed<T[]> {
  if (!Array.isArray(items))
    return { ok: false, problem: `"items" is ${describe(items)}, expected an array` };
  for (const [index, item] of items.entries()) {
    if (!(isRecord(item) || (allowNull && item === null))) {
      return { ok: false, problem: `items[${index}] is ${describe(item)}, expected an entity object` };
    }
  }
  return { ok: true, value: items as T[] };
}

export function parseQueryEntitiesBody(json: unknown): Parsed<QueryEntitiesBody> {
  if (!isRecord(json)) return { ok: false, problem: `the body is ${describe(json)}, expected an object` };
  const items = checkItems<Record<string, unknown>>(json.items, false);
  if (!items.ok) return items;
  const { totalItems, pageInfo } = json;
  if (typeof totalItems !== 'number' || !Number.isInteger(totalItems) || totalItems < 0) {
    return { ok: false, problem: `"totalItems" is ${describe(totalItems)}, expected a non-negative integer` };
  }
  if (!isRecord(pageInfo))
    return { ok: false, problem: `"pageInfo" is ${describe(pageInfo)}, expected an object` };
  const { nextCursor } = pageInfo;
  if (nextCursor !== undefined && (typeof nextCursor !== 'string' || nextCursor === '')) {
    return {
      ok: false,
      problem: `"pageInfo.nextCursor" is ${describe(nextCursor)}, expected a non-empty string`,
    };
  }
  return { ok: true, value: { items: items.value, totalItems, ...(nextCursor ? { nextCursor } : {}) } };
}

export function parseEntitiesByRefsBody(json: unknown, requestedCount: number): Parsed<EntitiesByRefsBody> {
  if (!isRecord(json)) return { ok: false, problem: `the body is ${describe(json)}, expected an object` };
  const items = checkItems<Record<string, unknown> | null>(json.items, true);
  if (!items.ok) return items;
  if (items.value.length !== requestedCount) {
    return { ok: false, problem: `${items.value.length} items for ${requestedCount} requested refs` };
  }
  return { ok: true, value: { items: items.value } };
}

/** Backstage's `{ error: { name, message }, request, response }`, or undefined for any other body. */
export function parseBackstageErrorBody(json: unknown): BackstageErrorBody | undefined {
  if (!isRecord(json) || !isRecord(json.error)) return undefined;
  const { name, message } = json.error;
  if (typeof name !== 'string' || typeof message !== 'string') return undefined;
  return { name, message };
}

/** JSON.parse that reports instead of throwing. */
export function parseJson(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    // JSON.parse's message quotes the start of the body, which may be an echo of the request's headers.
    return { ok: false, problem: 'the body is not JSON' };
  }
}
