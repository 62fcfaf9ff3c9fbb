// The mapping: which kinds to import, spec.type -> Compass type, spec.lifecycle -> lifecycle, and Backstage
// owners -> Atlassian teams (team search, suggestions by name, the owners still unmapped). Saved per site.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import Textfield from '@atlaskit/textfield';
import { useEffect, useState } from 'react';
import { formatTimestamp } from '../../shared/format-time';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { AdminOperations, CatalogOwner, MappingView, TeamSummary } from './admin-operations';
import { ownerLabel, percent } from './admin-view';
import {
  draftFrom,
  isDirty,
  mapOwner,
  removeEntry,
  setEntry,
  toggleKind,
  toSaveInput,
  type MappingDraft,
  type TableName,
} from './mapping-draft';
import { ChoiceSelect, inputStyle, plainChoices } from './ChoiceSelect';
import { TableHead } from './TableHead';

const KIND_CHOICES = ['component', 'api', 'resource', 'system', 'domain'];
const VALUE_TABLES: Record<TableName, { title: string; testId: string; keyLabel: string }> = {
  componentTypeBySpecType: {
    title: 'Component spec.type → Compass type',
    testId: 'type-map',
    keyLabel: 'spec.type',
  },
  typeByKind: { title: 'Other kinds → Compass type', testId: 'kind-type-map', keyLabel: 'kind' },
  lifecycleBySpecLifecycle: {
    title: 'spec.lifecycle → Compass lifecycle',
    testId: 'lifecycle-map',
    keyLabel: 'spec.lifecycle',
  },
};

export interface MappingTabProps {
  operations: Pick<AdminOperations, 'getMapping' | 'saveMapping' | 'searchTeams'>;
  onSaved?: () => void;
}

export function MappingTab({ operations, onSaved }: MappingTabProps) {
  const [view, setView] = useState<MappingView>();
  const [draft, setDraft] = useState<MappingDraft>();
  const [loadError, setLoadError] = useState<ResolverError>();
  const [owners, setOwners] = useState<CatalogOwner[]>();
  const [ownersError, setOwnersError] = useState<ResolverError>();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ResolverError>();
  const [justSaved, setJustSaved] = useState(false);

  useEffect(() => {
    let current = true;
    void operations.getMapping().then((answer) => {
      if (!current) return;
      if (answer.ok) {
        setView(answer.value);
        setDraft(draftFrom(answer.value));
      } else setLoadError(answer.error);
    });
    void operations.searchTeams({ owners: true }).then((answer) => {
      if (!current) return;
      if (answer.ok) setOwners(answer.value.owners ?? []);
      else setOwnersError(answer.error);
    });
    return () => {
      current = false;
    };
  }, [operations]);

  async function save() {
    if (!draft || !view) return;
    setSaving(true);
    setSaveError(undefined);
    const answer = await operations.saveMapping(toSaveInput(draft, view.rules));
    setSaving(false);
    if (answer.ok) {
      setView(answer.value);
      setDraft(draftFrom(answer.value));
      setJustSaved(true);
      onSaved?.();
    } else setSaveError(answer.error);
  }

  if (loadError) return <ResolverErrorMessage title="Could not read the mapping" error={loadError} />;
  if (!view || !draft) return <Spinner size="medium" label="Loading the mapping" />;
  const edit = (next: MappingDraft) => {
    setDraft(next);
    setJustSaved(false);
  };
  const dirty = isDirty(draft, view);
  const valueTable = (table: TableName, choices: readonly string[]) => (
    <ValueTable
      {...VALUE_TABLES[table]}
      entries={draft[table]}
      choices={choices}
      onSet={(key, value) => edit(setEntry(draft, table, key, value))}
      onRemove={(key) => edit(removeEntry(draft, table, key))}
    />
  );

  return (
    <Stack space="space.300" testId="mapping">
      {saveError && (
        <ResolverErrorMessage
          title={saveError.field ? `Could not save: ${saveError.field}` : 'Could not save the mapping'}
          error={saveError}
        />
      )}
      <OwnerMapping
        operations={operations}
        draft={draft}
        owners={owners}
        error={ownersError}
        onMap={(ownerRef, team) => edit(mapOwner(draft, ownerRef, team))}
      />

      <Stack space="space.100">
        <Heading size="small" as="h3">
          Kinds to import
        </Heading>
        <Inline space="space.200" shouldWrap>
          {KIND_CHOICES.map((kind) => (
            <label key={kind} style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
              <input
                type="checkbox"
                data-testid={`kind-${kind}`}
                checked={draft.importedKinds.includes(kind)}
                onChange={() => edit(toggleKind(draft, kind))}
              />
              {kind}
            </label>
          ))}
        </Inline>
      </Stack>

      {valueTable('componentTypeBySpecType', view.compassTypes)}
      <Inline space="space.100" alignBlock="center">
        <ChoiceSelect
          label="Any other spec.type becomes"
          id="type-fallback"
          value={draft.componentTypeFallback}
          choices={plainChoices(view.compassTypes)}
          onChange={(componentTypeFallback) => edit({ ...draft, componentTypeFallback })}
        />
      </Inline>
      {valueTable('typeByKind', view.compassTypes)}
      {valueTable('lifecycleBySpecLifecycle', view.lifecycles)}

      <Inline space="space.150" alignBlock="center">
        <Button
          appearance="primary"
          testId="save-mapping"
          isLoading={saving}
          isDisabled={!dirty}
          onClick={() => void save()}
        >
          Save mapping
        </Button>
        <Text color="color.text.subtle" testId="mapping-saved">
          {justSaved
            ? 'Saved.'
            : dirty
              ? 'Unsaved changes.'
              : view.savedAt
                ? `Saved ${formatTimestamp(view.savedAt)}`
                : 'Default mapping.'}
        </Text>
      </Inline>
    </Stack>
  );
}

