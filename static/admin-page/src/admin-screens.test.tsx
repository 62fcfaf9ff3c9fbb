/**
 * @jest-environment jsdom
 */
// The admin page's screens in jsdom, each in its states (loading, error, empty, large data), against an
// in-memory stand-in for the admin resolver (the edge the page does not own). Needs the jest settings in
// the README's "UI component tests" (TSX compiled with react-jsx, Atlaskit's CSS imports stubbed).
import type { RunHistoryView } from '../../../src/admin/history';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type {
  AdminOperations,
  CatalogOwner,
  CatalogPreview,
  ConnectionTestResult,
  ImportStatus,
  MappingView,
  PreviewRequest,
  PreviewRow,
} from './admin-operations';
import { ConnectionSection } from './ConnectionSection';
import { ConnectionTest } from './ConnectionTest';
import { DryRunTab } from './DryRunTab';
import { HistoryTab } from './HistoryTab';
import { ImportSection } from './ImportSection';
import { MappingTab } from './MappingTab';
import { PreviewTab } from './PreviewTab';
import { ResultsTab } from './ResultsTab';
import { SELECT_ALL, SELECT_NONE } from './selection';
import { buildImportStatus, buildMappingView } from './testing/admin-data';
import type { ImportStatusState } from './use-import-status';

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
      warningDetails: [],
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
      importable: all.filter((row) => row.imported).length,
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
    await screen.findByText('The catalog is empty');
  });

  it('renders one page of a 10,000-entity catalog and pages on', async () => {
    const previewCatalog = jest.fn(previewOver(rows(10_000)));
    render(<PreviewTab operations={{ previewCatalog }} selection={SELECT_ALL} onSelection={jest.fn()} />);
    const table = await screen.findByTestId('preview-table');
    expect(within(table).getAllByRole('row')).toHaveLength(51);
    // 10,000 entities at 50 a page: the table's own pager ends on page 200.
    expect(within(table).getByRole('button', { name: /200/ })).toBeTruthy();
    fireEvent.click(within(table).getByRole('button', { name: /^Next/ }));
    await waitFor(() =>
      expect(document.querySelector('[data-entity-ref="component:default/service-00050"]')).not.toBeNull(),
    );
    expect(previewCatalog).toHaveBeenLastCalledWith(
      expect.objectContaining({ offset: 50, limit: 50, importedOnly: true }),
    );
  });

  it('the header checkbox selects everything from none or some, and nothing from all', async () => {
    const onSelection = jest.fn();
    const some = { mode: 'some' as const, refs: new Set(['component:default/service-00001']) };
    // One operations object: a new one per render would read the catalog again after the test has ended.
    const operations = { previewCatalog: previewOver(rows(3)) };
    const { rerender } = render(
      <PreviewTab operations={operations} selection={SELECT_ALL} onSelection={onSelection} />,
    );
    const all = (await screen.findByLabelText('Select every importable entity')) as HTMLInputElement;
    expect(all.checked).toBe(true);
    fireEvent.click(all);
    expect(onSelection).toHaveBeenLastCalledWith(SELECT_NONE);
    for (const selection of [SELECT_NONE, some]) {
      rerender(<PreviewTab operations={operations} selection={selection} onSelection={onSelection} />);
      fireEvent.click(screen.getByLabelText('Select every importable entity'));
      expect(onSelection).toHaveBeenLastCalledWith(SELECT_ALL);
    }
  });

  it('sorts on the server from the table header, back to the first page', async () => {
    const previewCatalog = jest.fn(previewOver(rows(120)));
    render(<PreviewTab operations={{ previewCatalog }} selection={SELECT_ALL} onSelection={jest.fn()} />);
    const table = await screen.findByTestId('preview-table');
    fireEvent.click(within(table).getByRole('button', { name: /^Next/ }));
    await waitFor(() =>
      expect(previewCatalog).toHaveBeenLastCalledWith(expect.objectContaining({ offset: 50 })),
    );
    fireEvent.click(within(table).getByRole('button', { name: 'Kind' }));
    await waitFor(() =>
      expect(previewCatalog).toHaveBeenLastCalledWith(
        expect.objectContaining({ offset: 0, sort: { key: 'kind', order: 'ASC' } }),
      ),
    );
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

const mappingView = buildMappingView();

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
  /** The tab over `view` and the catalog's `owners`, saving as the server does; returns the save spy. */
  function renderMappingOver(view: MappingView, owners: CatalogOwner[]) {
    const saveMapping = jest.fn((input: Parameters<Ops['saveMapping']>[0]) => ok(savedOver(view, input)));
    const unmapped = owners.filter((owner) => !owner.teamId).length;
    render(
      <MappingTab
        operations={{
          getMapping: () => ok(view),
          saveMapping,
          searchTeams: () => ok({ teams: [], unmapped, owners }),
        }}
      />,
    );
    return saveMapping;
  }

  it('maps an owner by its suggestion and saves the mapping with the team’s name', async () => {
    const saveMapping = renderMappingOver(mappingView, [
      {
        ownerRef: 'group:default/data-team',
        title: 'Data & ML',
        entityCount: 5,
        suggestions: [{ id: 'team-1', displayName: 'Data', score: 1 }],
      },
    ]);
    expect((await screen.findByTestId('unmapped-owners-summary')).textContent).toBe(
      'Owners not mapped to a team: 1 owner, 5 components',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Use Data (100%)' }));
    expect(screen.getByTestId('unmapped-owners-summary').textContent).toBe(
      'Every owner of an imported component is mapped to a team.',
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
    const owner = (ref: string, teamId: string) => ({
      ownerRef: ref,
      entityCount: 2,
      teamId,
      suggestions: [],
    });
    const saveMapping = renderMappingOver(mapped, [
      owner('group:default/data-team', 'team-1'),
      owner('group:default/risk-team', 'team-2'),
    ]);
    await screen.findByTestId('owner-team-group:default/data-team');
    const dataRow = document.querySelector('tr[data-owner-ref="group:default/data-team"]') as HTMLElement;
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
    for (const kind of ['component', 'api', 'resource'])
      fireEvent.click(screen.getByTestId(`kind-${kind}--hidden-checkbox`));
    await act(async () => {
      fireEvent.click(screen.getByTestId('save-mapping'));
    });
    await screen.findByText('Could not save: Kinds to import');
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
    expect(within(screen.getByTestId('plan-table')).getByText('Service')).toBeTruthy();
    const warnings = screen.getByTestId('plan-warnings').textContent;
    expect(warnings).toContain('Owner not mapped to a team');
    expect(warnings).not.toContain('owner-unmapped');
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

const doneWithFailures = buildImportStatus({
  state: 'done',
  runId: 'run-1',
  total: 2,
  planned: 2,
  done: 2,
  created: 1,
  failed: 1,
  relationshipsAdded: 3,
});

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
    expect(screen.getByTestId('results-count-relationships').textContent).toBe('3 relationships linked');
    expect(screen.queryByText(/run-1/)).toBeNull();
    fireEvent.keyDown(screen.getByLabelText('Show'), { key: 'ArrowDown' });
    fireEvent.click(await screen.findByRole('option', { name: 'Failed' }));
    await waitFor(() => expect(screen.queryByTestId('component-link')).toBeNull());
    expect(getImportResults).toHaveBeenLastCalledWith(expect.objectContaining({ outcome: 'failed' }));
    // The error in the app's words, without its code.
    expect(screen.getByText('Compass had a problem: Compass answered 500')).toBeTruthy();
    expect(screen.queryByText(/server-error/)).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByTestId('retry-failed'));
    });
    expect(retryFailed).toHaveBeenCalled();
    expect(onRetried).toHaveBeenCalled();
  });
});

