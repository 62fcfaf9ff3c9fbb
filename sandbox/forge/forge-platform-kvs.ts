// Forge's key-value storage service as @forge/kvs 1.6.5 talks to it: the HTTP endpoints its StorageApi posts to
// through the runtime's __forge_fetch__ (`/api/v1/get`, `/set`, `/delete`, `/batch/*`, `/query`, `/secret/*`),
// answered from memory with the platform's semantics: values and secrets apart, a missing key is 404
// KEY_NOT_FOUND (per key in batch answers), key-prefix queries of at most 100 results with an opaque cursor,
// TTLs and the set policies. Optionally backed by a JSON file so a sandbox keeps its state across restarts.
// Error codes for limits the docs state without naming the code (key format, value size, query limit) are
// UNVERIFIED: the client only needs `code` and `message`, and throws ForgeKvsAPIError with them.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Documented at https://developer.atlassian.com/platform/forge/limits-kvs-ce (Dec 2025). */
export const KVS_LIMITS = {
  maxKeyLength: 500,
  maxValueBytes: 240 * 1024,
  maxQueryLimit: 100,
  defaultQueryLimit: 10,
} as const;

// The documented key pattern: letters, digits, `:._-#` and spaces, not only spaces.
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s#-]+$/;

interface StoredRecord {
  /** The value as JSON text: every read returns a fresh copy, as the platform's serialisation does. */
  json: string;
  createdAt: number;
  updatedAt: number;
  /** Epoch milliseconds after which the key reads as absent. */
  expiresAt?: number;
}

interface KvsErrorBody {
  code: string;
  message: string;
}

type SetOptions = {
  ttl?: { value: number; unit: 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS' };
  keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS';
  returnValue?: 'PREVIOUS' | 'LATEST';
  returnMetadataFields?: string[];
};

type GetOptions = { metadataFields?: string[] };

interface WhereClause {
  property: string;
  condition: string;
  values: unknown[];
}

const TTL_UNIT_MS = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 } as const;

class KvsRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: KvsErrorBody,
  ) {
    super(body.message);
  }
}

const keyNotFound = (): KvsErrorBody => ({ code: 'KEY_NOT_FOUND', message: 'Provided key does not exist' });

export interface ForgeKvsServiceOptions {
  /** Keep values and secrets in this JSON file (loaded at construction, written shortly after each change). */
  stateFile?: string;
  now?: () => number;
  /** Delay before each request is answered, as the platform's round trip; each request is then done atomically. */
  latencyMs?: number;
}

export interface ForgeKvsStats {
  requests: number;
  byPath: Record<string, number>;
  keys: number;
  secrets: number;
}

/** The storage service behind `__forge_fetch__({ type: 'kvs' }, path, init)`. */
export class ForgeKvsService {
  private readonly values = new Map<string, StoredRecord>();
  private readonly secrets = new Map<string, StoredRecord>();
  private readonly now: () => number;
  private readonly stateFile?: string;
  private readonly latencyMs: number;
  private saveTimer: NodeJS.Timeout | undefined;
  private requests = 0;
  private readonly byPath: Record<string, number> = {};

  constructor(options: ForgeKvsServiceOptions = {}) {
    this.now = options.now ?? Date.now;
    this.stateFile = options.stateFile;
    this.latencyMs = options.latencyMs ?? 0;
    if (this.stateFile && existsSync(this.stateFile)) this.load(this.stateFile);
  }

  /** Answers one storage request as the platform would. */
  async handle(path: string, init: RequestInit | undefined): Promise<Response> {
    this.requests += 1;
    this.byPath[path] = (this.byPath[path] ?? 0) + 1;
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    let body: unknown;
    try {
      body = JSON.parse(String(init?.body ?? 'null'));
    } catch {
      return errorResponse(400, { code: 'INVALID_REQUEST', message: 'The request body is not JSON' });
    }
    try {
      const answer = this.dispatch(path, body);
      return answer === undefined ? new Response(null, { status: 204 }) : Response.json(answer);
    } catch (error) {
      if (error instanceof KvsRequestError) return errorResponse(error.status, error.body);
      throw error;
    }
  }

  /** Seeds or inspects state from the sandbox itself (not through the app). */
  setValue(key: string, value: unknown): void {
    this.write(this.values, key, value, {});
  }

  getValue<T>(key: string): T | undefined {
    const record = this.live(this.values, key);
    return record ? (JSON.parse(record.json) as T) : undefined;
  }

  getSecretValue<T>(key: string): T | undefined {
    const record = this.live(this.secrets, key);
    return record ? (JSON.parse(record.json) as T) : undefined;
  }

  /** Keys and secrets count only live ones: an expired key is gone, as the platform reads it. */
  stats(): ForgeKvsStats {
    for (const map of [this.values, this.secrets]) for (const key of [...map.keys()]) this.live(map, key);
    return {
      requests: this.requests,
      byPath: { ...this.byPath },
      keys: this.values.size,
      secrets: this.secrets.size,
    };
  }

