// "Test connection" through the admin resolver as Forge runs it, against the real test Backstage and its Tech
// Insights: a token Tech Insights refuses (the catalog still answers), then one it accepts, whose five checks the app
// remembers, all chosen, so the Metrics tab lists their metrics turned on; and the scorecard without them.
jest.mock('@forge/api', () => jest.requireActual('./testing/forge-edge').forgeApiModule());
jest.mock('@forge/events', () => jest.requireActual('./testing/forge-edge').forgeEventsModule());

import { catalogOnlyToken, TECH_INSIGHTS_CONFIG } from '../../sandbox/backstage/embedded-backstage';
import type { MetricsView } from '../admin/metric-settings';
import type { ConnectionTestResult } from '../admin/test-connection';
import { adminCaller, forgeAppOnEdge } from './testing/forge-app-on-edge';

const { backstage, compass, adminContext: context } = forgeAppOnEdge();
const { admin } = adminCaller(context);

const CHECK_IDS = Object.keys(TECH_INSIGHTS_CONFIG.factChecker.checks);

describe('Tech Insights through the admin resolver', () => {
  it('a token Tech Insights refuses: forbidden, in words; the catalog test passes; no checks remembered', async () => {
    await admin('saveConnection', { baseUrl: backstage.baseUrl, token: catalogOnlyToken(backstage.token) });
    const result = await admin<ConnectionTestResult>('testConnection');
    expect(result).toMatchObject({
      ok: true,
      totalEntities: backstage.entityCount,
      techInsights: {
        available: false,
        reason: 'forbidden',
        title: expect.stringContaining('Tech Insights'),
        whatToDo: expect.any(String),
      },
    });
    const view = await admin<MetricsView>('getMetrics');
    expect(view.techInsights).toBeNull();
    expect(view.metrics.filter((metric) => metric.checkId !== undefined)).toEqual([]);
    expect(view.metrics.map((metric) => metric.name)).not.toContain('Backstage: Checks passed');
  });

  it('a token it accepts: the five checks, remembered all chosen, listed on the Metrics tab turned on', async () => {
    await admin('saveConnection', { baseUrl: backstage.baseUrl, token: backstage.token });
    const result = await admin<ConnectionTestResult>('testConnection');
    expect(result.ok && result.techInsights).toMatchObject({ available: true });
    const detection = result.ok ? result.techInsights : undefined;
    expect(detection?.available ? detection.checks.map((check) => check.id).sort() : []).toEqual(
      [...CHECK_IDS].sort(),
    );

    const view = await admin<MetricsView>('getMetrics');
    // Saving the connection listed them first; the test listed them again, and says so.
    expect(view.techInsights).toEqual({ checkCount: 5, chosenCount: 5, listedAt: result.checkedAt });
    const checkMetrics = view.metrics.filter((metric) => metric.checkId !== undefined);
    expect(checkMetrics.map((metric) => metric.checkId).sort()).toEqual([...CHECK_IDS].sort());
    expect(checkMetrics.every((metric) => metric.enabled)).toBe(true);
    expect(checkMetrics.map((metric) => metric.name)).toContain('Backstage check: Has TechDocs');
    expect(view.metrics.find((metric) => metric.name === 'Backstage: Checks passed')).toMatchObject({
      enabled: true,
      unit: '%',
    });
  });

  it('createScorecard takes includeChecks: false, leaving the chosen checks out of the new scorecard', async () => {
    await admin('createScorecard', { includeChecks: false });
    const [scorecard] = compass.scorecards();
    const names = new Map(compass.metricDefinitions().map((d) => [d.id, d.name]));
    expect(scorecard!.criteria.map((criterion) => names.get(criterion.metricDefinitionId!))).toHaveLength(6);
    // The check metrics were defined all the same: they are on.
    expect([...names.values()].filter((name) => name.startsWith('Backstage check: '))).toHaveLength(5);
  });
});