describe('HistoryTab', () => {
  const renderHistory = (runs: RunHistoryView[]) =>
    render(<HistoryTab operations={{ getHistory: () => ok({ runs }) }} />);

  it('says when no run has finished, and lists runs with who (by name), selection and counts', async () => {
    const { unmount } = renderHistory([]);
    await screen.findByTestId('history-empty');
    unmount();
    const counts = buildImportStatus({ planned: 3, done: 3, created: 2, skipped: 1, relationshipsAdded: 4 });
    renderHistory([
      {
        runId: 'r1',
        state: 'done',
        startedAt: '2026-11-24T10:00:00.000Z',
        startedByName: 'Ada Lovelace',
        selectionSize: 3,
        counts,
      },
      { runId: 'r2', state: 'done', startedAt: '2026-11-23T10:00:00.000Z', selectionSize: null, counts },
      {
        runId: 'r3',
        state: 'done',
        startedAt: '2026-11-22T10:00:00.000Z',
        scheduled: true,
        mode: 'sync',
        selectionSize: null,
        counts,
      },
    ]);
    const rows = within(await screen.findByTestId('history-table'))
      .getAllByRole('row')
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      );
    expect(rows[0]!.slice(1, 5)).toEqual(['Ada Lovelace', '3 selected', 'done', '2']);
    expect(rows[0]![9]).toBe('4');
    expect(rows[1]![1]).toBe('an admin');
    expect(rows[2]![1]).toBe('Schedule');
    // A sync says so; an import reads as before.
    expect(rows[2]![2]).toBe('sync of everything');
    expect(rows[1]![2]).toBe('everything');
  });

  it('marks a run that removed nothing with a short line, its reason on hover', async () => {
    const message = 'Backstage served 40 entities, 60% fewer than the 100 of the last complete read.';
    renderHistory([
      {
        runId: 'r2',
        state: 'done',
        startedAt: '2026-11-24T11:00:00.000Z',
        selectionSize: null,
        counts: buildImportStatus({ relationshipsHeld: 2 }),
        removalsHeld: message,
      },
    ]);
    const line = await screen.findByTestId('history-removals-held');
    expect(line.textContent).toBe('Nothing removed (2 relationship removals held back)');
    expect(line.getAttribute('title')).toBe(message);
  });

  it('shows the error when the history cannot be read', async () => {
    render(<HistoryTab operations={{ getHistory: () => fail('internal', 'kvs unavailable') }} />);
    await screen.findByText('kvs unavailable');
  });
});

