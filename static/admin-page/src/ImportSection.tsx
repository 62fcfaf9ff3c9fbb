// The import, the guided flow's last step: its state, a progress bar with counts (polled while it runs), Start and
// Cancel, what a finished run did, and what a run that removed nothing held back, with the admin's way to apply it.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { useState } from 'react';
import { formatTimestamp } from '../../shared/format-time';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { AdminOperations, ImportStatus } from './admin-operations';
import {
  canApplyHeldRemovals,
  heldRemovalsSummary,
  outcomeCounts,
  phaseLabel,
  progressFraction,
  progressSummary,
  stateLozenge,
} from './import-status-view';
import { RunSummary } from './RunSummary';
import { canImport, selectionPayload, selectionSummary, SELECT_ALL, type Selection } from './selection';
import type { ImportStatusState } from './use-import-status';

export interface ImportSectionProps {
  operations: Pick<AdminOperations, 'startImport' | 'cancelImport' | 'getImportResults'>;
  /** A connection is saved. */
  connected: boolean;
  /** Its last test passed: only then may an import start. */
  verified: boolean;
  /** Start import is the screen's one primary action (no open tab or form has its own). */
  primary: boolean;
  importStatus: ImportStatusState;
  siteUrl: string | undefined;
  onOpenResults: () => void;
  /** What Start import imports; everything when absent. */
  selection?: Selection;
  /** Entities of an imported kind in the catalog, when known. */
  importable?: number;
}

export function ImportSection({
  operations,
  connected,
  verified,
  primary,
  importStatus,
  siteUrl,
  onOpenResults,
  selection = SELECT_ALL,
  importable,
}: ImportSectionProps) {
  const { status, error: readError, refresh, show } = importStatus;
  const [busy, setBusy] = useState<'starting' | 'cancelling'>();
  const [actionError, setActionError] = useState<{ title: string; error: ResolverError }>();
  const running = status?.state === 'running';
  // A stale run is resumed by starting it again.
  const canStart =
    verified && (!running || status?.stale === true) && busy === undefined && canImport(selection);

  async function start(applyRemovals = false) {
    setBusy('starting');
    setActionError(undefined);
    const result = await operations.startImport(selectionPayload(selection), { applyRemovals });
    if (!result.ok) setActionError({ title: 'Could not start the import', error: result.error });
    await refresh();
    setBusy(undefined);
  }

  async function cancel() {
    setBusy('cancelling');
    setActionError(undefined);
    const result = await operations.cancelImport();
    if (result.ok) show(result.value);
    else setActionError({ title: 'Could not cancel the import', error: result.error });
    setBusy(undefined);
  }

  return (
    <section aria-labelledby="import-heading" data-testid="import-section">
      <Stack space="space.200">
        <Heading size="medium" as="h2" id="import-heading">
          Import
        </Heading>
        {actionError && <ResolverErrorMessage title={actionError.title} error={actionError.error} />}
        {readError && <ResolverErrorMessage title="Could not read the import status" error={readError} />}
        {status === undefined && !readError && <Spinner size="medium" label="Loading the import status" />}
        {status && <ImportProgress status={status} />}
        {status && (status.state === 'done' || status.state === 'failed' || status.state === 'cancelled') && (
          <RunSummary
            operations={operations}
            status={status}
            siteUrl={siteUrl}
            onOpenResults={onOpenResults}
          />
        )}
        {status?.removalsHeld && (
          <RemovalsHeld
            status={status}
            canApply={canStart && canApplyHeldRemovals(status)}
            onApply={() => void start(true)}
          />
        )}
        <Inline space="space.100" alignBlock="center">
          <Button
            appearance={primary && canStart ? 'primary' : 'default'}
            testId="start-import"
            isDisabled={!canStart}
            isLoading={busy === 'starting'}
            onClick={() => void start()}
          >
            Start import
          </Button>
          {running && (
            <Button
              testId="cancel-import"
              isDisabled={busy !== undefined}
              isLoading={busy === 'cancelling'}
              onClick={() => void cancel()}
            >
              Cancel
            </Button>
          )}
          {!connected ? (
            <Text color="color.text.subtle" testId="start-import-hint">
              Save a Backstage connection first.
            </Text>
          ) : !verified ? (
            <Text color="color.text.subtle" testId="start-import-hint">
              Test the Backstage connection first: Start import waits until a test passes.
            </Text>
          ) : (
            <Text color="color.text.subtle" testId="import-selection">
              {canImport(selection)
                ? selectionSummary(selection, importable)
                : 'Nothing selected: pick entities in the catalog, or select all.'}
            </Text>
          )}
        </Inline>
      </Stack>
    </section>
  );
}

