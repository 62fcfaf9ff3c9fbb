import {
  ageOf,
  checkOutcome,
  entityTitle,
  kindAndType,
  lifecycleAppearance,
  linkFailure,
  linkGroups,
  metricValueInWords,
  moreChecks,
  moreInBackstage,
  panelMetricName,
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

  it('names a system or domain by its title, else by its name in sentence case', () => {
    expect(entityTitle({ ref: 'system:default/payment-processing', title: 'payment-processing' })).toBe(
      'Payment processing',
    );
    expect(entityTitle({ ref: 'domain:default/payments', title: 'Payments domain' })).toBe('Payments domain');
  });

  it('groups links by Compass link type in Compass’s order, TechDocs as documentation', () => {
    expect(
      linkGroups(
        [
          { title: 'Grafana', url: 'https://grafana.example.com', type: 'DASHBOARD' },
          { title: 'Runbook', url: 'https://wiki.example.com', type: 'DOCUMENT' },
          { title: 'Saved before types', url: 'https://old.example.com' },
          { title: 'Repository', url: 'https://github.com/acme/billing', type: 'REPOSITORY' },
        ],
        'https://backstage.example.com/docs/default/component/billing',
      ),
    ).toEqual([
      { title: 'Repository', links: [{ title: 'Repository', url: 'https://github.com/acme/billing' }] },
      {
        title: 'Documentation',
        links: [
          { title: 'TechDocs', url: 'https://backstage.example.com/docs/default/component/billing' },
          { title: 'Runbook', url: 'https://wiki.example.com' },
        ],
      },
      { title: 'Dashboard', links: [{ title: 'Grafana', url: 'https://grafana.example.com' }] },
      { title: 'Other link', links: [{ title: 'Saved before types', url: 'https://old.example.com' }] },
    ]);
    expect(linkGroups([])).toEqual([]);
  });

  it('says a refused link in the app’s words, never Compass’s text with ids', () => {
    const raw =
      'attachAlias: External alias (backstage, x) already exists on component ari:cloud:compass:c:component/w/1';
    expect(linkFailure({ code: 'alias-conflict', message: raw }).message).toMatch(
      /^This Backstage entity already has its own Compass component/,
    );
    expect(linkFailure({ code: 'unexpected', message: raw }).message).not.toMatch(/ari:|alias/);
    const forbidden = { code: 'forbidden', message: 'Only a Compass admin can link.' };
    expect(linkFailure(forbidden)).toBe(forbidden);
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

describe('Tech Insights answers in words', () => {
  it('says passed, failed or no answer, coloured green, red and grey', () => {
    expect(checkOutcome(true)).toEqual({ words: 'Passed', appearance: 'success' });
    expect(checkOutcome(false)).toEqual({ words: 'Failed', appearance: 'removed' });
    expect(checkOutcome(null)).toEqual({ words: 'No answer', appearance: 'default' });
  });

  it('says how many chosen checks the panel left out', () => {
    expect(moreChecks({})).toBeUndefined();
    expect(moreChecks({ more: 1 })).toBe('1 more chosen check is not shown here.');
    expect(moreChecks({ more: 1200 })).toBe('1,200 more chosen checks are not shown here.');
  });
});
