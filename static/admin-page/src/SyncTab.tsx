// The Sync tab: how Compass stays true to Backstage after the import. The schedule, what happens to a component
// whose entity left Backstage and the circuit breaker's threshold, Sync now and what the last sync did; then the
// removed entities (with the breaker's refusal and "Apply anyway"), existing components to adopt, the drift report
// and the export. Loaded when first opened, like the Metrics tab.
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import { Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import Spinner from '@atlaskit/spinner';
import { useEffect, useState } from 'react';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { AdminOperations, ImportStatus, SyncSettings, SyncSettingsView } from './admin-operations';
import { AdoptionSection } from './AdoptionSection';
import { DriftSection } from './DriftSection';
import { ExportSection } from './ExportSection';
import { RemovalsSection } from './RemovalsSection';
import {
  lastSyncCounts,
  lastSyncHeadline,
  nextSyncLine,
  policyDescription,
  POLICY_CHOICES,
  scheduleDescription,
  SCHEDULE_CHOICES,
  thresholdChoices,
  type Choice,
} from './sync-view';

export type SyncOperations = Pick<
  AdminOperations,
  | 'getSyncSettings'
  | 'saveSyncSettings'
  | 'runSyncNow'
  | 'getRemovals'
  | 'applyRemovals'
  | 'getAdoptionCandidates'
  | 'adoptComponents'
  | 'exportMapping'
  | 'getDrift'
  | 'resolveDrift'
  | 'searchTeams'
>;

export interface SyncTabProps {
  operations: SyncOperations;
  /** The import status the page polls: a running run disables Sync now. */
  status?: ImportStatus;
  /** A sync was started: the page reads the status again (and shows the progress). */
  onStarted: () => void;
  /** The Compass site's address, for the components' URLs in the exported files. */
  siteUrl?: string;
}

type Draft = Pick<SyncSettings, 'schedule' | 'removalPolicy' | 'deleteConfirmed' | 'maxRemovalShare'>;

function draftOf(settings: SyncSettings): Draft {
  const { schedule, removalPolicy, deleteConfirmed, maxRemovalShare } = settings;
  return { schedule, removalPolicy, deleteConfirmed, maxRemovalShare };
}

const sameDraft = (a: Draft, b: Draft) =>
  a.schedule === b.schedule &&
  a.removalPolicy === b.removalPolicy &&
  a.deleteConfirmed === b.deleteConfirmed &&
  a.maxRemovalShare === b.maxRemovalShare;

export function SyncTab({ operations, status, onStarted, siteUrl }: SyncTabProps) {
  const [view, setView] = useState<SyncSettingsView>();
  const [draft, setDraft] = useState<Draft>();
  const [loadError, setLoadError] = useState<ResolverError>();
  const [actionError, setActionError] = useState<{ title: string; error: ResolverError }>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState<'saving' | 'syncing'>();

  useEffect(() => {
    let current = true;
    void operations.getSyncSettings().then((answer) => {
      if (!current) return;
      if (answer.ok) {
        setView(answer.value);
        setDraft(draftOf(answer.value.settings));
      } else setLoadError(answer.error);
    });
    return () => {
      current = false;
    };
  }, [operations]);

  if (loadError) return <ResolverErrorMessage title="Could not read the sync settings" error={loadError} />;
  if (!view || !draft) return <Spinner size="medium" label="Loading the sync settings" />;

  const changed = !sameDraft(draft, draftOf(view.settings));
  const running = status?.state === 'running' && status.stale !== true;

  async function save() {
    if (!draft) return;
    setBusy('saving');
    setActionError(undefined);
    setNotice(undefined);
    const answer = await operations.saveSyncSettings(draft);
    setBusy(undefined);
    if (!answer.ok) {
      setActionError({ title: 'Could not save the sync settings', error: answer.error });
      return;
    }
    setView(answer.value);
    setDraft(draftOf(answer.value.settings));
    setNotice('The sync settings are saved.');
  }

  async function syncNow() {
    setBusy('syncing');
    setActionError(undefined);
    setNotice(undefined);
    const answer = await operations.runSyncNow();
    setBusy(undefined);
    if (!answer.ok) {
      setActionError({
        title:
          answer.error.code === 'not-imported-yet'
            ? 'Nothing to sync yet: import first'
            : 'Could not start the sync',
        error: answer.error,
      });
      return;
    }
    setNotice('The sync started: its progress shows under Import below, its results in Results.');
    onStarted();
  }

  const counts = lastSyncCounts(view.lastSync);
  const next = nextSyncLine(view);

  return (
    <Stack space="space.400" testId="sync">
      <Text as="p" color="color.text.subtle">
        After the import, a sync keeps Compass true to Backstage: it lists the catalog with only what shows a
        change, reads in full only the entities that changed, and writes only what changed.
      </Text>
      {actionError && <ResolverErrorMessage title={actionError.title} error={actionError.error} />}
      {notice && (
        <Text as="p" testId="sync-notice">
          {notice}
        </Text>
      )}
      <Stack space="space.100" testId="last-sync">
        <Text as="p" weight="medium" testId="last-sync-headline">
          {lastSyncHeadline(view.lastSync)}
        </Text>
        {counts && (
          <Text as="p" testId="last-sync-counts">
            {counts}
          </Text>
        )}
        {next && (
          <Text as="p" color="color.text.subtle" testId="next-sync">
            {next}
          </Text>
        )}
      </Stack>
      <Stack space="space.200" testId="sync-settings">
        <Heading size="small" as="h3">
          Schedule and removals
        </Heading>
        <SettingSelect
          id="sync-schedule"
          label="Sync"
          choices={SCHEDULE_CHOICES}
          value={draft.schedule}
          onChange={(schedule) => setDraft({ ...draft, schedule })}
          description={scheduleDescription(draft.schedule)}
        />
        <SettingSelect
          id="removal-policy"
          label="When an entity is no longer in Backstage"
          choices={POLICY_CHOICES}
          value={draft.removalPolicy}
          onChange={(removalPolicy) =>
            setDraft({
              ...draft,
              removalPolicy,
              deleteConfirmed: removalPolicy === 'delete' && draft.deleteConfirmed,
            })
          }
          description={policyDescription(draft.removalPolicy, draft.deleteConfirmed)}
        />
        {draft.removalPolicy === 'delete' && (
          <Checkbox
            testId="confirm-delete"
            isChecked={draft.deleteConfirmed}
            onChange={() => setDraft({ ...draft, deleteConfirmed: !draft.deleteConfirmed })}
            label="Yes, delete the components of removed entities from Compass"
          />
        )}
        <SettingSelect
          id="removal-threshold"
          label="Stop every removal when more than this share of the imported entities would go"
          choices={thresholdChoices(draft.maxRemovalShare)}
          value={String(draft.maxRemovalShare)}
          onChange={(share) => setDraft({ ...draft, maxRemovalShare: Number(share) })}
          description="The circuit breaker: a catalog that loses many entities at once is more often a Backstage that is still loading than a real clean-up. A catalog read that was incomplete never removes anything."
        />
        <Inline space="space.100">
          <Button
            appearance={changed ? 'primary' : 'default'}
            testId="save-sync-settings"
            isDisabled={!changed || busy !== undefined}
            isLoading={busy === 'saving'}
            onClick={() => void save()}
          >
            Save sync settings
          </Button>
          <Button
            appearance={changed ? 'default' : 'primary'}
            testId="sync-now"
            isDisabled={running || busy !== undefined}
            isLoading={busy === 'syncing'}
            onClick={() => void syncNow()}
          >
            Sync now
          </Button>
          {running && (
            <Text color="color.text.subtle" testId="sync-running">
              A run is going: Sync now waits until it ends.
            </Text>
          )}
        </Inline>
      </Stack>
      <RemovalsSection operations={operations} onStarted={onStarted} running={running} />
      <AdoptionSection operations={operations} />
      <DriftSection operations={operations} />
      <ExportSection operations={operations} siteUrl={siteUrl} />
    </Stack>
  );
}

function SettingSelect<T extends string>({
  id,
  label,
  choices,
  value,
  onChange,
  description,
}: {
  id: string;
  label: string;
  choices: Choice<T>[];
  value: T;
  onChange: (value: T) => void;
  description: string;
}) {
  return (
    <Stack space="space.050">
      <Label htmlFor={id}>{label}</Label>
      <div style={{ width: 240 }} data-testid={id}>
        <Select<Choice<T>>
          inputId={id}
          options={choices}
          value={choices.find((choice) => choice.value === value)}
          onChange={(choice) => choice && onChange(choice.value)}
        />
      </div>
      <Text size="small" color="color.text.subtle" testId={`${id}-description`}>
        {description}
      </Text>
    </Stack>
  );
}
