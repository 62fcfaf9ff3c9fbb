import { mapComponentType } from './component-type';
import { DEFAULT_MAPPING_RULES } from './mapping-rules';
import { buildApi, buildComponent, buildEntity, buildResource } from './testing/entity-builders';
import { recordWarnings } from './testing/warning-recorder';

describe('mapComponentType', () => {
  it.each([
    ['service', 'SERVICE'],
    ['website', 'WEBSITE'],
    ['library', 'LIBRARY'],
    ['application', 'APPLICATION'],
    ['app', 'APPLICATION'],
    ['data-pipeline', 'DATA_PIPELINE'],
    ['ml-model', 'MACHINE_LEARNING_MODEL'],
    ['ui-element', 'UI_ELEMENT'],
    ['Service', 'SERVICE'],
  ])('maps Component spec.type %s to %s without a warning', (specType, typeId) => {
    const { warn, warnings } = recordWarnings();
    expect(
      mapComponentType(buildComponent('c', { spec: { type: specType } }), DEFAULT_MAPPING_RULES, warn),
    ).toBe(typeId);
    expect(warnings).toEqual([]);
  });

  it.each(['cli', 'constructor'])('maps an unknown spec.type (%s) to OTHER and reports it', (specType) => {
    const { warn, warnings } = recordWarnings();
    expect(
      mapComponentType(buildComponent('c', { spec: { type: specType } }), DEFAULT_MAPPING_RULES, warn),
    ).toBe('OTHER');
    expect(warnings).toEqual([
      {
        code: 'type-unmapped',
        message: `Component spec.type "${specType}" has no Compass type; using OTHER`,
      },
    ]);
  });

  it('maps a Component without spec.type to OTHER and reports it', () => {
    const { warn, warnings } = recordWarnings();
    expect(
      mapComponentType(buildComponent('c', { spec: { type: undefined } }), DEFAULT_MAPPING_RULES, warn),
    ).toBe('OTHER');
    expect(warnings).toEqual([{ code: 'type-unmapped', message: 'Component has no spec.type; using OTHER' }]);
  });

  it('maps every API to OTHER, whatever its spec.type, without a warning', () => {
    const { warn, warnings } = recordWarnings();
    expect(mapComponentType(buildApi('a', { spec: { type: 'grpc' } }), DEFAULT_MAPPING_RULES, warn)).toBe(
      'OTHER',
    );
    expect(warnings).toEqual([]);
  });

  it('maps every Resource to CLOUD_RESOURCE without a warning', () => {
    const { warn, warnings } = recordWarnings();
    expect(mapComponentType(buildResource('r'), DEFAULT_MAPPING_RULES, warn)).toBe('CLOUD_RESOURCE');
    expect(warnings).toEqual([]);
  });

  it('reports an imported kind with no configured type and uses the fallback', () => {
    const { warn, codes } = recordWarnings();
    const rules = { ...DEFAULT_MAPPING_RULES, importedKinds: ['component', 'system'] };
    expect(mapComponentType(buildEntity('System', 's'), rules, warn)).toBe('OTHER');
    expect(codes()).toEqual(['type-unmapped']);
  });
});