function ImportProgress({ status }: { status: ImportStatus }) {
  const lozenge = stateLozenge(status.state);
  const fraction = progressFraction(status);
  const phase = status.state === 'running' ? phaseLabel(status.phase) : undefined;

  return (
    <Stack space="space.150" testId="import-status">
      <Inline space="space.100" alignBlock="center">
        <Lozenge appearance={lozenge.appearance} isBold testId="import-state">
          {lozenge.label}
        </Lozenge>
        <Text testId="import-progress-summary">{progressSummary(status)}</Text>
        {phase && <Text color="color.text.subtle">({phase})</Text>}
      </Inline>
      {status.state !== 'idle' && (
        <ProgressBar
          ariaLabel="Import progress"
          value={fraction ?? 0}
          isIndeterminate={fraction === undefined}
          appearance={status.state === 'done' ? 'success' : 'default'}
          testId="import-progress"
        />
      )}
      {status.state !== 'idle' && (
        <Inline space="space.100" shouldWrap testId="import-counts">
          {outcomeCounts(status).map((outcome) => (
            <Lozenge
              key={outcome.key}
              // A zero is nothing to look at: neutral, never a red "0 failed".
              appearance={outcome.count === 0 ? 'default' : outcome.appearance}
              testId={`import-count-${outcome.key}`}
            >
              {`${outcome.count.toLocaleString('en')} ${outcome.label}`}
            </Lozenge>
          ))}
        </Inline>
      )}
      {status.startedAt && (
        <Text as="p" color="color.text.subtle" size="small">
          {`Started ${formatTimestamp(status.startedAt)}`}
          {status.finishedAt ? `, finished ${formatTimestamp(status.finishedAt)}` : ''}
        </Text>
      )}
      {status.stale && (
        <SectionMessage appearance="warning" title="No progress for a while">
          <p>
            This import has not moved for some minutes. Start the import again to resume it where it stopped.
          </p>
        </SectionMessage>
      )}
      {status.error && (
        <SectionMessage
          appearance={status.state === 'failed' ? 'error' : 'warning'}
          title="The import reported a problem"
        >
          <p>{status.error}</p>
        </SectionMessage>
      )}
    </Stack>
  );
}

/** A run that removed nothing because its catalog read may have been incomplete: why, and what it held back. */
function RemovalsHeld({
  status,
  canApply,
  onApply,
}: {
  status: ImportStatus;
  canApply: boolean;
  onApply: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const held = heldRemovalsSummary(status);
  return (
    <SectionMessage appearance="warning" title="Nothing was removed" testId="removals-held">
      <Stack space="space.100">
        <Text as="p">{status.removalsHeld?.message}</Text>
        {held && <Text as="p">{held}</Text>}
        {canApply && !confirming && (
          <Inline>
            <Button onClick={() => setConfirming(true)}>Import again and apply removals</Button>
          </Inline>
        )}
        {canApply && confirming && (
          <Stack space="space.100" testId="apply-removals-confirm">
            <Text as="p" weight="bold">
              Apply only if the entities were really deleted from Backstage: the new import removes from
              Compass the relationships Backstage no longer has.
            </Text>
            <Inline space="space.100">
              <Button
                appearance="warning"
                onClick={() => {
                  setConfirming(false);
                  onApply();
                }}
              >
                Apply the removals
              </Button>
              <Button onClick={() => setConfirming(false)}>Keep them</Button>
            </Inline>
          </Stack>
        )}
      </Stack>
    </SectionMessage>
  );
}
