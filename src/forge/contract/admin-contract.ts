// The admin page's resolver contract: each operation's payload schema and, by type, its value. The resolver
// (../admin-resolver.ts) implements it; the page (static/admin-page/src/admin-operations.ts) types its calls
// from it with type-only imports, so zod never reaches the page's bundle. See the README's "Admin resolver
// operations".
import { z } from 'zod';
import type { AdoptComponentsResult, AdoptionCandidatesView } from '../../admin/adoption';
import type { RunHistoryView, StarterNamed } from '../../admin/history';
import type { MappingView } from '../../admin/mapping-settings';
import type { MetricPreviewRow, MetricsView } from '../../admin/metric-settings';
import type { DriftView } from '../../admin/drift';
import { EXPORT_FORMATS, type MappingExport } from '../../admin/export-mapping';
import type { ImportPlan } from '../../admin/plan-import';
import type { RemovalsView } from '../../admin/removals';
import { PREVIEW_FILTERS, PREVIEW_SORT_KEYS, type CatalogPreview } from '../../admin/preview-catalog';
import type { CatalogOwner, TeamSummary } from '../../admin/team-search';
import type { ConnectionTestResult, SavedConnectionAnswer } from '../../admin/test-connection';
import type { BackstageConnectionView } from '../../connection/backstage-connection';
import type { ImportStatus } from '../../import/import-status';
import type { EntityOutcome, EntityResult } from '../../import/import-run';
import { MIN_REMOVAL_SHARE, type SyncSettingsView } from '../../import/sync-settings';
import { REMOVAL_POLICIES, SYNC_SCHEDULES, SYNCED_FIELDS } from '../../storage/sync-settings-store';
import { siteOrigin } from '../../core/compass-urls';
import { LIMITS, noPayload, shortText, textTable, type PayloadOf, type RequestOf } from './resolver-contract';

const ENTITY_OUTCOMES = [
  'created',
  'updated',
  'unchanged',
  'skipped',
  'failed',
  'orphaned',
  'marked',
  'deleted',
] as const satisfies readonly EntityOutcome[];

