// The export and the drift report through the admin resolver as Forge runs it (testing/forge-app-on-edge.ts:
// real @forge/kvs over the sandbox's storage service, the real Backstage, the local Compass): the payloads each
// operation takes, the ones it refuses (naming the field), and the answers a page gets.
jest.mock('@forge/api', () => jest.requireActual('./testing/forge-edge').forgeApiModule());
jest.mock('@forge/events', () => jest.requireActual('./testing/forge-edge').forgeEventsModule());

// Imported after the mocks, as Forge would load the bundle.
import { adminResolver } from '../index';
import { forgeAppOnEdge } from './testing/forge-app-on-edge';

const edge = forgeAppOnEdge();
const { compass, queue, backstage, adminContext: context } = edge;
const platform = { principal: { accountId: 'admin-account-1' }, installContext: edge.installContext };

type Answer<T = Record<string, unknown>> =
  { ok: true; value: T } | { ok: false; error: { code: string; message: string; field?: string } };

function admin<T = Record<string, unknown>>(method: string, payload?: unknown): Promise<Answer<T>> {
  return adminResolver({ call: { functionKey: method, payload }, context }, platform) as Promise<Answer<T>>;
}

const LEDGER = 'component:default/ledger-service';

describe('export and drift on the admin resolver', () => {
  beforeAll(async () => {
    await admin('saveConnection', { baseUrl: backstage.baseUrl, token: backstage.token });
    await admin('startImport');
    await queue.runUntilIdle();
  });

  it('exports the mapping with component URLs on the site the page names', async () => {
    const answer = await admin<{ content: string; rows: number; encoding: string }>('exportMapping', {
      format: 'csv',
      siteUrl: 'https://acme.atlassian.net/',
    });
    expect(answer).toMatchObject({
      ok: true,
      value: { encoding: 'utf8', rows: compass.components().length },
    });
    const ledgerId = compass.findByAlias('backstage', LEDGER)!.id.split('/').pop();
    expect(answer.ok && answer.value.content).toContain(
      `,https://acme.atlassian.net/compass/component/${ledgerId},Ledger,SERVICE,`,
    );
    const archive = await admin<{ encoding: string; rows: number }>('exportMapping', {
      format: 'compass-yml',
    });
    expect(archive).toMatchObject({
      ok: true,
      value: { encoding: 'base64', rows: compass.components().length },
    });
    expect(JSON.stringify(archive)).not.toContain(backstage.token);
  });

  it('reports drift, takes Backstage’s value and stops syncing a field', async () => {
    const ledger = compass.findByAlias('backstage', LEDGER)!;
    await compass
      .fetchApi()
      .asApp()
      .requestGraph(
        'mutation Edit($input: UpdateCompassComponentInput!) { compass { updateComponent(input: $input) { success } } }',
        { input: { id: ledger.id, name: 'Ledger (edited)', description: 'Edited in Compass' } },
      );
    const drift = await admin<{ rows: { field: string }[] }>('getDrift', {});
    expect(drift).toMatchObject({
      ok: true,
      value: {
        rows: [
          { entityRef: LEDGER, field: 'name', compassValue: 'Ledger (edited)', backstageValue: 'Ledger' },
          { entityRef: LEDGER, field: 'description', compassValue: 'Edited in Compass' },
        ],
        truncated: false,
      },
    });
    expect(
      await admin('resolveDrift', {
        take: [{ entityRef: LEDGER, field: 'name' }],
        stopSyncing: ['description'],
      }),
    ).toMatchObject({ ok: true, value: { rows: [], unsyncedFields: ['description'] } });
    expect(compass.findByAlias('backstage', LEDGER)).toMatchObject({
      name: 'Ledger',
      description: 'Edited in Compass',
    });
  });

  it('refuses a bad payload with invalid-request naming the field, and writes nothing', async () => {
    const refusals: [string, unknown, string][] = [
      ['exportMapping', {}, 'format'],
      ['exportMapping', { format: 'xlsx' }, 'format'],
      ['exportMapping', { format: 'csv', siteUrl: 'http://acme.atlassian.net' }, 'siteUrl'],
      ['exportMapping', { format: 'csv', siteUrl: 'javascript:alert(1)' }, 'siteUrl'],
      ['exportMapping', { format: 'csv', siteUrl: 'https://acme.atlassian.net/x?y' }, 'siteUrl'],
      ['exportMapping', { format: 'csv', siteUrl: 'x'.repeat(3000) }, 'siteUrl'],
      ['exportMapping', { format: 'csv', extra: 1 }, 'extra'],
      ['getDrift', { limit: 0 }, 'limit'],
      ['getDrift', { limit: 501 }, 'limit'],
      ['getDrift', { limit: 'all' }, 'limit'],
      ['resolveDrift', { take: 'everything' }, 'take'],
      ['resolveDrift', { take: [{ entityRef: LEDGER, field: 'colour' }] }, 'take'],
      ['resolveDrift', { take: [{ field: 'name' }] }, 'take'],
      ['resolveDrift', { take: [{ entityRef: 'x'.repeat(501) }] }, 'take.0.entityRef'],
      ['resolveDrift', { stopSyncing: ['owner'] }, 'stopSyncing.0'],
      ['resolveDrift', { stopSyncing: 'name' }, 'stopSyncing'],
    ];
    compass.resetStats();
    for (const [method, payload, field] of refusals) {
      expect({ method, payload, answer: await admin(method, payload) }).toEqual({
        method,
        payload,
        answer: { ok: false, error: { code: 'invalid-request', field, message: expect.any(String) } },
      });
    }
    expect(compass.stats().requests).toBe(0);
    expect(await admin('resolveDrift', { take: [{ entityRef: LEDGER, field: 'colour' }] })).toMatchObject({
      error: { message: expect.stringMatching(/^take must be "all" or at most 500 rows/) },
    });
    expect(await admin('getDrift', {})).toMatchObject({
      ok: true,
      value: { unsyncedFields: ['description'] },
    });
  });
});
