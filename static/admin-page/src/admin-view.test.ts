import {
  connectionTestSummary,
  OUTCOME_LOZENGES,
  planItemDetails,
  resultFailure,
  warningTotals,
  ownerLabel,
  percent,
  PREVIEW_STATUS_LOZENGES,
  sameBackstageAddress,
  shortOwnerRef,
} from './admin-view';

describe('admin page wording', () => {
  it('summarises a successful connection test, largest kinds first', () => {
    expect(
      connectionTestSummary({
        ok: true,
        checkedAt: '2026-11-24T10:00:00.000Z',
        totalEntities: 10_028,
        countsByKind: { API: 5, Component: 10_018, Group: 5 },
      }),
    ).toBe('10,028 entities: 10,018 Component, 5 API, 5 Group');
    expect(connectionTestSummary({ ok: true, checkedAt: '', totalEntities: 0, countsByKind: {} })).toBe(
      '0 entities',
    );
  });

  it('labels owners and scores', () => {
    expect(ownerLabel({ ownerRef: 'group:default/payments-team' })).toBe('payments-team');
    expect(ownerLabel({ ownerRef: 'group:default/payments-team', title: 'Payments' })).toBe('Payments');
    expect(percent(0.666)).toBe('67%');
    expect(shortOwnerRef('group:default/payments-team')).toBe('payments-team');
    expect(shortOwnerRef('user:default/dev.patel')).toBe('user:default/dev.patel');
    expect(shortOwnerRef('group:ops/sre')).toBe('group:ops/sre');
  });

  it('has a lozenge for every preview status, "linked" reading as already linked', () => {
    expect(PREVIEW_STATUS_LOZENGES.linked.label).toBe('already linked');
    expect(Object.keys(PREVIEW_STATUS_LOZENGES).sort()).toEqual(
      ['changed', 'linked', 'new', 'not-imported', 'skipped', 'unchanged'].sort(),
    );
  });

  it('titles outcomes in the pages’ words, with a colour by meaning', () => {
    expect(OUTCOME_LOZENGES.orphaned).toEqual({ label: 'No longer in Backstage', appearance: 'moved' });
    expect(OUTCOME_LOZENGES.failed).toEqual({ label: 'Failed', appearance: 'removed' });
  });

  it('puts a dry-run row’s details and the warning totals in words, never codes', () => {
    expect(
      planItemDetails({
        changedFields: ['ownerId', 'spec.type'],
        linked: true,
        warnings: ['owner-unmapped', 'labels-over-limit'],
      }),
    ).toEqual([
      'Changes Owner team, Backstage type',
      'Already in Compass: linked, not duplicated',
      'Owner not mapped to a team',
      'Too many labels',
    ]);
    expect(planItemDetails({ reason: 'Not in the Backstage catalog', warnings: [] })).toEqual([
      'Not in the Backstage catalog',
    ]);
    expect(warningTotals({ 'labels-over-limit': 1, 'owner-unmapped': 7 })).toEqual([
      ['Owner not mapped to a team', 7],
      ['Too many labels', 1],
    ]);
  });

  it('says why an entity failed in words, without the failure code or the Compass operation', () => {
    expect(resultFailure({ kind: 'server-error', message: 'createComponent: Compass answered 500' })).toEqual(
      {
        title: 'Compass had a problem',
        detail: 'Compass answered 500',
      },
    );
    expect(resultFailure({ kind: 'storage-failed', message: 'Result not saved' })).toEqual({
      title: 'The app could not save its state',
      detail: 'Result not saved',
    });
    expect(
      resultFailure({
        kind: 'alias-conflict',
        message: 'createComponent: alias already used by ari:cloud:compass:site:component/w/uuid-1',
      }),
    ).toEqual({
      title: 'Another component already has this Backstage link',
      detail: 'alias already used by a Compass component',
    });
    expect(resultFailure({ kind: 'some-new-kind', message: '' })).toEqual({ title: 'Some new kind' });
  });

  it('compares backend addresses as the app does on save: host, port and path', () => {
    const saved = 'https://backstage.example.com';
    for (const same of [
      'https://backstage.example.com/',
      ' https://BACKSTAGE.example.com ',
      'https://backstage.example.com:443/api/catalog',
    ])
      expect(sameBackstageAddress(same, saved)).toBe(true);
    for (const other of [
      'https://backstage.other.com',
      'https://backstage.example.com:8443',
      'https://backstage.example.com/b',
      'http://backstage.example.com',
      'backstage.example.com',
    ])
      expect(sameBackstageAddress(other, saved)).toBe(false);
  });
});
