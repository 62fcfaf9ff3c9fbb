// The daily trigger as Forge runs it (testing/forge-app-on-edge.ts): it starts a run like the last import, which
// pushes the scorecard metrics through the queue's consumer; a second trigger at the same time starts nothing.
import { onLogLine } from '../core/log';

jest.mock('@forge/api', () => jest.requireActual('./testing/forge-edge').forgeApiModule());
jest.mock('@forge/events', () => jest.requireActual('./testing/forge-edge').forgeEventsModule());

import { adminResolver, dailyRefresh } from '../index';
import { forgeAppOnEdge } from './testing/forge-app-on-edge';

const { compass, queue, backstage, adminContext, installContext } = forgeAppOnEdge();

type Answer = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string } };

function admin(method: string, payload?: unknown): Promise<Answer> {
  return adminResolver(
    { call: { functionKey: method, payload }, context: adminContext },
    { principal: { accountId: 'admin-account' }, installContext },
  ) as Promise<Answer>;
}

async function trigger() {
  const lines: Record<string, unknown>[] = [];
  const stop = onLogLine((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  try {
    return {
      result: await dailyRefresh(),
      lines: lines.filter((l) => String(l.event).startsWith('trigger')),
    };
  } finally {
    stop();
  }
}

describe('the daily refresh', () => {
  it('does nothing before a first import', async () => {
    await admin('saveConnection', { baseUrl: backstage.baseUrl, token: backstage.token });
    expect(await trigger()).toEqual({
      result: { statusCode: 200, body: expect.stringMatching(/Nothing has been imported yet/) },
      lines: [{ level: 'info', event: 'trigger.daily-refresh', skipped: 'nothing-imported-yet' }],
    });
  });

  it('after an import, starts one run that pushes the metrics; a second trigger meanwhile starts none', async () => {
    expect(await admin('startImport', { selection: ['component:default/payment-gateway'] })).toMatchObject({
      ok: true,
    });
    await queue.runUntilIdle();
    const definitions = compass.metricDefinitions().length;
    expect(definitions).toBeGreaterThan(0);

    const first = await trigger();
    const second = await trigger();
    expect(first.result.body).toMatch(/Started the daily refresh/);
    expect(second.lines).toEqual([
      { level: 'info', event: 'trigger.daily-refresh', skipped: 'already-running' },
    ]);
    await queue.runUntilIdle();

    expect(await admin('getHistory')).toMatchObject({
      ok: true,
      value: {
        runs: [{ scheduled: true, state: 'done', selectionSize: 1 }, expect.anything()],
      },
    });
    expect(compass.metricDefinitions()).toHaveLength(definitions);
    expect(await admin('getMetrics')).toMatchObject({ ok: true, value: { lastPush: { valuesFailed: 0 } } });
  });
});