describe('ConnectionTest', () => {
  const checkedAt = '2026-11-24T10:00:00.000Z';

  /** Shows the test button with a resolver that answers `result`, and presses it. */
  function testConnectionAnswering(result: ConnectionTestResult) {
    render(<ConnectionTest operations={{ testConnection: () => ok(result) }} primary onTested={jest.fn()} />);
    fireEvent.click(screen.getByTestId('test-connection'));
  }

  it('shows the catalog’s size by kind on success', async () => {
    testConnectionAnswering({
      ok: true,
      checkedAt,
      totalEntities: 3,
      countsByKind: { Component: 2, Group: 1 },
    });
    expect((await screen.findByTestId('connection-test-summary')).textContent).toBe(
      '3 entities: 2 Component, 1 Group',
    );
  });

  it('says Tech Insights answers with how many checks, and names them', async () => {
    testConnectionAnswering({
      ok: true,
      checkedAt,
      totalEntities: 3,
      countsByKind: { Component: 3 },
      techInsights: {
        available: true,
        checks: [
          { id: 'groupOwnerCheck', name: 'Owned by a group', description: 'spec.owner is a group' },
          { id: 'tagsCheck', name: 'Has tags', description: 'metadata.tags is set' },
        ],
      },
    });
    const line = await screen.findByTestId('tech-insights-detection');
    expect(within(line).getByTestId('tech-insights-summary').textContent).toBe(
      'Tech Insights answers: 2 checks',
    );
    expect(
      within(line)
        .getAllByTestId('tech-insights-check')
        .map((check) => check.textContent),
    ).toEqual(['Owned by a group', 'Has tags']);
    // Names, not ids.
    expect(document.body.textContent).not.toMatch(/groupOwnerCheck|tagsCheck/);
  });

  it('says why Tech Insights does not answer, in words, with what to do (the catalog test still passed)', async () => {
    testConnectionAnswering({
      ok: true,
      checkedAt,
      totalEntities: 3,
      countsByKind: { Component: 3 },
      techInsights: {
        available: false,
        reason: 'forbidden',
        title: 'The token may not use Tech Insights (HTTP 403)',
        whatToDo: 'Let the token use Tech Insights.',
      },
    });
    const line = await screen.findByTestId('tech-insights-detection');
    expect(line.textContent).toBe(
      'Tech Insights: The token may not use Tech Insights (HTTP 403)What to do: Let the token use Tech Insights.',
    );
    expect(screen.getByText('Backstage answered')).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/forbidden/);
  });

  it('says nothing of Tech Insights when the test did not ask', async () => {
    testConnectionAnswering({ ok: true, checkedAt, totalEntities: 1, countsByKind: { Component: 1 } });
    await screen.findByTestId('connection-test-summary');
    expect(screen.queryByTestId('tech-insights-detection')).toBeNull();
  });

  it('shows a token that cannot be sent under its own title', async () => {
    testConnectionAnswering({
      ok: false,
      checkedAt,
      diagnosis: {
        kind: 'invalid-token',
        title: 'The saved token cannot be sent (it holds spaces, line breaks or other characters)',
        detail: 'The saved token cannot be sent in an HTTP header',
        whatToDo: 'Paste the token again as one line.',
      },
    });
    const diagnosis = await screen.findByTestId('connection-diagnosis');
    expect(diagnosis.textContent).toBe(
      'What to do: Paste the token again as one line.Technical detailsThe saved token cannot be sent in an HTTP header',
    );
    expect(
      screen.getByText('The saved token cannot be sent (it holds spaces, line breaks or other characters)'),
    ).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/invalid-token/);
  });

  it('shows one diagnosis with what to change, e.g. the deploy-time egress host', async () => {
    testConnectionAnswering({
      ok: false,
      checkedAt,
      diagnosis: {
        kind: 'egress-blocked',
        title: 'The app may not call that host (Forge egress)',
        detail: 'Forge refused the outbound call',
        whatToDo: 'Redeploy with the Backstage host in BACKSTAGE_HOST',
      },
    });
    const diagnosis = await screen.findByTestId('connection-diagnosis');
    expect(diagnosis.getAttribute('data-kind')).toBe('egress-blocked');
    expect(diagnosis.textContent).toMatch(/BACKSTAGE_HOST/);
    expect(screen.getByText('The app may not call that host (Forge egress)')).toBeTruthy();
  });
});

