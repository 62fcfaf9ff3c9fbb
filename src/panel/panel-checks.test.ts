// The panel's Tech Insights section built from the stored choice and an entity's stored answers.
import { InMemoryKeyValueStore } from '../state/in-memory-key-value-store';
import { metricStore, type StoredMetricSettings } from '../storage/metric-store';
import { PANEL_CHECK_BOUNDS, panelChecksView } from './panel-checks';
import { panelMetricsAndChecksOf } from './panel-metrics';

const CHECKS = [
  { id: 'groupOwnerCheck', name: 'Owned by a group', description: 'The entity’s spec.owner is a group' },
  { id: 'descriptionCheck', name: 'Has a description', description: 'The entity has metadata.description' },
  { id: 'tagsCheck', name: 'Has tags', description: 'The entity has metadata.tags' },
];
const EVALUATED_AT = '2026-11-24T09:30:00.000Z';

function settings(chosen: string[], checks = CHECKS): StoredMetricSettings {
  return { techInsights: { checks, chosen, listedAt: EVALUATED_AT } };
}

describe('panelChecksView', () => {
  it('lists the chosen checks in Tech Insights’ order, each passed, failed or unanswered', () => {
    const view = panelChecksView(settings(['tagsCheck', 'groupOwnerCheck', 'descriptionCheck']), {
      evaluatedAt: EVALUATED_AT,
      results: { tagsCheck: true, groupOwnerCheck: false },
    });
    expect(view).toEqual({
      evaluatedAt: EVALUATED_AT,
      checks: [
        { name: 'Owned by a group', description: 'The entity’s spec.owner is a group', passed: false },
        { name: 'Has a description', description: 'The entity has metadata.description', passed: null },
        { name: 'Has tags', description: 'The entity has metadata.tags', passed: true },
      ],
    });
  });

  it('leaves out a check the admin did not choose, even with a stored answer', () => {
    const view = panelChecksView(settings(['tagsCheck']), {
      evaluatedAt: EVALUATED_AT,
      results: { tagsCheck: false, groupOwnerCheck: true },
    });
    expect(view?.checks).toEqual([
      { name: 'Has tags', description: 'The entity has metadata.tags', passed: false },
    ]);
  });

  it('is absent with no check chosen, before detection, or before the checks were run for the entity', () => {
    const state = { evaluatedAt: EVALUATED_AT, results: { tagsCheck: true } };
    expect(panelChecksView(settings([]), state)).toBeUndefined();
    expect(panelChecksView({}, state)).toBeUndefined();
    expect(panelChecksView(settings(['tagsCheck']), undefined)).toBeUndefined();
  });

  it('cuts long names and descriptions and caps a long choice, counting what it left out', () => {
    const many = Array.from({ length: PANEL_CHECK_BOUNDS.checks + 7 }, (_, i) => ({
      id: `check${i}`,
      name: 'N'.repeat(1000),
      description: 'D'.repeat(5000),
    }));
    const view = panelChecksView(
      settings(
        many.map((check) => check.id),
        many,
      ),
      { evaluatedAt: EVALUATED_AT, results: {} },
    )!;
    expect(view.checks).toHaveLength(PANEL_CHECK_BOUNDS.checks);
    expect(view.more).toBe(7);
    expect(view.checks[0]!.name).toHaveLength(PANEL_CHECK_BOUNDS.nameChars);
    expect(view.checks[0]!.name.endsWith('…')).toBe(true);
    expect(view.checks[0]!.description).toHaveLength(PANEL_CHECK_BOUNDS.descriptionChars);
  });
});

describe('panelMetricsAndChecksOf', () => {
  it('reads the stored choice and the entity’s stored answers, whatever the ref’s case', async () => {
    const store = new InMemoryKeyValueStore();
    const metrics = metricStore(store);
    await metrics.saveSettings(settings(['groupOwnerCheck', 'tagsCheck']));
    await metrics.saveStates([
      {
        entityRef: 'component:default/payment-gateway',
        state: {
          contentHash: 'h',
          contentSeenAt: EVALUATED_AT,
          sources: {},
          pushed: {},
          checks: { evaluatedAt: EVALUATED_AT, results: { groupOwnerCheck: true, tagsCheck: false } },
        },
      },
    ]);
    const { checks } = await panelMetricsAndChecksOf(store, 'Component:default/Payment-Gateway');
    expect(checks).toEqual({
      evaluatedAt: EVALUATED_AT,
      checks: [
        { name: 'Owned by a group', description: 'The entity’s spec.owner is a group', passed: true },
        { name: 'Has tags', description: 'The entity has metadata.tags', passed: false },
      ],
    });
    await expect(panelMetricsAndChecksOf(store, 'component:default/unknown')).resolves.toEqual({
      metrics: [],
    });
  });
});
