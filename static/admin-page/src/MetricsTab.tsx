// The Metrics tab: the app's scorecard metrics (on or off, unit, how computed, components with a value, remove),
// the Tech Insights checks' metrics in a section of their own, the annotation set Annotation coverage counts, the
// admin's own metrics with a preview on ten entities, the last push and the Backstage catalog health scorecard.
// The import's metrics phase computes and pushes the values.
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { CreatableSelect } from '@atlaskit/select';
import Spinner from '@atlaskit/spinner';
import Toggle from '@atlaskit/toggle';
import { useEffect, useState } from 'react';
import { formatTimestamp } from '../../shared/format-time';
import { plural } from '../../shared/plain-words';
import { CHECKS_PASSED_KEY } from '../../../src/core/metrics/check-metrics';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { AdminOperations, CustomMetric, MetricsView } from './admin-operations';
import { CustomMetricEditor } from './CustomMetricEditor';
import {
  componentsWithValueInWords,
  fieldInWords,
  scorecardInWords,
  unitInWords,
  type MetricView,
} from './metrics-view';

export type MetricsOperations = Pick<
  AdminOperations,
  'getMetrics' | 'saveMetricSettings' | 'previewCustomMetric' | 'createScorecard' | 'removeMetric'
>;

type Answer = Awaited<ReturnType<MetricsOperations['getMetrics']>>;

export function MetricsTab({ operations }: { operations: MetricsOperations }) {
  const [view, setView] = useState<MetricsView>();
  const [loadError, setLoadError] = useState<ResolverError>();
  const [saveError, setSaveError] = useState<{ title: string; error: ResolverError }>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    void operations.getMetrics().then((answer) => {
      if (!current) return;
      if (answer.ok) setView(answer.value);
      else setLoadError(answer.error);
    });
    return () => {
      current = false;
    };
  }, [operations]);

  /** Runs one change; the answer is the whole tab again. `names`: the custom metrics' names as sent, for refusals. */
  async function change(
    what: string,
    done: string,
    request: () => Promise<Answer>,
    names?: readonly string[],
  ): Promise<boolean> {
    setBusy(true);
    setSaveError(undefined);
    setSaved(undefined);
    const answer = await request();
    setBusy(false);
    if (answer.ok) {
      setView(answer.value);
      setSaved(done);
      return true;
    }
    const field = answer.error.field;
    setSaveError({
      title: field ? `Could not ${what}: ${fieldInWords(field, names)}` : `Could not ${what}`,
      error: answer.error,
    });
    return false;
  }

  if (loadError) return <ResolverErrorMessage title="Could not read the metrics" error={loadError} />;
  if (!view) return <Spinner size="medium" label="Loading the metrics" />;

  const addMetric = (metric: CustomMetric) => {
    const customMetrics = [...view.customMetrics, metric];
    return change(
      'save the metric',
      `Added “${metric.name}”. The next import pushes its values.`,
      () => operations.saveMetricSettings({ customMetrics }),
      customMetrics.map((custom) => custom.name),
    );
  };

  // A check's metric saves as `check:<id>`, which chooses or drops the check; the others as their key.
  const toggle = (metric: MetricView) =>
    void change(
      'turn the metric on or off',
      `${metric.name} is turned ${metric.enabled ? 'off' : 'on'}.`,
      () => operations.saveMetricSettings({ enabled: { [metric.key]: !metric.enabled } }),
    );
  const remove = (metric: MetricView) =>
    void change(
      'remove the metric',
      metric.defined ? `${metric.name} is removed from Compass.` : `${metric.name} is removed.`,
      () => operations.removeMetric(metric.key),
    );

  return (
    <Stack space="space.400" testId="metrics">
      <Text as="p" color="color.text.subtle">
        The app turns what Backstage knows about each imported component into Compass metrics that any
        scorecard can use. Every import and every sync push the values that changed.
      </Text>
      {saveError && <ResolverErrorMessage title={saveError.title} error={saveError.error} />}
      {saved && (
        <Text as="p" testId="metrics-saved">
          {saved}
        </Text>
      )}
      <MetricList
        metrics={view.metrics.filter((metric) => !isTechInsightsMetric(metric))}
        busy={busy}
        onToggle={toggle}
        onRemove={remove}
      />
      <TechInsightsChecks
        techInsights={view.techInsights}
        metrics={view.metrics.filter(isTechInsightsMetric)}
        checksError={view.lastPush?.checksError}
        busy={busy}
        onToggle={toggle}
        onRemove={remove}
      />
      <LastPush lastPush={view.lastPush} />
      <Scorecard
        scorecard={view.scorecard}
        checksChosen={view.techInsights?.chosenCount ?? 0}
        busy={busy}
        onCreate={(apply, includeChecks) =>
          void change(
            'create the scorecard',
            apply
              ? 'The scorecard is ready; the next import applies it to the imported components.'
              : 'The scorecard is ready in Compass.',
            () =>
              includeChecks === undefined
                ? operations.createScorecard(apply)
                : operations.createScorecard(apply, includeChecks),
          )
        }
      />
      <AnnotationSet
        key={view.annotationSet.join('\n')}
        annotationSet={view.annotationSet}
        defaultAnnotationSet={view.defaultAnnotationSet}
        busy={busy}
        onSave={(annotationSet) =>
          void change('save the annotation set', 'The annotation set is saved.', () =>
            operations.saveMetricSettings({ annotationSet }),
          )
        }
      />
      <CustomMetricEditor
        preview={operations.previewCustomMetric}
        onAdd={addMetric}
        busy={busy}
        count={view.customMetrics.length}
      />
    </Stack>
  );
}

