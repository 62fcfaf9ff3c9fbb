import { CHECKS_PASSED_KEY, checkMetricSpecs, checkMetricValues } from './check-metrics';
import { METRIC_DESCRIPTION_MAX_LENGTH } from './metric-definitions';

describe('check metrics', () => {
  it('names each check’s metric after the check, telling two checks of one name apart by id', () => {
    const specs = checkMetricSpecs([
      { id: 'a', name: 'Has docs', description: 'Docs are there' },
      { id: 'b', name: 'Has docs', description: '' },
      { id: 'c', name: 'Has tags', description: 'x'.repeat(400) },
    ]);
    expect(specs.map((spec) => [spec.key, spec.name, spec.unit, spec.suffix, spec.checkId])).toEqual([
      ['check:a', 'Backstage check: Has docs (a)', '0/1', '/1', 'a'],
      ['check:b', 'Backstage check: Has docs (b)', '0/1', '/1', 'b'],
      ['check:c', 'Backstage check: Has tags', '0/1', '/1', 'c'],
    ]);
    expect(specs[0]!.description).toBe(
      '1 when the entity passes the Backstage Tech Insights check "Has docs", else 0. Docs are there',
    );
    expect(specs[2]!.description).toHaveLength(METRIC_DESCRIPTION_MAX_LENGTH);
  });

  it('gives 0/1 per answered check and the share passed of those answered, rounded down', () => {
    const values = checkMetricValues(['a', 'b', 'c', 'd'], { a: true, b: false, c: true, other: true });
    expect(Object.fromEntries(values)).toEqual({
      'check:a': 1,
      'check:b': 0,
      'check:c': 1,
      [CHECKS_PASSED_KEY]: 66,
    });
  });

  it('gives no value at all when Tech Insights answered none of the chosen checks', () => {
    expect(checkMetricValues(['a'], {}).size).toBe(0);
    expect(checkMetricValues([], { a: true }).size).toBe(0);
  });
});
