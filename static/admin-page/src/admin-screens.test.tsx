/**
 * @jest-environment jsdom
 */
// The admin page's screens in jsdom, each in its states (loading, error, empty, large data), against an
// in-memory stand-in for the admin resolver (the edge the page does not own). Needs the jest settings in
// the README's "UI component tests" (TSX compiled with react-jsx, Atlaskit's CSS imports stubbed).
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type {
  AdminOperations,
  CatalogPreview,
  ImportStatus,
  MappingView,
  PreviewRequest,
  PreviewRow,
} from './admin-operations';
import { ConnectionTest } from './ConnectionTest';
import { DryRunTab } from './DryRunTab';
import { HistoryTab } from './HistoryTab';
import { MappingTab } from './MappingTab';
import { PreviewTab } from './PreviewTab';
import { ResultsTab } from './ResultsTab';
import { SELECT_ALL, SELECT_NONE } from './selection';

type Ops = AdminOperations;
const ok = <T,>(value: T) => Promise.resolve({ ok: true as const, value });
const fail = (code: string, message: string) =>
  Promise.resolve({ ok: false as const, error: { code, message } });
const never = <T,>() => new Promise<T>(() => undefined);

function rows(count: number): PreviewRow[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `service-${String(i).padStart(5, '0')}`;
    return {
      entityRef: `component:default/${name}`,
      ref: `component:default/${name}`,
      kind: 'Component',
      namespace: 'default',
      name,
      specType: 'service',
      ownerRef: 'group:default/payments-team',
      tags: [],
      imported: true,
      status: 'new',
      compassType: 'SERVICE',
      warnings: 0,
    };
  });
}

/** previewCatalog over an in-memory catalog, paged and searched as the server does. */
function previewOver(all: PreviewRow[]): Ops['previewCatalog'] {
  return (request: PreviewRequest) => {
    const matching = all.filter((row) => !request.search || row.entityRef.includes(request.search));
    const offset = request.offset ?? 0;
    const limit = request.limit ?? 50;
    const preview: CatalogPreview = {
      total: all.length,
      matching: matching.length,
      offset,
      limit,
      rows: matching.slice(offset, offset + limit),
      countsByKind: all.length ? { Component: all.length } : {},
      matchingByKind: matching.length ? { Component: matching.length } : {},
      matchingImported: matching.length,
      facets: {
        kind: ['Component'],
        type: ['service'],
        namespace: ['default'],
        owner: [],
        system: [],
        lifecycle: [],
        tag: [],
      },
      ...(request.includeRefs ? { refs: matching.map((row) => row.ref) } : {}),
    };
    return ok(preview);
  };
}

describe('PreviewTab', () => {
  it('shows a spinner while loading and the error when the catalog cannot be read', async () => {
    const { unmount } = render(
      <PreviewTab operations={{ previewCatalog: never }} selection={SELECT_ALL} onSelection={jest.fn()} />,
    );
    expect(screen.getByRole('img', { name: 'Reading the catalog' })).toBeTruthy();
    unmount();
    render(
      <PreviewTab
        operations={{ previewCatalog: () => fail('unauthorized', 'Backstage refused the token') }}
        selection={SELECT_ALL}
        onSelection={jest.fn()}
      />,
    );
    await screen.findByText('Backstage refused the token');
  });

  it('says so when the catalog is empty', async () => {
    render(
      <PreviewTab
        operations={{ previewCatalog: previewOver([]) }}
        selection={SELECT_ALL}
        onSelection={jest.fn()}
      />,
    );
    await screen.findByText('The catalog is empty.');
  });

  it('renders one page of a 10,000-entity catalog and pages on', async () => {
    const previewCatalog = jest.fn(previewOver(rows(10_000)));
    render(<PreviewTab operations={{ previewCatalog }} selection={SELECT_ALL} onSelection={jest.fn()} />);
    const table = await screen.findByTestId('preview-table');
    expect(within(table).getAllByRole('row')).toHaveLength(51);
    expect(screen.getByTestId('preview-pager-label').textContent).toBe('1–50 of 10,000');
    fireEvent.click(screen.getByTestId('preview-pager-next'));
    await waitFor(() =>
      expect(screen.getByTestId('preview-pager-label').textContent).toBe('51–100 of 10,000'),
    );
    expect(screen.getByText('component:default/service-00050')).toBeTruthy();
    expect(previewCatalog).toHaveBeenLastCalledWith(expect.objectContaining({ offset: 50, limit: 50 }));
  });

  it('leaving one row out of "select all" selects every other importable entity', async () => {
    const onSelection = jest.fn();
    render(
      <PreviewTab
        operations={{ previewCatalog: previewOver(rows(3)) }}
        selection={SELECT_ALL}
        onSelection={onSelection}
      />,
    );
    fireEvent.click(await screen.findByLabelText('Import component:default/service-00001'));
    await waitFor(() => expect(onSelection).toHaveBeenCalled());
    const selection = onSelection.mock.calls[0][0];
    expect([...selection.refs].sort()).toEqual([
      'component:default/service-00000',
      'component:default/service-00002',
    ]);
  });
});

