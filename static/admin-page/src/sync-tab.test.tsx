/**
 * @jest-environment jsdom
 */
// The Sync tab (settings, removals with the breaker, adoption, drift, export) and the catalog rows' adoption in
// jsdom, against an in-memory stand-in for the admin resolver's sync operations.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { emptyCounts } from '../../../src/import/import-run';
import { DEFAULT_SYNC_SETTINGS } from '../../../src/storage/sync-settings-store';
import type {
  AdoptionCandidates,
  CatalogPreview,
  DriftView,
  ExportedFile,
  PreviewRow,
  RemovalsView,
  SyncSettingsView,
} from './admin-operations';
import { exportedFileBlob, exportedFileContent } from './download-file';
import { ExportSection } from './ExportSection';
import { PreviewTab } from './PreviewTab';
import { SELECT_ALL } from './selection';
import { SyncTab, type SyncOperations } from './SyncTab';

const ok = <T,>(value: T) => Promise.resolve({ ok: true as const, value });
const fail = (code: string, message: string) =>
  Promise.resolve({ ok: false as const, error: { code, message } });

const RUN_ID = '20261204150000-0a1b2c3d';
const SETTINGS_VIEW: SyncSettingsView = {
  settings: { ...DEFAULT_SYNC_SETTINGS },
  lastSync: {
    runId: RUN_ID,
    state: 'done',
    startedAt: '2026-12-04T15:00:00.000Z',
    finishedAt: '2026-12-04T15:01:00.000Z',
    scheduled: true,
    counts: { ...emptyCounts(), updated: 2, renamed: 1, unchanged: 25 },
  },
  nextSyncAt: '2026-12-05T15:00:00.000Z',
};
const BREAKER_VIEW: RemovalsView = {
  policy: 'mark',
  deleteConfirmed: false,
  breaker: {
    reason: 'too-many',
    message: '5 of the 28 imported entities are gone from Backstage, more than the 10% the breaker allows.',
    removed: 5,
    imported: 28,
    share: 5 / 28,
    threshold: 0.1,
    canApplyAnyway: true,
    runId: RUN_ID,
    at: '2026-12-04T15:01:00.000Z',
  },
  removed: ['a', 'b'].map((name) => ({
    entityRef: `component:default/old-${name}`,
    componentId: `ari:cloud:compass:site:component/old-${name}`,
    name: `Old ${name.toUpperCase()}`,
    since: '2026-12-04T15:01:00.000Z',
    action: 'held' as const,
  })),
  total: 2,
};
const CANDIDATES: AdoptionCandidates = {
  checkedAt: '2026-12-04T15:00:00.000Z',
  candidates: [
    {
      entityRef: 'component:default/billing',
      entityTitle: 'Billing',
      componentId: 'ari:cloud:compass:site:component/billing',
      componentName: 'billing',
      match: 'name',
    },
    {
      entityRef: 'component:default/search',
      componentId: 'ari:cloud:compass:site:component/search',
      componentName: 'Search (hand made)',
      match: 'repository',
    },
  ],
};
const DRIFT: DriftView = {
  checkedAt: '2026-12-04T15:02:00.000Z',
  unsyncedFields: [],
  rows: [
    {
      entityRef: 'component:default/payment-gateway',
      componentId: 'ari:cloud:compass:site:component/pg',
      componentName: 'Payment Gateway',
      field: 'description',
      compassValue: 'Edited by hand',
      backstageValue: 'Takes payments',
    },
    {
      entityRef: 'component:default/refund-portal',
      componentId: 'ari:cloud:compass:site:component/rp',
      componentName: 'Refund Portal',
      field: 'ownerId',
      compassValue: 'ari:cloud:identity::team/data',
      backstageValue: '',
    },
  ],
  components: 28,
  truncated: false,
};

