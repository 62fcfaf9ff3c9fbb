// The admin resolver's operations this page uses, typed by the resolver's own types (type-only imports:
// nothing from src/ reaches the bundle). See the README's "Admin resolver operations".
import type { RunHistoryEntry } from '../../../src/admin/history';
import type { MappingView, SaveMappingInput } from '../../../src/admin/mapping-settings';
import type { ImportPlan } from '../../../src/admin/plan-import';
import type { CatalogPreview, PreviewRequest } from '../../../src/admin/preview-catalog';
import type { CatalogOwner, TeamSummary } from '../../../src/admin/team-search';
import type { ConnectionTestResult } from '../../../src/admin/test-connection';
import type { BackstageConnectionView } from '../../../src/connection/backstage-connection';
import type { ImportStatus } from '../../../src/import/import-engine';
import type { EntityOutcome, EntityResult } from '../../../src/import/import-run';
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
  PreviewRequest,
  RunHistoryEntry,
  SaveMappingInput,
  TeamSummary,
};
export type { PreviewRow, PreviewFilterName } from '../../../src/admin/preview-catalog';
export type { PlanItem } from '../../../src/admin/plan-import';

export interface ConnectionInput {
  baseUrl: string;
  /** Absent: keep the token already saved. */
  token?: string;
}

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

export const adminOperations = {
  getConnection: (): Promise<ResolverResult<BackstageConnectionView>> => callResolver('getConnection'),
  saveConnection: (input: ConnectionInput): Promise<ResolverResult<BackstageConnectionView>> =>
    callResolver('saveConnection', { ...input }),
  testConnection: (): Promise<ResolverResult<ConnectionTestResult>> => callResolver('testConnection'),
  previewCatalog: (request: PreviewRequest): Promise<ResolverResult<CatalogPreview>> =>
    callResolver('previewCatalog', { ...request }),
  getMapping: (): Promise<ResolverResult<MappingView>> => callResolver('getMapping'),
  saveMapping: (input: SaveMappingInput): Promise<ResolverResult<MappingView>> =>
    callResolver('saveMapping', { ...input }),
  searchTeams: (request: { query?: string; owners?: boolean }): Promise<ResolverResult<TeamSearchAnswer>> =>
    callResolver('searchTeams', { ...request }),
  planImport: (selection?: string[]): Promise<ResolverResult<ImportPlan>> =>
    callResolver('planImport', selection ? { selection } : {}),
  getImportStatus: (): Promise<ResolverResult<ImportStatus>> => callResolver('getImportStatus'),
  startImport: (selection?: string[]): Promise<ResolverResult<{ runId: string; resumed: boolean }>> =>
    callResolver('startImport', selection ? { selection } : {}),
  cancelImport: (): Promise<ResolverResult<ImportStatus>> => callResolver('cancelImport'),
  getImportResults: (request: {
    runId?: string;
    outcome?: EntityOutcome;
    cursor?: string;
    limit?: number;
  }): Promise<ResolverResult<ImportResultsPage>> => callResolver('getImportResults', { ...request }),
  retryFailed: (): Promise<ResolverResult<{ runId: string; resumed: boolean; retried: number }>> =>
    callResolver('retryFailed'),
  getHistory: (): Promise<ResolverResult<{ runs: RunHistoryEntry[] }>> => callResolver('getHistory'),
};

export type AdminOperations = typeof adminOperations;
