// The admin resolver's operations this page uses, each typed by the resolver's contract
// (src/forge/contract/admin-contract.ts): type-only imports, so zod and the use cases stay out of the bundle. See the
// README's "Admin resolver operations".
import type { RunHistoryEntry } from '../../../src/admin/history';
import type { MappingView, SaveMappingInput } from '../../../src/admin/mapping-settings';
import type { MetricPreviewRow, MetricsView } from '../../../src/admin/metric-settings';
import type { ImportPlan } from '../../../src/admin/plan-import';
import type { CatalogPreview, PreviewRequest, PreviewRow } from '../../../src/admin/preview-catalog';
import type { CatalogOwner, TeamSummary } from '../../../src/admin/team-search';
import type { ConnectionTestResult } from '../../../src/admin/test-connection';
import type { BackstageConnectionView } from '../../../src/connection/backstage-connection';
import type { CustomMetric } from '../../../src/core/metrics/custom-metrics';
import type { ImportStatus } from '../../../src/import/import-status';
import type { EntityOutcome, EntityResult } from '../../../src/import/import-run';
import type {
  AdminOperation,
  AdminRequest,
  AdminValues,
  ImportResultsPage,
  TeamSearchAnswer,
} from '../../../src/forge/contract/admin-contract';
import type { RemovalPolicy, SyncedField, SyncSettings } from '../../../src/storage/sync-settings-store';
import { callResolver, type ResolverResult } from '../../shared/resolver-call';

export type {
  BackstageConnectionView,
  CatalogOwner,
  CatalogPreview,
  ConnectionTestResult,
  EntityOutcome,
  EntityResult,
  ImportPlan,
  ImportStatus,
  MappingView,
  MetricPreviewRow,
  MetricsView,
  CustomMetric,
  PreviewRequest,
  RunHistoryEntry,
  SaveMappingInput,
  TeamSummary,
};
export type { PreviewRow, PreviewFilterName } from '../../../src/admin/preview-catalog';
export type { PlanItem } from '../../../src/admin/plan-import';

export type { ImportResultsPage, TeamSearchAnswer };

export type ConnectionInput = AdminRequest<'saveConnection'>;

export interface MetricSettingsInput {
  /** Metric key → on or off; metrics not named keep their state. */
  enabled?: Record<string, boolean>;
  annotationSet?: string[];
  customMetrics?: CustomMetric[];
}

// Issue 13's operations: staying in sync, removals, adoption, export and drift.
export type { RemovalPolicy, SyncedField, SyncSettings };
export type SyncSettingsView = AdminValues['getSyncSettings'];
export type SyncSettingsInput = AdminRequest<'saveSyncSettings'>;
export type StartedRun = AdminValues['runSyncNow'];
export type RemovalsView = AdminValues['getRemovals'];
export type BreakerReason = NonNullable<RemovalsView['breaker']>['reason'];
export type AdoptionCandidates = AdminValues['getAdoptionCandidates'];
export type AdoptionDecisionInput = AdminRequest<'adoptComponents'>['decisions'][number];
export type AdoptionDecision = AdoptionDecisionInput['decision'];
export type AdoptionMatch = AdoptionCandidates['candidates'][number]['match'];
/** A catalog preview row's match with an existing Compass component. */
export type PreviewAdoption = NonNullable<PreviewRow['adoption']>;
export type ExportFormat = AdminRequest<'exportMapping'>['format'];
export type ExportedFile = AdminValues['exportMapping'];
export type DriftView = AdminValues['getDrift'];
export type DriftRow = DriftView['rows'][number];
export type ResolveDriftInput = AdminRequest<'resolveDrift'>;

/** One operation, its payload and value typed by the contract. */
function call<K extends AdminOperation>(
  method: K,
  request?: AdminRequest<K>,
): Promise<ResolverResult<AdminValues[K]>> {
  return callResolver(method, request && { ...request });
}

export const adminOperations = {
  getConnection: () => call('getConnection'),
  saveConnection: (input: ConnectionInput) => call('saveConnection', input),
  testConnection: () => call('testConnection'),
  previewCatalog: (request: PreviewRequest) => call('previewCatalog', request),
  getMapping: () => call('getMapping'),
  saveMapping: (input: SaveMappingInput) => call('saveMapping', input),
  searchTeams: (request: AdminRequest<'searchTeams'>) => call('searchTeams', request),
  planImport: (selection?: string[]) => call('planImport', selection ? { selection } : {}),
  getImportStatus: () => call('getImportStatus'),
  /** `applyRemovals`: remove what Backstage no longer serves even though the catalog shrank since the last full read. */
  startImport: (selection?: string[], options: { applyRemovals?: boolean } = {}) =>
    call('startImport', {
      ...(selection ? { selection } : {}),
      ...(options.applyRemovals ? { applyRemovals: true } : {}),
    }),
  cancelImport: () => call('cancelImport'),
  getImportResults: (request: AdminRequest<'getImportResults'>) => call('getImportResults', request),
  retryFailed: () => call('retryFailed'),
  getHistory: () => call('getHistory'),
  getMetrics: () => call('getMetrics'),
  saveMetricSettings: (input: MetricSettingsInput) => call('saveMetricSettings', input),
  previewCustomMetric: (metric: CustomMetric) => call('previewCustomMetric', { metric, limit: 10 }),
  /**
   * Found again by name: a second call creates nothing. `apply`: the next import applies it to the components.
   * `includeChecks`: the chosen Tech Insights checks as criteria (absent: included when any is chosen).
   */
  createScorecard: (apply: boolean, includeChecks?: boolean) =>
    call('createScorecard', { apply, ...(includeChecks !== undefined ? { includeChecks } : {}) }),
  /** Deletes the metric's Compass definition and the values pushed under it: ask first. */
  removeMetric: (key: string) => call('removeMetric', { key }),
  // Issue 13: staying in sync.
  getSyncSettings: () => call('getSyncSettings'),
  saveSyncSettings: (input: SyncSettingsInput) => call('saveSyncSettings', input),
  /** A sync over the last import’s kinds and selection. */
  runSyncNow: () => call('runSyncNow', {}),
  getRemovals: (request: AdminRequest<'getRemovals'> = {}) => call('getRemovals', request),
  /** Applies the removals the breaker held, once (refused unless the last run's breaker tripped on a share). */
  applyRemovals: () => call('applyRemovals', { confirm: true }),
  getAdoptionCandidates: (refresh = false) => call('getAdoptionCandidates', refresh ? { refresh } : {}),
  adoptComponents: (decisions: AdoptionDecisionInput[]) => call('adoptComponents', { decisions }),
  /** `siteUrl`: the Compass site's address, for the components' URLs in the file. */
  exportMapping: (format: ExportFormat, siteUrl?: string) =>
    call('exportMapping', { format, ...(siteUrl ? { siteUrl } : {}) }),
  getDrift: () => call('getDrift', {}),
  resolveDrift: (input: ResolveDriftInput) => call('resolveDrift', input),
};

export type AdminOperations = typeof adminOperations;
