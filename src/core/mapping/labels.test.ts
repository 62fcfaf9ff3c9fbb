import { mapLabels, normaliseLabel } from './labels';
import { buildComponent } from './testing/entity-builders';
import { recordWarnings } from './testing/warning-recorder';

describe('normaliseLabel', () => {
  it.each([
    ['java', 'java', false],
    ['Spring Boot', 'spring-boot', false],
    ['  needs   review ', 'needs-review', false],
    ['c++', 'c++', false],
    ['c#', 'c#', false],
    ['team:payments', 'team:payments', false],
    ['snake_case.v2', 'snake_case.v2', false],
    ['café', 'cafe', true],
    ['pci/dss!', 'pcidss', true],
    ['a - b', 'a-b', false],
    ['-edge-', 'edge', false],
    ['über@team', 'uberteam', true],
  ])('%j → %j', (raw, label, charactersDropped) => {
    expect(normaliseLabel(raw)).toEqual({ label, charactersDropped, removedByCut: 0 });
  });

  it('keeps a label of exactly 40 characters', () => {
    const raw = 'a'.repeat(40);
    expect(normaliseLabel(raw)).toEqual({ label: raw, charactersDropped: false, removedByCut: 0 });
  });

  it('cuts a label of 41 characters to 40', () => {
    expect(normaliseLabel('b'.repeat(41))).toEqual({
      label: 'b'.repeat(40),
      charactersDropped: false,
      removedByCut: 1,
    });
  });

  it('does not leave a trailing hyphen where the cut falls', () => {
    const raw = `${'a'.repeat(39)}-bcd`;
    expect(normaliseLabel(raw)).toEqual({ label: 'a'.repeat(39), charactersDropped: false, removedByCut: 4 });
  });

  it('gives an empty label when nothing valid is left', () => {
    expect(normaliseLabel('!!!').label).toBe('');
  });
});

