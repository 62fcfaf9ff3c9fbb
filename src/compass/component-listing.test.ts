// The gateway's listing of the site's components and its alias attaching, against the local Compass (which
// validates the documents against the schema rebuilt from @atlassian/forge-graphql-types).
import { COMPONENT_LISTING_PAGE_SIZE } from './documents/component-listing-documents';
import { createHandMadeComponent } from './testing/hand-made-component';
import { gatewayOnLocalCompass } from './testing/local-compass-gateway';

describe('listing the site’s components', () => {
  it('answers every component over as many pages as it takes, one request a page, with links and alias sources', async () => {
    const { compass, gateway } = gatewayOnLocalCompass();
    const count = COMPONENT_LISTING_PAGE_SIZE + 3;
    for (let i = 0; i < count; i++) {
      await createHandMadeComponent(compass, {
        name: `hand-made-${String(i).padStart(3, '0')}`,
        repositories: i === 0 ? ['https://github.com/acme/first'] : [],
        ...(i === 1 ? { alias: { externalSource: 'backstage', externalId: 'component:default/x' } } : {}),
      });
    }
    compass.resetStats();
    const listed = await gateway.listComponents();
    expect(listed).toHaveLength(count);
    expect(compass.stats().executed).toBe(2);
    expect(listed[0]).toEqual({
      id: expect.any(String),
      name: 'hand-made-000',
      links: [{ type: 'REPOSITORY', url: 'https://github.com/acme/first' }],
      externalSources: [],
    });
    expect(listed[1]!.externalSources).toEqual(['backstage']);
  });

  it('attaches aliases to existing components in one request; a taken alias fails that item only', async () => {
    const { compass, gateway } = gatewayOnLocalCompass();
    const first = await createHandMadeComponent(compass, { name: 'first' });
    const second = await createHandMadeComponent(compass, { name: 'second' });
    compass.resetStats();
    const alias = (externalId: string) => ({ externalSource: 'backstage', externalId });
    const results = await gateway.attachAliases([
      { componentId: first, externalAlias: alias('component:default/first') },
      { componentId: second, externalAlias: alias('component:default/first') },
    ]);
    expect(results[0]).toEqual({ ok: true, value: undefined });
    expect(results[1]!.ok).toBe(false);
    expect(compass.stats().executed).toBe(1);
    expect(compass.findByAlias('backstage', 'component:default/first')?.id).toBe(first);
  });
});
