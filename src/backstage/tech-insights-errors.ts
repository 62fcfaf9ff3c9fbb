// Why Tech Insights did not answer, as a reason a person can act on, in the app's words. The underlying
// BackstageCatalogError kind (timeout, 5xx, …) is kept for logs; nothing Backstage said is quoted.
import {
  BackstageCatalogError,
  type BackstageErrorKind,
  type BackstageRequestDescription,
} from './backstage-errors';

export type TechInsightsUnavailableReason =
  /** No `/api/tech-insights` at all: the backend plugin is not in this Backstage. */
  | 'not-installed'
  /** The plugin runs without a fact checker (no `techInsights.factChecker`): it has no check routes. */
  | 'no-checker'
  /** HTTP 403: the token may not use Tech Insights. */
  | 'forbidden'
  /** HTTP 401. */
  | 'unauthorized'
  /** Anything else: unreachable, timeout, 5xx, an answer that is not Tech Insights'. */
  | 'failed';

const TITLES: Record<TechInsightsUnavailableReason, string> = {
  'not-installed': 'Tech Insights is not installed in this Backstage',
  'no-checker': 'Tech Insights has no checks configured',
  forbidden: 'The token may not use Tech Insights (HTTP 403)',
  unauthorized: 'Tech Insights refused the token (HTTP 401)',
  failed: 'Tech Insights did not answer as expected',
};

const WHAT_TO_DO: Record<TechInsightsUnavailableReason, string> = {
  'not-installed':
    'Add @backstage-community/plugin-tech-insights-backend and its JSON-rules module (-module-jsonfc) to the Backstage backend, configure checks under techInsights.factChecker, and test again.',
  'no-checker':
    'Add the JSON-rules module (@backstage-community/plugin-tech-insights-backend-module-jsonfc) and at least one check under techInsights.factChecker.checks in app-config, then test again.',
  forbidden:
    "Let the token use Tech Insights: add { plugin: tech-insights } to its accessRestrictions in backend.auth.externalAccess, and allow tech-insights.check.read and tech-insights.check.run in Backstage's permission policy.",
  unauthorized:
    "Check the token saved in the app against a static token under backend.auth.externalAccess in Backstage's app-config.",
  failed: 'Try again later; if it persists, check the Tech Insights backend in the Backstage logs.',
};

export class TechInsightsError extends Error {
  override readonly name = 'TechInsightsError';
  readonly title: string;
  readonly whatToDo: string;
  /** The transport or HTTP kind underneath, for logs. */
  readonly kind?: BackstageErrorKind;
  readonly status?: number;
  readonly logExcerpt?: string;

  constructor(
    readonly reason: TechInsightsUnavailableReason,
    details: {
      kind?: BackstageErrorKind;
      status?: number;
      request?: BackstageRequestDescription;
      logExcerpt?: string;
    } = {},
  ) {
    const where = details.request ? ` (${details.request.method} ${details.request.url})` : '';
    super(`${TITLES[reason]}${where}. ${WHAT_TO_DO[reason]}`);
    this.title = TITLES[reason];
    this.whatToDo = WHAT_TO_DO[reason];
    this.kind = details.kind;
    this.status = details.status;
    this.logExcerpt = details.logExcerpt;
  }

  /** Any failure of a Tech Insights request, as its reason; foreign exceptions keep only their name (for logs). */
  static from(error: unknown): TechInsightsError {
    if (error instanceof TechInsightsError) return error;
    if (!(error instanceof BackstageCatalogError)) return new TechInsightsError('failed');
    const reason: TechInsightsUnavailableReason =
      error.kind === 'forbidden' ? 'forbidden' : error.kind === 'unauthorized' ? 'unauthorized' : 'failed';
    return new TechInsightsError(reason, {
      kind: error.kind,
      ...(error.status !== undefined ? { status: error.status } : {}),
      ...(error.request ? { request: error.request } : {}),
      ...(error.logExcerpt ? { logExcerpt: error.logExcerpt } : {}),
    });
  }
}
