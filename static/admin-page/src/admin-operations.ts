// The admin resolver's operations this page uses, typed by the resolver's own types (type-only imports:
// nothing from src/ reaches the bundle). See the README's "Admin resolver operations".
import type { BackstageConnectionView } from '../../../src/connection/backstage-connection';
import type { ImportStatus } from '../../../src/import/import-engine';
import { callResolver, type ResolverResult } from '../../shared/resolver-call';

export type { BackstageConnectionView, ImportStatus };

export interface ConnectionInput {
  baseUrl: string;
  /** Absent: keep the token already saved. */
  token?: string;
}

export const adminOperations = {
  getConnection: (): Promise<ResolverResult<BackstageConnectionView>> => callResolver('getConnection'),
  saveConnection: (input: ConnectionInput): Promise<ResolverResult<BackstageConnectionView>> =>
    callResolver('saveConnection', { ...input }),
  getImportStatus: (): Promise<ResolverResult<ImportStatus>> => callResolver('getImportStatus'),
  startImport: (): Promise<ResolverResult<{ runId: string; resumed: boolean }>> =>
    callResolver('startImport', {}),
  cancelImport: (): Promise<ResolverResult<ImportStatus>> => callResolver('cancelImport'),
};

export type AdminOperations = typeof adminOperations;