const METRIC_HEAD = {
  cells: [
    { key: 'name', content: 'Metric', width: 18 },
    { key: 'unit', content: 'Unit', width: 10 },
    { key: 'how', content: 'How it is computed', width: 42 },
    { key: 'components', content: 'Components with a value', width: 12 },
    { key: 'on', content: 'On', width: 6 },
    { key: 'remove', content: <span style={{ position: 'absolute', left: -9999 }}>Remove</span>, width: 12 },
  ],
};

/** A Tech Insights check's metric, or Checks passed (the share of the chosen checks passed). */
function isTechInsightsMetric(metric: MetricView): boolean {
  return metric.checkId !== undefined || metric.key === CHECKS_PASSED_KEY;
}

/** One of the admin's own metrics (not a built-in, not a Tech Insights check's). */
function isAdminsOwn(metric: MetricView): boolean {
  return !metric.builtIn && metric.checkId === undefined;
}

interface MetricTableProps {
  metrics: MetricView[];
  busy: boolean;
  onToggle: (metric: MetricView) => void;
  onRemove: (metric: MetricView) => void;
}

/** Metrics as table rows: on or off, unit, how computed, components with a value, and remove (asked first). */
function MetricTable({
  metrics,
  busy,
  onToggle,
  onRemove,
  label,
  testId,
  rowTestId,
}: MetricTableProps & { label: string; testId: string; rowTestId: string }) {
  const [confirming, setConfirming] = useState<string>();
  const rows = metrics.map((metric) => ({
    key: metric.key,
    testId: rowTestId,
    'data-metric-name': metric.name,
    cells: [
      {
        key: 'name',
        content: (
          <Stack space="space.050">
            <Text weight="semibold" testId="metric-name">
              {metric.name}
            </Text>
            {isAdminsOwn(metric) && (
              <span>
                <Lozenge>Yours</Lozenge>
              </span>
            )}
          </Stack>
        ),
      },
      { key: 'unit', content: unitInWords(metric.unit) },
      { key: 'how', content: <Text size="small">{metric.description}</Text> },
      {
        key: 'components',
        content: (
          <span data-testid="metric-components">
            {componentsWithValueInWords(metric.componentsWithValue)}
          </span>
        ),
      },
      {
        key: 'on',
        content: (
          <Toggle
            label={`${metric.name}: ${metric.enabled ? 'on' : 'off'}`}
            isChecked={metric.enabled}
            isDisabled={busy}
            onChange={() => onToggle(metric)}
            testId="metric-toggle"
          />
        ),
      },
      {
        key: 'remove',
        // A built-in or a check Compass has no definition of has nothing to remove (turn it off instead); an
        // admin's own metric can always be removed from the list.
        content:
          metric.defined || isAdminsOwn(metric) ? (
            confirming === metric.key ? (
              <Stack space="space.050" testId="remove-confirmation">
                <Text size="small">
                  {metric.defined
                    ? 'Delete it from Compass, with its values?'
                    : 'Remove it from your metrics?'}
                </Text>
                <Inline space="space.050">
                  <Button
                    appearance="danger"
                    spacing="compact"
                    isDisabled={busy}
                    onClick={() => {
                      setConfirming(undefined);
                      onRemove(metric);
                    }}
                  >
                    Delete
                  </Button>
                  <Button spacing="compact" onClick={() => setConfirming(undefined)}>
                    Keep
                  </Button>
                </Inline>
              </Stack>
            ) : (
              <Button spacing="compact" isDisabled={busy} onClick={() => setConfirming(metric.key)}>
                Remove
              </Button>
            )
          ) : null,
      },
    ],
  }));
  return (
    <div data-testid={testId}>
      <DynamicTable head={METRIC_HEAD} rows={rows} label={label} />
    </div>
  );
}

