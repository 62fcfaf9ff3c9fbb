// The panel resolver as Forge runs it, with only the platform at its edge doubled (testing/forge-app-on-edge.ts:
// @forge/kvs real over the sandbox's storage service, @forge/api to the real Backstage and the local Compass),
// after an import run through the admin resolver and the queue.
import { closedLoopbackPort } from '../backstage/testing/test-servers';

jest.mock('@forge/api', () => jest.requireActual('./testing/forge-edge').forgeApiModule());
jest.mock('@forge/events', () => jest.requireActual('./testing/forge-edge').forgeEventsModule());

import { adminResolver, panelResolver } from '../index';
import { componentIdFromContext } from './panel-resolver';
import { forgeAppOnEdge } from './testing/forge-app-on-edge';

const { compass: mockCompass, queue: mockQueue, backstage, adminContext, installContext } = forgeAppOnEdge();

type Answer =
  { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };

function admin(method: string, payload?: unknown): Promise<Answer> {
  return adminResolver(
    { call: { functionKey: method, payload }, context: adminContext },
    { principal: { accountId: 'admin-account' }, installContext },
  ) as Promise<Answer>;
}

function panel(method: string, componentId: string, accountId: string, payload?: unknown): Promise<Answer> {
  return panelResolver(
    {
      call: { functionKey: method, payload },
      context: {
        cloudId: mockCompass.cloudId,
        moduleKey: 'backstage-component-panel',
        localId: 'panel',
        extension: { type: 'compass:componentPage', component: { id: componentId } },
      },
    },
    { principal: { accountId }, installContext },
  ) as Promise<Answer>;
}

