import type { Entity } from '@backstage/catalog-model';
import { InvalidRequestError } from '../invalid-request';
import { indexCatalog } from '../mapping/catalog-index';
import {
  buildApi,
  buildComponent,
  buildGroup,
  relation,
  testMappingConfig,
} from '../mapping/testing/entity-builders';
import { computeMetricValues } from './compute-metrics';
import {
  customMetricSpec,
  MAX_CUSTOM_METRICS,
  validateCustomMetrics,
  type CustomMetric,
} from './custom-metrics';
import { METRIC_DESCRIPTION_MAX_LENGTH } from './metric-definitions';

const NOW = new Date('2026-12-04T12:00:00.000Z');

function valueOf(metric: CustomMetric, entity: Entity): number | undefined {
  const spec = customMetricSpec(metric);
  const index = indexCatalog([entity], testMappingConfig());
  return computeMetricValues({ entity, index, related: new Map(), now: NOW, annotationSet: [] }, [spec]).get(
    spec.key,
  );
}

function custom(source: CustomMetric['source'], kinds = ['component']): CustomMetric {
  return { name: 'Tier', unit: 'level', kinds, source };
}

/** The field the refusal names, or a failure when there is none. */
function refusedField(input: unknown, knownKinds?: readonly string[]): string {
  try {
    validateCustomMetrics(input, knownKinds);
  } catch (error) {
    if (error instanceof InvalidRequestError) return error.field;
    throw error;
  }
  throw new Error('accepted');
}

const LIFECYCLE_MAP = { production: 3, experimental: 1 };

