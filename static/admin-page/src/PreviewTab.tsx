// The catalog preview: server-side paged and filtered (a 10,000-entity catalog is one small answer per
// page), counts by kind, each row's Compass type and status, and the import selection (all, none, by filter,
// per row).
import Button from '@atlaskit/button/new';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Spinner from '@atlaskit/spinner';
import Textfield from '@atlaskit/textfield';
import { useEffect, useState } from 'react';
import { Pager } from '../../shared/Pager';
import { TABLE_PAGE_SIZE } from '../../shared/paging';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { AdminOperations, CatalogPreview, PreviewFilterName } from './admin-operations';
import { PREVIEW_STATUS_LOZENGES, shortOwnerRef } from './admin-view';
import { ChoiceSelect, plainChoices } from './ChoiceSelect';
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
import { TableHead } from './TableHead';
import { useDebounced } from './use-debounced';

const FILTER_LABELS: Record<PreviewFilterName, string> = {
  kind: 'Kind',
  type: 'spec.type',
  namespace: 'Namespace',
  owner: 'Owner',
  system: 'System',
  lifecycle: 'Lifecycle',
  tag: 'Tag',
};
const FILTER_NAMES = Object.keys(FILTER_LABELS) as PreviewFilterName[];
const PREVIEW_COLUMNS = [
  { label: 'Selected', hidden: true, width: 32 },
  'Entity',
  'Kind',
  'spec.type',
  'Owner',
  'Lifecycle',
  'Compass type',
  'Status',
];

export interface PreviewTabProps {
  operations: Pick<AdminOperations, 'previewCatalog'>;
  selection: Selection;
  onSelection: (selection: Selection) => void;
  /** Entities of an imported kind in the whole catalog, once known. */
  onImportable?: (count: number) => void;
}

export function PreviewTab({ operations, selection, onSelection, onImportable }: PreviewTabProps) {
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<Partial<Record<PreviewFilterName, string>>>({});
  const [offset, setOffset] = useState(0);
  const [preview, setPreview] = useState<CatalogPreview>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ResolverError>();
  const [selecting, setSelecting] = useState(false);
  const settledSearch = useDebounced(search);

  useEffect(() => {
    let current = true;
    setLoading(true);
    void operations
      .previewCatalog({ search: settledSearch, filters, offset, limit: TABLE_PAGE_SIZE })
      .then((answer) => {
        if (!current) return;
        setLoading(false);
        if (answer.ok) {
          setPreview(answer.value);
          setError(undefined);
          if (!settledSearch && Object.keys(filters).length === 0)
            onImportable?.(answer.value.matchingImported);
        } else setError(answer.error);
      });
    return () => {
      current = false;
    };
  }, [operations, settledSearch, filters, offset, onImportable]);

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

  const filtered = Boolean(settledSearch) || Object.keys(filters).length > 0;

  return (
    <Stack space="space.200" testId="preview">
      {preview && (
        <Inline space="space.100" shouldWrap alignBlock="center" testId="preview-kind-counts">
          <Text weight="medium">{`${preview.total.toLocaleString('en')} entities:`}</Text>
          {Object.entries(preview.countsByKind)
            .sort(([, a], [, b]) => b - a)
            .map(([kind, count]) => (
              <Button
                key={kind}
                spacing="compact"
                appearance="subtle"
                isSelected={filters.kind === kind}
                onClick={() => setFilter('kind', filters.kind === kind ? '' : kind)}
                testId={`kind-count-${kind}`}
              >
                {`${kind} ${count.toLocaleString('en')}`}
              </Button>
            ))}
        </Inline>
      )}
      <Inline space="space.100" shouldWrap alignBlock="end">
        <div style={{ minWidth: 240 }}>
          <label htmlFor="preview-search" style={{ fontSize: 12, fontWeight: 600 }}>
            Search
          </label>
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
        {FILTER_NAMES.map((name) => (
          <ChoiceSelect
            key={name}
            label={FILTER_LABELS[name]}
            labelPlacement="above"
            id={`filter-${name}`}
            testId={`filter-${name}`}
            value={filters[name] ?? ''}
            choices={[{ value: '', label: 'All' }, ...plainChoices(preview?.facets[name] ?? [])]}
            onChange={(value) => setFilter(name, value)}
          />
        ))}
      </Inline>
      <Inline space="space.100" shouldWrap alignBlock="center">
        <Text testId="selection-summary" weight="medium">
          {selectionSummary(selection)}
        </Text>
        <Button spacing="compact" testId="select-all" onClick={() => onSelection(SELECT_ALL)}>
          Select all
        </Button>
        <Button spacing="compact" testId="select-none" onClick={() => onSelection(SELECT_NONE)}>
          Select none
        </Button>
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
      {loading && !preview && <Spinner size="medium" label="Reading the catalog" />}
      {preview && preview.matching === 0 && (
        <Text as="p" testId="preview-empty">
          {preview.total === 0 ? 'The catalog is empty.' : 'No entity matches the search and filters.'}
        </Text>
      )}
      {preview && preview.matching > 0 && (
        <div style={{ overflowX: 'auto', opacity: loading ? 0.6 : 1 }} aria-busy={loading}>
          <table data-testid="preview-table">
            <TableHead columns={PREVIEW_COLUMNS} />
            <tbody>
              {preview.rows.map((row) => {
                const status = PREVIEW_STATUS_LOZENGES[row.status];
                return (
                  <tr key={row.entityRef} data-entity-ref={row.entityRef}>
                    <td>
                      {row.imported && (
                        <input
                          type="checkbox"
                          aria-label={`Import ${row.ref}`}
                          checked={isSelected(selection, row.ref)}
                          onChange={() => void toggleRow(row.ref)}
                        />
                      )}
                    </td>
                    <td style={{ wordBreak: 'break-word' }}>
                      <div>{row.title ?? row.name}</div>
                      <Text size="small" color="color.text.subtle">
                        {row.ref}
                      </Text>
                    </td>
                    <td>{row.kind}</td>
                    <td>{row.specType ?? '—'}</td>
                    <td title={row.ownerRef}>{row.ownerRef ? shortOwnerRef(row.ownerRef) : '—'}</td>
                    <td>{row.lifecycle ?? '—'}</td>
                    <td>{row.compassType ?? '—'}</td>
                    <td title={row.reason ?? row.changedFields?.join(', ')}>
                      <StatusLozenge look={status} testId={`status-${row.entityRef}`} />
                      {row.warnings > 0 && (
                        <Text
                          size="small"
                          color="color.text.subtle"
                        >{` ${row.warnings} warning${row.warnings === 1 ? '' : 's'}`}</Text>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {preview && (
        <Pager offset={offset} total={preview.matching} onOffset={setOffset} testId="preview-pager" />
      )}
    </Stack>
  );
}
