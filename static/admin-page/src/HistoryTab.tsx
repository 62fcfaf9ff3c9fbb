// The last 20 runs: who started them, when, the selection size and the outcome counts; a run that removed nothing
// says so in a short line (its reason on hover).
import { Stack, Text } from '@atlaskit/primitives/compiled';
import Spinner from '@atlaskit/spinner';
import { useEffect, useState } from 'react';
import { formatTimestamp } from '../../shared/format-time';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { AdminOperations, RunHistoryEntry } from './admin-operations';
import { historyRemovalsHeldLine, stateLozenge } from './import-status-view';
import { StatusLozenge } from './StatusLozenge';
import { TableHead } from './TableHead';

const HISTORY_COLUMNS = [
  'Started',
  'By',
  'Selection',
  'Outcome',
  'Created',
  'Updated',
  'Unchanged',
  'Skipped',
  'Failed',
];

export function HistoryTab({
  operations,
  refreshKey,
}: {
  operations: Pick<AdminOperations, 'getHistory'>;
  refreshKey?: string;
}) {
  const [runs, setRuns] = useState<RunHistoryEntry[]>();
  const [error, setError] = useState<ResolverError>();

  useEffect(() => {
    let current = true;
    void operations.getHistory().then((answer) => {
      if (!current) return;
      if (answer.ok) setRuns(answer.value.runs);
      else setError(answer.error);
    });
    return () => {
      current = false;
    };
  }, [operations, refreshKey]);

  if (error) return <ResolverErrorMessage title="Could not read the history" error={error} />;
  if (!runs) return <Spinner size="medium" label="Loading the history" />;
  if (runs.length === 0)
    return (
      <Text as="p" testId="history-empty">
        No import has finished yet.
      </Text>
    );
  return (
    <table data-testid="history-table">
      <TableHead columns={HISTORY_COLUMNS} />
      <tbody>
        {runs.map((run) => {
          return (
            <tr key={run.runId} data-run-id={run.runId}>
              <td>{formatTimestamp(run.startedAt)}</td>
              <td style={{ wordBreak: 'break-all' }}>{run.startedBy ?? '—'}</td>
              <td>
                {run.selectionSize === null
                  ? 'everything'
                  : `${run.selectionSize.toLocaleString('en')} selected`}
              </td>
              <td title={run.error}>
                <Stack space="space.050">
                  <span>
                    <StatusLozenge look={stateLozenge(run.state)} />
                  </span>
                  {run.removalsHeld && (
                    <span title={run.removalsHeld} data-testid="history-removals-held">
                      <Text size="small" color="color.text.warning">
                        {historyRemovalsHeldLine(run.counts.relationshipsHeld)}
                      </Text>
                    </span>
                  )}
                </Stack>
              </td>
              <td>{run.counts.created}</td>
              <td>{run.counts.updated}</td>
              <td>{run.counts.unchanged}</td>
              <td>{run.counts.skipped}</td>
              <td>{run.counts.failed}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