function operationsOver(overrides: Partial<SyncOperations> = {}) {
  return {
    getSyncSettings: jest.fn(() => ok(SETTINGS_VIEW)),
    saveSyncSettings: jest.fn((input: Parameters<SyncOperations['saveSyncSettings']>[0]) =>
      ok({ ...SETTINGS_VIEW, settings: { ...SETTINGS_VIEW.settings, ...input } }),
    ),
    runSyncNow: jest.fn(() => ok({ runId: RUN_ID, resumed: false })),
    getRemovals: jest.fn(() =>
      ok<RemovalsView>({ policy: 'report', deleteConfirmed: false, removed: [], total: 0 }),
    ),
    applyRemovals: jest.fn(() => ok({ runId: RUN_ID, resumed: false })),
    getAdoptionCandidates: jest.fn(() => ok<AdoptionCandidates>({ checkedAt: '', candidates: [] })),
    adoptComponents: jest.fn((decisions: Parameters<SyncOperations['adoptComponents']>[0]) =>
      ok({ adopted: [], decided: decisions.length, failed: [] }),
    ),
    exportMapping: jest.fn(() => fail('internal', 'not used')),
    getDrift: jest.fn(() => ok(DRIFT)),
    resolveDrift: jest.fn(() => ok<DriftView>({ ...DRIFT, rows: [] })),
    searchTeams: jest.fn(() =>
      ok({
        teams: [
          { id: 'ari:cloud:identity::team/data', displayName: 'Data' },
          { id: 'ari:cloud:identity::team/payments', displayName: 'Payments' },
        ],
      }),
    ),
    ...overrides,
  };
}

async function choose(label: string, option: string) {
  fireEvent.keyDown(screen.getByLabelText(label), { key: 'ArrowDown' });
  fireEvent.click(await screen.findByRole('option', { name: option }));
}

/** Nothing on screen is a code: no run id, ARI, enum or policy name. */
function expectNoCodes() {
  const text = document.body.textContent ?? '';
  for (const code of [
    RUN_ID,
    'ari:cloud',
    'too-many',
    'hourly',
    'ownerId',
    'compass-yml',
    'not-imported-yet',
  ])
    expect(text).not.toContain(code);
}

afterEach(cleanup);

