// The mapping: which kinds to import, Backstage type -> Compass type, Backstage lifecycle -> lifecycle, and
// Backstage owners -> Atlassian teams (team search, suggestions by name). It opens on the owners not mapped to a
// team with how many components each owns: the "Map" step, read before any import. Saved per site.
import Badge from '@atlaskit/badge';
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import DynamicTable from '@atlaskit/dynamic-table';
import type { HeadType, RowType } from '@atlaskit/dynamic-table/types';
import EmptyState from '@atlaskit/empty-state';
import { Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import Spinner from '@atlaskit/spinner';
import Textfield from '@atlaskit/textfield';
import { useEffect, useState } from 'react';
import { formatTimestamp } from '../../shared/format-time';
import { compassTypeTitle, fieldLabel, plural } from '../../shared/plain-words';
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
  unmappedOwners,
  type MappingDraft,
  type TableName,
} from './mapping-draft';

/** The kinds the mapping can import, as Backstage titles them. */
const KIND_CHOICES: readonly { kind: string; title: string }[] = [
  { kind: 'component', title: 'Component' },
  { kind: 'api', title: 'API' },
  { kind: 'resource', title: 'Resource' },
  { kind: 'system', title: 'System' },
  { kind: 'domain', title: 'Domain' },
];
const KIND_TITLES: Readonly<Record<string, string>> = Object.fromEntries(
  KIND_CHOICES.map(({ kind, title }) => [kind, title]),
);
const VALUE_TABLES: Record<
  TableName,
  { title: string; testId: string; keyLabel: string; keyTitle?: (key: string) => string }
> = {
  componentTypeBySpecType: {
    title: `Components: ${fieldLabel('spec.type')} → Compass type`,
    testId: 'type-map',
    keyLabel: fieldLabel('spec.type'),
  },
  typeByKind: {
    title: 'Other kinds → Compass type',
    testId: 'kind-type-map',
    keyLabel: 'Backstage kind',
    keyTitle: (kind) => KIND_TITLES[kind] ?? kind,
  },
  lifecycleBySpecLifecycle: {
    title: `${fieldLabel('spec.lifecycle')} → Compass lifecycle`,
    testId: 'lifecycle-map',
    keyLabel: fieldLabel('spec.lifecycle'),
  },
};
const OWNERS_PER_PAGE = 20;

interface Choice {
  value: string;
  label: string;
}

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
  const typeChoices = view.compassTypes.map((type) => ({ value: type, label: compassTypeTitle(type) }));
  const lifecycleChoices = view.lifecycles.map((lifecycle) => ({ value: lifecycle, label: lifecycle }));
  const valueTable = (table: TableName, choices: readonly Choice[]) => (
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
          title={
            // A refused entry comes as "table.key": the table's label names it.
            saveError.field
              ? `Could not save: ${fieldLabel(saveError.field.split('.')[0]!)}`
              : 'Could not save the mapping'
          }
          error={saveError}
        />
      )}
      {owners && <UnmappedOwners owners={owners} ownerTeamIds={draft.ownerTeamIds} />}
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
          {KIND_CHOICES.map(({ kind, title }) => (
            <Checkbox
              key={kind}
              testId={`kind-${kind}`}
              label={title}
              isChecked={draft.importedKinds.includes(kind)}
              onChange={() => edit(toggleKind(draft, kind))}
            />
          ))}
        </Inline>
      </Stack>

      {valueTable('componentTypeBySpecType', typeChoices)}
      <Stack space="space.050">
        <Label htmlFor="type-fallback">{`Any other ${fieldLabel('spec.type')} becomes`}</Label>
        <div style={{ width: 240 }}>
          <Select<Choice>
            inputId="type-fallback"
            testId="type-fallback"
            options={typeChoices}
            value={typeChoices.find((choice) => choice.value === draft.componentTypeFallback)}
            onChange={(choice) =>
              choice &&
              edit({
                ...draft,
                componentTypeFallback: choice.value as MappingDraft['componentTypeFallback'],
              })
            }
          />
        </div>
      </Stack>
      {valueTable('typeByKind', typeChoices)}
      {valueTable('lifecycleBySpecLifecycle', lifecycleChoices)}

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

