// The drift report: synced fields someone edited in Compass since the last sync, with Compass's value and
// Backstage's. "Take Backstage's" writes Backstage's value back (a row, or all of them); "Stop syncing" leaves a field
// to Compass from then on (never written by a sync, never reported again). Checked on demand: it reads Compass.
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { useEffect, useState } from 'react';
import { formatTimestamp } from '../../shared/format-time';
import { plural, syncedFieldTitle } from '../../shared/plain-words';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type {
  AdminOperations,
  DriftRow,
  DriftView,
  ResolveDriftInput,
  SyncedField,
} from './admin-operations';
import { driftValueInWords } from './sync-view';

const HEAD = {
  cells: [
    { key: 'component', content: 'Component' },
    { key: 'field', content: 'Field' },
    { key: 'compass', content: 'In Compass' },
    { key: 'backstage', content: 'In Backstage' },
    { key: 'take', content: '' },
  ],
};

export function DriftSection({
  operations,
}: {
  operations: Pick<AdminOperations, 'getDrift' | 'resolveDrift' | 'saveSyncSettings' | 'searchTeams'>;
}) {
  const [view, setView] = useState<DriftView>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ title: string; error: ResolverError }>();
  const [done, setDone] = useState<string>();
  // Owner teams by id, read once a report has an owner in it: the table names teams, never shows their ids.
  const [teamNames, setTeamNames] = useState<ReadonlyMap<string, string>>();
  const needsTeams = view?.rows.some((row) => row.field === 'ownerId') ?? false;

  useEffect(() => {
    if (!needsTeams || teamNames) return;
    let current = true;
    void operations.searchTeams({ query: '', limit: 1000 }).then((answer) => {
      if (current)
        setTeamNames(new Map(answer.ok ? answer.value.teams.map((team) => [team.id, team.displayName]) : []));
    });
    return () => {
      current = false;
    };
  }, [operations, needsTeams, teamNames]);

  async function run(title: string, request: () => ReturnType<AdminOperations['getDrift']>, after?: string) {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    const answer = await request();
    setBusy(false);
    if (!answer.ok) {
      setError({ title, error: answer.error });
      return;
    }
    setView(answer.value);
    if (after) setDone(after);
  }

  const resolve = (input: ResolveDriftInput, after: string) =>
    run('Could not resolve the drift', () => operations.resolveDrift(input), after);

  /** Gives a field back to the sync; the next check reports its edits again. */
  async function syncAgain(current: DriftView, field: SyncedField) {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    const unsyncedFields = current.unsyncedFields.filter((unsynced) => unsynced !== field);
    const answer = await operations.saveSyncSettings({ unsyncedFields });
    setBusy(false);
    if (!answer.ok) {
      setError({ title: 'Could not sync the field again', error: answer.error });
      return;
    }
    setView({ ...current, unsyncedFields: answer.value.settings.unsyncedFields });
    setDone(
      `The next sync writes ${syncedFieldTitle(field).toLowerCase()} again; check again to see its edits.`,
    );
  }

  const fields = [...new Set(view?.rows.map((row) => row.field))];

  return (
    <Stack space="space.200" testId="drift">
      <Heading size="small" as="h3">
        Edited in Compass
      </Heading>
      <Text as="p" color="color.text.subtle">
        Fields of imported components that someone changed in Compass since the last sync. The next sync
        writes Backstage’s value again unless you stop syncing the field.
      </Text>
      <Inline space="space.100" alignBlock="center">
        <Button
          testId="check-drift"
          isLoading={busy && !view}
          isDisabled={busy}
          onClick={() => void run('Could not check for edits in Compass', () => operations.getDrift())}
        >
          {view ? 'Check again' : 'Check for edits in Compass'}
        </Button>
        {view && view.rows.length > 0 && (
          <Button
            testId="take-all"
            isDisabled={busy}
            onClick={() =>
              void resolve(
                { take: 'all' },
                `Backstage’s values are written for ${plural(view.rows.length, 'field', 'fields')}.`,
              )
            }
          >
            {`Take Backstage’s for all (${view.rows.length.toLocaleString('en')})`}
          </Button>
        )}
      </Inline>
      {error && <ResolverErrorMessage title={error.title} error={error.error} />}
      {done && (
        <Text as="p" testId="drift-done">
          {done}
        </Text>
      )}
      {view && (
        <>
          <Text as="p" testId="drift-summary">
            {driftSummary(view)}
          </Text>
          {view.unsyncedFields.length > 0 && (
            <Inline space="space.100" shouldWrap alignBlock="center" testId="unsynced-fields">
              <Text color="color.text.subtle">Left to Compass, not synced:</Text>
              {view.unsyncedFields.map((field) => (
                <Button
                  key={field}
                  spacing="compact"
                  appearance="subtle"
                  testId={`sync-again-${field}`}
                  isDisabled={busy}
                  onClick={() => void syncAgain(view, field)}
                >
                  {`Sync ${syncedFieldTitle(field).toLowerCase()} again`}
                </Button>
              ))}
            </Inline>
          )}
          {fields.length > 0 && (
            <Inline space="space.100" shouldWrap testId="stop-syncing">
              {fields.map((field) => (
                <Button
                  key={field}
                  spacing="compact"
                  appearance="subtle"
                  testId={`stop-syncing-${field}`}
                  isDisabled={busy}
                  onClick={() =>
                    void resolve(
                      { stopSyncing: [field] },
                      `${syncedFieldTitle(field)} is left to Compass from now on.`,
                    )
                  }
                >
                  {`Stop syncing ${syncedFieldTitle(field).toLowerCase()}`}
                </Button>
              ))}
            </Inline>
          )}
          {view.rows.length > 0 && (
            <div data-testid="drift-table">
              <DynamicTable
                label="Fields edited in Compass"
                head={HEAD}
                rows={view.rows.map((row) =>
                  driftRow(
                    row,
                    busy,
                    (teamId) => teamNames?.get(teamId),
                    (field) =>
                      void resolve(
                        { take: [{ entityRef: row.entityRef, field }] },
                        `Backstage’s ${syncedFieldTitle(field).toLowerCase()} is written to ${row.componentName}.`,
                      ),
                  ),
                )}
                rowsPerPage={20}
              />
            </div>
          )}
        </>
      )}
    </Stack>
  );
}

function driftSummary(view: DriftView): string {
  const when = formatTimestamp(view.checkedAt);
  if (view.rows.length === 0)
    return `Checked ${when}: no synced field was edited in Compass (${plural(view.components, 'component', 'components')}).`;
  const more = view.truncated ? ' The first ones are listed.' : '';
  return `Checked ${when}: ${plural(view.rows.length, 'field', 'fields')} edited in Compass, of ${plural(view.components, 'component', 'components')}.${more}`;
}

function driftRow(
  row: DriftRow,
  busy: boolean,
  teamName: (teamId: string) => string | undefined,
  onTake: (field: SyncedField) => void,
) {
  return {
    key: `${row.entityRef} ${row.field}`,
    ...({ 'data-entity-ref': row.entityRef, 'data-field': row.field } as object),
    cells: [
      { key: 'component', content: row.componentName },
      { key: 'field', content: syncedFieldTitle(row.field) },
      { key: 'compass', content: driftValueInWords(row.field, row.compassValue, teamName) },
      { key: 'backstage', content: driftValueInWords(row.field, row.backstageValue, teamName) },
      {
        key: 'take',
        content: (
          <Button spacing="compact" isDisabled={busy} onClick={() => onTake(row.field)}>
            Take Backstage’s
          </Button>
        ),
      },
    ],
  };
}
