// The naive baseline creates the same components as the app's gateway does, one SDK createComponent each.
import { LocalCompass, type ComponentSnapshot } from '../../sandbox/local-compass';
import { GraphqlCompassGateway } from '../../src/compass/graphql-compass-gateway';
import { createMappingConfig, mapCatalog } from '../../src/core/mapping';
import type { Entity } from '@backstage/catalog-model';
import { runNaiveImport } from './naive-baseline';
import { createSyntheticCatalogSource, type SyntheticCatalogSource } from './synthetic-catalog-source';

const TEAM_ID = 'ari:cloud:identity::team/00000000-0000-4000-8000-00000000aaaa';
const mapping = createMappingConfig({
  backstageWebBaseUrl: 'https://backstage.example.com',
  ownerTeamIds: { 'group:default/payments-team': TEAM_ID },
});
const newCompass = () => new LocalCompass({ teams: [{ id: TEAM_ID, displayName: 'Payments' }] });

/** A component as both imports should leave it, relationships and ids aside. */
function written(component: ComponentSnapshot) {
  return {
    alias: component.externalAliases,
    name: component.name,
    description: component.description,
    typeId: component.typeId,
    state: component.state,
    ownerId: component.ownerId,
    lifecycle: component.fields['compass:lifecycle'] ?? [],
    labels: [...component.labels].sort(),
    links: component.links.map(({ type, url, name }) => ({ type, url, name })),
  };
}

function byAlias(compass: LocalCompass) {
  return new Map(compass.components().map((c) => [c.externalAliases[0]?.externalId, written(c)]));
}

describe('runNaiveImport', () => {
  let catalog: SyntheticCatalogSource;
  let expectedRefs: string[];

  beforeAll(async () => {
    catalog = await createSyntheticCatalogSource(8);
    const entities: Entity[] = [];
    for await (const page of catalog.queryAllEntities({})) entities.push(...page.items);
    expectedRefs = mapCatalog(entities, mapping).drafts.map((draft) => draft.entityRef);
  });

  it('creates every component with its alias, as the gateway writes them, four SDK requests each', async () => {
    const compass = newCompass();
    const result = await runNaiveImport({ catalog, compass, mapping, pageSize: 10 });

    expect(result).toMatchObject({
      components: expectedRefs.length,
      created: expectedRefs.length,
      failed: [],
      extrapolated: false,
      compassRequests: 4 * expectedRefs.length,
    });
    expect(result.wallSeconds).toBe(result.measuredWallSeconds);
    expect(result.readSeconds + result.createSeconds).toBeCloseTo(result.measuredWallSeconds, 6);
    const naive = byAlias(compass);
    expect([...naive.keys()].sort()).toEqual([...expectedRefs].sort());

    // The same drafts through the app's own gateway, into a Compass of their own.
    const reference = newCompass();
    const gateway = new GraphqlCompassGateway({
      cloudId: reference.cloudId,
      requestGraph: reference.fetchApi().asApp().requestGraph,
    });
    const entities: Entity[] = [];
    for await (const page of catalog.queryAllEntities({})) entities.push(...page.items);
    const created = await gateway.createComponents(mapCatalog(entities, mapping).drafts);
    expect(created.every((result) => result.ok)).toBe(true);
    expect(naive).toEqual(byAlias(reference));
    expect(naive.get('component:default/payment-gateway')).toMatchObject({
      ownerId: TEAM_ID,
      state: 'ACTIVE',
      lifecycle: ['Active'],
    });
  });

  it('imports only a sample when asked and extrapolates the creates linearly', async () => {
    const compass = newCompass();
    const progress: number[] = [];
    const result = await runNaiveImport({
      catalog,
      compass,
      mapping,
      sample: 5,
      onProgress: (done) => progress.push(done),
    });

    expect(result).toMatchObject({ components: expectedRefs.length, created: 5, extrapolated: true });
    expect(compass.components()).toHaveLength(5);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    expect(result.wallSeconds).toBeCloseTo(
      result.readSeconds + (result.createSeconds * expectedRefs.length) / 5,
      9,
    );
  });

  it('records a component Compass refuses and carries on', async () => {
    const compass = newCompass();
    compass.injectFault({ match: 'createComponentExternalAlias', kind: 'graphql-error', times: 1 });
    const log = console.log;
    const result = await runNaiveImport({ catalog, compass, mapping, sample: 3 });

    expect(console.log).toBe(log);
    expect(result.created).toBe(2);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]?.message).not.toBe('');
  });

  it('refuses a sample below one', async () => {
    await expect(runNaiveImport({ catalog, compass: newCompass(), mapping, sample: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});
