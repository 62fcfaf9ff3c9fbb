/**
 * @jest-environment jsdom
 */
// The Metrics tab in jsdom against an in-memory stand-in for the admin resolver's metric operations.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { CustomMetric, MetricsView } from './admin-operations';
import { MetricsTab, type MetricsOperations } from './MetricsTab';
import type { MetricView } from './metrics-view';
import { buildMetricsView, buildMetricsViewWithChecks } from './testing/admin-data';

const ok = <T,>(value: T) => Promise.resolve({ ok: true as const, value });
const fail = (code: string, message: string, field?: string) =>
  Promise.resolve({ ok: false as const, error: { code, message, ...(field ? { field } : {}) } });
const never = <T,>() => new Promise<T>(() => undefined);

function operationsOver(view: MetricsView, overrides: Partial<MetricsOperations> = {}) {
  const operations = {
    getMetrics: jest.fn<ReturnType<MetricsOperations['getMetrics']>, []>(() => ok(view)),
    saveMetricSettings: jest.fn<
      ReturnType<MetricsOperations['saveMetricSettings']>,
      Parameters<MetricsOperations['saveMetricSettings']>
    >((input) =>
      ok({
        ...view,
        metrics: view.metrics.map((metric) =>
          input.enabled?.[metric.key] === undefined
            ? metric
            : { ...metric, enabled: input.enabled[metric.key]! },
        ),
        customMetrics: input.customMetrics ?? view.customMetrics,
        annotationSet: input.annotationSet ?? view.annotationSet,
      }),
    ),
    previewCustomMetric: jest.fn<
      ReturnType<MetricsOperations['previewCustomMetric']>,
      Parameters<MetricsOperations['previewCustomMetric']>
    >(() =>
      ok({
        rows: Array.from({ length: 10 }, (_, i) => ({
          entityRef: `component:default/service-${i}`,
          title: `Service ${i}`,
          value: i % 3 === 0 ? null : i % 2 === 0 ? 3 : 1,
        })),
      }),
    ),
    createScorecard: jest.fn<
      ReturnType<MetricsOperations['createScorecard']>,
      Parameters<MetricsOperations['createScorecard']>
    >((apply) => ok({ ...view, scorecard: { ...view.scorecard, created: true, applied: apply } })),
    removeMetric: jest.fn<
      ReturnType<MetricsOperations['removeMetric']>,
      Parameters<MetricsOperations['removeMetric']>
    >((key) => ok({ ...view, metrics: view.metrics.filter((metric) => metric.key !== key) })),
    ...overrides,
  };
  return operations;
}

afterEach(cleanup);

const metricRow = (name: string) =>
  screen.getAllByTestId('metric-row').find((row) => row.getAttribute('data-metric-name') === name)!;

const CHECKS = [
  { id: 'groupOwnerCheck', name: 'Owned by a group', description: 'The entity’s spec.owner is a group' },
  { id: 'tagsCheck', name: 'Has tags', description: 'The entity has metadata.tags' },
  { id: 'titleCheck', name: 'Has a title', description: 'The entity has metadata.title' },
];
const checkRow = (name: string) =>
  screen.getAllByTestId('check-metric-row').find((row) => row.getAttribute('data-metric-name') === name)!;

