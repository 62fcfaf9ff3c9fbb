// The admin resolver and the queue consumer as Forge would run them, with only the platform at its edge doubled
// (testing/forge-app-on-edge.ts): @forge/kvs is real over the sandbox's storage service, @forge/api (fetch goes to
// the real Backstage, requestGraph to the local Compass) and @forge/events (pushes land on the in-process queue,
// whose consumer is the app's importWorker) are mocked.
import { adminContract } from './contract/admin-contract';
import { onLogLine } from '../core/log';

jest.mock('@forge/api', () => jest.requireActual('./testing/forge-edge').forgeApiModule());
jest.mock('@forge/events', () => jest.requireActual('./testing/forge-edge').forgeEventsModule());

// Imported after the mocks, as Forge would load the bundle.
import { adminResolver, panelResolver } from '../index';
import { forgeAppOnEdge } from './testing/forge-app-on-edge';

const edge = forgeAppOnEdge();
const { compass: mockCompass, queue: mockQueue, backstage, adminContext: context } = edge;
const platform = { principal: { accountId: 'admin-account-1' }, installContext: edge.installContext };

type Answer<T = Record<string, unknown>> =
  { ok: true; value: T } | { ok: false; error: { code: string; message: string; field?: string } };

function admin<T = Record<string, unknown>>(method: string, payload?: unknown): Promise<Answer<T>> {
  return adminResolver({ call: { functionKey: method, payload }, context }, platform) as Promise<Answer<T>>;
}

