import { gatewayOnLocalCompass } from '../compass/testing/local-compass-gateway';
import { componentDraft } from '../core/testing/component-draft-builder';
import { writeDrafts } from './write-drafts';

const draftFor = componentDraft;
const setup = () => gatewayOnLocalCompass();

const catalog = () => [
  draftFor('checkout', { dependsOn: ['component:default/payments', 'resource:default/orders-db'] }),
  draftFor('payments', { childOf: 'component:default/checkout' }),
  draftFor('orders-db', {
    entityRef: 'resource:default/orders-db',
    externalAlias: { externalSource: 'backstage', externalId: 'resource:default/orders-db' },
    typeId: 'CLOUD_RESOURCE',
  }),
];

describe('writeDrafts', () => {
  it('creates every component, then the relationships between them', async () => {
    const { compass, gateway } = setup();
    const report = await writeDrafts(gateway, catalog());

    expect(report.entities.map((e) => [e.entityRef, e.outcome])).toEqual([
      ['component:default/checkout', 'created'],
      ['component:default/payments', 'created'],
      ['resource:default/orders-db', 'created'],
    ]);
    const id = (ref: string) => compass.findByAlias('backstage', ref)!.id;
    expect(compass.component(id('component:default/checkout'))!.dependsOn.sort()).toEqual(
      [id('component:default/payments'), id('resource:default/orders-db')].sort(),
    );
    expect(compass.component(id('component:default/payments'))!.childOf).toEqual([
      id('component:default/checkout'),
    ]);
    expect(report.relationships.filter((r) => r.outcome === 'added')).toHaveLength(3);
    expect(report.warnings).toEqual([]);
  });

  it('run again on the same drafts: everything unchanged and not one write', async () => {
    const { compass, gateway } = setup();
    await writeDrafts(gateway, catalog());
    compass.resetStats();
    const again = await writeDrafts(gateway, catalog());
    expect(again.entities.every((e) => e.outcome === 'unchanged')).toBe(true);
    expect(again.relationships).toEqual([]);
    const writes = Object.keys(compass.stats().byRootField).filter(
      (field) => !field.startsWith('compass.componentByExternalAlias'),
    );
    expect(writes).toEqual([]);
  });

  it('a changed entity gets exactly one update; a dropped dependency is removed', async () => {
    const { compass, gateway } = setup();
    await writeDrafts(gateway, catalog());
    const changed = catalog();
    changed[0] = {
      ...changed[0]!,
      description: 'now with a description',
      dependsOn: ['component:default/payments'],
    };
    const report = await writeDrafts(gateway, changed);
    expect(report.entities.map((e) => e.outcome)).toEqual(['updated', 'unchanged', 'unchanged']);
    expect(report.entities[0]!.changedFields).toEqual(['description']);
    expect(report.relationships).toEqual([
      {
        fromEntityRef: 'component:default/checkout',
        toEntityRef: 'resource:default/orders-db',
        type: 'DEPENDS_ON',
        outcome: 'removed',
      },
    ]);
    const checkout = compass.findByAlias('backstage', 'component:default/checkout')!;
    expect(compass.component(checkout.id)!.dependsOn).toHaveLength(1);
  });

  it('records a failed entity with its reason and carries on with the rest', async () => {
    const { compass, gateway } = setup();
    const drafts = catalog();
    drafts[1] = { ...drafts[1]!, labels: ['Not Valid'] };
    const results: string[] = [];
    const report = await writeDrafts(gateway, drafts, { onEntity: (r) => results.push(r.outcome) });
    expect(results).toEqual(['created', 'failed', 'created']);
    expect(report.entities[1]!.error).toMatchObject({
      kind: 'invalid-input',
      message: expect.stringMatching(/label/i),
    });
    expect(report.warnings.map((w) => w.message)).toEqual([
      'DEPENDS_ON component:default/payments not written: that entity has no Compass component in this run',
    ]);
    expect(compass.components()).toHaveLength(2);
  });
});
