// The TechInsights port over Backstage's Tech Insights REST API (`/api/tech-insights`, the community plugin
// `@backstage-community/plugin-tech-insights-backend`): `GET /checks` lists the checks, `POST /checks/run` runs
// chosen checks for many entities in one request. Same token, timeout and error wording as the catalog client
// (BackstageHttp); a failure a person can act on becomes a TechInsightsError with its reason.
import type { EntityCheckResults, TechInsights, TechInsightsCheck } from '../core/ports';
import { errorFields, log } from '../core/log';
import { DEFAULT_TIMEOUT_MS, positiveInteger } from './backstage-catalog-client';
import { BackstageCatalogError } from './backstage-errors';
import { BackstageHttp, type BackstageRequest } from './backstage-http';
import { catalogApiUrl } from './catalog-api-url';
import type { HttpFetch } from './http-fetch';
import { TechInsightsError } from './tech-insights-errors';

export interface TechInsightsClientOptions {
  /** The Backstage backend's base URL, as for the catalog client; the client appends `/api/tech-insights`. */
  baseUrl: string;
  token: string;
  fetch: HttpFetch;
  /** Per request. Default DEFAULT_TIMEOUT_MS (30 s), as the catalog client. */
  timeoutMs?: number;
  /** Entities per `POST /checks/run`. Default RUN_CHECKS_BATCH_SIZE. */
  runBatchSize?: number;
}

/**
 * Entities per `POST /checks/run`. The backend parses bodies with express.json's default 100 kB limit (about 2,000
 * refs) and runs 100 entities at a time inside; its answer carries every check's rule and facts (about 0.6 kB per
 * entity and check), so 100 entities with five checks is about 0.3 MB. See scripts/bench-metrics.ts.
 */
export const RUN_CHECKS_BATCH_SIZE = 100;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `GET /checks`: id, name and description of each check; anything else in the answer is ignored. */
function parseChecks(body: unknown): TechInsightsCheck[] | undefined {
  if (!Array.isArray(body)) return undefined;
  const checks: TechInsightsCheck[] = [];
  for (const item of body) {
    if (!isRecord(item) || typeof item.id !== 'string' || item.id === '') return undefined;
    checks.push({
      id: item.id,
      name: typeof item.name === 'string' && item.name.trim() !== '' ? item.name.trim() : item.id,
      description: typeof item.description === 'string' ? item.description.trim() : '',
    });
  }
  return checks;
}

/** `POST /checks/run`: `[{ entity, results: [{ check: { id }, result }], error? }]`; a non-boolean result is no answer. */
function parseRunAnswer(body: unknown): Map<string, EntityCheckResults> | undefined {
  if (!Array.isArray(body)) return undefined;
  const answers = new Map<string, EntityCheckResults>();
  for (const item of body) {
    if (!isRecord(item) || typeof item.entity !== 'string' || !Array.isArray(item.results)) return undefined;
    const ref = item.entity.toLowerCase();
    if (item.error !== undefined) {
      // Its text is the backend's: the log gets its name only.
      log.warn('tech-insights.entity-failed', {
        errorName: isRecord(item.error) && typeof item.error.name === 'string' ? item.error.name : 'unknown',
      });
      answers.set(ref, { ok: false });
      continue;
    }
    const results: Record<string, boolean> = {};
    for (const result of item.results) {
      if (!isRecord(result) || !isRecord(result.check) || typeof result.check.id !== 'string')
        return undefined;
      if (typeof result.result === 'boolean') results[result.check.id] = result.result;
    }
    answers.set(ref, { ok: true, results });
  }
  return answers;
}

export class BackstageTechInsightsClient implements TechInsights {
  /** `https://backstage.example.com/api/tech-insights`. */
  readonly apiUrl: string;
  private readonly http: BackstageHttp;
  private readonly runBatchSize: number;

  constructor(options: TechInsightsClientOptions) {
    this.apiUrl = catalogApiUrl(options.baseUrl).replace(/\/api\/catalog$/, '/api/tech-insights');
    this.http = new BackstageHttp(
      options.token,
      options.fetch,
      positiveInteger('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    );
    this.runBatchSize = positiveInteger('runBatchSize', options.runBatchSize ?? RUN_CHECKS_BATCH_SIZE);
  }

  async listChecks(): Promise<TechInsightsCheck[]> {
    const request = { method: 'GET', url: `${this.apiUrl}/checks` };
    let body: unknown;
    try {
      body = await this.http.requestJson(request);
    } catch (error) {
      if (error instanceof BackstageCatalogError && error.kind === 'not-a-catalog' && error.status === 404)
        throw await this.whyNoChecks(error);
      throw TechInsightsError.from(error);
    }
    const checks = parseChecks(body);
    if (!checks) throw malformed(request);
    return checks;
  }

  async runChecks(entityRefs: string[], checkIds: string[]): Promise<Map<string, EntityCheckResults>> {
    const answers = new Map<string, EntityCheckResults>();
    // An empty `checks` runs every check and empty `entities` every entity the backend knows: never sent.
    if (entityRefs.length === 0 || checkIds.length === 0) return answers;
    for (let start = 0; start < entityRefs.length; start += this.runBatchSize) {
      const request = {
        method: 'POST',
        url: `${this.apiUrl}/checks/run`,
        body: JSON.stringify({
          entities: entityRefs.slice(start, start + this.runBatchSize),
          checks: checkIds,
        }),
      };
      const parsed = parseRunAnswer(await this.send(request));
      if (!parsed) throw malformed(request);
      for (const [ref, answer] of parsed) answers.set(ref, answer);
    }
    return answers;
  }

  private async send(request: BackstageRequest): Promise<unknown> {
    try {
      return await this.http.requestJson(request);
    } catch (error) {
      if (error instanceof BackstageCatalogError && error.status === 404)
        throw new TechInsightsError('no-checker', { kind: error.kind, status: 404 });
      throw TechInsightsError.from(error);
    }
  }

  /** `/checks` answered 404: the plugin without a fact checker still serves `/fact-schemas`; without the plugin, nothing does. */
  private async whyNoChecks(checksError: BackstageCatalogError): Promise<TechInsightsError> {
    try {
      await this.http.requestJson({ method: 'GET', url: `${this.apiUrl}/fact-schemas` });
      return new TechInsightsError('no-checker', { kind: checksError.kind, status: 404 });
    } catch (error) {
      if (error instanceof BackstageCatalogError && error.status === 404)
        return new TechInsightsError('not-installed', { kind: error.kind, status: 404 });
      log.warn('tech-insights.fact-schemas-failed', errorFields(error));
      return new TechInsightsError('not-installed', { kind: checksError.kind, status: 404 });
    }
  }
}

function malformed(request: BackstageRequest): TechInsightsError {
  return new TechInsightsError('failed', { kind: 'malformed-response', status: 200, request });
}
