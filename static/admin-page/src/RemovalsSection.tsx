// The imported entities Backstage no longer serves and what the policy did to each; when the circuit breaker refused
// the last run's removals, why (in the app's words, with the figures) and "Apply anyway", after a confirmation.
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { useEffect, useState } from 'react';
import { formatTimestamp } from '../../shared/format-time';
import { removalPolicyTitle } from '../../shared/plain-words';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { AdminOperations, RemovalsView } from './admin-operations';
import { EntityRefText } from './EntityRefText';
import { breakerTitle, removalActionTitle, removalsSummary, type Breaker } from './sync-view';

const ACTION_APPEARANCES = { reported: 'default', marked: 'moved', held: 'removed' } as const;

const HEAD = {
  cells: [
    { key: 'component', content: 'Component' },
    { key: 'entity', content: 'Backstage entity' },
    { key: 'since', content: 'Gone since' },
    { key: 'action', content: 'What was done' },
  ],
};

export function RemovalsSection({
  operations,
  onStarted,
  running,
}: {
  operations: Pick<AdminOperations, 'getRemovals' | 'applyRemovals'>;
  onStarted: () => void;
  running: boolean;
}) {
  const [view, setView] = useState<RemovalsView>();
  const [error, setError] = useState<{ title: string; error: ResolverError }>();
  const [applied, setApplied] = useState(false);

  useEffect(() => {
    let current = true;
    void operations.getRemovals({ limit: 100 }).then((answer) => {
      if (!current) return;
      if (answer.ok) setView(answer.value);
      else setError({ title: 'Could not read the removed entities', error: answer.error });
    });
    return () => {
      current = false;
    };
  }, [operations]);

  async function applyAnyway() {
    setError(undefined);
    const answer = await operations.applyRemovals();
    if (!answer.ok) {
      setError({ title: 'Could not apply the removals', error: answer.error });
      return;
    }
    setApplied(true);
    onStarted();
  }

  return (
    <Stack space="space.200" testId="removals">
      <Heading size="small" as="h3">
        Removed from Backstage
      </Heading>
      {error && <ResolverErrorMessage title={error.title} error={error.error} />}
      {!view && !error && <Spinner size="small" label="Reading the removed entities" />}
      {view?.breaker && (
        <BreakerRefusal
          breaker={view.breaker}
          policy={view.policy}
          applied={applied}
          running={running}
          onApply={applyAnyway}
        />
      )}
      {view && (
        <>
          <Text as="p" testId="removals-summary">
            {removalsSummary(view)}
          </Text>
          {view.removed.length > 0 && (
            <div data-testid="removals-table">
              <DynamicTable
                label="Entities no longer in Backstage"
                head={HEAD}
                rows={view.removed.map((entry) => ({
                  key: entry.entityRef,
                  ...({ 'data-entity-ref': entry.entityRef } as object),
                  cells: [
                    { key: 'component', content: entry.name ?? '—' },
                    { key: 'entity', content: <EntityRefText entityRef={entry.entityRef} /> },
                    { key: 'since', content: formatTimestamp(entry.since) },
                    {
                      key: 'action',
                      content: (
                        <Lozenge appearance={ACTION_APPEARANCES[entry.action] ?? 'default'}>
                          {removalActionTitle(entry.action)}
                        </Lozenge>
                      ),
                    },
                  ],
                }))}
                rowsPerPage={20}
              />
              {view.total > view.removed.length && (
                <Text size="small" color="color.text.subtle">
                  {`The first ${view.removed.length.toLocaleString('en')} of ${view.total.toLocaleString('en')} are listed.`}
                </Text>
              )}
            </div>
          )}
        </>
      )}
    </Stack>
  );
}

function BreakerRefusal({
  breaker,
  policy,
  applied,
  running,
  onApply,
}: {
  breaker: Breaker;
  policy: RemovalsView['policy'];
  applied: boolean;
  running: boolean;
  onApply: () => Promise<void>;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <SectionMessage appearance="warning" title={breakerTitle(breaker)} testId="breaker">
      <Stack space="space.100">
        <Text as="p" testId="breaker-message">
          {breaker.message}
        </Text>
        <Text as="p" size="small" color="color.text.subtle">
          {`Checked by the run of ${formatTimestamp(breaker.at)}.`}
        </Text>
        {applied ? (
          <Text as="p" testId="removals-applying">
            A sync that applies the removals has started.
          </Text>
        ) : breaker.canApplyAnyway && !confirming ? (
          <Inline>
            <Button testId="apply-anyway" isDisabled={running} onClick={() => setConfirming(true)}>
              Apply anyway
            </Button>
          </Inline>
        ) : breaker.canApplyAnyway ? (
          <Stack space="space.100" testId="apply-anyway-confirm">
            <Text as="p" weight="medium">
              {`Apply the removals once, as the policy says (${removalPolicyTitle(policy)})? Only do this if the entities were really removed from Backstage.`}
            </Text>
            <Inline space="space.100">
              <Button
                appearance="warning"
                testId="apply-anyway-confirmed"
                isLoading={busy}
                isDisabled={running}
                onClick={() => {
                  setBusy(true);
                  void onApply().finally(() => {
                    setBusy(false);
                    setConfirming(false);
                  });
                }}
              >
                Yes, apply the removals
              </Button>
              <Button appearance="subtle" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </Inline>
          </Stack>
        ) : null}
      </Stack>
    </SectionMessage>
  );
}
