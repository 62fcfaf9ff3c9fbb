import {
  BUILT_IN_METRICS,
  DEFAULT_ANNOTATION_SET,
  METRIC_DESCRIPTION_MAX_LENGTH,
} from './metric-definitions';

describe('the built-in metric definitions', () => {
  it('are named exactly as the app promises, with their units, in this order', () => {
    expect(BUILT_IN_METRICS.map(({ key, name, unit, suffix }) => [key, name, unit, suffix])).toEqual([
      ['techdocs', 'Backstage: TechDocs', '0/1', '/1'],
      ['owner-in-catalog', 'Backstage: Owner in catalog', '0/1', '/1'],
      ['documented-apis', 'Backstage: Documented APIs', '%', '%'],
      ['annotation-coverage', 'Backstage: Annotation coverage', '%', '%'],
      ['dependencies', 'Backstage: Dependencies', 'count', 'dependencies'],
      ['dependents', 'Backstage: Dependents', 'count', 'dependents'],
      ['deprecated-dependencies', 'Backstage: Deprecated dependencies', 'count', 'deprecated'],
      ['catalog-errors', 'Backstage: Catalog errors', 'count', 'errors'],
      ['orphaned', 'Backstage: Orphaned', '0/1', '/1'],
      ['days-since-change', 'Backstage: Days since change', 'days', 'days'],
    ]);
  });

  it('each say how they are computed, within the description limit, for Components, APIs and Resources', () => {
    for (const metric of BUILT_IN_METRICS) {
      expect(metric.description.length).toBeGreaterThan(40);
      expect(metric.description.length).toBeLessThanOrEqual(METRIC_DESCRIPTION_MAX_LENGTH);
      expect(metric.kinds).toEqual(['component', 'api', 'resource']);
      expect(metric.source).toBeUndefined();
    }
  });

  it('count the five default annotations by their Backstage keys', () => {
    expect(DEFAULT_ANNOTATION_SET).toEqual([
      'backstage.io/source-location',
      'github.com/project-slug',
      'pagerduty.com/service-id',
      'sonarqube.org/project-key',
      'backstage.io/techdocs-ref',
    ]);
  });
});
