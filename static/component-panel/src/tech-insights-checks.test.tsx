/**
 * @jest-environment jsdom
 */
// The panel's "Tech Insights" section in jsdom.
import { cleanup, render, screen, within } from '@testing-library/react';
import { TechInsightsChecks } from './TechInsightsChecks';

afterEach(cleanup);

const NOW = new Date('2026-11-24T12:00:00.000Z');

describe('TechInsightsChecks', () => {
  it('lists each check with its answer in words, what it checks, and when it was checked', () => {
    render(
      <TechInsightsChecks
        now={NOW}
        checks={{
          evaluatedAt: '2026-11-24T09:00:00.000Z',
          checks: [
            { name: 'Owned by a group', description: 'The entity’s spec.owner is a group', passed: true },
            { name: 'Has tags', description: 'The entity has metadata.tags', passed: false },
            { name: 'Has TechDocs', description: 'The entity has TechDocs', passed: null },
          ],
        }}
      />,
    );
    const section = screen.getByTestId('tech-insights');
    expect(within(section).getByRole('heading', { name: 'Tech Insights' })).toBeTruthy();
    const rows = screen.getAllByTestId('tech-insights-check');
    expect(
      rows.map((row) => [
        row.firstChild?.textContent,
        within(row).getByTestId('tech-insights-outcome').textContent,
      ]),
    ).toEqual([
      ['Owned by a group', 'Passed'],
      ['Has tags', 'Failed'],
      ['Has TechDocs', 'No answer'],
    ]);
    expect(within(rows[1]!).getByText('The entity has metadata.tags')).toBeTruthy();
    expect(screen.getByTestId('tech-insights-checked').textContent).toBe('Checked 3 hours ago.');
    expect(section.textContent).not.toMatch(/Check\b|true|false|null|[a-z]+Check/);
  });

  it('says how many chosen checks it left out', () => {
    render(
      <TechInsightsChecks
        now={NOW}
        checks={{
          evaluatedAt: '2026-11-24T11:59:50.000Z',
          checks: [{ name: 'Has tags', description: 'The entity has metadata.tags', passed: true }],
          more: 3,
        }}
      />,
    );
    expect(screen.getByTestId('tech-insights-checked').textContent).toBe('Checked just now.');
    expect(screen.getByText('3 more chosen checks are not shown here.')).toBeTruthy();
  });
});
