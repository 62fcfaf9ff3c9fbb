// The Compass admin page for the Backstage import, as a guided flow: the steps (Connect -> Map -> Dry run ->
// Import), the connection, the workflow in tabs (the catalog preview and selection, the mapping, the dry run, the
// results, the history, the scorecard metrics and the sync), then the import, after the dry run as in the flow.
import Heading from '@atlaskit/heading';
import { Box, Stack, Text } from '@atlaskit/primitives/compiled';
import Spinner from '@atlaskit/spinner';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { getViewContext } from '../../shared/forge-bridge';
import { compassSiteUrl } from '../../shared/compass-links';
import type { ResolverError } from '../../shared/resolver-call';
import { adminOperations, type AdminOperations, type BackstageConnectionView } from './admin-operations';
import { ConnectionSection } from './ConnectionSection';
import { DryRunTab } from './DryRunTab';
import { HistoryTab } from './HistoryTab';
import { ImportGuide } from './ImportGuide';
import { isConnected, isVerified, unmappedOwners, type GuideStep, type UnmappedOwners } from './import-guide';
import { ImportSection } from './ImportSection';
import { MappingTab } from './MappingTab';
import { PreviewTab } from './PreviewTab';
import { ResultsTab } from './ResultsTab';
import { SELECT_ALL, type Selection } from './selection';
import { useImportStatus } from './use-import-status';

// Loaded when first opened: its Atlaskit select, table and toggle stay out of the page's first load.
const MetricsTab = lazy(() => import('./MetricsTab').then((module) => ({ default: module.MetricsTab })));
const SyncTab = lazy(() => import('./SyncTab').then((module) => ({ default: module.SyncTab })));

type TabKey = 'catalog' | 'mapping' | 'dry-run' | 'results' | 'history' | 'metrics' | 'sync';
const TABS: { key: TabKey; label: string }[] = [
  { key: 'catalog', label: 'Catalog' },
  { key: 'mapping', label: 'Mapping' },
  { key: 'dry-run', label: 'Dry run' },
  { key: 'results', label: 'Results' },
  { key: 'history', label: 'History' },
  { key: 'metrics', label: 'Metrics' },
  { key: 'sync', label: 'Sync' },
];
/** Tabs with a primary action of their own (save the mapping, run the dry run, save a metric): Start import is not. */
const TABS_WITH_THEIR_OWN_ACTION: ReadonlySet<TabKey> = new Set(['mapping', 'dry-run', 'metrics', 'sync']);

export interface AdminPageProps {
  operations?: AdminOperations;
  /** The Compass site's URL for component links; read from the Forge view context when absent. */
  siteUrl?: string;
}