describe('the panel resolver on Forge', () => {
  it('says the app is not connected, then shows an imported component, and links only for an admin', async () => {
    const created = await mockCompass
      .fetchApi()
      .asApp()
      .requestGraph(
        'mutation($cloudId: ID!, $input: CreateCompassComponentInput!) { compass { createComponent(cloudId: $cloudId, input: $input) { success componentDetails { id } } } }',
        { cloudId: mockCompass.cloudId, input: { name: 'Hand-made', typeId: 'SERVICE' } },
      );
    const handMade = (
      (await created.json()) as {
        data: { compass: { createComponent: { componentDetails: { id: string } } } };
      }
    ).data.compass.createComponent.componentDetails.id;
    expect(await panel('getPanel', handMade, 'developer')).toMatchObject({
      ok: true,
      value: { state: 'not-connected' },
    });

    await admin('saveConnection', { baseUrl: backstage.baseUrl, token: backstage.token });
    await admin('startImport', {
      selection: ['component:default/payment-gateway', 'api:default/payments-api'],
    });
    await mockQueue.runUntilIdle();
    const gateway = mockCompass.findByAlias('backstage', 'component:default/payment-gateway')!;

    const view = await panel('getPanel', gateway.id, 'developer');
    expect(view).toMatchObject({
      ok: true,
      value: {
        state: 'ready',
        componentId: gateway.id,
        asOf: expect.any(String),
        entity: { ref: 'component:default/payment-gateway', lifecycle: 'production' },
      },
    });
    expect(JSON.stringify(view)).not.toContain(backstage.token);
    expect(await panel('refreshPanel', gateway.id, 'developer')).toMatchObject({
      ok: true,
      value: { state: 'ready', fromCache: false },
    });

    expect(await panel('getPanel', handMade, 'developer')).toMatchObject({
      ok: true,
      value: { state: 'not-linked', canLink: false },
    });
    const search = await panel('searchEntities', handMade, 'developer', { query: 'ledger' });
    expect(search.ok && (search.value as unknown as { ref: string }[]).map((r) => r.ref)).toContain(
      'component:default/ledger-service',
    );
    expect(
      await panel('linkEntity', handMade, 'developer', { entityRef: 'component:default/ledger-service' }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/admin/) } });
    // The account that started the import is an admin.
    expect(await panel('getPanel', handMade, 'admin-account')).toMatchObject({
      ok: true,
      value: { state: 'not-linked', canLink: true },
    });
    expect(
      await panel('linkEntity', handMade, 'admin-account', { entityRef: 'component:default/ledger-service' }),
    ).toMatchObject({
      ok: true,
      value: { state: 'ready', entity: { ref: 'component:default/ledger-service' } },
    });
    expect(mockCompass.findByAlias('backstage', 'component:default/ledger-service')?.id).toBe(handMade);
  });

  it('tells only an admin why Backstage could not be read; everyone else sees the saved view and one sentence', async () => {
    const gateway = mockCompass.findByAlias('backstage', 'component:default/payment-gateway')!;
    // A new address needs the token again.
    const saved = await admin('saveConnection', {
      baseUrl: `http://127.0.0.1:${await closedLoopbackPort()}`,
      token: backstage.token,
    });
    expect(saved).toMatchObject({ ok: true });
    try {
      const forDeveloper = await panel('refreshPanel', gateway.id, 'developer');
      expect(forDeveloper).toMatchObject({
        ok: true,
        value: {
          state: 'ready',
          fromCache: true,
          asOf: expect.any(String),
          entity: { ref: 'component:default/payment-gateway' },
        },
      });
      expect(forDeveloper.ok && forDeveloper.value.warning).toEqual({
        code: 'backstage-unreachable',
        message: 'Backstage is unreachable',
      });
      expect(await panel('refreshPanel', gateway.id, 'admin-account')).toMatchObject({
        ok: true,
        value: { state: 'ready', warning: { code: 'unreachable', message: expect.any(String) } },
      });
    } finally {
      await admin('saveConnection', { baseUrl: backstage.baseUrl, token: backstage.token });
    }
  });

  it('exposes exactly the four panel operations and none of the admin ones', async () => {
    for (const method of [
      'getConnection',
      'saveConnection',
      'startImport',
      'getImportStatus',
      'getImportResults',
      'retryFailed',
      'cancelImport',
      'testConnection',
      'previewCatalog',
      'getMapping',
      'saveMapping',
      'searchTeams',
      'planImport',
      'getHistory',
    ]) {
      expect(await panel(method, 'any', 'admin-account')).toEqual({
        ok: false,
        error: { code: 'unknown-method', message: `The component page has no definition for '${method}'.` },
      });
    }
    for (const method of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(await panel(method, 'any', 'admin-account', { query: 'x' })).toMatchObject({
        ok: false,
        error: { code: 'unknown-method' },
      });
    }
  });

  it('refuses a bad payload with invalid-request naming the field', async () => {
    const refusals: [string, unknown, string, RegExp][] = [
      ['getPanel', 'str', 'payload', /payload/],
      ['getPanel', [1], 'payload', /payload/],
      ['getPanel', { componentId: 42 }, 'componentId', /componentId/],
      ['refreshPanel', { force: true }, 'force', /force/],
      ['searchEntities', {}, 'query', /at least 2 characters/],
      ['searchEntities', { query: ' a ' }, 'query', /at least 2 characters/],
      ['searchEntities', { query: 'x'.repeat(201) }, 'query', /at most 200/],
      ['linkEntity', { entityRef: 42 }, 'entityRef', /Choose a Backstage entity/],
      ['linkEntity', { entityRef: 'component:default/a', extra: 1 }, 'extra', /extra/],
    ];
    for (const [method, payload, field, message] of refusals) {
      expect({ method, answer: await panel(method, 'any', 'admin-account', payload) }).toEqual({
        method,
        answer: {
          ok: false,
          error: { code: 'invalid-request', field, message: expect.stringMatching(message) },
        },
      });
    }
  });

  it('reads the component id from either context key, the payload only as a fallback', () => {
    expect(componentIdFromContext({ extension: { component: { id: 'a' } } }, { componentId: 'x' })).toBe('a');
    expect(componentIdFromContext({ extension: { componentId: 'b' } }, {})).toBe('b');
    expect(componentIdFromContext({ extension: {} }, { componentId: 'c' })).toBe('c');
  });
});
