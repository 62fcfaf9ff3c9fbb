/**
 * @jest-environment jsdom
 */
// The panel's "Scorecard metrics" section in jsdom.
import { cleanup, render, screen, within } from '@testing-library/react';
import { ScorecardMetrics } from './ScorecardMetrics';

afterEach(cleanup);

describe('ScorecardMetrics', () => {
  it('lists each value with its unit in words and what it means', () => {
    render(
      <ScorecardMetrics
        metrics={[
          {
            name: 'Backstage: TechDocs',
            value: 1,
            unit: '0/1',
            description: '1 when the entity has TechDocs.',
          },
          { name: 'Backstage: Orphaned', value: 0, unit: '0/1', description: '1 when orphaned.' },
          {
            name: 'Backstage: Annotation coverage',
            value: 60,
            unit: '%',
            description: 'Share of annotations.',
          },
        ]}
      />,
    );
    const section = screen.getByTestId('scorecard-metrics');
    expect(within(section).getByRole('heading', { name: 'Scorecard metrics' })).toBeTruthy();
    const rows = screen.getAllByTestId('scorecard-metric');
    expect(rows.map((row) => within(row).getByTestId('scorecard-metric-value').textContent)).toEqual([
      'Yes',
      'No',
      '60 percent',
    ]);
    expect(within(rows[0]!).getByText('TechDocs')).toBeTruthy();
    expect(within(rows[0]!).getByText('1 when the entity has TechDocs.')).toBeTruthy();
  });

  it('shows nothing when the app pushed no value for the component', () => {
    const { container } = render(<ScorecardMetrics metrics={[]} />);
    expect(container.textContent).toBe('');
  });
});