describe('the admin resolver driving an import through the queue', () => {
  it('connects, imports, reports progress and results, and refuses what makes no sense', async () => {
    expect(await admin('startImport')).toMatchObject({ ok: false, error: { code: 'not-connected' } });
    expect(
      await admin('saveConnection', { baseUrl: backstage.baseUrl, token: backstage.token }),
    ).toMatchObject({
      ok: true,
      value: { baseUrl: backstage.baseUrl, token: { set: true } },
    });
    expect(JSON.stringify(await admin('getConnection'))).not.toContain(backstage.token);
    // Opening the admin page marks the caller as an admin, who may then link components from the panel.
    const { kvs } = jest.requireActual<{ kvs: { get(key: string): Promise<unknown> } }>('@forge/kvs');
    expect(await kvs.get('admin-accounts')).toEqual(['admin-account-1']);

    const started = await admin<{ runId: string }>('startImport');
    expect(started).toMatchObject({ ok: true, value: { runId: expect.any(String) } });
    expect(await admin('getImportStatus')).toMatchObject({ ok: true, value: { state: 'running', done: 0 } });
    expect(await admin('startImport')).toMatchObject({ ok: false, error: { code: 'already-running' } });

    await mockQueue.runUntilIdle();
    const status = await admin<{ total: number }>('getImportStatus');
    expect(status).toMatchObject({
      ok: true,
      value: { state: 'done', created: 28, failed: 0 },
    });
    // Who started it reaches the page by name only (none here: the local Compass knows no user in this test).
    expect(JSON.stringify(status)).not.toContain('admin-account-1');
    expect(mockCompass.components()).toHaveLength(28);

    const results = await admin<{ results: { outcome: string }[] }>('getImportResults', {
      outcome: 'created',
      limit: 100,
    });
    expect(results.ok && results.value.results).toHaveLength(28);
    expect(await admin('retryFailed')).toMatchObject({ ok: false, error: { code: 'nothing-to-retry' } });
    expect(await admin('cancelImport')).toMatchObject({ ok: false, error: { code: 'not-running' } });
    // A complete import held no removals: nothing to apply anyway, and none to show.
    expect(await admin('getRemovals', {})).toMatchObject({
      ok: true,
      value: { policy: 'report', removed: [], total: 0 },
    });
    expect(await admin('applyRemovals', { confirm: true })).toMatchObject({
      ok: false,
      error: { code: 'nothing-to-apply' },
    });
  });

  it('refuses a bad payload with invalid-request naming the field, and does nothing', async () => {
    const before = await admin<{ runId: string; state: string }>('getImportStatus');
    const refusals: [string, unknown, string][] = [
      ['startImport', 'str', 'payload'],
      ['startImport', 42, 'payload'],
      ['startImport', [1], 'payload'],
      ['startImport', { selection: 'component:default/a' }, 'selection'],
      ['startImport', { selection: [1] }, 'selection.0'],
      [
        'startImport',
        { selection: Array.from({ length: 10_001 }, (_, i) => `component:default/c${i}`) },
        'selection',
      ],
      ['startImport', { applyRemovals: 'yes' }, 'applyRemovals'],
      ['applyRemovals', {}, 'confirm'],
      ['applyRemovals', { confirm: false }, 'confirm'],
      ['getRemovals', { limit: 101 }, 'limit'],
      ['startImport', { everything: true }, 'everything'],
      ['saveConnection', null, 'baseUrl'],
      ['saveConnection', 42, 'payload'],
      ['saveConnection', ['https://example.com'], 'payload'],
      ['saveConnection', { baseUrl: 42 }, 'baseUrl'],
      ['saveConnection', { baseUrl: backstage.baseUrl, token: { value: 'x' } }, 'token'],
      ['getImportResults', { limit: 'abc' }, 'limit'],
      ['getImportResults', { limit: 1.5 }, 'limit'],
      ['getImportResults', { limit: 0 }, 'limit'],
      ['getImportResults', { limit: 101 }, 'limit'],
      ['getImportResults', { cursor: '"; drop table' }, 'cursor'],
      ['getImportResults', { cursor: 'a'.repeat(1025) }, 'cursor'],
      ['getImportResults', { outcome: 'exploded' }, 'outcome'],
      ['getImportResults', { runId: '../other-run' }, 'runId'],
      ['previewCatalog', { filters: { colour: 'red' } }, 'filters.colour'],
      ['previewCatalog', { offset: -1 }, 'offset'],
      ['previewCatalog', { search: 'x'.repeat(201) }, 'search'],
      ['searchTeams', { query: 7 }, 'query'],
      ['saveMapping', { importedKinds: 'component' }, 'importedKinds'],
      ['saveMapping', { ownerTeamIds: { 'group:default/a': 5 } }, 'ownerTeamIds.group:default/a'],
      ['getHistory', { page: 2 }, 'page'],
      [
        'saveMapping',
        { teamNames: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`team-${i}`, 'T'])) },
        'teamNames',
      ],
    ];
    for (const [method, payload, field] of refusals) {
      expect({ method, payload, answer: await admin(method, payload) }).toEqual({
        method,
        payload,
        answer: { ok: false, error: { code: 'invalid-request', field, message: expect.any(String) } },
      });
    }
    const after = await admin<{ runId: string; state: string }>('getImportStatus');
    expect(after).toEqual(before);
    expect(await admin('getConnection')).toMatchObject({ ok: true, value: { baseUrl: backstage.baseUrl } });
  });

  it('answers invalid-request on the cursor when the store refuses a well-formed one', async () => {
    // The sandbox's storage service refuses a cursor it did not issue, as Forge's does.
    const lines: string[] = [];
    const stop = onLogLine((line) => lines.push(line));
    try {
      expect(await admin('getImportResults', { cursor: 'bm90LWEtY3Vyc29y' })).toEqual({
        ok: false,
        error: { code: 'invalid-request', field: 'cursor', message: expect.stringMatching(/first page/) },
      });
      expect(lines).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it('calls only its own operations: anything else answers unknown-method', async () => {
    for (const method of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'getPanel', 'nope']) {
      expect(await admin(method, { echo: 'me' })).toEqual({
        ok: false,
        error: { code: 'unknown-method', message: `The admin page has no definition for '${method}'.` },
      });
    }
  });

  it('the component page’s resolver cannot reach a single admin operation', async () => {
    for (const method of Object.keys(adminContract)) {
      expect(
        await panelResolver({ call: { functionKey: method, payload: {} }, context }, platform),
      ).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    }
  });
});
