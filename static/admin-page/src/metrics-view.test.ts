import {
  componentsWithValueInWords,
  customMetricOf,
  emptyDraft,
  fieldInWords,
  scorecardInWords,
  unitInWords,
} from './metrics-view';

describe('the Metrics tab’s words', () => {
  it('words each unit, and keeps an admin’s own unit as written', () => {
    expect(unitInWords('0/1')).toBe('Yes (1) or no (0)');
    expect(unitInWords('%')).toBe('Percent');
    expect(unitInWords('count')).toBe('Count');
    expect(unitInWords('days')).toBe('Days');
    expect(unitInWords('')).toBe('No unit');
    expect(unitInWords('points')).toBe('points');
  });

  it('counts components with a value, or says none were pushed yet', () => {
    expect(componentsWithValueInWords(null)).toBe('Not pushed yet');
    expect(componentsWithValueInWords(0)).toBe('0 components');
    expect(componentsWithValueInWords(1)).toBe('1 component');
  });

  it('names a refused field in words, with the metric’s name when known', () => {
    expect(fieldInWords('customMetrics.2.source.key', ['A', 'B', 'Tier'])).toBe('metric "Tier": key');
    expect(fieldInWords('customMetrics.0.source.valueMap.production')).toBe('metric 1: value map');
    expect(fieldInWords('customMetrics.1.name')).toBe('metric 2: name');
    expect(fieldInWords('customMetrics')).toBe('your metrics');
    expect(fieldInWords('annotationSet')).toBe('annotation set');
    expect(fieldInWords('enabled.techdocs')).toBe('turning a metric on or off');
    expect(fieldInWords('something.else')).toBe('a field');
  });

  it('says the scorecard’s state', () => {
    expect(scorecardInWords({ name: 'x', created: false, applied: false })).toBe('Not created yet');
    expect(scorecardInWords({ name: 'x', created: true, applied: false })).toBe('Created');
    expect(scorecardInWords({ name: 'x', created: true, applied: true })).toMatch(/next import/);
  });
});

describe('customMetricOf', () => {
  it('reads a relation count without a value map', () => {
    const draft = {
      ...emptyDraft(),
      name: ' Owners ',
      sourceType: 'relation-count' as const,
      field: 'ownedBy',
    };
    draft.valueMap = [{ text: 'x', value: '1' }];
    expect(customMetricOf(draft)).toEqual({
      name: 'Owners',
      unit: '',
      kinds: ['component'],
      source: { type: 'relation-count', relationType: 'ownedBy' },
    });
  });

  it('leaves out value map rows without text, and no rows means no map', () => {
    const draft = { ...emptyDraft(), name: 'Tier', sourceType: 'label' as const, field: 'tier' };
    expect(customMetricOf(draft).source).toEqual({ type: 'label', key: 'tier' });
    draft.valueMap = [
      { text: ' Gold ', value: '3' },
      { text: '', value: '9' },
    ];
    expect(customMetricOf(draft).source).toEqual({ type: 'label', key: 'tier', valueMap: { Gold: 3 } });
  });
});
