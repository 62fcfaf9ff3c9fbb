// The catalog preview: server-side paged, sorted and filtered (a 10,000-entity catalog is one small answer per
// page), only the kinds the mapping imports unless "Show all kinds" is on, counts by kind, each row's Compass
// type and status with its warnings opened in place, and the import selection (all, none, by filter, per row).
import Badge from '@atlaskit/badge';
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import type { HeadType, RowType, SortOrderType } from '@atlaskit/dynamic-table/types';
import EmptyState from '@atlaskit/empty-state';
import { Label } from '@atlaskit/form';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import Spinner from '@atlaskit/spinner';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import { useEffect, useState } from 'react';
import { TABLE_PAGE_SIZE } from '../../shared/paging';
import { compassTypeTitle, fieldLabel, warningTitle } from '../../shared/plain-words';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { PreviewSort, PreviewSortKey } from '../../../src/admin/preview-catalog';
import type {
  AdminOperations,
  AdoptionDecision,
  CatalogPreview,
  PreviewAdoption,
  PreviewFilterName,
  PreviewRow,
} from './admin-operations';
import { PREVIEW_STATUS_LOZENGES, shortOwnerRef } from './admin-view';
import { AdoptionChoice } from './AdoptionChoice';
import { adoptionLine } from './adoption-view';
import { EntityRefText } from './EntityRefText';
import {
  isSelected,
  SELECT_ALL,
  SELECT_NONE,
  selectMatching,
  selectionSummary,
  toggle,
  type Selection,
} from './selection';
import { StatusLozenge } from './StatusLozenge';
import { useDebounced } from './use-debounced';

const FILTER_LABELS: Record<PreviewFilterName, string> = {
  kind: 'Kind',
  type: fieldLabel('spec.type'),
  namespace: 'Namespace',
  owner: 'Owner',
  system: 'System',
  lifecycle: 'Lifecycle',
  tag: 'Tag',
};
const FILTER_NAMES = Object.keys(FILTER_LABELS) as PreviewFilterName[];
const SORT_KEYS: readonly string[] = [
  'entity',
  'kind',
  'type',
  'owner',
  'lifecycle',
] satisfies PreviewSortKey[];
const DEFAULT_SORT: PreviewSort = { key: 'entity', order: 'ASC' };

interface FilterChoice {
  value: string;
  label: string;
}

export interface PreviewTabProps {
  /** Without adoptComponents a row shows its match but offers no decision. */
  operations: Pick<AdminOperations, 'previewCatalog'> &
    Partial<Pick<AdminOperations, 'adoptComponents' | 'getAdoptionCandidates'>>;
  selection: Selection;
  onSelection: (selection: Selection) => void;
  /** Entities of an imported kind in the whole catalog, once known. */
  onImportable?: (count: number) => void;
}