function MetricList(props: MetricTableProps) {
  return (
    <Stack space="space.100">
      <Heading size="small" as="h3">
        Metrics
      </Heading>
      <Text as="p" size="small" color="color.text.subtle">
        A metric turned off stops receiving values. Remove deletes its definition in Compass, and the values
        pushed under it; the app makes it again only if you turn it back on.
      </Text>
      <MetricTable
        {...props}
        label="The app's scorecard metrics"
        testId="metric-table"
        rowTestId="metric-row"
      />
    </Stack>
  );
}

/**
 * The Tech Insights checks as metrics, turned on and off like the others (a check is chosen by turning its metric
 * on), with when Tech Insights last listed them and what went wrong reading them in the last push.
 */
function TechInsightsChecks({
  techInsights,
  checksError,
  ...table
}: MetricTableProps & {
  techInsights: MetricsView['techInsights'];
  checksError: string | undefined;
}) {
  return (
    <Stack space="space.100" testId="tech-insights-checks">
      <Heading size="small" as="h3">
        Tech Insights checks
      </Heading>
      {techInsights === null ? (
        <Text as="p" color="color.text.subtle">
          Your Backstage’s Tech Insights checks appear here once “Test connection” finds Tech Insights: each
          check becomes a yes-or-no metric, and Checks passed the share an entity passes.
        </Text>
      ) : (
        <>
          <Text as="p" size="small" color="color.text.subtle">
            Each chosen check becomes “Backstage check: &lt;check name&gt;” (1 when the entity passes it), and
            Checks passed the share of the chosen checks it passes. Every check is chosen when Tech Insights
            is first found; a check added in Backstage later waits for you to turn it on.
          </Text>
          <Text as="p" testId="tech-insights-listed">
            {`${techInsights.chosenCount} of ${plural(techInsights.checkCount, 'check', 'checks')} chosen. ` +
              `Tech Insights last listed its checks on ${formatTimestamp(techInsights.listedAt)}.`}
          </Text>
          {checksError && (
            <SectionMessage appearance="warning" title="The checks’ metrics got no new values">
              <p>{checksError}</p>
            </SectionMessage>
          )}
          <MetricTable
            {...table}
            label="The Tech Insights checks' metrics"
            testId="check-metric-table"
            rowTestId="check-metric-row"
          />
        </>
      )}
    </Stack>
  );
}

function LastPush({ lastPush }: { lastPush: MetricsView['lastPush'] }) {
  if (!lastPush) {
    return (
      <Stack space="space.100" testId="last-push">
        <Heading size="small" as="h3">
          Last push
        </Heading>
        <Text as="p">No values pushed yet: the next import computes and pushes them.</Text>
      </Stack>
    );
  }
  const failed = lastPush.valuesFailed > 0 || lastPush.error !== undefined;
  return (
    <Stack space="space.100" testId="last-push">
      <Heading size="small" as="h3">
        Last push
      </Heading>
      <Text as="p" testId="last-push-summary">
        {formatTimestamp(lastPush.at)}: {lastPush.valuesSent} values sent, {lastPush.valuesUnchanged}{' '}
        unchanged (not sent again), {lastPush.valuesFailed} failed
        {lastPush.sourcesCreated > 0 ? `; ${lastPush.sourcesCreated} metric sources created` : ''}.
      </Text>
      {failed && (
        <SectionMessage appearance="warning" title="Some values did not reach Compass">
          <p>{lastPush.error ?? 'The next import or sync sends them again.'}</p>
        </SectionMessage>
      )}
    </Stack>
  );
}

