// The import status, read on mount and every STATUS_POLL_INTERVAL_MS while a run is going, so the progress
// bar moves while the page is open and is right again after a reload (the run lives in the app's state).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResolverError } from '../../shared/resolver-call';
import type { AdminOperations, ImportStatus } from './admin-operations';
import { shouldPoll, STATUS_POLL_INTERVAL_MS } from './import-status-view';

export interface ImportStatusState {
  status: ImportStatus | undefined;
  /** The last read's error; the last good status stays shown next to it. */
  error: ResolverError | undefined;
  refresh: () => Promise<void>;
  /** Use an answer that already carries the status (cancelImport) without reading it again. */
  show: (status: ImportStatus) => void;
}

export function useImportStatus(
  operations: Pick<AdminOperations, 'getImportStatus'>,
  intervalMs = STATUS_POLL_INTERVAL_MS,
): ImportStatusState {
  const [status, setStatus] = useState<ImportStatus>();
  const [error, setError] = useState<ResolverError>();
  // Bumped after every read, good or bad, so a failed read while running still schedules the next one.
  const [reads, setReads] = useState(0);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const refresh = useCallback(async () => {
    const result = await operations.getImportStatus();
    if (!mounted.current) return;
    if (result.ok) {
      setStatus(result.value);
      setError(undefined);
    } else {
      setError(result.error);
    }
    setReads((count) => count + 1);
  }, [operations]);

  const show = useCallback((next: ImportStatus) => {
    setStatus(next);
    setError(undefined);
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (!shouldPoll(status)) return;
    const timer = setTimeout(() => void refresh(), intervalMs);
    return () => clearTimeout(timer);
  }, [status, reads, refresh, intervalMs]);

  return { status, error, refresh, show };
}