const mappingView: MappingView = {
  rules: {
    importedKinds: ['component', 'api', 'resource'],
    componentTypeBySpecType: { service: 'SERVICE' },
    componentTypeFallback: 'OTHER',
    typeByKind: { api: 'OTHER' },
    lifecycleBySpecLifecycle: { production: 'Active' },
    ownerTeamIds: {},
  },
  defaults: {} as MappingView['defaults'],
  teamNames: {},
  compassTypes: ['SERVICE', 'OTHER'],
  lifecycles: ['Active', 'Pre-release', 'Deprecated'],
};

/** What the server answers: each table sent merged over the one in force, a null entry removed. */
function savedOver(view: MappingView, input: Parameters<Ops['saveMapping']>[0]): MappingView {
  const merge = (table: Record<string, string>, changes: Record<string, string | null> = {}) => {
    const merged = { ...table };
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    return merged;
  };
  return {
    ...view,
    rules: { ...view.rules, ownerTeamIds: merge(view.rules.ownerTeamIds, input.ownerTeamIds) },
    teamNames: merge(view.teamNames, input.teamNames),
  };
}

describe('MappingTab', () => {
  it('maps an owner by its suggestion and saves the mapping with the team’s name', async () => {
    const saveMapping = jest.fn((input: Parameters<Ops['saveMapping']>[0]) =>
      ok(savedOver(mappingView, input)),
    );
    render(
      <MappingTab
        operations={{
          getMapping: () => ok(mappingView),
          saveMapping,
          searchTeams: () =>
            ok({
              teams: [],
              unmapped: 1,
              owners: [
                {
                  ownerRef: 'group:default/data-team',
                  title: 'Data & ML',
                  entityCount: 5,
                  suggestions: [{ id: 'team-1', displayName: 'Data', score: 1 }],
                },
              ],
            }),
        }}
      />,
    );
    expect((await screen.findByTestId('unmapped-owners')).textContent).toMatch(
      /^1 owner of imported entities still unmapped/,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Use Data (100%)' }));
    expect(screen.getByTestId('unmapped-owners').textContent).toBe(
      'Every owner of an imported entity has a team.',
    );
    await act(async () => {
      fireEvent.click(screen.getByTestId('save-mapping'));
    });
    expect(saveMapping).toHaveBeenCalledWith(
      expect.objectContaining({
        ownerTeamIds: { 'group:default/data-team': 'team-1' },
        teamNames: { 'team-1': 'Data' },
      }),
    );
    await screen.findByText('Saved.');
  });

  it('unmaps an owner and saves the removal, leaving the other owners mapped', async () => {
    const mapped: MappingView = {
      ...mappingView,
      rules: {
        ...mappingView.rules,
        ownerTeamIds: { 'group:default/data-team': 'team-1', 'group:default/risk-team': 'team-2' },
      },
      teamNames: { 'team-1': 'Data', 'team-2': 'Risk' },
    };
    const saveMapping = jest.fn((input: Parameters<Ops['saveMapping']>[0]) => ok(savedOver(mapped, input)));
    const owner = (ref: string, teamId: string) => ({
      ownerRef: ref,
      entityCount: 2,
      teamId,
      suggestions: [],
    });
    render(
      <MappingTab
        operations={{
          getMapping: () => ok(mapped),
          saveMapping,
          searchTeams: () =>
            ok({
              teams: [],
              unmapped: 0,
              owners: [
                owner('group:default/data-team', 'team-1'),
                owner('group:default/risk-team', 'team-2'),
              ],
            }),
        }}
      />,
    );
    await screen.findByTestId('owner-team-group:default/data-team');
    const dataRow = document.querySelector('[data-owner-ref="group:default/data-team"]') as HTMLElement;
    fireEvent.click(within(dataRow).getByRole('button', { name: 'Unmap' }));
    await act(async () => {
      fireEvent.click(screen.getByTestId('save-mapping'));
    });
    expect(saveMapping).toHaveBeenCalledWith({ ownerTeamIds: { 'group:default/data-team': null } });
    await screen.findByText('Saved.');
    expect(screen.queryByTestId('owner-team-group:default/data-team')).toBeNull();
    expect(screen.getByTestId('owner-team-group:default/risk-team').textContent).toBe('Risk');
  });

  it('still edits kinds and types when owners and teams cannot be listed, and names a refused field', async () => {
    render(
      <MappingTab
        operations={{
          getMapping: () => ok(mappingView),
          saveMapping: () =>
            Promise.resolve({
              ok: false as const,
              error: { code: 'invalid-request', message: 'Choose at least one kind', field: 'importedKinds' },
            }),
          searchTeams: () => fail('not-connected', 'Backstage is not connected yet'),
        }}
      />,
    );
    await screen.findByText('Backstage is not connected yet');
    for (const kind of ['component', 'api', 'resource']) fireEvent.click(screen.getByTestId(`kind-${kind}`));
    await act(async () => {
      fireEvent.click(screen.getByTestId('save-mapping'));
    });
    await screen.findByText('Could not save: importedKinds');
  });
});

describe('DryRunTab', () => {
  it('plans the selection and shows the numbers and the list', async () => {
    const planImport = jest.fn(() =>
      ok({
        plannedAt: '2026-11-24T10:00:00.000Z',
        total: 2,
        counts: { create: 1, update: 0, unchanged: 0, skipped: 1 },
        skippedReasons: { 'Not in the Backstage catalog': 1 },
        withWarnings: 1,
        warningsByCode: { 'owner-unmapped': 1 },
        items: [
          {
            entityRef: 'component:default/a',
            action: 'create' as const,
            compassType: 'SERVICE',
            warnings: [],
          },
          {
            entityRef: 'component:default/gone',
            action: 'skipped' as const,
            reason: 'Not in the Backstage catalog',
            warnings: [],
          },
        ],
      }),
    );
    render(
      <DryRunTab
        operations={{ planImport }}
        selection={{ mode: 'some', refs: new Set(['component:default/a', 'component:default/gone']) }}
      />,
    );
    fireEvent.click(screen.getByTestId('run-dry-run'));
    expect((await screen.findByTestId('plan-count-create')).textContent).toBe('1 create');
    expect(planImport).toHaveBeenCalledWith(['component:default/a', 'component:default/gone']);
    expect(screen.getByTestId('plan-skipped-reasons').textContent).toBe(
      '1 skipped: Not in the Backstage catalog',
    );
    expect(within(screen.getByTestId('plan-table')).getAllByRole('row')).toHaveLength(3);
    expect(screen.getByTestId('plan-warnings').textContent).toBe('Warnings: owner-unmapped 1');
  });

  it('shows why planning failed', async () => {
    render(
      <DryRunTab
        operations={{ planImport: () => fail('not-connected', 'Save a connection first') }}
        selection={SELECT_NONE}
      />,
    );
    fireEvent.click(screen.getByTestId('run-dry-run'));
    await screen.findByText('Save a connection first');
  });
});

const doneWithFailures = {
  state: 'done',
  runId: 'run-1',
  total: 2,
  planned: 2,
  done: 2,
  created: 1,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  failed: 1,
} as ImportStatus;

describe('ResultsTab', () => {
  it('before any run, says results will appear', () => {
    render(
      <ResultsTab
        operations={{ getImportResults: never, retryFailed: never }}
        status={{ ...doneWithFailures, state: 'idle', runId: undefined }}
        siteUrl={undefined}
        onRetried={jest.fn()}
      />,
    );
    expect(screen.getByTestId('results-empty')).toBeTruthy();
  });

  it('filters to failures, links created components, and retries the failed ones', async () => {
    const getImportResults = jest.fn((request: { outcome?: string }) =>
      ok({
        runId: 'run-1',
        results: [
          {
            entityRef: 'component:default/a',
            outcome: 'created' as const,
            componentId: 'ari:cloud:compass:c:component/w/uuid-a',
            warnings: [],
          },
          {
            entityRef: 'component:default/b',
            outcome: 'failed' as const,
            warnings: [],
            error: { kind: 'server-error', message: 'Compass answered 500' },
          },
        ].filter((result) => !request.outcome || result.outcome === request.outcome),
      }),
    );
    const retryFailed = jest.fn(() => ok({ runId: 'run-2', resumed: false, retried: 1 }));
    const onRetried = jest.fn();
    render(
      <ResultsTab
        operations={{ getImportResults, retryFailed }}
        status={doneWithFailures}
        siteUrl="https://acme.atlassian.net"
        onRetried={onRetried}
      />,
    );
    const link = await screen.findByTestId('component-link');
    expect(link.getAttribute('href')).toBe('https://acme.atlassian.net/compass/component/uuid-a');
    fireEvent.change(screen.getByTestId('results-filter'), { target: { value: 'failed' } });
    await waitFor(() => expect(screen.queryByTestId('component-link')).toBeNull());
    expect(screen.getByText('server-error: Compass answered 500')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByTestId('retry-failed'));
    });
    expect(retryFailed).toHaveBeenCalled();
    expect(onRetried).toHaveBeenCalled();
  });
});