function Scorecard({
  scorecard,
  checksChosen,
  busy,
  onCreate,
}: {
  scorecard: MetricsView['scorecard'];
  /** How many Tech Insights checks are chosen: the scorecard can include them. */
  checksChosen: number;
  busy: boolean;
  /** `includeChecks`: only when the page offered the choice. */
  onCreate: (apply: boolean, includeChecks?: boolean) => void;
}) {
  const [includeChecks, setIncludeChecks] = useState(true);
  // A scorecard that exists is left as it is: the choice only matters while it is not made.
  const offerChecks = checksChosen > 0 && !scorecard.created;
  const create = (apply: boolean) => (offerChecks ? onCreate(apply, includeChecks) : onCreate(apply));
  return (
    <Stack space="space.100" testId="scorecard">
      <Heading size="small" as="h3">
        Scorecard
      </Heading>
      <Text as="p" size="small" color="color.text.subtle">
        “{scorecard.name}” scores TechDocs, an owner that is in the catalog, no catalog errors, no deprecated
        dependencies, the operational annotations and not being orphaned
        {checksChosen > 0 ? ', and, if you include them, passing each chosen Tech Insights check' : ''}. It is
        made once and then left as it is; applying it to the imported components happens during the next
        import.
      </Text>
      {offerChecks && (
        <Checkbox
          testId="scorecard-include-checks"
          label="Include the Tech Insights checks"
          isChecked={includeChecks}
          isDisabled={busy}
          onChange={(event) => setIncludeChecks(event.currentTarget.checked)}
        />
      )}
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Lozenge appearance={scorecard.created ? 'success' : 'default'} testId="scorecard-state">
          {scorecardInWords(scorecard)}
        </Lozenge>
        <Button testId="create-scorecard" isDisabled={busy} onClick={() => create(false)}>
          Create the Backstage catalog health scorecard
        </Button>
        {!scorecard.applied && (
          <Button testId="apply-scorecard" isDisabled={busy} onClick={() => create(true)}>
            {scorecard.created
              ? 'Apply it to the imported components'
              : 'Create and apply to the imported components'}
          </Button>
        )}
      </Inline>
    </Stack>
  );
}

interface AnnotationChoice {
  value: string;
  label: string;
}
const choice = (key: string): AnnotationChoice => ({ value: key, label: key });

function AnnotationSet({
  annotationSet,
  defaultAnnotationSet,
  busy,
  onSave,
}: {
  annotationSet: string[];
  defaultAnnotationSet: string[];
  busy: boolean;
  onSave: (annotationSet: string[]) => void;
}) {
  const [chosen, setChosen] = useState(annotationSet);
  const options = [...new Set([...defaultAnnotationSet, ...annotationSet, ...chosen])].map(choice);
  const changed = chosen.join('\n') !== annotationSet.join('\n');
  return (
    <Stack space="space.100" testId="annotation-set">
      <Heading size="small" as="h3">
        Annotation set
      </Heading>
      <Text as="p" size="small" color="color.text.subtle">
        Annotation coverage is the share of these annotations an entity has. Pick from the list or type any
        annotation key.
      </Text>
      <div style={{ maxWidth: 640 }}>
        <CreatableSelect<AnnotationChoice, true>
          inputId="annotation-set-select"
          aria-label="Annotations counted"
          isMulti
          options={options}
          value={chosen.map(choice)}
          onChange={(values) => setChosen(values.map((value) => value.value))}
          onCreateOption={(key) => setChosen([...chosen, key.trim()])}
          formatCreateLabel={(key) => `Count “${key}”`}
        />
      </div>
      <Inline space="space.100">
        <Button
          testId="save-annotation-set"
          isDisabled={busy || !changed || chosen.length === 0}
          onClick={() => onSave(chosen)}
        >
          Save the annotation set
        </Button>
        <Button
          appearance="subtle"
          isDisabled={busy || chosen.join('\n') === defaultAnnotationSet.join('\n')}
          onClick={() => setChosen(defaultAnnotationSet)}
        >
          Back to the default set
        </Button>
      </Inline>
    </Stack>
  );
}