function ValueTable({
  title,
  testId,
  entries,
  choices,
  keyLabel,
  onSet,
  onRemove,
}: {
  title: string;
  testId: string;
  entries: Readonly<Record<string, string>>;
  choices: readonly string[];
  keyLabel: string;
  onSet: (key: string, value: string) => void;
  onRemove: (key: string) => void;
}) {
  const [newKey, setNewKey] = useState('');
  const [newValue, setNewValue] = useState(choices[0] ?? '');
  return (
    <Stack space="space.100" testId={testId}>
      <Heading size="small" as="h3">
        {title}
      </Heading>
      <table style={{ maxWidth: 560 }}>
        <TableHead columns={[keyLabel, 'becomes', { label: 'Remove', hidden: true }]} />
        <tbody>
          {Object.entries(entries).map(([key, value]) => (
            <tr key={key}>
              <td>{key}</td>
              <td>
                <ChoiceSelect
                  label={`${keyLabel} ${key} becomes`}
                  labelPlacement="hidden"
                  value={value}
                  choices={plainChoices(choices)}
                  onChange={(chosen) => onSet(key, chosen)}
                />
              </td>
              <td>
                <Button spacing="compact" appearance="subtle" onClick={() => onRemove(key)}>
                  Remove
                </Button>
              </td>
            </tr>
          ))}
          <tr>
            <td>
              <input
                aria-label={`New ${keyLabel}`}
                value={newKey}
                placeholder={`another ${keyLabel}`}
                style={{ ...inputStyle, width: 160 }}
                onChange={(event) => setNewKey(event.currentTarget.value)}
              />
            </td>
            <td>
              <ChoiceSelect
                label={`New ${keyLabel} becomes`}
                labelPlacement="hidden"
                value={newValue}
                choices={plainChoices(choices)}
                onChange={setNewValue}
              />
            </td>
            <td>
              <Button
                spacing="compact"
                isDisabled={!newKey.trim()}
                onClick={() => {
                  onSet(newKey, newValue);
                  setNewKey('');
                }}
              >
                Add
              </Button>
            </td>
          </tr>
        </tbody>
      </table>
    </Stack>
  );
}