describe('HistoryTab', () => {
  it('says when no run has finished, and lists runs with who, selection and counts', async () => {
    const { unmount } = render(<HistoryTab operations={{ getHistory: () => ok({ runs: [] }) }} />);
    await screen.findByTestId('history-empty');
    unmount();
    render(
      <HistoryTab
        operations={{
          getHistory: () =>
            ok({
              runs: [
                {
                  runId: 'r1',
                  state: 'done' as const,
                  startedAt: '2026-11-24T10:00:00.000Z',
                  startedBy: 'account-1',
                  selectionSize: 3,
                  counts: {
                    planned: 3,
                    done: 3,
                    created: 2,
                    updated: 0,
                    unchanged: 0,
                    skipped: 1,
                    failed: 0,
                    orphaned: 0,
                    relationshipsAdded: 0,
                    relationshipsRemoved: 0,
                    relationshipsFailed: 0,
                    relationshipsUnresolved: 0,
                    relationshipsHeld: 0,
                  },
                },
              ],
            }),
        }}
      />,
    );
    const cells = within(await screen.findByTestId('history-table'))
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells.slice(1, 5)).toEqual(['account-1', '3 selected', 'done', '2']);
  });

  it('shows the error when the history cannot be read', async () => {
    render(<HistoryTab operations={{ getHistory: () => fail('internal', 'kvs unavailable') }} />);
    await screen.findByText('kvs unavailable');
  });
});

