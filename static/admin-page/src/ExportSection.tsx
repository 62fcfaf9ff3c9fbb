// Export: the mapping (entity, Compass component and its address, name, type, last sync) as CSV or JSON, and a
// compass.yml per imported component in one archive, each saved through the browser's download.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { useState } from 'react';
import { plural } from '../../shared/plain-words';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { AdminOperations, ExportFormat, ExportedFile } from './admin-operations';
import { downloadExportedFile } from './download-file';

const EXPORTS: { format: ExportFormat; label: string }[] = [
  { format: 'csv', label: 'Download CSV' },
  { format: 'json', label: 'Download JSON' },
  { format: 'compass-yml', label: 'Download compass.yml files' },
];

export function ExportSection({
  operations,
  siteUrl,
  download = downloadExportedFile,
}: {
  operations: Pick<AdminOperations, 'exportMapping'>;
  /** The Compass site's address: the files then carry each component's URL. */
  siteUrl?: string;
  /** Saves the file; the browser's download unless a test gives another. */
  download?: (file: ExportedFile) => void;
}) {
  const [busy, setBusy] = useState<ExportFormat>();
  const [error, setError] = useState<ResolverError>();
  const [done, setDone] = useState<string>();

  async function exportAs(format: ExportFormat) {
    setBusy(format);
    setError(undefined);
    setDone(undefined);
    const answer = await operations.exportMapping(format, siteUrl);
    setBusy(undefined);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    download(answer.value);
    setDone(`${answer.value.fileName}: ${plural(answer.value.rows, 'component', 'components')}.`);
  }

  return (
    <Stack space="space.200" testId="export">
      <Heading size="small" as="h3">
        Export
      </Heading>
      <Text as="p" color="color.text.subtle">
        Which Backstage entity each Compass component came from, with its address, name, type and last sync;
        or each component in Compass’s config-as-code format (one compass.yml per component, in a tar
        archive).
      </Text>
      <Inline space="space.100">
        {EXPORTS.map(({ format, label }) => (
          <Button
            key={format}
            testId={`export-${format}`}
            isLoading={busy === format}
            isDisabled={busy !== undefined}
            onClick={() => void exportAs(format)}
          >
            {label}
          </Button>
        ))}
      </Inline>
      {error && <ResolverErrorMessage title="Could not export the mapping" error={error} />}
      {done && (
        <Text as="p" testId="export-done">
          {done}
        </Text>
      )}
    </Stack>
  );
}