export function PreviewTab({ operations, selection, onSelection, onImportable }: PreviewTabProps) {
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<Partial<Record<PreviewFilterName, string>>>({});
  const [showAllKinds, setShowAllKinds] = useState(false);
  const [sort, setSort] = useState<PreviewSort>(DEFAULT_SORT);
  const [offset, setOffset] = useState(0);
  const [preview, setPreview] = useState<CatalogPreview>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ResolverError>();
  const [selecting, setSelecting] = useState(false);
  // Adoption decisions made on this page since the preview was read, by entity ref.
  const [decisions, setDecisions] = useState<Record<string, AdoptionDecision>>({});
  const [deciding, setDeciding] = useState<string>();
  const [adoptionError, setAdoptionError] = useState<ResolverError>();
  const settledSearch = useDebounced(search);

  useEffect(() => {
    let current = true;
    setLoading(true);
    void operations
      .previewCatalog({
        search: settledSearch,
        filters,
        offset,
        limit: TABLE_PAGE_SIZE,
        importedOnly: !showAllKinds,
        sort,
      })
      .then((answer) => {
        if (!current) return;
        setLoading(false);
        if (answer.ok) {
          setPreview(answer.value);
          setError(undefined);
          onImportable?.(answer.value.importable);
        } else setError(answer.error);
      });
    return () => {
      current = false;
    };
  }, [operations, settledSearch, filters, offset, showAllKinds, sort, onImportable]);

  const setFilter = (name: PreviewFilterName, value: string) => {
    setOffset(0);
    setFilters((previous) => {
      const next = { ...previous };
      if (value) next[name] = value;
      else delete next[name];
      return next;
    });
  };

  /** Every importable ref matching the filters (or all of them), for "select by filter" and leaving "all". */
  async function matchingRefs(withFilters: boolean): Promise<string[] | undefined> {
    setSelecting(true);
    const answer = await operations.previewCatalog({
      ...(withFilters ? { search: settledSearch, filters } : {}),
      limit: 1,
      includeRefs: true,
    });
    setSelecting(false);
    if (!answer.ok) {
      setError(answer.error);
      return undefined;
    }
    return answer.value.refs ?? [];
  }

  async function toggleRow(ref: string) {
    if (selection.mode === 'all') {
      const all = await matchingRefs(false);
      if (all) onSelection(toggle(selection, ref, all));
    } else onSelection(toggle(selection, ref));
  }

  const { adoptComponents, getAdoptionCandidates } = operations;
  const decide = adoptComponents
    ? async (row: PreviewRow, adoption: PreviewAdoption, decision: AdoptionDecision) => {
        setDeciding(row.entityRef);
        setAdoptionError(undefined);
        // The server adopts only a match it has offered as a candidate: the row's match is offered first.
        const offered =
          decision === 'adopt' && getAdoptionCandidates ? await getAdoptionCandidates() : undefined;
        const answer =
          offered && !offered.ok
            ? offered
            : await adoptComponents([
                { entityRef: row.entityRef, componentId: adoption.componentId, decision },
              ]);
        setDeciding(undefined);
        const failure = answer.ok
          ? answer.value.failed.find((failed) => failed.entityRef === row.entityRef)
          : undefined;
        if (!answer.ok) setAdoptionError(answer.error);
        else if (failure) setAdoptionError({ code: 'adoption-failed', message: failure.message });
        else setDecisions((previous) => ({ ...previous, [row.entityRef]: decision }));
      }
    : undefined;

  const filtered = Boolean(settledSearch) || Object.keys(filters).length > 0;
  const kindCounts = Object.entries(preview?.countsByKind ?? {}).sort(([, a], [, b]) => b - a);

  return (
    <Stack space="space.200" testId="preview">
      {preview && (
        <Inline space="space.100" shouldWrap alignBlock="center" testId="preview-kind-counts">
          <Text weight="medium">
            {showAllKinds
              ? `${preview.total.toLocaleString('en')} entities:`
              : `${preview.importable.toLocaleString('en')} of ${preview.total.toLocaleString('en')} entities can be imported:`}
          </Text>
          {kindCounts.map(([kind, count]) => (
            <Button
              key={kind}
              spacing="compact"
              appearance="subtle"
              isSelected={filters.kind === kind}
              onClick={() => setFilter('kind', filters.kind === kind ? '' : kind)}
              testId={`kind-count-${kind}`}
            >
              {kind} <Badge>{count}</Badge>
            </Button>
          ))}
        </Inline>
      )}
      <Inline space="space.100" alignBlock="center">
        <Toggle
          id="show-all-kinds"
          testId="show-all-kinds"
          isChecked={showAllKinds}
          onChange={() => {
            setShowAllKinds(!showAllKinds);
            setOffset(0);
            setFilter('kind', '');
          }}
        />
        <label htmlFor="show-all-kinds">
          <Text weight="medium">Show all kinds</Text>
        </label>
        <Text size="small" color="color.text.subtle">
          Users, groups, locations and other kinds the mapping does not import are shown but cannot be
          selected.
        </Text>
      </Inline>
      <Inline space="space.100" shouldWrap alignBlock="end">
        <Stack space="space.050">
          <Label htmlFor="preview-search">Search</Label>
          <div style={{ minWidth: 240 }}>
            <Textfield
              id="preview-search"
              testId="preview-search"
              placeholder="Name, owner, system, tag…"
              value={search}
              onChange={(event) => {
                setSearch(event.currentTarget.value);
                setOffset(0);
              }}
            />
          </div>
        </Stack>
        {FILTER_NAMES.map((name) => {
          const values = name === 'kind' ? kindCounts.map(([kind]) => kind) : (preview?.facets[name] ?? []);
          const choices: FilterChoice[] = [
            { value: '', label: 'All' },
            ...values.map((value) => ({ value, label: name === 'owner' ? shortOwnerRef(value) : value })),
          ];
          return (
            <Stack space="space.050" key={name}>
              <Label htmlFor={`filter-${name}`}>{FILTER_LABELS[name]}</Label>
              <div style={{ width: 150 }}>
                <Select<FilterChoice>
                  inputId={`filter-${name}`}
                  testId={`filter-${name}`}
                  options={choices}
                  value={choices.find((choice) => choice.value === (filters[name] ?? '')) ?? choices[0]}
                  onChange={(choice) => setFilter(name, choice?.value ?? '')}
                />
              </div>
            </Stack>
          );
        })}
      </Inline>
      <Inline space="space.100" shouldWrap alignBlock="center">
        <Text testId="selection-summary" weight="medium">
          {selectionSummary(selection)}
        </Text>
        <Button
          spacing="compact"
          testId="select-matching"
          isDisabled={!filtered || !preview}
          isLoading={selecting}
          onClick={() =>
            void matchingRefs(true).then((refs) => {
              if (refs) onSelection(selectMatching(selection.mode === 'all' ? SELECT_NONE : selection, refs));
            })
          }
        >
          {preview && filtered
            ? `Select matching (${preview.matchingImported.toLocaleString('en')})`
            : 'Select matching'}
        </Button>
      </Inline>
      {error && <ResolverErrorMessage title="Could not read the catalog" error={error} />}
      {adoptionError && <ResolverErrorMessage title="Could not save the decision" error={adoptionError} />}
      {loading && !preview && <Spinner size="medium" label="Reading the catalog" />}
      {preview && (
        <div data-testid="preview-table" style={{ overflowX: 'auto' }}>
          <DynamicTableStateless
            label="The Backstage catalog"
            head={previewHead(selection, onSelection)}
            rows={preview.rows.map((row) =>
              previewRow(row, isSelected(selection, row.ref), () => void toggleRow(row.ref), {
                decision: decisions[row.entityRef],
                busy: deciding === row.entityRef,
                onDecide: decide,
              }),
            )}
            rowsPerPage={TABLE_PAGE_SIZE}
            totalRows={preview.matching}
            page={Math.floor(offset / TABLE_PAGE_SIZE) + 1}
            onSetPage={(page) => setOffset((page - 1) * TABLE_PAGE_SIZE)}
            sortKey={sort.key}
            sortOrder={sort.order}
            onSort={({ key, sortOrder }: { key: string; sortOrder: SortOrderType }) => {
              if (!SORT_KEYS.includes(key)) return;
              setSort({ key: key as PreviewSortKey, order: sortOrder });
              setOffset(0);
            }}
            isLoading={loading}
            loadingLabel="Reading the catalog"
            emptyView={
              <EmptyState
                testId="preview-empty"
                headingLevel={3}
                header={preview.total === 0 ? 'The catalog is empty' : 'Nothing matches'}
                description={
                  preview.total === 0
                    ? 'Backstage answered with no entities.'
                    : 'No entity matches the search and filters.'
                }
              />
            }
            testId="preview"
          />
        </div>
      )}
    </Stack>
  );
}