describe('ConnectionTest', () => {
  it('shows the catalog’s size by kind on success', async () => {
    render(
      <ConnectionTest
        operations={{
          testConnection: () =>
            ok({
              ok: true as const,
              checkedAt: '2026-11-24T10:00:00.000Z',
              totalEntities: 3,
              countsByKind: { Component: 2, Group: 1 },
            }),
        }}
      />,
    );
    fireEvent.click(screen.getByTestId('test-connection'));
    expect((await screen.findByTestId('connection-test-summary')).textContent).toBe(
      '3 entities: 2 Component, 1 Group',
    );
  });

  it('shows one diagnosis with what to change, e.g. the deploy-time egress host', async () => {
    render(
      <ConnectionTest
        operations={{
          testConnection: () =>
            ok({
              ok: false as const,
              checkedAt: '2026-11-24T10:00:00.000Z',
              diagnosis: {
                kind: 'egress-blocked' as const,
                title: 'The app may not call that host (Forge egress)',
                detail: 'Forge refused the outbound call',
                whatToDo: 'Redeploy with the Backstage host in BACKSTAGE_HOST',
              },
            }),
        }}
      />,
    );
    fireEvent.click(screen.getByTestId('test-connection'));
    const diagnosis = await screen.findByTestId('connection-diagnosis');
    expect(diagnosis.getAttribute('data-kind')).toBe('egress-blocked');
    expect(diagnosis.textContent).toMatch(/BACKSTAGE_HOST/);
    expect(screen.getByText('The app may not call that host (Forge egress)')).toBeTruthy();
  });
});
