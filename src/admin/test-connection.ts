// "Test connection" on the admin page: one diagnosis a person can act on, per cause, or the catalog's size by
// kind. Reads the whole catalog with only `kind` selected (cheap even for 10,000 entities), then asks Tech Insights
// for its checks (one request; two when it answers 404, to tell "not installed" from "no checks").
import type { Entity } from '@backstage/catalog-model';
import { BackstageCatalogError, type BackstageErrorKind } from '../backstage/backstage-errors';
import type { BackstageConnectionView } from '../connection/backstage-connection';
import { TechInsightsError, type TechInsightsUnavailableReason } from '../backstage/tech-insights-errors';
import { errorFields, log } from '../core/log';
import type { BackstageCatalog, TechInsights, TechInsightsCheck } from '../core/ports';

export type DiagnosisKind = BackstageErrorKind | 'not-connected' | 'unexpected';

export interface ConnectionDiagnosis {
  kind: DiagnosisKind;
  /** One line: what is wrong. */
  title: string;
  /** What the catalog client saw, with the request (never the token). */
  detail: string;
  /** What to change. */
  whatToDo: string;
}

/** What saving a connection answers: the connection as saved, whether it was, and the test it had first. */
export type SavedConnectionAnswer = BackstageConnectionView & { saved: boolean; test?: ConnectionTestResult };

/** Whether Tech Insights answers, with its checks, or why not in the app's words. */
export type TechInsightsDetection =
  | { available: true; checks: TechInsightsCheck[] }
  | {
      available: false;
      reason: TechInsightsUnavailableReason;
      /** One line: what is wrong. */
      title: string;
      whatToDo: string;
    };

export type ConnectionTestResult =
  | {
      ok: true;
      checkedAt: string;
      totalEntities: number;
      countsByKind: Record<string, number>;
      /** Absent when the test did not ask (no Tech Insights client given). */
      techInsights?: TechInsightsDetection;
    }
  | { ok: false; checkedAt: string; diagnosis: ConnectionDiagnosis };

const TITLES: Record<DiagnosisKind, string> = {
  'not-connected': 'No Backstage connection saved yet',
  'invalid-base-url': 'The base URL is not valid',
  unreachable: 'Nothing answers at that address',
  dns: 'The host name does not resolve (DNS)',
  tls: 'The secure connection failed (TLS certificate)',
  timeout: 'Backstage did not answer in time',
  unauthorized: 'Backstage refused the token (HTTP 401)',
  'invalid-token': 'The saved token cannot be sent (it holds spaces, line breaks or other characters)',
  forbidden: 'The token may not read the catalog (HTTP 403)',
  'not-a-catalog': 'That address is not a Backstage catalog (HTTP 404 or a web page)',
  'egress-blocked': 'The app may not call that host (Forge egress)',
  'bad-request': 'Backstage rejected the request (HTTP 400)',
  'rate-limited': 'Backstage is rate-limiting the app (HTTP 429)',
  'server-error': 'Backstage failed on its side (HTTP 5xx)',
  'malformed-response': 'The answer is not the catalog API’s',
  'unexpected-status': 'Backstage answered with an unexpected status',
  unexpected: 'The test failed unexpectedly',
};

// Forge fixes the egress allow-list at deploy time from BACKSTAGE_HOST (manifest.yml), not at run time.
const EGRESS_WHAT_TO_DO =
  'The app may only call the host it was deployed for. Redeploy with the Backstage host in BACKSTAGE_HOST ' +
  '(export BACKSTAGE_HOST=<host[:port]>, then forge deploy; a site admin approves the changed egress), ' +
  'and use an https URL.';

export function diagnose(error: unknown): ConnectionDiagnosis {
  const raw = (error as { kind?: unknown }).kind;
  const kind: DiagnosisKind =
    typeof raw === 'string' && raw in TITLES ? (raw as DiagnosisKind) : 'unexpected';
  // Only the catalog client's errors are in the app's words; any other exception's text stays out of the page.
  const message =
    error instanceof BackstageCatalogError
      ? error.message
      : kind === 'not-connected'
        ? ''
        : 'The app failed before Backstage answered.';
  const given = (error as { whatToDo?: unknown }).whatToDo;
  const whatToDo =
    kind === 'egress-blocked'
      ? EGRESS_WHAT_TO_DO
      : kind === 'not-connected'
        ? 'Enter the Backstage backend URL and a token, and save.'
        : typeof given === 'string'
          ? given
          : 'Check the URL and the token, then try again.';
  return { kind, title: TITLES[kind], detail: message, whatToDo };
}

/** Lists the checks; a Tech Insights that lists none counts as one without checks. */
export async function detectTechInsights(techInsights: TechInsights): Promise<TechInsightsDetection> {
  try {
    const checks = await techInsights.listChecks();
    if (checks.length > 0) return { available: true, checks };
    const none = new TechInsightsError('no-checker');
    return { available: false, reason: none.reason, title: none.title, whatToDo: none.whatToDo };
  } catch (error) {
    const unavailable = TechInsightsError.from(error);
    log.warn('tech-insights.detect-failed', errorFields(unavailable));
    return {
      available: false,
      reason: unavailable.reason,
      title: unavailable.title,
      whatToDo: unavailable.whatToDo,
    };
  }
}

export async function testConnection(
  catalog: BackstageCatalog | undefined,
  now: () => Date = () => new Date(),
  techInsights?: TechInsights,
): Promise<ConnectionTestResult> {
  const checkedAt = now().toISOString();
  if (!catalog) {
    return { ok: false, checkedAt, diagnosis: diagnose({ kind: 'not-connected', message: '' }) };
  }
  try {
    const countsByKind: Record<string, number> = {};
    let totalEntities = 0;
    for await (const page of catalog.queryAllEntities({ fields: ['kind'] })) {
      for (const entity of page.items as Partial<Entity>[]) {
        const kind = typeof entity.kind === 'string' ? entity.kind : '(none)';
        countsByKind[kind] = (countsByKind[kind] ?? 0) + 1;
        totalEntities++;
      }
    }
    return {
      ok: true,
      checkedAt,
      totalEntities,
      countsByKind,
      ...(techInsights ? { techInsights: await detectTechInsights(techInsights) } : {}),
    };
  } catch (error) {
    return { ok: false, checkedAt, diagnosis: diagnose(error) };
  }
}
