// A batch import end to end: the real Backstage catalog backend (jest global setup, fixture catalog) through the
// catalog client and the mapping into the local Compass through the gateway.
import { testBackstage } from '../../sandbox/backstage/test-backstage';
import { BackstageCatalogClient } from '../backstage/backstage-catalog-client';
import { nodeHttpFetch } from '../backstage/node-http-fetch';
import { gatewayOnLocalCompass } from '../compass/testing/local-compass-gateway';
import { importEntityBatch } from './import-entity-batch';

function setup() {
  const backstage = testBackstage();
  const catalog = new BackstageCatalogClient({
    baseUrl: backstage.baseUrl,
    token: backstage.token,
    fetch: nodeHttpFetch,
  });
  const { compass, gateway } = gatewayOnLocalCompass();
  return { backstage, catalog, compass, gateway };
}

describe('importEntityBatch (real Backstage -> local Compass)', () => {
  it('imports the payment gateway with its fields, links, labels and the dependencies inside the batch', async () => {
    const { backstage, catalog, compass, gateway } = setup();
    const report = await importEntityBatch({
      catalog,
      gateway,
      backstageWebBaseUrl: backstage.baseUrl,
      entityRefs: [
        'component:default/payment-gateway',
        'resource:default/payments-db',
        'api:default/fraud-scoring-api',
        'component:default/no-such-thing',
      ],
      rules: { ownerTeamIds: { 'group:default/payments-team': 'ari:cloud:identity::team/payments' } },
    });

    expect(report.notFound).toEqual(['component:default/no-such-thing']);
    expect(report.entities.map((e) => [e.entityRef, e.outcome])).toEqual([
      ['api:default/fraud-scoring-api', 'created'],
      ['component:default/payment-gateway', 'created'],
      ['resource:default/payments-db', 'created'],
    ]);
    const gatewayComponent = compass.findByAlias('backstage', 'component:default/payment-gateway')!;
    const stored = compass.component(gatewayComponent.id)!;
    expect(stored).toMatchObject({
      name: 'Payment Gateway',
      typeId: 'SERVICE',
      state: 'ACTIVE',
      ownerId: 'ari:cloud:identity::team/payments',
      fields: { 'compass:lifecycle': ['Active'] },
    });
    expect(stored.description).toMatch(/^Front door for every card payment/);
    expect([...stored.labels].sort()).toEqual([
      'java',
      'pci-dss',
      'spring-boot',
      'system-payment-processing',
      'tier-1',
    ]);
    const linksOf = (type: string) =>
      stored.links.filter((link) => link.type === type).map((link) => link.url);
    expect(linksOf('OTHER_LINK')).toEqual([`${backstage.baseUrl}/catalog/default/component/payment-gateway`]);
    expect(linksOf('REPOSITORY')).toEqual(['https://github.com/brightpay-eng/payment-gateway']);
    expect(linksOf('DOCUMENT')).toContain(`${backstage.baseUrl}/docs/default/component/payment-gateway`);
    expect(linksOf('DASHBOARD')).toHaveLength(5);
    expect(linksOf('CHAT_CHANNEL')).toEqual(['https://brightpay.slack.com/archives/C04GATEWAY']);
    expect(linksOf('ON_CALL')).toEqual(['https://brightpay.pagerduty.com/service-directory/PGW1A2B']);

    // consumesApis fraud-scoring-api and dependsOn payments-db are in the batch; ledger-grpc-api is not.
    const idOf = (ref: string) => compass.findByAlias('backstage', ref)!.id;
    expect([...stored.dependsOn].sort()).toEqual(
      [idOf('api:default/fraud-scoring-api'), idOf('resource:default/payments-db')].sort(),
    );
    expect(report.warnings).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/payment-gateway',
        code: 'relationship-target-not-imported',
        message: expect.stringContaining('api:default/ledger-grpc-api'),
      }),
    ]);
    expect(report.mappingWarnings.map((w) => [w.entityRef, w.code])).toContainEqual([
      'component:default/payment-gateway',
      'links-over-limit',
    ]);
  });

  it('a second batch with the same refs writes nothing and duplicates nothing', async () => {
    const { backstage, catalog, compass, gateway } = setup();
    const input = {
      catalog,
      gateway,
      backstageWebBaseUrl: backstage.baseUrl,
      entityRefs: ['component:default/ledger-service', 'resource:default/ledger-db'],
    };
    await importEntityBatch(input);
    compass.resetStats();
    const again = await importEntityBatch(input);
    expect(again.entities.map((e) => e.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(Object.keys(compass.stats().byRootField)).toEqual(['compass.componentByExternalAlias']);
    expect(compass.components()).toHaveLength(2);
  });
});