export function AdminPage({ operations = adminOperations, siteUrl: givenSiteUrl }: AdminPageProps) {
  const [connection, setConnection] = useState<BackstageConnectionView>();
  const [connectionError, setConnectionError] = useState<ResolverError>();
  const [siteUrl, setSiteUrl] = useState(givenSiteUrl);
  const [tab, setTab] = useState<TabKey>('catalog');
  const [opened, setOpened] = useState<ReadonlySet<TabKey>>(new Set(['catalog']));
  const [selection, setSelection] = useState<Selection>(SELECT_ALL);
  const [importable, setImportable] = useState<number>();
  const [unmapped, setUnmapped] = useState<UnmappedOwners>();
  const [editingConnection, setEditingConnection] = useState(false);
  // The mapping decides what is imported and how: a saved change refreshes what depends on it.
  const [mappingVersion, setMappingVersion] = useState(0);
  const importSection = useRef<HTMLDivElement>(null);
  const importStatus = useImportStatus(operations);
  const connected = isConnected(connection);
  const verified = isVerified(connection);

  useEffect(() => {
    let current = true;
    void operations.getConnection().then((result) => {
      if (!current) return;
      if (result.ok) setConnection(result.value);
      else setConnectionError(result.error);
    });
    return () => {
      current = false;
    };
  }, [operations]);

  useEffect(() => {
    if (givenSiteUrl) return;
    // Outside Forge there is no context and no links; the rest of the page works the same.
    getViewContext().then(
      (context) => setSiteUrl(compassSiteUrl(context.siteUrl)),
      () => setSiteUrl(compassSiteUrl(undefined)),
    );
  }, [givenSiteUrl]);

  // The Map step's count: owners of imported entities with no Compass team yet (the Mapping tab lists them).
  useEffect(() => {
    if (!verified) return;
    let current = true;
    void operations.searchTeams({ query: '', limit: 1, owners: true }).then((result) => {
      if (current && result.ok && result.value.owners) setUnmapped(unmappedOwners(result.value.owners));
    });
    return () => {
      current = false;
    };
  }, [operations, verified, mappingVersion]);

  const selectTab = useCallback((key: TabKey) => {
    setTab(key);
    setOpened((previous) => (previous.has(key) ? previous : new Set([...previous, key])));
  }, []);

  const openStep = useCallback(
    (step: GuideStep) => {
      if (step === 'map') selectTab('mapping');
      else if (step === 'dry-run') selectTab('dry-run');
      else if (step === 'import') importSection.current?.scrollIntoView({ block: 'start' });
    },
    [selectTab],
  );

  const onImportable = useCallback((count: number) => setImportable(count), []);
  const { status } = importStatus;

  const panel = (key: TabKey): ReactNode => {
    switch (key) {
      case 'catalog':
        return (
          <PreviewTab
            key={mappingVersion}
            operations={operations}
            selection={selection}
            onSelection={setSelection}
            onImportable={onImportable}
          />
        );
      case 'mapping':
        return (
          <MappingTab operations={operations} onSaved={() => setMappingVersion((version) => version + 1)} />
        );
      case 'dry-run':
        return <DryRunTab operations={operations} selection={selection} />;
      case 'results':
        return (
          <ResultsTab
            operations={operations}
            status={status}
            siteUrl={siteUrl}
            onRetried={() => void importStatus.refresh()}
          />
        );
      case 'history':
        return <HistoryTab operations={operations} refreshKey={`${status?.runId}:${status?.state}`} />;
      case 'metrics':
        return (
          <Suspense fallback={<Spinner size="medium" label="Loading the metrics" />}>
            <MetricsTab key={`${status?.runId}:${status?.state}`} operations={operations} />
          </Suspense>
        );
      case 'sync':
        return (
          <Suspense fallback={<Spinner size="medium" label="Loading the sync settings" />}>
            <SyncTab
              key={`${status?.runId}:${status?.state}`}
              operations={operations}
              status={status}
              siteUrl={siteUrl}
              onStarted={() => void importStatus.refresh()}
            />
          </Suspense>
        );
    }
  };

  return (
    <Box as="main" padding="space.300">
      <div style={{ maxWidth: 1120 }}>
        <Stack space="space.400">
          <Stack space="space.100">
            <Heading size="large" as="h1">
              Backstage import
            </Heading>
            <Text as="p" color="color.text.subtle">
              Bring your Backstage software catalog into Compass: components, APIs and resources with their
              owners, links and dependencies.
            </Text>
          </Stack>
          <ImportGuide
            facts={{
              connection,
              unmapped,
              mappingOpened: opened.has('mapping'),
              dryRunOpened: opened.has('dry-run'),
              status,
            }}
            onOpen={openStep}
          />
          <ConnectionSection
            operations={operations}
            connection={connection}
            loadError={connectionError}
            onSaved={(saved) => {
              setConnection(saved);
              setConnectionError(undefined);
            }}
            onEditing={setEditingConnection}
            onTested={(result) =>
              setConnection(
                (saved) => saved && { ...saved, lastTest: { ok: result.ok, checkedAt: result.checkedAt } },
              )
            }
          />
          {connected && (
            <Tabs
              id="admin"
              selected={TABS.findIndex((item) => item.key === tab)}
              onChange={(index) => selectTab(TABS[index]!.key)}
            >
              <TabList>
                {TABS.map((item) => (
                  <Tab key={item.key} testId={`tab-${item.key}`}>
                    {item.label}
                  </Tab>
                ))}
              </TabList>
              {TABS.map((item) => (
                <TabPanel key={item.key} testId={`panel-${item.key}`}>
                  <Box paddingBlockStart="space.200" style={{ width: '100%' }}>
                    {tab === item.key && panel(item.key)}
                  </Box>
                </TabPanel>
              ))}
            </Tabs>
          )}
          <div ref={importSection}>
            <ImportSection
              operations={operations}
              connected={connected}
              verified={verified}
              primary={verified && !editingConnection && !TABS_WITH_THEIR_OWN_ACTION.has(tab)}
              importStatus={importStatus}
              siteUrl={siteUrl}
              onOpenResults={() => selectTab('results')}
              selection={selection}
              importable={importable}
            />
          </div>
        </Stack>
      </div>
    </Box>
  );
}
