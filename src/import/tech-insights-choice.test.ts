import { InMemoryKeyValueStore } from '../state/in-memory-key-value-store';
import { metricStore } from '../storage/metric-store';
import { metricsInForce } from './metrics-in-force';
import { choiceAfterListing, rememberTechInsightsChecks } from './tech-insights-choice';

const check = (id: string) => ({ id, name: `Check ${id}`, description: '' });

describe('which Tech Insights checks are metrics', () => {
  it('chooses every check when Tech Insights is first detected', () => {
    expect(choiceAfterListing(undefined, [check('a'), check('b')], 't1').chosen).toEqual(['a', 'b']);
  });

  it('keeps the admin’s choice, leaves a new check off and drops one Backstage no longer lists', () => {
    const saved = { checks: [check('a'), check('b'), check('c')], chosen: ['a', 'c'], listedAt: 't1' };
    expect(choiceAfterListing(saved, [check('a'), check('b'), check('d')], 't2')).toEqual({
      checks: [check('a'), check('b'), check('d')],
      chosen: ['a'],
      listedAt: 't2',
    });
  });

  it('is what the metrics in force read: chosen checks and Checks passed on, the rest off', async () => {
    const store = new InMemoryKeyValueStore();
    expect(metricsInForce(await metricStore(store).loadSettings()).all.some((m) => m.checkId)).toBe(false);
    await rememberTechInsightsChecks(store, [check('a'), check('b')], '2026-12-04T10:00:00.000Z');
    await metricStore(store).saveSettings({
      ...(await metricStore(store).loadSettings()),
      techInsights: { checks: [check('a'), check('b')], chosen: ['b'], listedAt: '2026-12-04T10:00:00.000Z' },
    });
    const inForce = metricsInForce(await metricStore(store).loadSettings());
    expect(inForce.chosenCheckIds).toEqual(['b']);
    expect(inForce.enabled.filter((m) => m.checkId || m.key === 'checks-passed').map((m) => m.key)).toEqual([
      'checks-passed',
      'check:b',
    ]);
    // With no check chosen, Checks passed has nothing to sum.
    await metricStore(store).saveSettings({
      techInsights: { checks: [check('a')], chosen: [], listedAt: '2026-12-04T10:00:00.000Z' },
    });
    expect(
      metricsInForce(await metricStore(store).loadSettings()).enabled.some((m) => m.key === 'checks-passed'),
    ).toBe(false);
  });
});
