// The last run's results: its counts (relationships linked included), each entity's outcome, warnings and
// errors in words, links to the created components, a filter by outcome, and "Retry failed".
import Badge from '@atlaskit/badge';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { compassComponentUrl } from '../../shared/compass-links';
import { fieldLabel, warningTitle } from '../../shared/plain-words';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { AdminOperations, EntityResult, ImportStatus } from './admin-operations';
import { OUTCOME_LOZENGES, resultFailure } from './admin-view';
import { countAppearance, outcomeCounts, relationshipsLinkedSummary } from './import-status-view';
import { TABLE_PAGE_SIZE } from '../../shared/paging';
import { ShowFilter, showChoices } from './ShowFilter';

/** Rows the results table shows per page (Atlaskit's paging); "Load more" reads the next page of the run. */

const OUTCOME_CHOICES = showChoices(OUTCOME_LOZENGES, 'Every outcome');

const RESULTS_HEAD = {
  cells: [
    { key: 'entity', content: 'Entity', isSortable: true, width: 32 },
    { key: 'outcome', content: 'Outcome', isSortable: true, width: 14 },
    { key: 'component', content: 'Compass component', width: 16 },
    { key: 'notes', content: 'Warnings and errors' },
  ],
};

export interface ResultsTabProps {
  operations: Pick<AdminOperations, 'getImportResults' | 'retryFailed'>;
  status: ImportStatus | undefined;
  siteUrl: string | undefined;
  onRetried: () => void;
}

export function ResultsTab({ operations, status, siteUrl, onRetried }: ResultsTabProps) {
  const [outcome, setOutcome] = useState(OUTCOME_CHOICES[0]!);
  const [results, setResults] = useState<EntityResult[]>();
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<ResolverError>();
  const [loading, setLoading] = useState(false);
  const [retrying, setRetrying] = useState(false);
  const runId = status?.runId;
  const finished = status !== undefined && status.state !== 'running' && status.state !== 'idle';

  const load = useCallback(
    async (from?: string) => {
      setLoading(true);
      const answer = await operations.getImportResults({
        ...(runId ? { runId } : {}),
        ...(outcome.value !== 'all' ? { outcome: outcome.value } : {}),
        ...(from ? { cursor: from } : {}),
        limit: 100,
      });
      setLoading(false);
      if (!answer.ok) return setError(answer.error);
      setError(undefined);
      setResults((previous) => [...(from && previous ? previous : []), ...answer.value.results]);
      setCursor(answer.value.nextCursor);
    },
    [operations, runId, outcome],
  );

  // Reload when the run, the filter or the run's progress changes.
  useEffect(() => {
    if (runId) void load();
  }, [load, runId, status?.done, status?.state]);

  async function retry() {
    setRetrying(true);
    const answer = await operations.retryFailed();
    setRetrying(false);
    if (answer.ok) onRetried();
    else setError(answer.error);
  }

  const rows = useMemo(() => (results ?? []).map((result) => resultRow(result, siteUrl)), [results, siteUrl]);

  if (!runId)
    return (
      <EmptyState
        testId="results-empty"
        header="No import has run yet"
        description="Results appear here once one does."
      />
    );

  return (
    <Stack space="space.200" testId="results">
      {status && (
        <Inline space="space.100" shouldWrap alignBlock="center" testId="results-counts">
          {outcomeCounts(status).map((count) => (
            <Lozenge key={count.key} appearance={count.appearance} testId={`results-count-${count.key}`}>
              {`${count.count.toLocaleString('en')} ${count.label}`}
            </Lozenge>
          ))}
          <Lozenge
            appearance={countAppearance(status.relationshipsAdded, 'success')}
            testId="results-count-relationships"
          >
            {relationshipsLinkedSummary(status)}
          </Lozenge>
        </Inline>
      )}
      <Inline space="space.150" alignBlock="center" shouldWrap>
        <ShowFilter
          inputId="results-outcome"
          testId="results-filter"
          choices={OUTCOME_CHOICES}
          value={outcome}
          onChange={setOutcome}
        />
        <Button
          testId="retry-failed"
          isDisabled={!finished || (status?.failed ?? 0) === 0}
          isLoading={retrying}
          onClick={() => void retry()}
        >
          {`Retry failed (${(status?.failed ?? 0).toLocaleString('en')})`}
        </Button>
      </Inline>
      {error && <ResolverErrorMessage title="Could not read the results" error={error} />}
      <div data-testid="results-table">
        <DynamicTable
          head={RESULTS_HEAD}
          rows={rows}
          rowsPerPage={TABLE_PAGE_SIZE}
          isLoading={loading && !results}
          loadingLabel="Loading the results"
          label="What the import did, entity by entity"
          testId="results"
          emptyView={
            <EmptyState
              header="No results yet"
              description={
                outcome.value === 'all' ? undefined : `No entity has the outcome "${outcome.label}".`
              }
            />
          }
        />
      </div>
      {cursor && (
        <Button testId="results-more" isLoading={loading} onClick={() => void load(cursor)}>
          Load more
        </Button>
      )}
    </Stack>
  );
}

function resultRow(result: EntityResult, siteUrl: string | undefined) {
  const link = result.componentId ? compassComponentUrl(siteUrl, result.componentId) : undefined;
  const look = OUTCOME_LOZENGES[result.outcome];
  return {
    key: result.entityRef,
    // Read by the browser tests: which entity and outcome a row is.
    ...({ 'data-entity-ref': result.entityRef, 'data-outcome': result.outcome } as object),
    cells: [
      {
        key: result.entityRef,
        content: <span style={{ overflowWrap: 'anywhere' }}>{result.entityRef}</span>,
      },
      { key: look.label, content: <Lozenge appearance={look.appearance}>{look.label}</Lozenge> },
      {
        content: link ? (
          <a href={link} target="_top" data-testid="component-link">
            Open in Compass
          </a>
        ) : (
          '—'
        ),
      },
      { content: <ResultNotes result={result} /> },
    ],
  };
}

/** The error (the app's own words), why it was skipped, what changed and the warnings' titles. */
function ResultNotes({ result }: { result: EntityResult }) {
  const changed = result.changedFields ?? [];
  const failure = result.error && resultFailure(result.error);
  return (
    <Stack space="space.050">
      {failure && (
        <Text color="color.text.danger">
          {failure.detail ? `${failure.title}: ${failure.detail}` : failure.title}
        </Text>
      )}
      {result.reason && <Text>{result.reason}</Text>}
      {changed.length > 0 && <Text>{`Changed ${changed.map(fieldLabel).join(', ')}`}</Text>}
      {result.warnings.length > 0 && (
        <details>
          <summary>
            Warnings <Badge>{result.warnings.length}</Badge>
          </summary>
          <Stack as="ul" space="space.050">
            {result.warnings.map((warning, index) => (
              <Box as="li" key={index}>
                <Text>{`${warningTitle(warning.code)}: ${warning.message}`}</Text>
              </Box>
            ))}
          </Stack>
        </details>
      )}
    </Stack>
  );
}
