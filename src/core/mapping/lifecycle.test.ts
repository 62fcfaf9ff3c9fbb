import { mapLifecycle } from './lifecycle';
import { DEFAULT_MAPPING_RULES } from './mapping-rules';
import { buildComponent, buildResource } from './testing/entity-builders';
import { recordWarnings } from './testing/warning-recorder';

describe('mapLifecycle', () => {
  it.each([
    ['production', 'Active'],
    ['experimental', 'Pre-release'],
    ['deprecated', 'Deprecated'],
    ['Production', 'Active'],
  ])('maps %s to %s', (lifecycle, expected) => {
    const { warn, warnings } = recordWarnings();
    expect(mapLifecycle(buildComponent('c', { spec: { lifecycle } }), DEFAULT_MAPPING_RULES, warn)).toBe(
      expected,
    );
    expect(warnings).toEqual([]);
  });

  it('leaves any other value unset and reports it', () => {
    const { warn, warnings } = recordWarnings();
    expect(
      mapLifecycle(buildComponent('c', { spec: { lifecycle: 'beta' } }), DEFAULT_MAPPING_RULES, warn),
    ).toBeUndefined();
    expect(warnings).toEqual([
      {
        code: 'lifecycle-unmapped',
        message:
          'spec.lifecycle "beta" has no Compass lifecycle (mapped: production, experimental, deprecated); left unset',
      },
    ]);
  });

  it('leaves it unset without a warning when the entity has no lifecycle', () => {
    const { warn, warnings } = recordWarnings();
    expect(mapLifecycle(buildResource('r'), DEFAULT_MAPPING_RULES, warn)).toBeUndefined();
    expect(warnings).toEqual([]);
  });
});