/**
 * The owners of imported entities that no team is mapped to, with how many components each owns: what an
 * import would leave without an owner team. Read from the draft, so mapping one below updates it at once.
 */
export function UnmappedOwners({
  owners,
  ownerTeamIds,
}: {
  owners: readonly CatalogOwner[];
  ownerTeamIds: Readonly<Record<string, string>>;
}) {
  const unmapped = unmappedOwners(owners, ownerTeamIds);
  const components = unmapped.reduce((sum, owner) => sum + owner.entityCount, 0);
  if (unmapped.length === 0)
    return (
      <SectionMessage appearance="success" testId="unmapped-owners">
        <Text as="p" testId="unmapped-owners-summary">
          Every owner of an imported component is mapped to a team.
        </Text>
      </SectionMessage>
    );
  return (
    <SectionMessage appearance="warning" testId="unmapped-owners">
      <Stack space="space.100">
        <Text as="p" weight="semibold" testId="unmapped-owners-summary">
          {`Owners not mapped to a team: ${plural(unmapped.length, 'owner', 'owners')}, ${plural(components, 'component', 'components')}`}
        </Text>
        <Text as="p">
          Their components are imported without an owner team. Map each owner to a team below, then save.
        </Text>
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {unmapped.map((owner) => (
            <li key={owner.ownerRef} data-owner-ref={owner.ownerRef}>
              <Inline space="space.100" alignBlock="center">
                <Text>{ownerLabel(owner)}</Text>
                <Badge max={false} testId="owned-count">
                  {owner.entityCount}
                </Badge>
                <Text size="small" color="color.text.subtle">
                  {owner.entityCount === 1 ? 'component' : 'components'}
                </Text>
              </Inline>
            </li>
          ))}
        </ul>
      </Stack>
    </SectionMessage>
  );
}

