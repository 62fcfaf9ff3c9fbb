// The hourly trigger and the sync operations as Forge runs them (testing/forge-app-on-edge.ts: the real @forge/kvs
// over the sandbox's storage service, fetch to the real Backstage, the local Compass, the queue's consumer).
import { onLogLine } from '../core/log';

jest.mock('@forge/api', () => jest.requireActual('./testing/forge-edge').forgeApiModule());
jest.mock('@forge/events', () => jest.requireActual('./testing/forge-edge').forgeEventsModule());

import { adminResolver, scheduledSync } from '../index';
import { forgeAppOnEdge } from './testing/forge-app-on-edge';

const { compass, queue, backstage, adminContext, installContext } = forgeAppOnEdge();

type Answer = { ok: true; value: Record<string, unknown> } | { ok: false; error: Record<string, unknown> };

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
      result: await scheduledSync(),
      lines: lines.filter((l) => String(l.event).startsWith('trigger')),
    };
  } finally {
    stop();
  }
}

describe('the scheduled sync', () => {
  it('does nothing before a first import', async () => {
    await admin('saveConnection', { baseUrl: backstage.baseUrl, token: backstage.token });
    expect(await trigger()).toEqual({
      result: { statusCode: 200, body: expect.stringMatching(/Nothing has been imported yet/) },
      lines: [{ level: 'info', event: 'trigger.scheduled-sync', skipped: 'nothing-imported-yet' }],
    });
    expect(await admin('runSyncNow', {})).toMatchObject({ ok: false, error: { code: 'not-imported-yet' } });
  });

  it('after an import, starts one sync for the day however often it runs; the history names the schedule', async () => {
    expect(await admin('startImport', { selection: ['component:default/payment-gateway'] })).toMatchObject({
      ok: true,
    });
    await queue.runUntilIdle();
    const components = compass.components().length;

    const first = await trigger();
    const second = await trigger();
    expect(first.result.body).toMatch(/Started the scheduled sync/);
    expect(second.lines).toEqual([{ level: 'info', event: 'trigger.scheduled-sync', skipped: 'slot-taken' }]);
    await queue.runUntilIdle();

    expect(await admin('getHistory')).toMatchObject({
      ok: true,
      value: {
        runs: [{ scheduled: true, state: 'done', selectionSize: 1, mode: 'sync' }, expect.anything()],
      },
    });
    expect(compass.components()).toHaveLength(components);
    expect(await admin('getSyncSettings')).toMatchObject({
      ok: true,
      value: {
        settings: { schedule: 'daily', removalPolicy: 'report' },
        lastSync: { state: 'done', scheduled: true, counts: { unchanged: 1 } },
        // Today's slot is taken: the next is tomorrow's first hour.
        nextSyncAt: expect.stringMatching(/T00:00:00.000Z$/),
      },
    });
  });

  it('saves the settings the contract and the rules allow, and runs a sync on request', async () => {
    expect(await admin('saveSyncSettings', { maxRemovalShare: 0 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', field: 'maxRemovalShare' },
    });
    expect(
      await admin('saveSyncSettings', { schedule: 'off', removalPolicy: 'mark', deleteConfirmed: true }),
    ).toMatchObject({
      ok: true,
      // Deleting is only ever confirmed together with the delete policy.
      value: { settings: { schedule: 'off', removalPolicy: 'mark', deleteConfirmed: false } },
    });
    const off = await admin('getSyncSettings');
    expect(off).toMatchObject({ ok: true });
    expect(off).not.toHaveProperty('value.nextSyncAt');
    expect(await trigger()).toMatchObject({
      lines: [{ level: 'info', event: 'trigger.scheduled-sync', skipped: 'schedule-off' }],
    });
    expect(await admin('runSyncNow', {})).toMatchObject({ ok: true, value: { resumed: false } });
    await queue.runUntilIdle();
    expect(await admin('getImportStatus')).toMatchObject({
      ok: true,
      value: { state: 'done', unchanged: 1 },
    });
  });
});