function importStatusOf(status: ImportStatus): ImportStatusState {
  return { status, error: undefined, refresh: jest.fn(() => Promise.resolve()), show: jest.fn() };
}

describe('ConnectionSection', () => {
  const saved = {
    baseUrl: 'https://backstage.example.com',
    token: { set: true, savedAt: '2026-11-24T10:00:00.000Z' },
    saved: true,
  };
  const tokenAgain =
    'A new address needs the token again: the saved token is only sent to the address it was saved for.';

  function openForm(saveConnection: Ops['saveConnection'] = () => ok(saved)) {
    render(
      <ConnectionSection
        operations={{ saveConnection, testConnection: never }}
        connection={saved}
        loadError={undefined}
        onSaved={jest.fn()}
        onTested={jest.fn()}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Change connection' }));
    return {
      url: screen.getByLabelText(/Backstage backend URL/) as HTMLInputElement,
      token: document.getElementById('backstage-token') as HTMLInputElement,
      tokenLabel: document.querySelector('label[for="backstage-token"]') as HTMLElement,
    };
  }

  it('keeps the saved token while the address stays the same (a trailing slash or /api/catalog is the same)', async () => {
    const saveConnection = jest.fn(() => ok(saved));
    const { url, token, tokenLabel } = openForm(saveConnection);
    expect(token.required).toBe(false);
    for (const same of ['https://backstage.example.com/', 'https://BACKSTAGE.example.com/api/catalog']) {
      fireEvent.change(url, { target: { value: same } });
      expect(token.required).toBe(false);
      expect(tokenLabel.textContent).toBe('Token');
      expect(screen.getByText('Leave empty to keep the saved token.')).toBeTruthy();
      expect(screen.queryByText(tokenAgain)).toBeNull();
    }
    await act(async () => {
      fireEvent.submit(screen.getByTestId('connection-form'));
    });
    expect(saveConnection).toHaveBeenCalledWith({
      baseUrl: 'https://BACKSTAGE.example.com/api/catalog',
      requirePassingTest: true,
    });
  });

  it('asks for the token again as soon as the address changes, and sends nothing without it', async () => {
    const saveConnection = jest.fn(() => ok(saved));
    const { url, token, tokenLabel } = openForm(saveConnection);
    for (const other of [
      'https://backstage.other.example.com',
      'https://backstage.example.com:8443',
      'https://backstage.example.com/tenant-b',
    ]) {
      fireEvent.change(url, { target: { value: other } });
      expect(token.required).toBe(true);
      expect(tokenLabel.textContent).toBe('Token*');
      expect(screen.getByText(tokenAgain)).toBeTruthy();
    }
    await act(async () => {
      fireEvent.submit(screen.getByTestId('connection-form'));
    });
    expect(saveConnection).not.toHaveBeenCalled();
    expect(
      screen.getByText(
        'Enter the token again: the saved token is only sent to the address it was saved for.',
      ),
    ).toBeTruthy();
    fireEvent.change(token, { target: { value: 'a-new-token-1234' } });
    await act(async () => {
      fireEvent.submit(screen.getByTestId('connection-form'));
    });
    expect(saveConnection).toHaveBeenCalledWith({
      baseUrl: 'https://backstage.example.com/tenant-b',
      token: 'a-new-token-1234',
      requirePassingTest: true,
    });
  });

  it('still shows the server’s refusal of the token under the token field', async () => {
    const { url } = openForm(() =>
      Promise.resolve({
        ok: false as const,
        error: {
          code: 'invalid-request',
          field: 'token',
          message: 'The token may only hold visible ASCII characters, with no spaces or line breaks inside.',
        },
      }),
    );
    fireEvent.change(url, { target: { value: 'https://backstage.example.com/' } });
    await act(async () => {
      fireEvent.submit(screen.getByTestId('connection-form'));
    });
    expect(
      screen.getByText(
        'The token may only hold visible ASCII characters, with no spaces or line breaks inside.',
      ),
    ).toBeTruthy();
  });
});

describe('ImportSection', () => {
  const shrank = {
    reason: 'catalog-shrank' as const,
    message:
      'Backstage served 40 entities, 60% fewer than the 100 of the last complete read, so nothing was removed in ' +
      'this run: Backstage may still be loading. If the entities were really deleted, import again and apply the removals.',
  };
  const incomplete = {
    reason: 'read-incomplete' as const,
    message:
      'The catalog read returned 90 of the 100 entities Backstage reported, so nothing was removed in this run ' +
      '(relationships stay as they were). Import again once Backstage answers in full.',
  };
  const applyLabel = 'Import again and apply removals';

  function renderImport(status: ImportStatus, startImport: Ops['startImport'] = () => never()) {
    render(
      <ImportSection
        operations={{ startImport, cancelImport: never, getImportResults: never }}
        connected
        verified
        primary
        importStatus={importStatusOf(status)}
        siteUrl={undefined}
        onOpenResults={jest.fn()}
        selection={{ mode: 'some', refs: new Set(['component:default/b', 'component:default/a']) }}
      />,
    );
  }

  it('after an incomplete read, says nothing was removed and why, with no way to force it', () => {
    renderImport(buildImportStatus({ removalsHeld: incomplete, relationshipsHeld: 3, total: 5, done: 5 }));
    const warning = screen.getByTestId('removals-held');
    expect(within(warning).getByText('Nothing was removed')).toBeTruthy();
    expect(within(warning).getByText(incomplete.message)).toBeTruthy();
    expect(
      within(warning).getByText('3 relationship removals held back: those links stay in Compass.'),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: applyLabel })).toBeNull();
    expect(document.body.textContent).not.toMatch(/read-incomplete/);
  });

  it('after the catalog shrank, offers to apply the removals, but not while a run is going', () => {
    renderImport(buildImportStatus({ state: 'running', removalsHeld: shrank, total: 5, done: 1 }));
    expect(within(screen.getByTestId('removals-held')).getByText(shrank.message)).toBeTruthy();
    expect(screen.queryByRole('button', { name: applyLabel })).toBeNull();
    cleanup();
    renderImport(buildImportStatus({ removalsHeld: shrank, relationshipsHeld: 1, total: 5, done: 5 }));
    expect(screen.getByText('1 relationship removal held back: that link stays in Compass.')).toBeTruthy();
    expect(screen.getByRole('button', { name: applyLabel })).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/catalog-shrank/);
  });

  it('imports again with applyRemovals and the page’s selection only once the admin confirms', async () => {
    const startImport = jest.fn(() => ok({ runId: 'run-2', resumed: false }));
    renderImport(
      buildImportStatus({ removalsHeld: shrank, relationshipsHeld: 2, total: 5, done: 5 }),
      startImport,
    );
    fireEvent.click(screen.getByRole('button', { name: applyLabel }));
    expect(startImport).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Keep them' }));
    expect(screen.queryByRole('button', { name: 'Apply the removals' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: applyLabel }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Apply the removals' }));
    });
    expect(startImport).toHaveBeenCalledTimes(1);
    expect(startImport).toHaveBeenCalledWith(['component:default/a', 'component:default/b'], {
      applyRemovals: true,
    });
  });

  it('Start import sends the selection without applying removals', async () => {
    const startImport = jest.fn(() => ok({ runId: 'run-2', resumed: false }));
    renderImport(buildImportStatus({ removalsHeld: shrank, total: 5, done: 5 }), startImport);
    await act(async () => {
      fireEvent.click(screen.getByTestId('start-import'));
    });
    expect(startImport).toHaveBeenCalledWith(['component:default/a', 'component:default/b'], {
      applyRemovals: false,
    });
  });
});