function ValueTable({
  title,
  testId,
  entries,
  choices,
  keyLabel,
  keyTitle = (key) => key,
  onSet,
  onRemove,
}: {
  title: string;
  testId: string;
  entries: Readonly<Record<string, string>>;
  choices: readonly Choice[];
  keyLabel: string;
  /** How a key reads (a kind by its title); the key itself is what is saved. */
  keyTitle?: (key: string) => string;
  onSet: (key: string, value: string) => void;
  onRemove: (key: string) => void;
}) {
  const [newKey, setNewKey] = useState('');
  const [newValue, setNewValue] = useState(choices[0]);
  const head: HeadType = {
    cells: [
      { key: 'key', content: keyLabel, isSortable: true, width: 40 },
      { key: 'becomes', content: 'Becomes', isSortable: true, width: 45 },
      { key: 'remove', content: '' },
    ],
  };
  const rows: RowType[] = Object.entries(entries).map(([key, value]) => ({
    key,
    cells: [
      { key, content: keyTitle(key) },
      {
        key: choices.find((choice) => choice.value === value)?.label ?? value,
        content: (
          <Select<Choice>
            aria-label={`${keyLabel} ${keyTitle(key)} becomes`}
            spacing="compact"
            options={choices}
            value={choices.find((choice) => choice.value === value)}
            onChange={(choice) => choice && onSet(key, choice.value)}
            menuPosition="fixed"
          />
        ),
      },
      {
        key: 'remove',
        content: (
          <Button spacing="compact" appearance="subtle" onClick={() => onRemove(key)}>
            Remove
          </Button>
        ),
      },
    ],
  }));
  return (
    <Stack space="space.100" testId={testId}>
      <Heading size="small" as="h3">
        {title}
      </Heading>
      <div style={{ maxWidth: 640 }}>
        <DynamicTable
          label={title}
          head={head}
          rows={rows}
          defaultSortKey="key"
          defaultSortOrder="ASC"
          emptyView={<Text as="p">{`No ${keyLabel} is mapped yet.`}</Text>}
        />
      </div>
      <Inline space="space.100" alignBlock="center">
        <div style={{ width: 200 }}>
          <Textfield
            aria-label={`New ${keyLabel}`}
            isCompact
            value={newKey}
            placeholder={`another ${keyLabel}`}
            onChange={(event) => setNewKey(event.currentTarget.value)}
          />
        </div>
        <div style={{ width: 220 }}>
          <Select<Choice>
            aria-label={`New ${keyLabel} becomes`}
            spacing="compact"
            options={choices}
            value={newValue}
            onChange={(choice) => choice && setNewValue(choice)}
          />
        </div>
        <Button
          isDisabled={!newKey.trim() || !newValue}
          onClick={() => {
            if (newValue) onSet(newKey, newValue.value);
            setNewKey('');
          }}
        >
          Add
        </Button>
      </Inline>
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
  const shown = (owners ?? []).filter((owner) => !unmappedOnly || !draft.ownerTeamIds[owner.ownerRef]);
  const head: HeadType = {
    cells: [
      { key: 'owner', content: 'Backstage owner', isSortable: true, width: 30 },
      { key: 'components', content: 'Components', isSortable: true, width: 12 },
      { key: 'team', content: 'Atlassian team' },
    ],
  };
  const rows: RowType[] = shown.map((owner) => {
    const teamId = draft.ownerTeamIds[owner.ownerRef];
    const attributes = { 'data-owner-ref': owner.ownerRef } as object;
    return {
      key: owner.ownerRef,
      ...attributes,
      cells: [
        {
          key: ownerLabel(owner),
          content: (
            <Stack space="space.025">
              <Text>{ownerLabel(owner)}</Text>
              <Text size="small" color="color.text.subtle">
                {owner.ownerRef}
              </Text>
            </Stack>
          ),
        },
        { key: owner.entityCount, content: <Badge max={false}>{owner.entityCount}</Badge> },
        {
          key: teamId ? 'mapped' : 'unmapped',
          content: teamId ? (
            <Inline space="space.100" alignBlock="center">
              <Text weight="medium" testId={`owner-team-${owner.ownerRef}`}>
                {draft.teamNames[teamId] ?? owner.teamName ?? 'A team'}
              </Text>
              <Button spacing="compact" appearance="subtle" onClick={() => onMap(owner.ownerRef, undefined)}>
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
                  onClick={() => setChoosing(choosing === owner.ownerRef ? undefined : owner.ownerRef)}
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
          ),
        },
      ],
    };
  });
  return (
    <Stack space="space.100" testId="owner-mapping">
      <Heading size="small" as="h3">
        Backstage owners → Atlassian teams
      </Heading>
      {error && <ResolverErrorMessage title="Could not list owners and teams" error={error} />}
      {!owners && !error && <Spinner size="small" label="Loading owners and teams" />}
      {owners && owners.length > 0 && (
        <Checkbox
          testId="unmapped-only"
          label="Unmapped only"
          isChecked={unmappedOnly}
          onChange={() => setUnmappedOnly(!unmappedOnly)}
        />
      )}
      {owners && (
        <div data-testid="owner-table">
          <DynamicTable
            label="Backstage owners and their Atlassian teams"
            head={head}
            rows={rows}
            rowsPerPage={OWNERS_PER_PAGE}
            defaultSortKey="components"
            defaultSortOrder="DESC"
            emptyView={
              <EmptyState
                headingLevel={4}
                headingSize="xsmall"
                header={owners.length === 0 ? 'The catalog names no owners' : 'Every owner has a team'}
              />
            }
          />
        </div>
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
          <Button type="submit" testId="team-search-submit" isLoading={searching}>
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