describe('MetricsTab', () => {
  it('shows a spinner while loading and the error when the metrics cannot be read', async () => {
    render(<MetricsTab operations={operationsOver(buildMetricsView(), { getMetrics: never })} />);
    expect(screen.getByLabelText('Loading the metrics')).toBeTruthy();
    cleanup();
    render(
      <MetricsTab
        operations={operationsOver(buildMetricsView(), {
          getMetrics: () => fail('storage-unavailable', 'The app’s storage did not answer.'),
        })}
      />,
    );
    await screen.findByText('Could not read the metrics');
    expect(screen.getByText('The app’s storage did not answer.')).toBeTruthy();
  });

  it('lists the ten metrics with their unit and how each is computed in words, and components with a value', async () => {
    render(<MetricsTab operations={operationsOver(buildMetricsView())} />);
    await screen.findByTestId('metric-table');
    expect(screen.getAllByTestId('metric-row')).toHaveLength(10);
    const techDocs = metricRow('Backstage: TechDocs');
    expect(within(techDocs).getByText('Yes (1) or no (0)')).toBeTruthy();
    expect(within(techDocs).getByTestId('metric-components').textContent).toBe('28 components');
    expect(within(metricRow('Backstage: Annotation coverage')).getByText('Percent')).toBeTruthy();
    expect(within(metricRow('Backstage: Days since change')).getByText('Days')).toBeTruthy();
    expect(screen.getByTestId('last-push-summary').textContent).toMatch(
      /: 250 values sent, 0 unchanged \(not sent again\), 0 failed; 280 metric sources created\.$/,
    );
    // Words, not codes: no metric key on screen.
    const text = document.body.textContent ?? '';
    for (const key of ['owner-in-catalog', 'days-since-change', 'catalog-errors'])
      expect(text).not.toContain(key);
  });

  it('before any push, says no component has a value yet and that the next import pushes them', async () => {
    const view = buildMetricsView({ lastPush: null });
    render(
      <MetricsTab
        operations={operationsOver({
          ...view,
          metrics: view.metrics.map((metric) => ({ ...metric, componentsWithValue: null, defined: false })),
        })}
      />,
    );
    await screen.findByTestId('metric-table');
    expect(within(metricRow('Backstage: TechDocs')).getByTestId('metric-components').textContent).toBe(
      'Not pushed yet',
    );
    expect(screen.getByTestId('last-push').textContent).toMatch(/No values pushed yet/);
    // A metric Compass has no definition of has nothing to remove.
    expect(screen.queryByRole('button', { name: 'Remove' })).toBeNull();
  });

  it('turns a metric off and shows it saved', async () => {
    const operations = operationsOver(buildMetricsView());
    render(<MetricsTab operations={operations} />);
    await screen.findByTestId('metric-table');
    fireEvent.click(screen.getByLabelText('Backstage: Orphaned: on'));
    await screen.findByText('Backstage: Orphaned is turned off.');
    expect(operations.saveMetricSettings).toHaveBeenCalledWith({ enabled: { orphaned: false } });
    expect(screen.getByLabelText('Backstage: Orphaned: off')).toBeTruthy();
  });

  it('removes a metric only after a confirmation', async () => {
    const operations = operationsOver(buildMetricsView());
    render(<MetricsTab operations={operations} />);
    await screen.findByTestId('metric-table');
    fireEvent.click(within(metricRow('Backstage: Orphaned')).getByRole('button', { name: 'Remove' }));
    const confirmation = screen.getByTestId('remove-confirmation');
    expect(confirmation.textContent).toMatch(/Delete it from Compass, with its values\?/);
    fireEvent.click(within(confirmation).getByRole('button', { name: 'Keep' }));
    expect(operations.removeMetric).not.toHaveBeenCalled();

    fireEvent.click(within(metricRow('Backstage: Orphaned')).getByRole('button', { name: 'Remove' }));
    fireEvent.click(
      within(screen.getByTestId('remove-confirmation')).getByRole('button', { name: 'Delete' }),
    );
    await screen.findByText('Backstage: Orphaned is removed from Compass.');
    expect(operations.removeMetric).toHaveBeenCalledWith('orphaned');
    expect(screen.getAllByTestId('metric-row')).toHaveLength(9);
  });

  it('offers to remove an admin’s metric Compass has no definition of yet, from the list only', async () => {
    const view = buildMetricsView();
    const custom: MetricView = {
      key: 'custom:maturity',
      name: 'Backstage: Maturity',
      unit: 'points',
      description: 'The value of the Backstage field spec.lifecycle through a value map: production = 3.',
      builtIn: false,
      enabled: true,
      kinds: ['component'],
      componentsWithValue: 0,
      defined: false,
    };
    const operations = operationsOver({ ...view, metrics: [...view.metrics, custom] });
    render(<MetricsTab operations={operations} />);
    await screen.findByTestId('metric-table');
    const row = metricRow('Backstage: Maturity');
    expect(within(row).getByText('Yours')).toBeTruthy();
    expect(within(row).getByText('points')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Remove' }));
    expect(screen.getByTestId('remove-confirmation').textContent).toMatch(/Remove it from your metrics\?/);
    fireEvent.click(
      within(screen.getByTestId('remove-confirmation')).getByRole('button', { name: 'Delete' }),
    );
    await screen.findByText('Backstage: Maturity is removed.');
    expect(operations.removeMetric).toHaveBeenCalledWith('custom:maturity');
  });

  it('says failed values are retried by the next import', async () => {
    const view = buildMetricsView();
    render(
      <MetricsTab
        operations={operationsOver({ ...view, lastPush: { ...view.lastPush!, valuesFailed: 4 } })}
      />,
    );
    await screen.findByText('Some values did not reach Compass');
    expect(screen.getByText('The next import or sync sends them again.')).toBeTruthy();
    expect(screen.getByTestId('last-push-summary').textContent).toMatch(/4 failed/);
  });

  it('creates the scorecard, then says it is created and offers to apply it on the next import', async () => {
    const operations = operationsOver(buildMetricsView());
    render(<MetricsTab operations={operations} />);
    await screen.findByTestId('scorecard');
    expect(screen.getByTestId('scorecard-state').textContent).toBe('Not created yet');
    fireEvent.click(screen.getByTestId('create-scorecard'));
    await screen.findByText('The scorecard is ready in Compass.');
    expect(operations.createScorecard).toHaveBeenLastCalledWith(false);
    expect(screen.getByTestId('scorecard-state').textContent).toBe('Created');

    fireEvent.click(screen.getByRole('button', { name: 'Apply it to the imported components' }));
    await screen.findByText('The scorecard is ready; the next import applies it to the imported components.');
    expect(operations.createScorecard).toHaveBeenLastCalledWith(true);
    expect(screen.getByTestId('scorecard-state').textContent).toBe(
      'Created; applied to the imported components by the next import',
    );
  });

  it('previews a custom metric on ten entities, then saves it after the others', async () => {
    const operations = operationsOver(buildMetricsView());
    render(<MetricsTab operations={operations} />);
    await screen.findByTestId('custom-metric-editor');
    expect((screen.getByTestId('add-custom-metric') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Maturity' } });
    fireEvent.change(screen.getByLabelText('Unit (optional)'), { target: { value: 'points' } });
    fireEvent.change(screen.getByLabelText('Spec field (e.g. spec.lifecycle)'), {
      target: { value: 'spec.lifecycle' },
    });
    fireEvent.click(screen.getByTestId('add-value-map-row'));
    fireEvent.click(screen.getByTestId('add-value-map-row'));
    fireEvent.change(screen.getByLabelText('Text 1'), { target: { value: 'production' } });
    fireEvent.change(screen.getByLabelText('Number for text 1'), { target: { value: '3' } });
    fireEvent.change(screen.getByLabelText('Text 2'), { target: { value: 'experimental' } });
    fireEvent.change(screen.getByLabelText('Number for text 2'), { target: { value: '1' } });
    fireEvent.click(screen.getByTestId('preview-custom-metric'));

    const expected: CustomMetric = {
      name: 'Maturity',
      unit: 'points',
      kinds: ['component'],
      source: { type: 'spec', path: 'spec.lifecycle', valueMap: { production: 3, experimental: 1 } },
    };
    await screen.findByTestId('custom-metric-preview');
    expect(operations.previewCustomMetric).toHaveBeenCalledWith(expected);
    expect(screen.getAllByTestId('custom-metric-preview-row')).toHaveLength(10);
    expect(screen.getByTestId('custom-metric-preview-summary').textContent).toBe(
      '6 of 10 entities have a value.',
    );
    expect(screen.getAllByText('3 points').length).toBeGreaterThan(0);
    expect(screen.getAllByText('No value')).toHaveLength(4);

    fireEvent.click(screen.getByTestId('add-custom-metric'));
    await screen.findByText('Added “Maturity”. The next import pushes its values.');
    expect(operations.saveMetricSettings).toHaveBeenCalledWith({ customMetrics: [expected] });
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('');
  });

  it('names a refused field in words', async () => {
    const operations = operationsOver(buildMetricsView(), {
      previewCustomMetric: () =>
        fail(
          'invalid-request',
          'A spec field is one to ten names joined by dots.',
          'customMetrics.0.source.path',
        ),
    });
    render(<MetricsTab operations={operations} />);
    await screen.findByTestId('custom-metric-editor');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Tier' } });
    fireEvent.change(screen.getByLabelText('Spec field (e.g. spec.lifecycle)'), {
      target: { value: 'a..b' },
    });
    fireEvent.click(screen.getByTestId('preview-custom-metric'));
    await screen.findByText('Could not preview: metric "Tier": spec field');
    expect(screen.getByText('A spec field is one to ten names joined by dots.')).toBeTruthy();
    expect(document.body.textContent).not.toContain('customMetrics.0');
  });

  it('saves the annotation set', async () => {
    const view = buildMetricsView({ annotationSet: ['backstage.io/techdocs-ref'] });
    const operations = operationsOver(view);
    render(<MetricsTab operations={operations} />);
    await screen.findByTestId('annotation-set');
    expect((screen.getByTestId('save-annotation-set') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Back to the default set' }));
    fireEvent.click(screen.getByTestId('save-annotation-set'));
    await screen.findByText('The annotation set is saved.');
    expect(operations.saveMetricSettings).toHaveBeenCalledWith({ annotationSet: view.defaultAnnotationSet });
  });

  it('lists the Tech Insights checks in their own section, on or off, with when they were listed', async () => {
    render(
      <MetricsTab
        operations={operationsOver(
          buildMetricsViewWithChecks(CHECKS, { chosen: ['groupOwnerCheck', 'tagsCheck'] }),
        )}
      />,
    );
    const section = await screen.findByTestId('tech-insights-checks');
    expect(screen.getAllByTestId('metric-row')).toHaveLength(10);
    expect(
      within(section)
        .getAllByTestId('check-metric-row')
        .map((row) => row.getAttribute('data-metric-name')),
    ).toEqual([
      'Backstage: Checks passed',
      'Backstage check: Owned by a group',
      'Backstage check: Has tags',
      'Backstage check: Has a title',
    ]);
    expect(within(section).getByLabelText('Backstage check: Has tags: on')).toBeTruthy();
    expect(within(section).getByLabelText('Backstage check: Has a title: off')).toBeTruthy();
    expect(within(checkRow('Backstage check: Has tags')).getByText('Yes (1) or no (0)')).toBeTruthy();
    // A check is Backstage's, not one of the admin's own metrics: a check turned off and not in Compass has
    // nothing to remove.
    expect(within(section).queryByText('Yours')).toBeNull();
    expect(
      within(checkRow('Backstage check: Has a title')).queryByRole('button', { name: 'Remove' }),
    ).toBeNull();
    expect(
      within(checkRow('Backstage check: Has tags')).getByRole('button', { name: 'Remove' }),
    ).toBeTruthy();
    expect(within(section).getByTestId('tech-insights-listed').textContent).toMatch(
      /^2 of 3 checks chosen\. Tech Insights last listed its checks on .*2026.*\.$/,
    );
    expect(within(section).queryByText(/could not be read/)).toBeNull();
  });

  it('turns a check off by its metric, saving it by key', async () => {
    const operations = operationsOver(buildMetricsViewWithChecks(CHECKS));
    render(<MetricsTab operations={operations} />);
    await screen.findByTestId('tech-insights-checks');
    fireEvent.click(screen.getByLabelText('Backstage check: Has tags: on'));
    await screen.findByText('Backstage check: Has tags is turned off.');
    expect(operations.saveMetricSettings).toHaveBeenCalledWith({ enabled: { 'check:tagsCheck': false } });
    expect(screen.getByLabelText('Backstage check: Has tags: off')).toBeTruthy();
  });

  it('warns when the last push could not read the checks, in the app’s words', async () => {
    const view = buildMetricsViewWithChecks(CHECKS);
    const checksError =
      'The Tech Insights checks could not be read: The token may not use Tech Insights (HTTP 403). Let the token use Tech Insights. The other metrics were pushed.';
    render(
      <MetricsTab operations={operationsOver({ ...view, lastPush: { ...view.lastPush!, checksError } })} />,
    );
    const section = await screen.findByTestId('tech-insights-checks');
    expect(within(section).getByText('The checks’ metrics got no new values')).toBeTruthy();
    expect(within(section).getByText(checksError)).toBeTruthy();
  });

  it('before Tech Insights is found, says its checks appear after Test connection finds it', async () => {
    render(<MetricsTab operations={operationsOver(buildMetricsView())} />);
    const section = await screen.findByTestId('tech-insights-checks');
    expect(section.textContent).toMatch(/appear here once .Test connection. finds Tech Insights/);
    expect(within(section).queryByTestId('check-metric-row')).toBeNull();
  });

  it('offers to include the chosen checks in the scorecard (on by default), only while there are some', async () => {
    const operations = operationsOver(buildMetricsViewWithChecks(CHECKS));
    render(<MetricsTab operations={operations} />);
    const include = (await screen.findByLabelText('Include the Tech Insights checks')) as HTMLInputElement;
    expect(include.checked).toBe(true);
    fireEvent.click(include);
    fireEvent.click(screen.getByTestId('create-scorecard'));
    await screen.findByText('The scorecard is ready in Compass.');
    expect(operations.createScorecard).toHaveBeenLastCalledWith(false, false);
    // Made: a scorecard that exists is left as it is, so there is nothing to include any more.
    expect(screen.queryByLabelText('Include the Tech Insights checks')).toBeNull();

    cleanup();
    const without = operationsOver(buildMetricsViewWithChecks(CHECKS, { chosen: [] }));
    render(<MetricsTab operations={without} />);
    await screen.findByTestId('scorecard');
    expect(screen.queryByLabelText('Include the Tech Insights checks')).toBeNull();
    fireEvent.click(screen.getByTestId('create-scorecard'));
    await screen.findByText('The scorecard is ready in Compass.');
    expect(without.createScorecard).toHaveBeenLastCalledWith(false);
  });
});
