// The last run's results: each entity's outcome, warnings and errors, links to the created components,
// a filter to failures, and "Retry failed".
import Button from '@atlaskit/button/new';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Spinner from '@atlaskit/spinner';
import { useCallback, useEffect, useState } from 'react';
import { compassComponentUrl } from '../../shared/compass-links';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { AdminOperations, EntityOutcome, EntityResult, ImportStatus } from './admin-operations';
import { OUTCOME_LOZENGES } from './admin-view';
import { ChoiceSelect, type Choice } from './ChoiceSelect';
import { StatusLozenge } from './StatusLozenge';
import { TableHead } from './TableHead';

const OUTCOMES = Object.keys(OUTCOME_LOZENGES) as EntityOutcome[];
const OUTCOME_CHOICES: Choice<EntityOutcome | ''>[] = [
  { value: '', label: 'every outcome' },
  ...OUTCOMES.map((key) => ({
    value: key,
    label: key === 'failed' ? 'failures only' : OUTCOME_LOZENGES[key].label,
  })),
];

export interface ResultsTabProps {
  operations: Pick<AdminOperations, 'getImportResults' | 'retryFailed'>;
  status: ImportStatus | undefined;
  siteUrl: string | undefined;
  onRetried: () => void;
}

export function ResultsTab({ operations, status, siteUrl, onRetried }: ResultsTabProps) {
  const [outcome, setOutcome] = useState<EntityOutcome | ''>('');
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
        ...(outcome ? { outcome } : {}),
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

  if (!runId)
    return (
      <Text as="p" testId="results-empty">
        No import has run yet: results appear here once one does.
      </Text>
    );

  return (
    <Stack space="space.200" testId="results">
      <Inline space="space.150" alignBlock="center" shouldWrap>
        <ChoiceSelect
          label="Show"
          id="results-outcome"
          testId="results-filter"
          value={outcome}
          choices={OUTCOME_CHOICES}
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
        <Text color="color.text.subtle" size="small">{`Run ${runId}`}</Text>
      </Inline>
      {error && <ResolverErrorMessage title="Could not read the results" error={error} />}
      {!results && loading && <Spinner size="medium" label="Loading the results" />}
      {results && results.length === 0 && !loading && (
        <Text as="p">No results{outcome ? ` with outcome ${outcome}` : ''} yet.</Text>
      )}
      {results && results.length > 0 && (
        <table data-testid="results-table">
          <TableHead columns={['Entity', 'Outcome', 'Compass component', 'Warnings and errors']} />
          <tbody>
            {results.map((result) => {
              const link = result.componentId ? compassComponentUrl(siteUrl, result.componentId) : undefined;
              return (
                <tr key={result.entityRef} data-entity-ref={result.entityRef} data-outcome={result.outcome}>
                  <td>{result.entityRef}</td>
                  <td>
                    <StatusLozenge look={OUTCOME_LOZENGES[result.outcome]} />
                  </td>
                  <td>
                    {link ? (
                      <a href={link} target="_top" data-testid="component-link">
                        Open in Compass
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    {result.error && (
                      <div
                        style={{ color: 'var(--ds-text-danger, #ae2e24)' }}
                      >{`${result.error.kind}: ${result.error.message}`}</div>
                    )}
                    {result.reason && <div>{result.reason}</div>}
                    {result.changedFields && result.changedFields.length > 0 && (
                      <div>{`Changed: ${result.changedFields.join(', ')}`}</div>
                    )}
                    {result.warnings.length > 0 && (
                      <details>
                        <summary>{`${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}`}</summary>
                        <ul>
                          {result.warnings.map((warning, index) => (
                            <li key={index}>{`${warning.code}: ${warning.message}`}</li>
                          ))}
                        </ul>
                      </details>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {cursor && (
        <Button testId="results-more" isLoading={loading} onClick={() => void load(cursor)}>
          Load more
        </Button>
      )}
    </Stack>
  );
}
