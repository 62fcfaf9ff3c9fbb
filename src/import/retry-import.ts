// Retrying: a new run over the entities that failed in the last one.
import { loadRunAsSeen } from '../storage/run-store';
import { ImportRequestError, type ImportEngineDeps } from './import-engine';
import { getImportResults } from './import-status';
import { startImport, type StartImportRequest } from './start-import';

/** Starts a run over the entities that failed in the last run. */
export async function retryFailed(
  deps: ImportEngineDeps,
  request: Omit<StartImportRequest, 'selection' | 'cloudId' | 'backstageWebBaseUrl'> &
    Partial<StartImportRequest>,
): Promise<{ runId: string; resumed: boolean; retried: number }> {
  const last = await loadRunAsSeen(deps.store);
  if (!last) throw new ImportRequestError('nothing-to-retry', 'No import has run yet');
  if (last.state === 'running') {
    throw new ImportRequestError(
      'already-running',
      'An import is running; retry its failures once it has finished',
    );
  }
  const failed: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await getImportResults(deps, { runId: last.runId, outcome: 'failed', cursor, limit: 100 });
    failed.push(...page.results.map((result) => result.entityRef));
    cursor = page.nextCursor;
  } while (cursor);
  if (failed.length === 0)
    throw new ImportRequestError('nothing-to-retry', 'The last import had no failed entities');
  const started = await startImport(deps, {
    cloudId: request.cloudId ?? last.cloudId,
    backstageWebBaseUrl: request.backstageWebBaseUrl ?? last.backstageWebBaseUrl,
    selection: failed,
    ...(request.startedBy ? { startedBy: request.startedBy } : {}),
  });
  return { ...started, retried: failed.length };
}
