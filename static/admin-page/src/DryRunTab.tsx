// The dry run: what an import of the current selection would do, as numbers and a browsable list, with
// nothing written. Warnings and Compass types read in words (shared/plain-words), never as codes.
import Badge from '@atlaskit/badge';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { useMemo, useState } from 'react';
import { formatTimestamp } from '../../shared/format-time';
import { compassTypeTitle } from '../../shared/plain-words';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { AdminOperations, ImportPlan, PlanItem } from './admin-operations';
import { PLAN_ACTION_LOZENGES, planItemDetails, warningTotals } from './admin-view';
import { countAppearance } from './import-status-view';
import { selectionPayload, selectionSummary, type Selection } from './selection';
import { TABLE_PAGE_SIZE } from '../../shared/paging';
import { ShowFilter, showChoices } from './ShowFilter';

/** Rows the plan's table shows per page (Atlaskit's paging). */

const ACTIONS = Object.keys(PLAN_ACTION_LOZENGES) as PlanItem['action'][];
const ACTION_CHOICES = showChoices(PLAN_ACTION_LOZENGES, 'Everything');

const PLAN_HEAD = {
  cells: [
    { key: 'entity', content: 'Entity', isSortable: true, width: 34 },
    { key: 'action', content: 'Action', isSortable: true, width: 12 },
    { key: 'type', content: 'Compass type', isSortable: true, width: 16 },
    { key: 'details', content: 'Details' },
  ],
};

export function DryRunTab({
  operations,
  selection,
}: {
  operations: Pick<AdminOperations, 'planImport'>;
  selection: Selection;
}) {
  const [plan, setPlan] = useState<ImportPlan>();
  const [error, setError] = useState<ResolverError>();
  const [running, setRunning] = useState(false);
  const [action, setAction] = useState(ACTION_CHOICES[0]!);

  async function run() {
    setRunning(true);
    setError(undefined);
    const answer = await operations.planImport(selectionPayload(selection));
    setRunning(false);
    if (answer.ok) setPlan(answer.value);
    else setError(answer.error);
  }

  const rows = useMemo(
    () =>
      (plan?.items ?? [])
        .filter((item) => action.value === 'all' || item.action === action.value)
        .map((item) => {
          const look = PLAN_ACTION_LOZENGES[item.action];
          const type = item.compassType ? compassTypeTitle(item.compassType) : '';
          const details = planItemDetails(item);
          return {
            key: item.entityRef,
            cells: [
              {
                key: item.entityRef,
                content: <span style={{ overflowWrap: 'anywhere' }}>{item.entityRef}</span>,
              },
              { key: look.label, content: <Lozenge appearance={look.appearance}>{look.label}</Lozenge> },
              { key: type, content: type || '—' },
              { content: details.length > 0 ? details.join('; ') : '—' },
            ],
          };
        }),
    [plan, action],
  );

  return (
    <Stack space="space.200" testId="dry-run">
      <Inline space="space.150" alignBlock="center">
        <Button appearance="primary" testId="run-dry-run" isLoading={running} onClick={() => void run()}>
          Run dry run
        </Button>
        <Text color="color.text.subtle">{`${selectionSummary(selection)}. Nothing is written.`}</Text>
      </Inline>
      {error && <ResolverErrorMessage title="Could not plan the import" error={error} />}
      {plan && (
        <Stack space="space.150">
          <Inline space="space.100" shouldWrap alignBlock="center" testId="plan-counts">
            <Text weight="medium">{`${plan.total.toLocaleString('en')} entities:`}</Text>
            {ACTIONS.map((key) => (
              <Lozenge
                key={key}
                appearance={countAppearance(plan.counts[key], PLAN_ACTION_LOZENGES[key].appearance)}
                testId={`plan-count-${key}`}
              >
                {`${plan.counts[key].toLocaleString('en')} ${PLAN_ACTION_LOZENGES[key].label}`}
              </Lozenge>
            ))}
            <Text color="color.text.subtle">{`planned ${formatTimestamp(plan.plannedAt)}`}</Text>
          </Inline>
          {plan.withWarnings > 0 && (
            <SectionMessage
              appearance="warning"
              title={`${plan.withWarnings.toLocaleString('en')} ${plan.withWarnings === 1 ? 'entity has' : 'entities have'} warnings`}
              testId="plan-warnings"
            >
              <Inline as="ul" space="space.150" shouldWrap>
                {warningTotals(plan.warningsByCode).map(([title, count]) => (
                  <Inline as="li" key={title} space="space.050" alignBlock="center">
                    <Text>{title}</Text>
                    <Badge>{count}</Badge>
                  </Inline>
                ))}
              </Inline>
            </SectionMessage>
          )}
          {Object.keys(plan.skippedReasons).length > 0 && (
            <Stack as="ul" space="space.050" testId="plan-skipped-reasons">
              {Object.entries(plan.skippedReasons).map(([reason, count]) => (
                <Box as="li" key={reason}>
                  <Text>{`${count.toLocaleString('en')} skipped: ${reason}`}</Text>
                </Box>
              ))}
            </Stack>
          )}
          <Inline space="space.100" alignBlock="center">
            <ShowFilter
              inputId="plan-action"
              testId="plan-action-filter"
              choices={ACTION_CHOICES}
              value={action}
              onChange={setAction}
            />
          </Inline>
          <div data-testid="plan-table">
            <DynamicTable
              head={PLAN_HEAD}
              rows={rows}
              rowsPerPage={TABLE_PAGE_SIZE}
              isLoading={running}
              loadingLabel="Planning the import"
              label="What the import would do, entity by entity"
              testId="plan"
              emptyView={<EmptyState header="Nothing to show" description="No entity has this action." />}
            />
          </div>
        </Stack>
      )}
    </Stack>
  );
}