function OwnerMapping({
  operations,
  draft,
  owners,
  error,
  onMap,
}: {
  operations: Pick<AdminOperations, 'searchTeams'>;
  draft: MappingDraft;
  owners: CatalogOwner[] | undefined;
  error: ResolverError | undefined;
  onMap: (ownerRef: string, team: TeamSummary | undefined) => void;
}) {
  const [unmappedOnly, setUnmappedOnly] = useState(false);
  const [choosing, setChoosing] = useState<string>();
  const unmapped = (owners ?? []).filter(
    (owner) => !draft.ownerTeamIds[owner.ownerRef] && owner.entityCount > 0,
  );
  const shown = (owners ?? []).filter((owner) => !unmappedOnly || !draft.ownerTeamIds[owner.ownerRef]);
  return (
    <Stack space="space.100" testId="owner-mapping">
      <Heading size="small" as="h3">
        Backstage owners → Atlassian teams
      </Heading>
      {error && <ResolverErrorMessage title="Could not list owners and teams" error={error} />}
      {!owners && !error && <Spinner size="small" label="Loading owners and teams" />}
      {owners && (
        <Inline space="space.150" alignBlock="center">
          <Text testId="unmapped-owners">
            {unmapped.length === 0
              ? 'Every owner of an imported entity has a team.'
              : `${unmapped.length} owner${unmapped.length === 1 ? '' : 's'} of imported entities still unmapped: their components get no owner team.`}
          </Text>
          <label style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
            <input type="checkbox" checked={unmappedOnly} onChange={() => setUnmappedOnly(!unmappedOnly)} />
            Unmapped only
          </label>
        </Inline>
      )}
      {owners && owners.length === 0 && <Text as="p">The catalog names no owners.</Text>}
      {shown.length > 0 && (
        <table>
          <TableHead columns={['Owner', 'Entities', 'Team']} />
          <tbody>
            {shown.map((owner) => {
              const teamId = draft.ownerTeamIds[owner.ownerRef];
              return (
                <tr key={owner.ownerRef} data-owner-ref={owner.ownerRef}>
                  <td>
                    <div>{ownerLabel(owner)}</div>
                    <Text size="small" color="color.text.subtle">
                      {owner.ownerRef}
                    </Text>
                  </td>
                  <td>{owner.entityCount}</td>
                  <td>
                    {teamId ? (
                      <Inline space="space.100" alignBlock="center">
                        <Lozenge appearance="success" testId={`owner-team-${owner.ownerRef}`}>
                          {draft.teamNames[teamId] ?? owner.teamName ?? teamId}
                        </Lozenge>
                        <Button
                          spacing="compact"
                          appearance="subtle"
                          onClick={() => onMap(owner.ownerRef, undefined)}
                        >
                          Unmap
                        </Button>
                      </Inline>
                    ) : (
                      <Stack space="space.050">
                        <Inline space="space.050" shouldWrap alignBlock="center">
                          {owner.suggestions.map((team) => (
                            <Button
                              key={team.id}
                              spacing="compact"
                              testId={`suggestion-${owner.ownerRef}`}
                              onClick={() => onMap(owner.ownerRef, team)}
                            >
                              {`Use ${team.displayName} (${percent(team.score)})`}
                            </Button>
                          ))}
                          <Button
                            spacing="compact"
                            appearance="subtle"
                            testId={`choose-team-${owner.ownerRef}`}
                            onClick={() =>
                              setChoosing(choosing === owner.ownerRef ? undefined : owner.ownerRef)
                            }
                          >
                            Search teams…
                          </Button>
                        </Inline>
                        {choosing === owner.ownerRef && (
                          <TeamPicker
                            operations={operations}
                            initialQuery={ownerLabel(owner)}
                            onPick={(team) => {
                              onMap(owner.ownerRef, team);
                              setChoosing(undefined);
                            }}
                          />
                        )}
                      </Stack>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Stack>
  );
}

function TeamPicker({
  operations,
  initialQuery,
  onPick,
}: {
  operations: Pick<AdminOperations, 'searchTeams'>;
  initialQuery: string;
  onPick: (team: TeamSummary) => void;
}) {
  const [query, setQuery] = useState(initialQuery.replace(/[-_]?team$/i, ''));
  const [teams, setTeams] = useState<TeamSummary[]>();
  const [error, setError] = useState<ResolverError>();
  const [searching, setSearching] = useState(false);

  async function search() {
    setSearching(true);
    const answer = await operations.searchTeams({ query });
    setSearching(false);
    if (answer.ok) {
      setTeams(answer.value.teams);
      setError(undefined);
    } else setError(answer.error);
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void search();
      }}
    >
      <Stack space="space.050">
        <Inline space="space.050" alignBlock="center">
          <div style={{ width: 200 }}>
            <Textfield
              aria-label="Team name"
              testId="team-search"
              isCompact
              value={query}
              onChange={(event) => setQuery(event.currentTarget.value)}
            />
          </div>
          <Button type="submit" spacing="compact" testId="team-search-submit" isLoading={searching}>
            Search
          </Button>
        </Inline>
        {error && <ResolverErrorMessage title="Team search failed" error={error} />}
        {teams && teams.length === 0 && (
          <SectionMessage appearance="information">
            <p>No active team matches “{query}”.</p>
          </SectionMessage>
        )}
        {teams && teams.length > 0 && (
          <Inline space="space.050" shouldWrap>
            {teams.map((team) => (
              <Button key={team.id} spacing="compact" testId="team-result" onClick={() => onPick(team)}>
                {team.displayName}
              </Button>
            ))}
          </Inline>
        )}
      </Stack>
    </form>
  );
}
