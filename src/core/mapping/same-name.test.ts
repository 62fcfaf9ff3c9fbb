import { DEFAULT_MAPPING_RULES } from './mapping-rules';
import { sameNameGroups, sameNameMapOf, type NamedEntityRow } from './same-name';

function row(ref: string, title?: string): NamedEntityRow {
  const [kind, rest] = ref.split(':') as [string, string];
  return { ref, kind, name: rest.split('/')[1]!, ...(title === undefined ? {} : { title }) };
}

describe('sameNameGroups', () => {
  it('groups imported entities whose titles, else names, are equal ignoring case and spaces', () => {
    const groups = sameNameGroups(
      [
        row('component:default/ledger', 'Ledger'),
        row('api:default/ledger-api', '  LEDGER '),
        row('resource:finance/ledger'),
        row('component:default/checkout', 'Checkout'),
        row('component:default/payments', 'Payments'),
      ],
      DEFAULT_MAPPING_RULES,
    );
    const ledger = ['api:default/ledger-api', 'component:default/ledger', 'resource:finance/ledger'];
    expect(Object.fromEntries(groups)).toEqual({
      'api:default/ledger-api': ledger,
      'component:default/ledger': ledger,
      'resource:finance/ledger': ledger,
    });
  });

  it('compares what Compass gets: without control characters, an empty title falling back to the name', () => {
    const groups = sameNameGroups(
      [
        row('component:default/a', '\u202ELedger'),
        row('component:default/b', 'Ledger\u0000'),
        row('component:default/ledger', '\u2066'),
      ],
      DEFAULT_MAPPING_RULES,
    );
    expect(groups.get('component:default/a')).toEqual([
      'component:default/a',
      'component:default/b',
      'component:default/ledger',
    ]);
  });

  it('ignores kinds that are not imported, and the same ref given twice', () => {
    const groups = sameNameGroups(
      [
        row('component:default/payments'),
        row('group:default/payments'),
        row('system:default/payments'),
        row('Component:default/Payments'),
      ],
      DEFAULT_MAPPING_RULES,
    );
    expect(groups.size).toBe(0);
  });

  it('stays linear for a catalog of 10,000 entities with the same title: one shared array', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => row(`component:default/service-${i}`, 'Service'));
    const groups = sameNameGroups(rows, DEFAULT_MAPPING_RULES);
    expect(groups.size).toBe(10_000);
    expect(new Set(groups.values()).size).toBe(1);
    expect(groups.get('component:default/service-0')).toHaveLength(10_000);
  });

  it('comes back whole from its stored groups', () => {
    const groups = sameNameGroups(
      [row('component:default/a', 'Ledger'), row('component:default/b', 'Ledger'), row('api:default/c', 'X')],
      DEFAULT_MAPPING_RULES,
    );
    const stored: string[][] = JSON.parse(JSON.stringify([...new Set(groups.values())]));
    expect(sameNameMapOf(stored)).toEqual(groups);
  });
});
