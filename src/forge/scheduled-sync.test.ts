// The hourly trigger as Forge runs it (testing/forge-app-on-edge.ts: the real @forge/kvs over the sandbox's storage
// service, fetch to the real Backstage): one log line per run, whatever happens, and nothing stored.
import { onLogLine } from '../core/log';

jest.mock('@forge/api', () => jest.requireActual('./testing/forge-edge').forgeApiModule());
jest.mock('@forge/events', () => jest.requireActual('./testing/forge-edge').forgeEventsModule());

import { adminResolver, scheduledSync } from '../index';
import { forgeAppOnEdge } from './testing/forge-app-on-edge';

const { kvs, backstage, adminContext, installContext } = forgeAppOnEdge();

async function runTrigger() {
  const lines: string[] = [];
  const stop = onLogLine((line) => lines.push(line));
  try {
    const result = await scheduledSync();
    return { result, lines: lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
  } finally {
    stop();
  }
}

/** What the storage service holds and how many writes it took: a check that stores nothing leaves both. */
function writesOf(stats: ReturnType<typeof kvs.stats>) {
  const writes = Object.entries(stats.byPath)
    .filter(([path]) => /set|delete/.test(path))
    .reduce((sum, [, count]) => sum + count, 0);
  return { keys: stats.keys, secrets: stats.secrets, writes };
}

function saveConnection(connection: { baseUrl: string; token: string }) {
  return adminResolver(
    { call: { functionKey: 'saveConnection', payload: connection }, context: adminContext },
    { principal: { accountId: 'admin-account' }, installContext },
  );
}

describe('the scheduled trigger', () => {
  it('says there is nothing to check before a connection is saved', async () => {
    const { result, lines } = await runTrigger();
    expect(result).toEqual({ statusCode: 200, body: expect.stringMatching(/No Backstage connection/) });
    expect(lines).toEqual([{ level: 'info', event: 'trigger.not-connected' }]);
  });

  it('checks a saved connection, logs one line and stores nothing', async () => {
    expect(await saveConnection({ baseUrl: backstage.baseUrl, token: backstage.token })).toMatchObject({
      ok: true,
    });
    const writesBefore = writesOf(kvs.stats());
    const { result, lines } = await runTrigger();
    expect(result).toEqual({
      statusCode: 200,
      body: expect.stringMatching(/^Backstage reachable: \d+ entities$/),
    });
    expect(lines).toEqual([
      { level: 'info', event: 'trigger.connection-ok', totalEntities: expect.any(Number) },
    ]);
    expect(writesOf(kvs.stats())).toEqual(writesBefore);
  });

  it('logs a refused token by its kind, never the token', async () => {
    const wrong = 'wrong-token-1234567890';
    expect(await saveConnection({ baseUrl: backstage.baseUrl, token: wrong })).toMatchObject({ ok: true });
    const { result, lines } = await runTrigger();
    expect(result.statusCode).toBe(200);
    expect(lines).toEqual([{ level: 'warn', event: 'trigger.connection-failed', errorKind: 'unauthorized' }]);
    expect(JSON.stringify({ result, lines })).not.toContain(wrong);
  });

  it('logs its own failure when storage fails, answering in the app’s words', async () => {
    const forgeFetch = globalThis as { __forge_fetch__?: (...args: unknown[]) => Promise<Response> };
    const working = forgeFetch.__forge_fetch__;
    forgeFetch.__forge_fetch__ = async () => {
      throw new Error('storage is down');
    };
    try {
      const { result, lines } = await runTrigger();
      expect(result).toEqual({ statusCode: 500, body: expect.stringMatching(/could not run/) });
      expect(lines).toEqual([expect.objectContaining({ level: 'error', event: 'trigger.failed' })]);
    } finally {
      forgeFetch.__forge_fetch__ = working;
    }
  });
});