/** As startImport makes them: the start time's digits, a dash, 8 hex digits. */
const RUN_ID = /^\d{8,20}-[0-9a-f]{8}$/;
/** A store page cursor: opaque, but only ever these characters (base64url, or a key of refs). */
const CURSOR = /^[A-Za-z0-9+/=_.:~#-]+$/;
const MAX_CURSOR_LENGTH = 1024;
const MAX_SEARCH_LENGTH = 200;

const selection = z.array(shortText()).max(LIMITS.selection);
const MAX_ANNOTATIONS = 50;
/** More than the metrics' own limit (20), so that limit answers with its own words. */
const MAX_CUSTOM_METRICS_SENT = 100;
const searchText = z.string().max(MAX_SEARCH_LENGTH);
/** The Compass site the page runs in (its view context's siteUrl), as its origin. */
const siteUrl = z
  .string()
  .max(LIMITS.url)
  .refine((url) => siteOrigin(url) !== undefined, {
    message: 'must be the https address of the Compass site',
  })
  .transform((url) => siteOrigin(url)!);
const syncedField = z.enum(SYNCED_FIELDS);
const MAX_DRIFT_ROWS = 500;

export const adminContract = {
  getConnection: noPayload,
  saveConnection: z.strictObject({
    baseUrl: z.string().max(LIMITS.url),
    /** Absent: keep the token already saved. */
    token: z.string().max(LIMITS.token).optional(),
    /** The admin page's "Save connection": save only if Backstage answers the test (else "Save anyway"). */
    requirePassingTest: z.boolean().optional(),
  }),
  testConnection: noPayload,
  previewCatalog: z.strictObject({
    search: searchText.optional(),
    filters: z
      .strictObject(
        Object.fromEntries(PREVIEW_FILTERS.map((name) => [name, shortText().optional()])) as Record<
          (typeof PREVIEW_FILTERS)[number],
          z.ZodOptional<z.ZodString>
        >,
      )
      .optional(),
    offset: z.int().min(0).max(1_000_000).optional(),
    limit: z.int().min(1).max(100).optional(),
    includeRefs: z.boolean().optional(),
    importedOnly: z.boolean().optional(),
    sort: z.strictObject({ key: z.enum(PREVIEW_SORT_KEYS), order: z.enum(['ASC', 'DESC']) }).optional(),
  }),
  getMapping: noPayload,
  // The shape only; which types, lifecycles and refs are acceptable is the mapping's own rule (saveMapping).
  saveMapping: z.strictObject({
    importedKinds: z.array(shortText()).max(50).readonly().optional(),
    // Tables merge over the ones in force; null removes a key.
    componentTypeBySpecType: textTable(shortText().nullable()).optional(),
    componentTypeFallback: shortText().optional(),
    typeByKind: textTable(shortText().nullable()).optional(),
    lifecycleBySpecLifecycle: textTable(shortText().nullable()).optional(),
    ownerTeamIds: textTable(shortText().nullable()).optional(),
    teamNames: textTable(shortText().nullable()).optional(),
  }),
  searchTeams: z.strictObject({
    query: searchText.optional(),
    limit: z.int().min(1).max(1000).optional(),
    owners: z.boolean().optional(),
  }),
  planImport: z.strictObject({ selection: selection.optional() }),
  getHistory: noPayload,
  startImport: z.strictObject({
    selection: selection.optional(),
    applyRemovals: z.boolean().optional(),
  }),
  getImportStatus: noPayload,
  getImportResults: z.strictObject({
    runId: z.string().regex(RUN_ID).optional(),
    outcome: z.enum(ENTITY_OUTCOMES).optional(),
    cursor: z.string().max(MAX_CURSOR_LENGTH).regex(CURSOR).optional(),
    limit: z.int().min(1).max(100).optional(),
  }),
  retryFailed: noPayload,
  cancelImport: noPayload,
  getMetrics: noPayload,
  // The shape only; an admin's metrics are checked by the metrics' own rules (validateCustomMetrics).
  saveMetricSettings: z.strictObject({
    enabled: textTable(z.boolean()).optional(),
    annotationSet: z.array(shortText()).max(MAX_ANNOTATIONS).optional(),
    customMetrics: z.array(z.unknown()).max(MAX_CUSTOM_METRICS_SENT).optional(),
  }),
  previewCustomMetric: z.strictObject({
    metric: z.unknown(),
    limit: z.int().min(1).max(10).default(10),
  }),
  createScorecard: z.strictObject({
    apply: z.boolean().default(false),
    /** The chosen Tech Insights checks as criteria (absent: included when any is chosen); an existing one is kept. */
    includeChecks: z.boolean().optional(),
  }),
  removeMetric: z.strictObject({ key: shortText() }),
  getSyncSettings: noPayload,
  saveSyncSettings: z.strictObject({
    schedule: z.enum(SYNC_SCHEDULES).optional(),
    removalPolicy: z.enum(REMOVAL_POLICIES).optional(),
    deleteConfirmed: z.boolean().optional(),
    maxRemovalShare: z.number().min(MIN_REMOVAL_SHARE).max(1).optional(),
    unsyncedFields: z.array(z.enum(SYNCED_FIELDS)).max(SYNCED_FIELDS.length).optional(),
  }),
  runSyncNow: z.strictObject({ applyRemovals: z.boolean().optional() }),
  getRemovals: z.strictObject({
    cursor: z.string().max(MAX_CURSOR_LENGTH).regex(CURSOR).optional(),
    limit: z.int().min(1).max(100).optional(),
  }),
  applyRemovals: z.strictObject({ confirm: z.literal(true) }),
  exportMapping: z.strictObject({
    format: z.enum(EXPORT_FORMATS),
    /** Absent: the file has no component URLs. */
    siteUrl: siteUrl.optional(),
  }),
  getDrift: z.strictObject({ limit: z.int().min(1).max(MAX_DRIFT_ROWS).optional() }),
  resolveDrift: z.strictObject({
    // Either shape: zod refuses at `take` itself, so the message says what it takes.
    take: z
      .union(
        [
          z.literal('all'),
          z
            .array(z.strictObject({ entityRef: shortText(), field: syncedField.optional() }))
            .max(MAX_DRIFT_ROWS),
        ],
        {
          error: `take must be "all" or at most ${MAX_DRIFT_ROWS} rows, each an entityRef and optionally one of the fields ${SYNCED_FIELDS.join(', ')}`,
        },
      )
      .optional(),
    stopSyncing: z.array(syncedField).max(SYNCED_FIELDS.length).optional(),
    limit: z.int().min(1).max(MAX_DRIFT_ROWS).optional(),
  }),
  getAdoptionCandidates: z.strictObject({ refresh: z.boolean().optional() }),
  adoptComponents: z.strictObject({
    decisions: z
      .array(
        z.strictObject({
          entityRef: shortText(),
          /** The component to adopt; required with 'adopt' (checked by the use case, which names the field). */
          componentId: shortText().optional(),
          decision: z.enum(['adopt', 'create']),
        }),
      )
      .min(1)
      .max(100),
  }),
};

export type AdminContract = typeof adminContract;
export type AdminOperation = keyof AdminContract;
export type AdminPayload<K extends AdminOperation> = PayloadOf<AdminContract, K>;
export type AdminRequest<K extends AdminOperation> = RequestOf<AdminContract, K>;

export interface ImportResultsPage {
  runId?: string;
  results: EntityResult[];
  nextCursor?: string;
}

export interface TeamSearchAnswer {
  teams: TeamSummary[];
  owners?: CatalogOwner[];
  unmapped?: number;
}

export interface StartedRun {
  runId: string;
  resumed: boolean;
}

/** Each operation's value. */
export interface AdminValues {
  getConnection: BackstageConnectionView;
  saveConnection: SavedConnectionAnswer;
  testConnection: ConnectionTestResult;
  previewCatalog: CatalogPreview;
  getMapping: MappingView;
  saveMapping: MappingView;
  searchTeams: TeamSearchAnswer;
  planImport: ImportPlan;
  getHistory: { runs: RunHistoryView[] };
  startImport: StartedRun;
  getImportStatus: StarterNamed<ImportStatus>;
  getImportResults: ImportResultsPage;
  retryFailed: StartedRun & { retried: number };
  cancelImport: ImportStatus;
  getMetrics: MetricsView;
  saveMetricSettings: MetricsView;
  previewCustomMetric: { rows: MetricPreviewRow[] };
  createScorecard: MetricsView;
  removeMetric: MetricsView;
  getSyncSettings: SyncSettingsView;
  saveSyncSettings: SyncSettingsView;
  runSyncNow: StartedRun;
  getRemovals: RemovalsView;
  applyRemovals: StartedRun;
  exportMapping: MappingExport;
  getDrift: DriftView;
  resolveDrift: DriftView;
  getAdoptionCandidates: AdoptionCandidatesView;
  adoptComponents: AdoptComponentsResult;
}
