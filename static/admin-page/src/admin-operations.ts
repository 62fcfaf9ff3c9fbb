// The admin resolver's operations this page uses, each typed by the resolver's contract
// (src/forge/contract/admin-contract.ts): type-only imports, so zod and the use cases stay out of the bundle. See the
// README's "Admin resolver operations".
import type { RunHistoryEntry } from '../../../src/admin/history';
import type { MappingView, SaveMappingInput } from '../../../src/admin/mapping-settings';
import type { MetricPreviewRow, MetricsView } from '../../../src/admin/metric-settings';
import type { ImportPlan } from '../../../src/admin/plan-import';
import type { CatalogPreview, PreviewRequest } from '../../../src/admin/preview-catalog';
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

// Issue 13's operations; those whose contract is not on main yet are typed here as the shared spec shapes them.
export type { RemovalPolicy, SyncedField, SyncSettings };

export type SyncSettingsView = AdminValues['getSyncSettings'];
export type SyncSettingsInput = AdminRequest<'saveSyncSettings'>;
export type StartedRun = AdminValues['runSyncNow'];

export type BreakerReason = 'read-incomplete' | 'catalog-shrank' | 'too-many';
export interface RemovalsView {
  policy: RemovalPolicy;
  deleteConfirmed: boolean;
  breaker?: {
    reason: BreakerReason;
    message: string;
    removed?: number;
    imported?: number;
    share?: number;
    threshold?: number;
    canApplyAnyway: boolean;
    runId: string;
    at: string;
  };
  removed: {
    entityRef: string;
    componentId: string;
    name?: string;
    since: string;
    action: 'reported' | 'marked' | 'held';
  }[];
  total: number;
  nextCursor?: string;
}

export type AdoptionMatch = 'repository' | 'name';
export type AdoptionDecision = 'adopt' | 'create';
export interface AdoptionCandidates {
  checkedAt: string;
  candidates: {
    entityRef: string;
    entityTitle?: string;
    componentId: string;
    componentName: string;
    match: AdoptionMatch;
    decision?: AdoptionDecision;
  }[];
}
/** A catalog preview row's match with an existing Compass component (`adoption` on the row). */
export interface PreviewAdoption {
  componentId: string;
  componentName: string;
  match: AdoptionMatch;
  decision?: AdoptionDecision;
}
export interface AdoptionDecisionInput {
  entityRef: string;
  componentId?: string;
  decision: AdoptionDecision;
}
export interface AdoptionAnswer {
  adopted: { entityRef: string; componentId: string }[];
  decided: number;
  failed: { entityRef: string; message: string }[];
}

export type ExportFormat = 'csv' | 'json' | 'compass-yml';
export interface ExportedFile {
  fileName: string;
  mediaType: string;
  content: string;
  encoding: 'utf8' | 'base64';
  rows: number;
}

export interface DriftRow {
  entityRef: string;
  componentId: string;
  componentName: string;
  field: SyncedField;
  compassValue: string;
  backstageValue: string;
}
export interface DriftView {
  checkedAt: string;
  unsyncedFields: SyncedField[];
  rows: DriftRow[];
  components: number;
  truncated: boolean;
}
export interface ResolveDriftInput {
  take?: { entityRef: string; field?: SyncedField }[] | 'all';
  stopSyncing?: SyncedField[];
}

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
  /** Found again by name: a second call creates nothing. `apply`: the next import applies it to the components. */
  createScorecard: (apply: boolean) => call('createScorecard', { apply }),
  /** Deletes the metric's Compass definition and the values pushed under it: ask first. */
  removeMetric: (key: string) => call('removeMetric', { key }),
  // Issue 13 (the removals, adoption, export and drift typed locally until their contract lands).
  getSyncSettings: () => call('getSyncSettings'),
  saveSyncSettings: (input: SyncSettingsInput) => call('saveSyncSettings', input),
  /** A sync over the last import’s kinds and selection. */
  runSyncNow: () => call('runSyncNow', {}),
  getRemovals: (request: { cursor?: string; limit?: number } = {}) =>
    callResolver<RemovalsView>('getRemovals', { ...request }),
  /** Applies the removals the breaker held, once (refused unless the last run's breaker tripped on a share). */
  applyRemovals: () => callResolver<StartedRun>('applyRemovals', { confirm: true }),
  getAdoptionCandidates: (refresh = false) =>
    callResolver<AdoptionCandidates>('getAdoptionCandidates', refresh ? { refresh } : {}),
  adoptComponents: (decisions: AdoptionDecisionInput[]) =>
    callResolver<AdoptionAnswer>('adoptComponents', { decisions }),
  exportMapping: (format: ExportFormat) => callResolver<ExportedFile>('exportMapping', { format }),
  getDrift: () => callResolver<DriftView>('getDrift', {}),
  resolveDrift: (input: ResolveDriftInput) => callResolver<DriftView>('resolveDrift', { ...input }),
};

export type AdminOperations = typeof adminOperations;