  /** Writes a pending change to the state file now. */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.stateFile) return;
    const state = {
      values: Object.fromEntries([...this.values].map(([key, record]) => [key, record])),
      secrets: Object.fromEntries([...this.secrets].map(([key, record]) => [key, record])),
    };
    mkdirSync(dirname(this.stateFile), { recursive: true });
    const temporary = `${this.stateFile}.${process.pid}.tmp`;
    // The file holds the Backstage token in clear: readable by its owner only.
    writeFileSync(temporary, JSON.stringify(state), { mode: 0o600 });
    renameSync(temporary, this.stateFile);
  }

  private load(file: string): void {
    const state = JSON.parse(readFileSync(file, 'utf8')) as {
      values?: Record<string, StoredRecord>;
      secrets?: Record<string, StoredRecord>;
    };
    for (const [key, record] of Object.entries(state.values ?? {})) this.values.set(key, record);
    for (const [key, record] of Object.entries(state.secrets ?? {})) this.secrets.set(key, record);
  }

  private changed(): void {
    if (!this.stateFile || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.flush(), 200);
    this.saveTimer.unref();
  }

  private dispatch(path: string, body: unknown): object | undefined {
    switch (path) {
      case '/api/v1/get':
        return this.get(this.values, body as { key: string; options?: GetOptions });
      case '/api/v1/secret/get':
        return this.get(this.secrets, body as { key: string; options?: GetOptions });
      case '/api/v1/set':
        return this.set(this.values, body as { key: string; value: unknown; options?: SetOptions });
      case '/api/v1/secret/set':
        return this.set(this.secrets, body as { key: string; value: unknown; options?: SetOptions });
      case '/api/v1/delete':
        return this.delete(this.values, (body as { key: string }).key);
      case '/api/v1/secret/delete':
        return this.delete(this.secrets, (body as { key: string }).key);
      case '/api/v1/batch/get':
        return this.batch(body, (item: { key: string; options?: GetOptions }) => {
          const record = this.live(this.values, item.key);
          if (!record) throw new KvsRequestError(404, keyNotFound());
          return { key: item.key, ...withMetadata(record, item.options?.metadataFields) };
        });
      case '/api/v1/batch/set':
        return this.batch(body, (item: { key: string; value: unknown; options?: SetOptions }) => {
          this.write(this.values, item.key, item.value, item.options ?? {});
          return { key: item.key };
        });
      case '/api/v1/batch/delete':
        return this.batch(body, (item: { key: string }) => {
          this.delete(this.values, item.key);
          return { key: item.key };
        });
      case '/api/v1/query':
        return this.query(body as { limit?: number; after?: string; where?: WhereClause[] });
      default:
        // Custom entities and transactions are not used by the app and not emulated.
        throw new KvsRequestError(404, {
          code: 'NOT_IMPLEMENTED_IN_SANDBOX',
          message: `The sandbox's storage does not implement ${path}`,
        });
    }
  }

  private live(map: Map<string, StoredRecord>, key: string): StoredRecord | undefined {
    const record = map.get(key);
    if (record?.expiresAt !== undefined && record.expiresAt <= this.now()) {
      map.delete(key);
      this.changed();
      return undefined;
    }
    return record;
  }

  private get(map: Map<string, StoredRecord>, { key, options }: { key: string; options?: GetOptions }) {
    checkKey(key);
    const record = this.live(map, key);
    if (!record) throw new KvsRequestError(404, keyNotFound());
    return { key, ...withMetadata(record, options?.metadataFields) };
  }

  private set(
    map: Map<string, StoredRecord>,
    { key, value, options = {} }: { key: string; value: unknown; options?: SetOptions },
  ): object | undefined {
    const previous = this.live(map, key);
    if (options.keyPolicy === 'FAIL_IF_EXISTS' && previous) {
      throw new KvsRequestError(409, { code: 'KEY_ALREADY_EXISTS', message: `Key ${key} already exists` });
    }
    const written = this.write(map, key, value, options);
    if (options.returnValue === 'PREVIOUS') {
      return previous ? { key, ...withMetadata(previous, options.returnMetadataFields) } : undefined;
    }
    if (options.returnValue === 'LATEST')
      return { key, ...withMetadata(written, options.returnMetadataFields) };
    return undefined;
  }

  private write(
    map: Map<string, StoredRecord>,
    key: string,
    value: unknown,
    options: SetOptions,
  ): StoredRecord {
    checkKey(key);
    if (value === undefined) {
      throw new KvsRequestError(400, { code: 'INVALID_VALUE', message: 'A value is required' });
    }
    const json = JSON.stringify(value);
    if (Buffer.byteLength(json) > KVS_LIMITS.maxValueBytes) {
      throw new KvsRequestError(413, {
        code: 'VALUE_TOO_LARGE',
        message: `The value of ${key} is ${Buffer.byteLength(json)} bytes; the limit is ${KVS_LIMITS.maxValueBytes}`,
      });
    }
    const now = this.now();
    const record: StoredRecord = {
      json,
      createdAt: this.live(map, key)?.createdAt ?? now,
      updatedAt: now,
      ...(options.ttl ? { expiresAt: now + options.ttl.value * TTL_UNIT_MS[options.ttl.unit] } : {}),
    };
    map.set(key, record);
    this.changed();
    return record;
  }

  private delete(map: Map<string, StoredRecord>, key: string): undefined {
    checkKey(key);
    const existed = this.live(map, key) !== undefined;
    map.delete(key);
    if (!existed) throw new KvsRequestError(404, keyNotFound());
    this.changed();
    return undefined;
  }

  private batch<T extends { key: string }>(body: unknown, apply: (item: T) => object) {
    if (!Array.isArray(body)) {
      throw new KvsRequestError(400, { code: 'INVALID_REQUEST', message: 'A batch request is an array' });
    }
    const successfulKeys: object[] = [];
    const failedKeys: { key: string; error: KvsErrorBody }[] = [];
    for (const item of body as T[]) {
      try {
        successfulKeys.push(apply(item));
      } catch (error) {
        if (!(error instanceof KvsRequestError)) throw error;
        failedKeys.push({ key: item.key, error: error.body });
      }
    }
    return { successfulKeys, failedKeys };
  }

  private query({
    limit = KVS_LIMITS.defaultQueryLimit,
    after,
    where = [],
  }: {
    limit?: number;
    after?: string;
    where?: WhereClause[];
  }) {
    if (!Number.isInteger(limit) || limit < 1 || limit > KVS_LIMITS.maxQueryLimit) {
      throw new KvsRequestError(400, {
        code: 'INVALID_LIMIT',
        message: `limit must be between 1 and ${KVS_LIMITS.maxQueryLimit}; got ${limit}`,
      });
    }
    const matches = where.map(keyCondition);
    let from: string | undefined;
    if (after) {
      from = Buffer.from(after, 'base64url').toString('utf8');
      if (!from.startsWith('k:')) {
        throw new KvsRequestError(400, { code: 'INVALID_CURSOR', message: 'The cursor is not valid' });
      }
      from = from.slice(2);
    }
    const keys = [...this.values.keys()]
      .filter((key) => this.live(this.values, key) && matches.every((match) => match(key)))
      .filter((key) => from === undefined || key > from)
      .sort();
    const page = keys.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map((key) => ({ key, value: JSON.parse(this.values.get(key)!.json) as unknown })),
      ...(keys.length > limit && last ? { cursor: Buffer.from(`k:${last}`).toString('base64url') } : {}),
    };
  }
}