describe('SyncTab', () => {
  it('shows the settings, the last sync in words and the next one', async () => {
    render(<SyncTab operations={operationsOver()} onStarted={jest.fn()} />);
    expect(screen.getByLabelText('Loading the sync settings')).toBeTruthy();
    await screen.findByTestId('sync-settings');
    expect(screen.getByTestId('last-sync-headline').textContent).toMatch(
      /^Last sync: .*, on the schedule\.$/,
    );
    expect(screen.getByTestId('last-sync-counts').textContent).toBe(
      'Components: 2 updated, 1 renamed; 25 unchanged.',
    );
    expect(screen.getByTestId('next-sync').textContent).toMatch(/^Next sync: about /);
    expect(screen.getByText('Every day')).toBeTruthy();
    expect(screen.getByText('Report only')).toBeTruthy();
    expect(screen.getByText('10%')).toBeTruthy();
    expect((await screen.findByTestId('removals-summary')).textContent).toBe(
      'Every imported entity is still in Backstage.',
    );
    expectNoCodes();
  });

  it('saves the schedule, the policy with its delete confirmation and the threshold', async () => {
    const operations = operationsOver();
    render(<SyncTab operations={operations} onStarted={jest.fn()} />);
    await screen.findByTestId('sync-settings');
    expect((screen.getByTestId('save-sync-settings') as HTMLButtonElement).disabled).toBe(true);
    await choose('Sync', 'Every hour');
    expect(screen.getByTestId('sync-schedule-description').textContent).toMatch(/^Every hour/);
    await choose('When an entity is no longer in Backstage', 'Delete');
    // Delete alone only marks: the page says so until the admin ticks the confirmation.
    expect(screen.getByTestId('removal-policy-description').textContent).toMatch(/only marked/);
    fireEvent.click(screen.getByLabelText('Yes, delete the components of removed entities from Compass'));
    expect(screen.getByTestId('removal-policy-description').textContent).toMatch(/cannot be undone/);
    await choose('Stop every removal when more than this share of the imported entities would go', '20%');
    await act(async () => {
      fireEvent.click(screen.getByTestId('save-sync-settings'));
    });
    expect(operations.saveSyncSettings).toHaveBeenCalledWith({
      schedule: 'hourly',
      removalPolicy: 'delete',
      deleteConfirmed: true,
      maxRemovalShare: 0.2,
    });
    expect(screen.getByTestId('sync-notice').textContent).toBe('The sync settings are saved.');
    expect((screen.getByTestId('save-sync-settings') as HTMLButtonElement).disabled).toBe(true);
    expectNoCodes();
  });

  it('starts a sync now, and says to import first when nothing was imported', async () => {
    const onStarted = jest.fn();
    const operations = operationsOver();
    render(<SyncTab operations={operations} onStarted={onStarted} />);
    await screen.findByTestId('sync-settings');
    await act(async () => {
      fireEvent.click(screen.getByTestId('sync-now'));
    });
    expect(operations.runSyncNow).toHaveBeenCalled();
    expect(onStarted).toHaveBeenCalled();
    cleanup();

    render(
      <SyncTab
        operations={operationsOver({
          runSyncNow: () => fail('not-imported-yet', 'Nothing was imported yet: import first.'),
        })}
        onStarted={jest.fn()}
      />,
    );
    await screen.findByTestId('sync-settings');
    await act(async () => {
      fireEvent.click(screen.getByTestId('sync-now'));
    });
    expect(screen.getByText('Nothing to sync yet: import first')).toBeTruthy();
  });

  it('waits with Sync now while a run is going', async () => {
    render(
      <SyncTab
        operations={operationsOver()}
        status={{ state: 'running', total: 0, ...emptyCounts() }}
        onStarted={jest.fn()}
      />,
    );
    await screen.findByTestId('sync-running');
    expect((screen.getByTestId('sync-now') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the breaker’s refusal with its figures, and applies the removals anyway after a confirmation', async () => {
    const onStarted = jest.fn();
    const operations = operationsOver({ getRemovals: () => ok(BREAKER_VIEW) });
    render(<SyncTab operations={operations} onStarted={onStarted} />);
    const breaker = await screen.findByTestId('breaker');
    expect(within(breaker).getByText('Nothing was removed: too many entities would go at once')).toBeTruthy();
    expect(screen.getByTestId('breaker-message').textContent).toBe(BREAKER_VIEW.breaker!.message);
    const rows = within(screen.getByTestId('removals-table')).getAllByText('Held by the breaker');
    expect(rows).toHaveLength(2);
    expect(screen.getByText('Old A')).toBeTruthy();
    fireEvent.click(screen.getByTestId('apply-anyway'));
    // Nothing happens before the confirmation.
    expect(operations.applyRemovals).not.toHaveBeenCalled();
    expect(screen.getByTestId('apply-anyway-confirm').textContent).toMatch(/\(Mark in Compass\)/);
    await act(async () => {
      fireEvent.click(screen.getByTestId('apply-anyway-confirmed'));
    });
    expect(operations.applyRemovals).toHaveBeenCalledTimes(1);
    expect(onStarted).toHaveBeenCalled();
    expect(screen.getByTestId('removals-applying')).toBeTruthy();
    expectNoCodes();
  });

  it('offers no Apply anyway when the read was incomplete', async () => {
    const incomplete: RemovalsView = {
      ...BREAKER_VIEW,
      breaker: {
        reason: 'read-incomplete',
        message: 'The catalog read returned 20 of the 56 entities Backstage reported.',
        canApplyAnyway: false,
        runId: RUN_ID,
        at: '2026-12-04T15:01:00.000Z',
      },
    };
    render(
      <SyncTab operations={operationsOver({ getRemovals: () => ok(incomplete) })} onStarted={jest.fn()} />,
    );
    await screen.findByText('Nothing was removed: the catalog read was incomplete');
    expect(screen.queryByTestId('apply-anyway')).toBeNull();
    expect(screen.getByTestId('breaker-message').textContent).toMatch(/^The catalog read returned 20 of/);
  });

  it('lists components that match an entity and saves the admin’s decision for a name match', async () => {
    const operations = operationsOver({ getAdoptionCandidates: () => ok(CANDIDATES) });
    render(<SyncTab operations={operations} onStarted={jest.fn()} />);
    const table = await screen.findByTestId('adoption-table');
    expect(within(table).getByText('Matches billing (same name)')).toBeTruthy();
    expect(within(table).getByText('Matches Search (hand made) (same repository)')).toBeTruthy();
    expect(within(table).getByText('Adopted by the next import')).toBeTruthy();
    // Only the name match asks.
    expect(within(table).getAllByRole('button', { name: 'Adopt' })).toHaveLength(1);
    await act(async () => {
      fireEvent.click(within(table).getByRole('button', { name: 'Adopt' }));
    });
    expect(operations.adoptComponents).toHaveBeenCalledWith([
      {
        entityRef: 'component:default/billing',
        componentId: 'ari:cloud:compass:site:component/billing',
        decision: 'adopt',
      },
    ]);
    expect(within(table).getByText('Adopted: the import updates it')).toBeTruthy();
    expectNoCodes();
  });

  it('checks for drift on demand, takes Backstage’s value per row or for all, and stops syncing a field', async () => {
    const operations = operationsOver();
    render(<SyncTab operations={operations} onStarted={jest.fn()} />);
    await screen.findByTestId('drift');
    expect(operations.getDrift).not.toHaveBeenCalled();
    await act(async () => {
      fireEvent.click(screen.getByTestId('check-drift'));
    });
    const table = screen.getByTestId('drift-table');
    const row = table.querySelector('tr[data-entity-ref="component:default/refund-portal"]') as HTMLElement;
    expect(within(row).getByText('Owner team')).toBeTruthy();
    expect(within(row).getByText('(empty)')).toBeTruthy();
    // The owner team by its name, never its id.
    expect(await within(row).findByText('Data')).toBeTruthy();
    expect(screen.getByTestId('drift-summary').textContent).toMatch(
      /: 2 fields edited in Compass, of 28 components\.$/,
    );
    await act(async () => {
      fireEvent.click(within(row).getByRole('button', { name: 'Take Backstage’s' }));
    });
    expect(operations.resolveDrift).toHaveBeenLastCalledWith({
      take: [{ entityRef: 'component:default/refund-portal', field: 'ownerId' }],
    });
    expect(screen.getByTestId('drift-done').textContent).toBe(
      'Backstage’s owner team is written to Refund Portal.',
    );

    await act(async () => {
      fireEvent.click(screen.getByTestId('check-drift'));
    });
    await act(async () => {
      fireEvent.click(screen.getByTestId('take-all'));
    });
    expect(operations.resolveDrift).toHaveBeenLastCalledWith({ take: 'all' });

    await act(async () => {
      fireEvent.click(screen.getByTestId('check-drift'));
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Stop syncing description' }));
    });
    expect(operations.resolveDrift).toHaveBeenLastCalledWith({ stopSyncing: ['description'] });
    expectNoCodes();
  });

  it('gives a field left to Compass back to the sync', async () => {
    const operations = operationsOver({
      getDrift: () => ok({ ...DRIFT, unsyncedFields: ['labels', 'ownerId'] }),
    });
    render(<SyncTab operations={operations} onStarted={jest.fn()} />);
    await screen.findByTestId('drift');
    await act(async () => {
      fireEvent.click(screen.getByTestId('check-drift'));
    });
    expect(screen.getByTestId('unsynced-fields').textContent).toMatch(/^Left to Compass, not synced:/);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Sync owner team again' }));
    });
    expect(operations.saveSyncSettings).toHaveBeenCalledWith({ unsyncedFields: ['labels'] });
    expect(screen.queryByRole('button', { name: 'Sync owner team again' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Sync labels again' })).toBeTruthy();
    expectNoCodes();
  });
});

describe('ExportSection', () => {
  it('downloads each format as the resolver answered it, and decodes the compass.yml archive', async () => {
    const files: Record<string, ExportedFile> = {
      csv: {
        fileName: 'backstage-mapping.csv',
        mediaType: 'text/csv',
        content: 'a,b\n',
        encoding: 'utf8',
        rows: 28,
      },
      'compass-yml': {
        fileName: 'compass-yml.tar',
        mediaType: 'application/x-tar',
        content: Buffer.from([0, 1, 2, 255]).toString('base64'),
        encoding: 'base64',
        rows: 1,
      },
    };
    const exportMapping = jest.fn((format: string) => ok(files[format]!));
    const download = jest.fn();
    render(
      <ExportSection
        operations={{ exportMapping }}
        siteUrl="https://acme.atlassian.net"
        download={download}
      />,
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    });
    expect(download).toHaveBeenLastCalledWith(files.csv);
    expect(screen.getByTestId('export-done').textContent).toBe('backstage-mapping.csv: 28 components.');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Download compass.yml files' }));
    });
    expect(exportMapping).toHaveBeenLastCalledWith('compass-yml', 'https://acme.atlassian.net');
    const blob = exportedFileBlob(files['compass-yml']!);
    expect(blob.type).toBe('application/x-tar');
    expect(blob.size).toBe(4);
    expect([...(exportedFileContent(files['compass-yml']!) as Uint8Array)]).toEqual([0, 1, 2, 255]);
    expect(exportedFileContent(files.csv!)).toBe('a,b\n');
  });

  it('says when the export is refused', async () => {
    render(
      <ExportSection
        operations={{ exportMapping: () => fail('storage-unavailable', 'The app’s storage did not answer.') }}
      />,
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Download JSON' }));
    });
    expect(screen.getByText('Could not export the mapping')).toBeTruthy();
  });
});

