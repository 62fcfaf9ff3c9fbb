// The dry run: what an import of the current selection would do, as numbers and a browsable list, with
// nothing written.
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { useMemo, useState } from 'react';
import { formatTimestamp } from '../../shared/format-time';
import { Pager } from '../../shared/Pager';
import { pageOf, TABLE_PAGE_SIZE } from '../../shared/paging';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { AdminOperations, PlanItem, ImportPlan } from './admin-operations';
import { PLAN_ACTION_LOZENGES } from './admin-view';
import { ChoiceSelect, type Choice } from './ChoiceSelect';
import { StatusLozenge } from './StatusLozenge';
import { TableHead } from './TableHead';
import { selectionPayload, selectionSummary, type Selection } from './selection';

const ACTIONS = Object.keys(PLAN_ACTION_LOZENGES) as PlanItem['action'][];
const ACTION_CHOICES: Choice<PlanItem['action'] | ''>[] = [
  { value: '', label: 'everything' },
  ...ACTIONS.map((key) => ({ value: key, label: PLAN_ACTION_LOZENGES[key].label })),
];

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
  const [action, setAction] = useState<PlanItem['action'] | ''>('');
  const [offset, setOffset] = useState(0);

  async function run() {
    setRunning(true);
    setError(undefined);
    const answer = await operations.planImport(selectionPayload(selection));
    setRunning(false);
    if (answer.ok) {
      setPlan(answer.value);
      setOffset(0);
    } else setError(answer.error);
  }

  const items = useMemo(
    () => (plan ? plan.items.filter((item) => !action || item.action === action) : []),
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
                appearance={PLAN_ACTION_LOZENGES[key].appearance}
                testId={`plan-count-${key}`}
              >
                {`${plan.counts[key].toLocaleString('en')} ${PLAN_ACTION_LOZENGES[key].label}`}
              </Lozenge>
            ))}
            <Text color="color.text.subtle">{`${plan.withWarnings} with warnings · planned ${formatTimestamp(plan.plannedAt)}`}</Text>
          </Inline>
          {Object.keys(plan.warningsByCode).length > 0 && (
            <Text as="p" testId="plan-warnings">
              {`Warnings: ${Object.entries(plan.warningsByCode)
                .sort(([, a], [, b]) => b - a)
                .map(([code, count]) => `${code} ${count.toLocaleString('en')}`)
                .join(', ')}`}
            </Text>
          )}
          {Object.keys(plan.skippedReasons).length > 0 && (
            <ul data-testid="plan-skipped-reasons">
              {Object.entries(plan.skippedReasons).map(([reason, count]) => (
                <li key={reason}>{`${count} skipped: ${reason}`}</li>
              ))}
            </ul>
          )}
          <Inline space="space.100" alignBlock="center">
            <ChoiceSelect
              label="Show"
              id="plan-action"
              testId="plan-action-filter"
              value={action}
              choices={ACTION_CHOICES}
              onChange={(chosen) => {
                setAction(chosen);
                setOffset(0);
              }}
            />
          </Inline>
          {items.length === 0 ? (
            <Text as="p">Nothing to show.</Text>
          ) : (
            <table data-testid="plan-table">
              <TableHead columns={['Entity', 'Action', 'Compass type', 'Details']} />
              <tbody>
                {pageOf(items, offset, TABLE_PAGE_SIZE).map((item) => (
                  <tr key={item.entityRef}>
                    <td>{item.entityRef}</td>
                    <td>
                      <StatusLozenge look={PLAN_ACTION_LOZENGES[item.action]} />
                    </td>
                    <td>{item.compassType ?? '—'}</td>
                    <td>
                      {[
                        item.reason,
                        item.changedFields?.length ? `changes ${item.changedFields.join(', ')}` : undefined,
                        item.linked ? 'already in Compass: linked, not duplicated' : undefined,
                        ...item.warnings,
                      ]
                        .filter(Boolean)
                        .join('; ') || '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager offset={offset} total={items.length} onOffset={setOffset} testId="plan-pager" />
        </Stack>
      )}
    </Stack>
  );
}