describe('admin metrics: values', () => {
  describe('annotation', () => {
    it('reads the annotation as a number', () => {
      const entity = buildComponent('a', { annotations: { 'brightpay.example/tier': ' 2 ' } });
      expect(valueOf(custom({ type: 'annotation', key: 'brightpay.example/tier' }), entity)).toBe(2);
    });
    it('has no value when the text is not a plain number, or the annotation is absent', () => {
      const metric = custom({ type: 'annotation', key: 'brightpay.example/tier' });
      for (const text of ['tier-1', '', '0x10', 'Infinity', '3 days', '1e999']) {
        const entity = buildComponent('a', { annotations: { 'brightpay.example/tier': text } });
        expect(valueOf(metric, entity)).toBeUndefined();
      }
      expect(valueOf(metric, buildComponent('a'))).toBeUndefined();
    });
    it('reads through a value map, case-insensitively; an unmapped value has none', () => {
      const metric = custom({ type: 'annotation', key: 'x.example/tier', valueMap: { gold: 3, silver: 2 } });
      expect(valueOf(metric, buildComponent('a', { annotations: { 'x.example/tier': 'GOLD' } }))).toBe(3);
      expect(
        valueOf(metric, buildComponent('a', { annotations: { 'x.example/tier': 'bronze' } })),
      ).toBeUndefined();
    });
  });

  describe('label', () => {
    function withLabels(labels: Record<string, unknown>): Entity {
      const entity = buildComponent('a');
      return { ...entity, metadata: { ...entity.metadata, labels: labels as Record<string, string> } };
    }
    it('reads the label as a number', () => {
      expect(valueOf(custom({ type: 'label', key: 'tier' }), withLabels({ tier: '1' }))).toBe(1);
      expect(valueOf(custom({ type: 'label', key: 'tier' }), withLabels({ tier: '-0.5' }))).toBe(-0.5);
    });
    it('reads through a value map, and has no value when the label is missing', () => {
      const metric = custom({ type: 'label', key: 'cost-centre', valueMap: { 'cc-payments': 10 } });
      expect(valueOf(metric, withLabels({ 'cost-centre': 'CC-Payments' }))).toBe(10);
      expect(valueOf(metric, withLabels({}))).toBeUndefined();
      expect(valueOf(metric, buildComponent('a'))).toBeUndefined();
    });
  });

  describe('spec field', () => {
    it('reads a number or numeric text, at a dotted path', () => {
      const entity = buildComponent('a', { spec: { sla: { uptime: 99.95, tier: '2' } } });
      expect(valueOf(custom({ type: 'spec', path: 'sla.uptime' }), entity)).toBe(99.95);
      expect(valueOf(custom({ type: 'spec', path: 'sla.tier' }), entity)).toBe(2);
    });
    it('maps spec.lifecycle through a value map (production 3, experimental 1)', () => {
      const metric = custom({ type: 'spec', path: 'lifecycle', valueMap: LIFECYCLE_MAP });
      expect(valueOf(metric, buildComponent('a'))).toBe(3);
      expect(valueOf(metric, buildComponent('a', { spec: { lifecycle: 'Experimental' } }))).toBe(1);
      expect(valueOf(metric, buildComponent('a', { spec: { lifecycle: 'deprecated' } }))).toBeUndefined();
    });
    it('maps a boolean or a number through a value map by its text', () => {
      const entity = buildComponent('a', { spec: { pci: true, tier: 1 } });
      expect(valueOf(custom({ type: 'spec', path: 'pci', valueMap: { true: 1, false: 0 } }), entity)).toBe(1);
      expect(valueOf(custom({ type: 'spec', path: 'tier', valueMap: { '1': 100 } }), entity)).toBe(100);
    });
    it('has no value for an object, a list, a boolean without a map, or a path that is not there', () => {
      const entity = buildComponent('a', { spec: { sla: { uptime: 99 }, tags: ['1'], pci: true } });
      for (const path of [
        'sla',
        'tags',
        'pci',
        'sla.uptime.more',
        'nothing.here',
        'constructor',
        'toString',
      ]) {
        expect(valueOf(custom({ type: 'spec', path }), entity)).toBeUndefined();
      }
    });
  });

  describe('relation count', () => {
    it('counts the distinct targets of the relation type, whatever its case', () => {
      const entity = buildComponent('a', {
        relations: [
          relation('dependsOn', 'component:default/ledger'),
          relation('dependsOn', 'component:default/LEDGER'),
          relation('dependsOn', 'resource:default/db'),
          relation('ownedBy', 'group:default/payments-team'),
        ],
      });
      expect(valueOf(custom({ type: 'relation-count', relationType: 'dependsOn' }), entity)).toBe(2);
      expect(valueOf(custom({ type: 'relation-count', relationType: 'DEPENDSON' }), entity)).toBe(2);
      expect(valueOf(custom({ type: 'relation-count', relationType: 'hasPart' }), entity)).toBe(0);
    });
    it('has no value when the entity was served without relations', () => {
      const entity = buildComponent('a', { spec: { dependsOn: ['component:ledger'] } });
      expect(valueOf(custom({ type: 'relation-count', relationType: 'dependsOn' }), entity)).toBeUndefined();
    });
  });

  it('is computed only for the kinds chosen', () => {
    const metric = custom({ type: 'spec', path: 'lifecycle', valueMap: LIFECYCLE_MAP }, ['api']);
    expect(valueOf(metric, buildApi('x'))).toBe(3);
    expect(valueOf(metric, buildComponent('x'))).toBeUndefined();
    expect(valueOf(metric, buildGroup('x', { spec: { lifecycle: 'production' } }))).toBeUndefined();
  });
});

describe('admin metrics: spec', () => {
  it('keys the metric by the slug of its name and prefixes its Compass name', () => {
    const spec = customMetricSpec({
      name: 'Tier (PCI)',
      unit: 'level',
      kinds: ['component', 'api'],
      source: { type: 'spec', path: 'lifecycle', valueMap: LIFECYCLE_MAP },
    });
    expect(spec).toEqual({
      key: 'custom:tier-pci',
      name: 'Backstage: Tier (PCI)',
      description:
        'The value of the Backstage field spec.lifecycle through a value map: production = 3, experimental = 1; other values give none.',
      suffix: 'level',
      unit: 'level',
      kinds: ['component', 'api'],
      source: { type: 'spec', path: 'lifecycle', valueMap: LIFECYCLE_MAP },
    });
  });

  it('describes each source, within the description limit even for a long value map', () => {
    const longMap = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [`value-${i}-${'x'.repeat(80)}`, i]),
    );
    const sources: CustomMetric['source'][] = [
      { type: 'annotation', key: 'brightpay.example/tier' },
      { type: 'label', key: 'tier', valueMap: longMap },
      { type: 'relation-count', relationType: 'dependsOn' },
    ];
    const descriptions = sources.map((source) => customMetricSpec(custom(source)).description);
    expect(descriptions[0]).toBe(
      'The value of the Backstage annotation brightpay.example/tier, read as a number.',
    );
    expect(descriptions[1]).toHaveLength(METRIC_DESCRIPTION_MAX_LENGTH);
    expect(descriptions[1]!.endsWith('…')).toBe(true);
    expect(descriptions[2]).toBe(
      "Number of distinct targets of the entity's dependsOn relations in Backstage.",
    );
  });
});