describe('mapLabels', () => {
  it('turns tags into labels and adds system-<name>, sorted', () => {
    const { warn, warnings } = recordWarnings();
    const entity = buildComponent('c', { tags: ['spring', 'java'], spec: { system: 'Payment-Processing' } });
    expect(mapLabels(entity, 'default', warn)).toEqual(['java', 'spring', 'system-payment-processing']);
    expect(warnings).toEqual([]);
  });

  it('uses only the name of a full system ref', () => {
    const { warn } = recordWarnings();
    const entity = buildComponent('c', { spec: { system: 'system:finance/ledger' } });
    expect(mapLabels(entity, 'default', warn)).toEqual(['system-ledger']);
  });

  it('gives no labels to an entity without tags or system', () => {
    const { warn, warnings } = recordWarnings();
    expect(mapLabels(buildComponent('c'), 'default', warn)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('reports a tag whose characters had to be dropped', () => {
    const { warn, warnings } = recordWarnings();
    expect(mapLabels(buildComponent('c', { tags: ['pci/dss'] }), 'default', warn)).toEqual(['pcidss']);
    expect(warnings).toEqual([
      {
        code: 'label-normalised',
        message: 'tag "pci/dss" became "pcidss": characters Compass labels do not allow were dropped',
      },
    ]);
  });

  it('removes bidi and control characters from tags and the system, one warning for the labels', () => {
    const { warn, warnings } = recordWarnings();
    const entity = buildComponent('c', {
      tags: ['\u202Ejava\u202C', 'pci\u0000dss'],
      spec: { system: 'pay\u2066ments' },
    });
    expect(mapLabels(entity, 'default', warn)).toEqual(['java', 'pcidss', 'system-payments']);
    expect(warnings).toEqual([
      {
        code: 'text-controls-removed',
        message: 'invisible bidi or control characters removed from the labels',
      },
    ]);
  });

  it('does not report lower-casing or spaces turned into hyphens', () => {
    const { warn, warnings } = recordWarnings();
    expect(mapLabels(buildComponent('c', { tags: ['Needs Review'] }), 'default', warn)).toEqual([
      'needs-review',
    ]);
    expect(warnings).toEqual([]);
  });

  it('reports a tag cut to 40 characters, and a system label too', () => {
    const { warn, warnings } = recordWarnings();
    const entity = buildComponent('c', { tags: ['t'.repeat(41)], spec: { system: 's'.repeat(40) } });
    expect(mapLabels(entity, 'default', warn)).toEqual([`system-${'s'.repeat(33)}`, 't'.repeat(40)]);
    expect(warnings).toEqual([
      {
        code: 'label-truncated',
        message: `tag "${'t'.repeat(41)}" became "${'t'.repeat(40)}": cut to 40 characters (1 removed)`,
      },
      {
        code: 'label-truncated',
        message: `system label "system-${'s'.repeat(40)}" became "system-${'s'.repeat(33)}": cut to 40 characters (7 removed)`,
      },
    ]);
  });

  it('drops a tag with nothing valid left, and a tag that is not a string', () => {
    const { warn, warnings } = recordWarnings();
    expect(mapLabels(buildComponent('c', { tags: ['!!!', 42, 'ok'] }), 'default', warn)).toEqual(['ok']);
    expect(warnings).toEqual([
      { code: 'label-dropped', message: 'metadata.tags[1] is not a string (42); dropped' },
      {
        code: 'label-dropped',
        message: 'tag "!!!" has no character Compass labels allow (a-z 0-9 - _ . : + #); dropped',
      },
    ]);
  });

  it('reports two tags that become the same label, and keeps it once', () => {
    const { warn, warnings } = recordWarnings();
    expect(mapLabels(buildComponent('c', { tags: ['pci dss', 'pci-dss'] }), 'default', warn)).toEqual([
      'pci-dss',
    ]);
    expect(warnings).toEqual([
      { code: 'label-dropped', message: '"pci-dss" and "pci dss" both become label "pci-dss"; kept once' },
    ]);
  });

  it('merges a tag equal to the system label silently: nothing is lost', () => {
    const { warn, warnings } = recordWarnings();
    const entity = buildComponent('c', { tags: ['system-ledger'], spec: { system: 'ledger' } });
    expect(mapLabels(entity, 'default', warn)).toEqual(['system-ledger']);
    expect(warnings).toEqual([]);
  });

  it('keeps exactly 10 labels without a warning', () => {
    const { warn, warnings } = recordWarnings();
    const tags = Array.from({ length: 9 }, (_, i) => `tag-${i}`);
    const labels = mapLabels(buildComponent('c', { tags, spec: { system: 'ledger' } }), 'default', warn);
    expect(labels).toHaveLength(10);
    expect(labels).toContain('system-ledger');
    expect(warnings).toEqual([]);
  });

  it('keeps the first 10 in tag-then-system order and reports the rest by name', () => {
    const { warn, warnings } = recordWarnings();
    const tags = Array.from({ length: 11 }, (_, i) => `tag-${String(i).padStart(2, '0')}`);
    const labels = mapLabels(buildComponent('c', { tags, spec: { system: 'ledger' } }), 'default', warn);
    expect(labels).toEqual(tags.slice(0, 10));
    expect(warnings).toEqual([
      {
        code: 'labels-over-limit',
        message: '12 labels but Compass keeps 10; dropped "tag-10", "system-ledger"',
      },
    ]);
  });

  it('reports a system that is not a valid ref', () => {
    const { warn, codes } = recordWarnings();
    expect(mapLabels(buildComponent('c', { spec: { system: 'system:' } }), 'default', warn)).toEqual([]);
    expect(codes()).toEqual(['label-dropped']);
  });

  it('returns the same labels whatever the order of the tags', () => {
    const { warn } = recordWarnings();
    const forward = mapLabels(buildComponent('c', { tags: ['b', 'a', 'c'] }), 'default', warn);
    const backward = mapLabels(buildComponent('c', { tags: ['c', 'a', 'b'] }), 'default', warn);
    expect(forward).toEqual(backward);
  });
});
