import {
  ageOf,
  compassComponentHref,
  kindAndType,
  lifecycleAppearance,
  metricValueInWords,
  moreInBackstage,
  panelMetricName,
  teamHref,
} from './panel-display';

describe('panel display helpers', () => {
  it('colours lifecycles as Compass does and leaves unknown ones grey', () => {
    expect(lifecycleAppearance('production')).toBe('success');
    expect(lifecycleAppearance('Experimental')).toBe('new');
    expect(lifecycleAppearance('deprecated')).toBe('moved');
    expect(lifecycleAppearance('sunset')).toBe('default');
    expect(lifecycleAppearance(undefined)).toBe('default');
  });

  it('says how old the data is', () => {
    const now = new Date('2026-11-24T12:00:00Z');
    expect(ageOf('2026-11-24T11:59:40Z', now)).toBe('just now');
    expect(ageOf('2026-11-24T11:59:00Z', now)).toBe('1 minute ago');
    expect(ageOf('2026-11-24T11:50:00Z', now)).toBe('10 minutes ago');
    expect(ageOf('2026-11-24T09:00:00Z', now)).toBe('3 hours ago');
    expect(ageOf('2026-11-22T12:00:00Z', now)).toBe('2 days ago');
    expect(ageOf('not a date', now)).toBe('not a date');
  });

  it('links components and teams on the site, and to the sandbox without a site', () => {
    const ari = 'ari:cloud:compass:c1:component/w1/abc-123';
    expect(compassComponentHref('https://acme.atlassian.net/', ari)).toBe(
      'https://acme.atlassian.net/compass/component/abc-123',
    );
    expect(compassComponentHref(undefined, ari)).toBe(`/components/${encodeURIComponent(ari)}`);
    expect(teamHref('https://acme.atlassian.net', 'ari:cloud:identity::team/t-9')).toBe(
      'https://acme.atlassian.net/compass/people/team/t-9',
    );
    expect(teamHref(undefined, 't-9')).toBeUndefined();
  });

  it('puts kind and type on one line', () => {
    expect(kindAndType({ kind: 'Component', type: 'service' })).toBe('Component · service');
    expect(kindAndType({ kind: 'Group' })).toBe('Group');
  });

  it('says how many items of a capped list are only in Backstage', () => {
    const entity = { more: { dependsOn: 812, tags: 1 } };
    expect(moreInBackstage(entity, 'dependsOn')).toBe('812 more in Backstage');
    expect(moreInBackstage({ more: { dependsOn: 1812 } }, 'dependsOn')).toBe('1,812 more in Backstage');
    expect(moreInBackstage(entity, 'tags')).toBe('1 more in Backstage');
    expect(moreInBackstage(entity, 'links')).toBeUndefined();
    expect(moreInBackstage({}, 'links')).toBeUndefined();
  });
});

describe('scorecard metric values in words', () => {
  it('reads a 0/1 metric as Yes or No, and other units with their words', () => {
    expect(metricValueInWords({ value: 1, unit: '0/1' })).toBe('Yes');
    expect(metricValueInWords({ value: 0, unit: '0/1' })).toBe('No');
    expect(metricValueInWords({ value: 80, unit: '%' })).toBe('80 percent');
    expect(metricValueInWords({ value: 1, unit: 'days' })).toBe('1 day');
    expect(metricValueInWords({ value: 1200, unit: 'days' })).toBe('1,200 days');
    expect(metricValueInWords({ value: 3, unit: 'count' })).toBe('3');
    expect(metricValueInWords({ value: 3, unit: 'points' })).toBe('3 points');
    expect(metricValueInWords({ value: 2.5, unit: '' })).toBe('2.5');
  });

  it('drops the "Backstage: " every app metric starts with', () => {
    expect(panelMetricName('Backstage: TechDocs')).toBe('TechDocs');
    expect(panelMetricName('Maturity')).toBe('Maturity');
  });
});