function previewHead(selection: Selection, onSelection: (selection: Selection) => void): HeadType {
  const some = selection.mode === 'some' && selection.refs.size > 0;
  return {
    cells: [
      {
        key: 'selected',
        width: 4,
        content: (
          <Checkbox
            testId="select-all"
            aria-label="Select every importable entity"
            isChecked={selection.mode === 'all'}
            isIndeterminate={some}
            onChange={() => onSelection(selection.mode === 'all' ? SELECT_NONE : SELECT_ALL)}
          />
        ),
      },
      { key: 'entity', content: 'Entity', isSortable: true, width: 30 },
      { key: 'kind', content: 'Kind', isSortable: true },
      { key: 'type', content: fieldLabel('spec.type'), isSortable: true },
      { key: 'owner', content: 'Owner', isSortable: true },
      { key: 'lifecycle', content: 'Lifecycle', isSortable: true },
      { key: 'compassType', content: 'Compass type' },
      { key: 'status', content: 'Status' },
    ],
  };
}

interface RowAdoptionProps {
  /** Decided on this page since the preview was read. */
  decision: AdoptionDecision | undefined;
  busy: boolean;
  onDecide?: (row: PreviewRow, adoption: PreviewAdoption, decision: AdoptionDecision) => Promise<void>;
}

