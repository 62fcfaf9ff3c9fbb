// Test data: a minimal valid Compass component draft for a Backstage Component, with just its Backstage link.
import type { CompassComponentDraft } from '../compass-component-draft';

export function componentDraft(
  name: string,
  overrides: Partial<CompassComponentDraft> = {},
): CompassComponentDraft {
  const entityRef = overrides.entityRef ?? `component:default/${name}`;
  return {
    entityRef,
    externalAlias: { externalSource: 'backstage', externalId: entityRef },
    name,
    typeId: 'SERVICE',
    labels: [],
    links: [
      {
        type: 'OTHER_LINK',
        url: `https://backstage.acme.io/catalog/default/component/${name}`,
        name: 'Backstage',
      },
    ],
    dependsOn: [],
    ...overrides,
  };
}