describe('PreviewTab adoption', () => {
  const row = (name: string, adoption?: object): PreviewRow =>
    ({
      entityRef: `component:default/${name}`,
      ref: `component:default/${name}`,
      kind: 'Component',
      namespace: 'default',
      name,
      tags: [],
      imported: true,
      status: 'new',
      warnings: 0,
      warningDetails: [],
      ...(adoption ? { adoption } : {}),
    }) as PreviewRow;
  const preview: CatalogPreview = {
    total: 2,
    importable: 2,
    matching: 2,
    offset: 0,
    limit: 50,
    rows: [
      row('billing', {
        componentId: 'ari:cloud:compass:site:component/b',
        componentName: 'Billing',
        match: 'name',
      }),
      row('search', {
        componentId: 'ari:cloud:compass:site:component/s',
        componentName: 'Search',
        match: 'repository',
      }),
    ],
    countsByKind: { Component: 2 },
    matchingByKind: { Component: 2 },
    matchingImported: 2,
    facets: { kind: [], type: [], namespace: [], owner: [], system: [], lifecycle: [], tag: [] },
  };

  it('shows a row’s match and lets the admin create a new component, or adopt the match once it is offered', async () => {
    const adoptComponents = jest.fn((decisions: unknown[]) =>
      ok({ adopted: [], decided: decisions.length, failed: [] }),
    );
    const getAdoptionCandidates = jest.fn(() => ok<AdoptionCandidates>(CANDIDATES));
    render(
      <PreviewTab
        operations={{ previewCatalog: () => ok(preview), adoptComponents, getAdoptionCandidates }}
        selection={SELECT_ALL}
        onSelection={jest.fn()}
      />,
    );
    const [billing, search] = await screen.findAllByTestId('row-adoption');
    expect(billing!.textContent).toMatch(/^Matches Billing \(same name\)AdoptCreate new$/);
    expect(search!.textContent).toBe('Matches Search (same repository)Adopted by the next import');
    await act(async () => {
      fireEvent.click(within(billing!).getByRole('button', { name: 'Create new' }));
    });
    expect(getAdoptionCandidates).not.toHaveBeenCalled();
    expect(adoptComponents).toHaveBeenCalledWith([
      {
        entityRef: 'component:default/billing',
        componentId: 'ari:cloud:compass:site:component/b',
        decision: 'create',
      },
    ]);
    await waitFor(() => expect(billing!.textContent).toMatch(/A new component will be created$/));
    expectNoCodes();
  });

  it('adopts after the server has offered the match, and says why when it refuses', async () => {
    const calls: string[] = [];
    const getAdoptionCandidates = jest.fn(() => {
      calls.push('offer');
      return ok<AdoptionCandidates>(CANDIDATES);
    });
    const adoptComponents = jest.fn((decisions: { entityRef: string }[]) => {
      calls.push('adopt');
      return ok({
        adopted: [],
        decided: 0,
        failed: decisions.map(({ entityRef }) => ({
          entityRef,
          message: 'This entity is already imported.',
        })),
      });
    });
    render(
      <PreviewTab
        operations={{ previewCatalog: () => ok(preview), adoptComponents, getAdoptionCandidates }}
        selection={SELECT_ALL}
        onSelection={jest.fn()}
      />,
    );
    const [billing] = await screen.findAllByTestId('row-adoption');
    await act(async () => {
      fireEvent.click(within(billing!).getByRole('button', { name: 'Adopt' }));
    });
    expect(calls).toEqual(['offer', 'adopt']);
    expect(screen.getByText('Could not save the decision')).toBeTruthy();
    expect(screen.getByText('This entity is already imported.')).toBeTruthy();
    expect(billing!.textContent).toMatch(/AdoptCreate new$/);
  });
});
