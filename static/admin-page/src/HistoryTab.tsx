// The last 20 runs: who started them (by name, "an admin" when the platform cannot tell, or the schedule), when,
// the selection size and the outcome counts with the relationships linked; a run that removed nothing says so in
// a short line (its reason on hover).
import DynamicTable from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import Lozenge from '@atlaskit/lozenge';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import { useEffect, useMemo, useState } from 'react';
import type { AdminValues } from '../../../src/forge/contract/admin-contract';
import { formatTimestamp } from '../../shared/format-time';
import { personName } from '../../shared/plain-words';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { AdminOperations } from './admin-operations';
import { historyRemovalsHeldLine, stateLozenge } from './import-status-view';

type HistoryRun = AdminValues['getHistory']['runs'][number];

/** Who started a run as the page names them: never an account id. */
export function startedByLabel(run: Pick<HistoryRun, 'scheduled' | 'startedByName'>): string {
  return run.scheduled ? 'Schedule' : personName(run.startedByName);
}

/** What a run covered: "everything", "3 selected"; a sync (the schedule's or Sync now) says it is one. */
export function selectionLabel(run: Pick<HistoryRun, 'selectionSize' | 'mode'>): string {
  const covered =
    run.selectionSize === null ? 'everything' : `${run.selectionSize.toLocaleString('en')} selected`;
  return run.mode === 'sync' ? `sync of ${covered}` : covered;
}

const COUNT_COLUMNS = [
  ['created', 'Created'],
  ['updated', 'Updated'],
  ['unchanged', 'Unchanged'],
  ['skipped', 'Skipped'],
  ['failed', 'Failed'],
  ['relationshipsAdded', 'Linked'],
] as const;

const HISTORY_HEAD = {
  cells: [
    { key: 'started', content: 'Started', isSortable: true },
    { key: 'by', content: 'Started by', isSortable: true },
    { key: 'selection', content: 'Selection' },
    { key: 'outcome', content: 'Outcome', isSortable: true },
    ...COUNT_COLUMNS.map(([key, label]) => ({ key, content: label, isSortable: true })),
  ],
};

export function HistoryTab({
  operations,
  refreshKey,
}: {
  operations: Pick<AdminOperations, 'getHistory'>;
  refreshKey?: string;
}) {
  const [runs, setRuns] = useState<HistoryRun[]>();
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

  const rows = useMemo(() => (runs ?? []).map(historyRow), [runs]);

  if (error) return <ResolverErrorMessage title="Could not read the history" error={error} />;
  return (
    <div data-testid="history-table">
      <DynamicTable
        head={HISTORY_HEAD}
        rows={rows}
        isLoading={!runs}
        loadingLabel="Loading the history"
        label="The last imports, newest first"
        testId="history"
        emptyView={
          <EmptyState
            testId="history-empty"
            header="No import has finished yet"
            description="Each import adds a line here when it ends."
          />
        }
      />
    </div>
  );
}

function historyRow(run: HistoryRun, index: number) {
  const state = stateLozenge(run.state);
  const by = startedByLabel(run);
  return {
    key: `${run.startedAt}-${index}`,
    cells: [
      { key: run.startedAt, content: formatTimestamp(run.startedAt) },
      { key: by, content: by },
      { content: selectionLabel(run) },
      {
        key: state.label,
        content: (
          <Stack space="space.050">
            <span title={run.error}>
              <Lozenge appearance={state.appearance}>{state.label}</Lozenge>
            </span>
            {run.removalsHeld && (
              <span title={run.removalsHeld} data-testid="history-removals-held">
                <Text size="small" color="color.text.warning">
                  {historyRemovalsHeldLine(run.counts.relationshipsHeld)}
                </Text>
              </span>
            )}
          </Stack>
        ),
      },
      ...COUNT_COLUMNS.map(([key]) => ({
        key: run.counts[key],
        content: run.counts[key].toLocaleString('en'),
      })),
    ],
  };
}
