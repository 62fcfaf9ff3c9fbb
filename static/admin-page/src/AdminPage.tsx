// The Compass admin page for the Backstage import: the connection and the import (always in view), then the
// workflow in tabs: the catalog preview and selection, the mapping, the dry run, the results, the history and the
// scorecard metrics.
import Heading from '@atlaskit/heading';
import { Box, Stack, Text } from '@atlaskit/primitives/compiled';
import Spinner from '@atlaskit/spinner';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { getViewContext } from '../../shared/forge-bridge';
import type { ResolverError } from '../../shared/resolver-call';
import { Tabs } from '../../shared/Tabs';
import { adminOperations, type AdminOperations, type BackstageConnectionView } from './admin-operations';
import { ConnectionSection, isConnected } from './ConnectionSection';
import { DryRunTab } from './DryRunTab';
import { HistoryTab } from './HistoryTab';
import { ImportSection } from './ImportSection';
import { MappingTab } from './MappingTab';
import { PreviewTab } from './PreviewTab';
import { ResultsTab } from './ResultsTab';
import { SELECT_ALL, type Selection } from './selection';
import { useImportStatus } from './use-import-status';

// Loaded when first opened: its Atlaskit select, table and toggle stay out of the page's first load.
const MetricsTab = lazy(() => import('./MetricsTab').then((module) => ({ default: module.MetricsTab })));

type TabKey = 'catalog' | 'mapping' | 'dry-run' | 'results' | 'history' | 'metrics';
const TABS: { key: TabKey; label: string }[] = [
  { key: 'catalog', label: 'Catalog' },
  { key: 'mapping', label: 'Mapping' },
  { key: 'dry-run', label: 'Dry run' },
  { key: 'results', label: 'Results' },
  { key: 'history', label: 'History' },
  { key: 'metrics', label: 'Metrics' },
];

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
  const [selection, setSelection] = useState<Selection>(SELECT_ALL);
  const [importable, setImportable] = useState<number>();
  // The mapping decides what is imported and how: a saved change refreshes what depends on it.
  const [mappingVersion, setMappingVersion] = useState(0);
  const importStatus = useImportStatus(operations);
  const connected = isConnected(connection);

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
      (context) => setSiteUrl(context.siteUrl),
      () => undefined,
    );
  }, [givenSiteUrl]);

  const onImportable = useCallback((count: number) => setImportable(count), []);
  const { status } = importStatus;

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
          <ConnectionSection
            operations={operations}
            connection={connection}
            loadError={connectionError}
            onSaved={(saved) => {
              setConnection(saved);
              setConnectionError(undefined);
            }}
          />
          <ImportSection
            operations={operations}
            connected={connected}
            importStatus={importStatus}
            selection={selection}
            importable={importable}
          />
          {connected && (
            <Tabs id="admin" label="Import workflow" tabs={TABS} selected={tab} onSelect={setTab}>
              {tab === 'catalog' && (
                <PreviewTab
                  key={mappingVersion}
                  operations={operations}
                  selection={selection}
                  onSelection={setSelection}
                  onImportable={onImportable}
                />
              )}
              {tab === 'mapping' && (
                <MappingTab
                  operations={operations}
                  onSaved={() => setMappingVersion((version) => version + 1)}
                />
              )}
              {tab === 'dry-run' && <DryRunTab operations={operations} selection={selection} />}
              {tab === 'results' && (
                <ResultsTab
                  operations={operations}
                  status={status}
                  siteUrl={siteUrl}
                  onRetried={() => void importStatus.refresh()}
                />
              )}
              {tab === 'history' && (
                <HistoryTab operations={operations} refreshKey={`${status?.runId}:${status?.state}`} />
              )}
              {tab === 'metrics' && (
                <Suspense fallback={<Spinner size="medium" label="Loading the metrics" />}>
                  <MetricsTab key={`${status?.runId}:${status?.state}`} operations={operations} />
                </Suspense>
              )}
            </Tabs>
          )}
        </Stack>
      </div>
    </Box>
  );
}
