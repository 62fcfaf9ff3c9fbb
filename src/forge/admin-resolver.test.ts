// The admin page's operations beyond the import itself, as Forge runs the resolver: only the platform at its edge
// is doubled (testing/forge-app-on-edge.ts: @forge/kvs real over the sandbox's storage service, @forge/api to the
// real Backstage and the local Compass, @forge/events to the in-process queue).
jest.mock('@forge/api', () => jest.requireActual('./testing/forge-edge').forgeApiModule());
jest.mock('@forge/events', () => jest.requireActual('./testing/forge-edge').forgeEventsModule());

import { adminContract } from './contract/admin-contract';
import { panelResolver } from '../index';
import { adminCaller, forgeAppOnEdge } from './testing/forge-app-on-edge';
import { forgeEdge } from './testing/forge-edge';

const {
  compass: mockCompass,
  queue: mockQueue,
  backstage,
  adminContext: context,
} = forgeAppOnEdge({
  teams: [{ displayName: 'Payments' }, { displayName: 'Data' }],
  users: [{ accountId: 'admin-account-1', name: 'Ada Admin', canEditComponents: true }],
});
const { platform, admin } = adminCaller(context);
forgeEdge.userAccountId = 'admin-account-1';

describe('the admin resolver’s workflow operations', () => {
  it('before a connection: test asks for one, history is empty, the mapping shows its defaults', async () => {
    expect(await admin('testConnection')).toMatchObject({ ok: false, diagnosis: { kind: 'not-connected' } });
    expect(await admin('getHistory')).toEqual({ runs: [] });
    expect(await admin('getMapping')).toMatchObject({
      rules: { importedKinds: ['component', 'api', 'resource'] },
    });
    await expect(admin('previewCatalog')).rejects.toMatchObject({ code: 'not-connected' });
  });

  it('connect, test, preview, map an owner, dry run, import, history', async () => {
    await admin('saveConnection', { baseUrl: backstage.baseUrl, token: backstage.token });
    expect(await admin('testConnection')).toMatchObject({ ok: true, totalEntities: backstage.entityCount });

    const preview = await admin<{ total: number; rows: { status: string }[] }>('previewCatalog', {
      filters: { kind: 'Component' },
      limit: 5,
    });
    expect(preview.total).toBe(backstage.entityCount);
    expect(preview.rows.map((row) => row.status)).toEqual(['new', 'new', 'new', 'new', 'new']);

    const teams = await admin<{
      teams: { id: string; displayName: string }[];
      owners: { ownerRef: string; suggestions: { id: string }[] }[];
      unmapped: number;
    }>('searchTeams', { query: 'pay', owners: true });
    expect(teams.teams.map((team) => team.displayName)).toEqual(['Payments']);
    const payments = teams.owners.find((owner) => owner.ownerRef === 'group:default/payments-team')!;
    expect(payments.suggestions[0]!.id).toBe(teams.teams[0]!.id);

    await expect(admin('saveMapping', { typeByKind: { api: 'NOPE' } })).rejects.toMatchObject({
      code: 'invalid-request',
      field: 'typeByKind.api',
    });
    const mapping = await admin<{ rules: { ownerTeamIds: Record<string, string> } }>('saveMapping', {
      ownerTeamIds: { 'group:default/payments-team': teams.teams[0]!.id },
      teamNames: { [teams.teams[0]!.id]: 'Payments' },
    });
    expect(mapping.rules.ownerTeamIds).toEqual({ 'group:default/payments-team': teams.teams[0]!.id });

    const plan = await admin<{ counts: Record<string, number> }>('planImport');
    expect(plan.counts).toEqual({ create: 28, update: 0, unchanged: 0, skipped: 0 });
    expect(mockCompass.components()).toHaveLength(0);

    await admin('startImport');
    // While the run goes on the page polls the status every 2 s: no account id, and no Compass request for a name.
    const requestsBefore = mockCompass.stats().requests;
    const running = await admin('getImportStatus');
    expect(running).toMatchObject({ state: 'running' });
    expect(JSON.stringify(running)).not.toContain('admin-account-1');
    expect(mockCompass.stats().requests).toBe(requestsBefore);
    await mockQueue.runUntilIdle();
    const owned = mockCompass.components().filter((component) => component.ownerId === teams.teams[0]!.id);
    expect(owned.length).toBeGreaterThan(0);
    const history = await admin<{
      runs: { state: string; startedByName?: string; counts: { created: number } }[];
    }>('getHistory');
    expect(history.runs).toEqual([
      expect.objectContaining({
        state: 'done',
        startedByName: 'Ada Admin',
        counts: expect.objectContaining({ created: 28 }),
      }),
    ]);
    // The page gets names, never the account id: in the history and in the status alike.
    const status = await admin('getImportStatus');
    expect(status).toMatchObject({ state: 'done', startedByName: 'Ada Admin' });
    expect(JSON.stringify([history, status])).not.toContain('admin-account-1');
  });

  it('the component page’s resolver reaches none of them', async () => {
    for (const method of Object.keys(adminContract)) {
      expect(
        await panelResolver({ call: { functionKey: method, payload: {} }, context }, platform),
      ).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    }
  });
});