describe('admin metrics: validation', () => {
  it('answers a valid list normalised: trimmed, kinds lower-cased once, value map keys lower-cased', () => {
    const metrics = validateCustomMetrics([
      {
        name: '  Lifecycle score ',
        unit: ' points ',
        kinds: ['Component', 'component', 'API'],
        source: { type: 'spec', path: 'spec.lifecycle', valueMap: { Production: 3, ' experimental ': 1 } },
        extra: 'ignored',
      },
      {
        name: 'Dependencies declared',
        kinds: ['resource'],
        source: { type: 'relation-count', relationType: ' dependsOn ' },
      },
      {
        name: 'Tier',
        unit: '',
        kinds: ['component'],
        source: { type: 'label', key: 'tier', valueMap: null },
      },
    ]);
    expect(metrics).toEqual([
      {
        name: 'Lifecycle score',
        unit: 'points',
        kinds: ['component', 'api'],
        source: { type: 'spec', path: 'lifecycle', valueMap: { production: 3, experimental: 1 } },
      },
      {
        name: 'Dependencies declared',
        unit: '',
        kinds: ['resource'],
        source: { type: 'relation-count', relationType: 'dependsOn' },
      },
      { name: 'Tier', unit: '', kinds: ['component'], source: { type: 'label', key: 'tier' } },
    ]);
  });

  it('accepts an empty list and exactly the maximum', () => {
    expect(validateCustomMetrics([])).toEqual([]);
    const many = Array.from({ length: MAX_CUSTOM_METRICS }, (_, i) => ({
      name: `Metric ${i}`,
      unit: 'n',
      kinds: ['component'],
      source: { type: 'annotation', key: `x.example/m${i}` },
    }));
    expect(validateCustomMetrics(many)).toHaveLength(MAX_CUSTOM_METRICS);
  });

  it('keeps a __proto__ value-map key as a key, not a prototype', () => {
    const [metric] = validateCustomMetrics([
      {
        name: 'X',
        unit: '',
        kinds: ['component'],
        source: { type: 'label', key: 'x', valueMap: JSON.parse('{"__proto__": 5}') },
      },
    ]);
    const source = metric!.source as { valueMap?: Record<string, number> };
    expect(Object.getPrototypeOf(source.valueMap)).toBe(Object.prototype);
    expect(Object.keys(source.valueMap ?? {})).toEqual(['__proto__']);
  });

  const valid = {
    name: 'Tier',
    unit: 'level',
    kinds: ['component'],
    source: { type: 'annotation', key: 'x.example/tier' },
  };
  const at = (index: number, patch: Record<string, unknown>) => {
    const list: unknown[] = [valid, { ...valid, name: 'Other' }];
    list[index] = { ...(list[index] as object), ...patch };
    return list;
  };

  it.each<[string, unknown, string]>([
    ['not a list', { metrics: [] }, 'metrics'],
    [
      'more than the maximum',
      Array.from({ length: MAX_CUSTOM_METRICS + 1 }, (_, i) => ({ ...valid, name: `M${i}` })),
      'metrics',
    ],
    ['an item that is not an object', [valid, 'x'], 'metrics.1'],
    ['a missing name', at(1, { name: undefined }), 'metrics.1.name'],
    ['a blank name', at(0, { name: '   ' }), 'metrics.0.name'],
    ['a name too long', at(0, { name: 'x'.repeat(61) }), 'metrics.0.name'],
    ['a name with a line break', at(0, { name: 'Tier\nlevel' }), 'metrics.0.name'],
    ['a name of punctuation only', at(0, { name: '!!!' }), 'metrics.0.name'],
    ['a name with the prefix', at(0, { name: 'Backstage: Tier' }), 'metrics.0.name'],
    ['the name of a built-in', at(1, { name: 'techdocs' }), 'metrics.1.name'],
    ['a name used twice, in another case', at(1, { name: 'TIER' }), 'metrics.1.name'],
    ['a name whose slug is taken', at(1, { name: 'Tier!' }), 'metrics.1.name'],
    ['a unit that is not text', at(0, { unit: 3 }), 'metrics.0.unit'],
    ['a unit too long', at(0, { unit: 'u'.repeat(21) }), 'metrics.0.unit'],
    ['no kinds', at(0, { kinds: [] }), 'metrics.0.kinds'],
    ['kinds not a list', at(0, { kinds: 'component' }), 'metrics.0.kinds'],
    ['an unknown kind', at(1, { kinds: ['component', 'group'] }), 'metrics.1.kinds.1'],
    ['no source', at(0, { source: undefined }), 'metrics.0.source'],
    ['an unknown source type', at(0, { source: { type: 'tag' } }), 'metrics.0.source.type'],
    ['an annotation without a key', at(0, { source: { type: 'annotation' } }), 'metrics.0.source.key'],
    [
      'a label key with a space',
      at(0, { source: { type: 'label', key: 'cost centre' } }),
      'metrics.0.source.key',
    ],
    ['a key too long', at(0, { source: { type: 'label', key: 'k'.repeat(318) } }), 'metrics.0.source.key'],
    [
      'a spec path with an empty step',
      at(0, { source: { type: 'spec', path: 'sla..tier' } }),
      'metrics.0.source.path',
    ],
    [
      'a spec path with odd characters',
      at(0, { source: { type: 'spec', path: 'sla[0]' } }),
      'metrics.0.source.path',
    ],
    [
      'a spec path too deep',
      at(0, { source: { type: 'spec', path: Array(11).fill('a').join('.') } }),
      'metrics.0.source.path',
    ],
    [
      'a relation type that is not a name',
      at(0, { source: { type: 'relation-count', relationType: 'depends on' } }),
      'metrics.0.source.relationType',
    ],
    [
      'a value map that is a list',
      at(0, { source: { ...valid.source, valueMap: [1] } }),
      'metrics.0.source.valueMap',
    ],
    ['an empty value map', at(0, { source: { ...valid.source, valueMap: {} } }), 'metrics.0.source.valueMap'],
    [
      'a value map to text',
      at(0, { source: { ...valid.source, valueMap: { gold: '3' } } }),
      'metrics.0.source.valueMap',
    ],
    [
      'a value map to infinity',
      at(0, { source: { ...valid.source, valueMap: { gold: Infinity } } }),
      'metrics.0.source.valueMap',
    ],
    [
      'a value map key twice in two cases',
      at(1, { source: { ...valid.source, valueMap: { Gold: 3, gold: 2 } } }),
      'metrics.1.source.valueMap',
    ],
    [
      'a value map with a blank key',
      at(0, { source: { ...valid.source, valueMap: { ' ': 3 } } }),
      'metrics.0.source.valueMap',
    ],
    [
      'a value map too large',
      at(0, {
        source: {
          ...valid.source,
          valueMap: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`v${i}`, i])),
        },
      }),
      'metrics.0.source.valueMap',
    ],
  ])('refuses %s, naming the field', (_case, input, field) => {
    expect(refusedField(input)).toBe(field);
  });

  it('takes the kinds the admin imports when given', () => {
    const input = [{ ...valid, kinds: ['System'] }];
    expect(refusedField(input)).toBe('metrics.0.kinds.0');
    expect(validateCustomMetrics(input, ['component', 'system'])[0]!.kinds).toEqual(['system']);
  });
});