function checkKey(key: unknown): asserts key is string {
  if (
    typeof key !== 'string' ||
    key.length === 0 ||
    key.length > KVS_LIMITS.maxKeyLength ||
    !KEY_PATTERN.test(key)
  ) {
    throw new KvsRequestError(400, {
      code: 'INVALID_KEY',
      message: `Keys are 1 to ${KVS_LIMITS.maxKeyLength} characters of letters, digits, spaces and :._-#; got ${JSON.stringify(key)}`,
    });
  }
}

function withMetadata(record: StoredRecord, fields: string[] | undefined) {
  return {
    value: JSON.parse(record.json) as unknown,
    ...(fields?.includes('CREATED_AT') ? { createdAt: record.createdAt } : {}),
    ...(fields?.includes('UPDATED_AT') ? { updatedAt: record.updatedAt } : {}),
    ...(fields?.includes('EXPIRE_TIME') && record.expiresAt !== undefined
      ? { expireTime: new Date(record.expiresAt).toISOString() }
      : {}),
  };
}

/** The key conditions of WhereConditions (@forge/kvs): only the key can be queried. */
function keyCondition({ property, condition, values }: WhereClause): (key: string) => boolean {
  if (property !== 'key') {
    throw new KvsRequestError(400, {
      code: 'INVALID_QUERY',
      message: `Only the key can be queried, not ${property}`,
    });
  }
  const [first, second] = values.map(String);
  switch (condition) {
    case 'BEGINS_WITH':
      return (key) => key.startsWith(first ?? '');
    case 'EQUAL_TO':
      return (key) => key === first;
    case 'BETWEEN':
      return (key) => key >= (first ?? '') && key <= (second ?? '');
    case 'GREATER_THAN':
      return (key) => key > (first ?? '');
    case 'GREATER_THAN_EQUAL_TO':
      return (key) => key >= (first ?? '');
    case 'LESS_THAN':
      return (key) => key < (first ?? '');
    case 'LESS_THAN_EQUAL_TO':
      return (key) => key <= (first ?? '');
    default:
      throw new KvsRequestError(400, { code: 'INVALID_QUERY', message: `Unknown condition ${condition}` });
  }
}

function errorResponse(status: number, body: KvsErrorBody): Response {
  return Response.json(body, { status });
}