function previewRow(
  row: PreviewRow,
  selected: boolean,
  onToggle: () => void,
  adopting: RowAdoptionProps,
): RowType {
  const { adoption } = row;
  // Row attributes reach the <tr>: tests and the page's own links find a row by its ref.
  const attributes = { 'data-entity-ref': row.entityRef } as object;
  return {
    key: row.entityRef,
    ...attributes,
    cells: [
      {
        key: 'selected',
        content: row.imported ? (
          <Checkbox aria-label={`Import ${row.ref}`} isChecked={selected} onChange={onToggle} />
        ) : undefined,
      },
      {
        key: row.entityRef,
        content: (
          <Stack space="space.050">
            <Text>{row.title ?? row.name}</Text>
            <Text size="small" color="color.text.subtle">
              <EntityRefText entityRef={row.ref} testId="entity-ref" />
            </Text>
            {adoption && (
              <Inline space="space.100" alignBlock="center" testId="row-adoption">
                <Text size="small">{adoptionLine(adoption.componentName, adoption.match)}</Text>
                {(adopting.onDecide || adopting.decision) && (
                  <AdoptionChoice
                    match={adoption.match}
                    decision={adopting.decision}
                    busy={adopting.busy}
                    onDecide={(decision) => void adopting.onDecide?.(row, adoption, decision)}
                  />
                )}
              </Inline>
            )}
            {row.warningDetails.length > 0 && <RowWarnings warnings={row.warningDetails} />}
          </Stack>
        ),
      },
      { key: row.kind, content: row.kind },
      { key: row.specType ?? '', content: row.specType ?? '—' },
      {
        key: row.ownerRef ?? '',
        content: row.ownerRef ? <span title={row.ownerRef}>{shortOwnerRef(row.ownerRef)}</span> : '—',
      },
      { key: row.lifecycle ?? '', content: row.lifecycle ?? '—' },
      { key: 'compassType', content: row.compassType ? compassTypeTitle(row.compassType) : '—' },
      {
        key: 'status',
        content: (
          <span title={row.reason ?? row.changedFields?.map(fieldLabel).join(', ')}>
            <StatusLozenge look={PREVIEW_STATUS_LOZENGES[row.status]} testId={`status-${row.entityRef}`} />
          </span>
        ),
      },
    ],
  };
}

/** A row's warnings, closed until asked for: a toggle in the row, and their titles and messages under it. */
function RowWarnings({ warnings }: { warnings: PreviewRow['warningDetails'] }) {
  const [open, setOpen] = useState(false);
  const count = `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
  return (
    <Stack space="space.050">
      <Inline>
        <Button spacing="compact" appearance="subtle" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? `Hide ${count}` : `Show ${count}`}
        </Button>
      </Inline>
      {open && (
        <ul data-testid="row-warnings" style={{ margin: 0, paddingInlineStart: 16 }}>
          {warnings.map((warning, index) => (
            <li key={index}>
              <Text weight="medium">{warningTitle(warning.code)}</Text>
              <Text>{`: ${warning.message}`}</Text>
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}
