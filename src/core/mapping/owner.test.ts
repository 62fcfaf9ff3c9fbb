import { DEFAULT_MAPPING_RULES, type MappingRules } from './mapping-rules';
import { mapOwner, ownerRefOf } from './owner';
import { indexCatalog } from './catalog-index';
import { buildComponent, buildGroup } from './testing/entity-builders';
import { recordWarnings } from './testing/warning-recorder';

const rules: MappingRules = {
  ...DEFAULT_MAPPING_RULES,
  ownerTeamIds: {
    'group:default/payments-team': 'team-payments',
    'group:finance/ledger-team': 'team-ledger',
    'user:default/dev.patel': 'team-dev',
  },
};

describe('ownerRefOf', () => {
  it.each([
    ['payments-team', 'default', 'group:default/payments-team'],
    ['Payments-Team', 'default', 'group:default/payments-team'],
    ['ledger-team', 'finance', 'group:finance/ledger-team'],
    ['user:dev.patel', 'default', 'user:default/dev.patel'],
    ['group:finance/ledger-team', 'default', 'group:finance/ledger-team'],
  ])('%s in namespace %s → %s', (owner, namespace, ref) => {
    expect(ownerRefOf(owner, namespace)).toBe(ref);
  });
});

const catalog = indexCatalog(
  [buildGroup('payments-team'), buildGroup('guest'), buildComponent('c')],
  DEFAULT_MAPPING_RULES,
);

describe('mapOwner', () => {
  it.each([
    {
      what: 'reports an owner missing from the table, naming it',
      owner: 'guest',
      againstCatalog: false,
      teamId: undefined,
      code: 'owner-unmapped',
      message:
        'owner group:default/guest is not in the owner mapping table; the component gets no owner team',
    },
    {
      what: 'reports an entity without an owner',
      owner: undefined,
      againstCatalog: false,
      teamId: undefined,
      code: 'owner-missing',
      message: 'entity has no spec.owner; the component gets no owner team',
    },
    {
      what: 'against the catalog, reports an owner Backstage does not have as missing from the catalog, not as unmapped',
      owner: 'group:default/gone-team',
      againstCatalog: true,
      teamId: undefined,
      code: 'owner-not-in-catalog',
      message:
        'owner group:default/gone-team is not in the Backstage catalog; the component gets no owner team',
    },
    {
      what: 'against the catalog, still maps an owner the table names when Backstage no longer has it, and says so',
      owner: 'user:dev.patel',
      againstCatalog: true,
      teamId: 'team-dev',
      code: 'owner-not-in-catalog',
      message:
        'owner user:default/dev.patel is not in the Backstage catalog; the component still gets the team the owner mapping names',
    },
  ])('$what', ({ owner, againstCatalog, teamId, code, message }) => {
    const { warn, warnings } = recordWarnings();
    const entity = buildComponent('c', { spec: { owner } });
    expect(mapOwner(entity, 'default', rules, warn, againstCatalog ? catalog : undefined)).toBe(teamId);
    expect(warnings).toEqual([{ code, message }]);
  });

  it('maps a short group owner through the table', () => {
    const { warn, warnings } = recordWarnings();
    expect(mapOwner(buildComponent('c'), 'default', rules, warn)).toBe('team-payments');
    expect(warnings).toEqual([]);
  });

  it("resolves a short owner in the entity's own namespace", () => {
    const { warn } = recordWarnings();
    const entity = buildComponent('c', { namespace: 'finance', spec: { owner: 'ledger-team' } });
    expect(mapOwner(entity, 'finance', rules, warn)).toBe('team-ledger');
  });

  it('maps a user owner', () => {
    const { warn } = recordWarnings();
    expect(mapOwner(buildComponent('c', { spec: { owner: 'user:dev.patel' } }), 'default', rules, warn)).toBe(
      'team-dev',
    );
  });

  it('reports every owner as unmapped with the default (empty) table', () => {
    const { warn, codes } = recordWarnings();
    expect(mapOwner(buildComponent('c'), 'default', DEFAULT_MAPPING_RULES, warn)).toBeUndefined();
    expect(codes()).toEqual(['owner-unmapped']);
  });

  it('reports an owner that is not a valid ref', () => {
    const { warn, codes } = recordWarnings();
    expect(
      mapOwner(buildComponent('c', { spec: { owner: 'group:' } }), 'default', rules, warn),
    ).toBeUndefined();
    expect(codes()).toEqual(['owner-invalid']);
  });

  describe('against the catalog', () => {
    it('reports an owner that is in the catalog but not in the table as unmapped', () => {
      const { warn, codes } = recordWarnings();
      expect(
        mapOwner(buildComponent('c', { spec: { owner: 'guest' } }), 'default', rules, warn, catalog),
      ).toBe(undefined);
      expect(codes()).toEqual(['owner-unmapped']);
    });

    it('is quiet for a mapped owner in the catalog', () => {
      const { warn, warnings } = recordWarnings();
      expect(mapOwner(buildComponent('c'), 'default', rules, warn, catalog)).toBe('team-payments');
      expect(warnings).toEqual([]);
    });
  });
});
