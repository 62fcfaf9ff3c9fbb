// The history record the engine writes as each run ends (done, cancelled, failed), read back as the page does.
import { BackstageCatalogError } from '../backstage/backstage-errors';
import { cancelImport } from '../import/cancel-import';
import { HISTORY_KEY } from '../storage/storage-keys';
import { HISTORY_SIZE, type RunHistoryEntry } from '../storage/history-store';
import { startImport } from '../import/start-import';
import { importHarness } from '../import/testing/import-harness';
import { CompassIdentity } from '../compass/compass-identity';
import { SCHEDULED_RUN_STARTER } from '../import/scheduled-run';
import { getHistory } from './history';

describe('import history', () => {
  it('is empty before any run', async () => {
    expect(await getHistory(importHarness().store)).toEqual({ runs: [] });
  });

  it('records each finished run, newest first, with who, when, selection size and outcome counts', async () => {
    const harness = importHarness();
    await harness.importAll();
    await harness.importAll(['component:default/ledger-service', 'component:default/gone']);
    const { runs } = await getHistory(harness.store);
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({
      state: 'done',
      selectionSize: 2,
      counts: { planned: 2, unchanged: 1, skipped: 1, failed: 0 },
      finishedAt: expect.any(String),
    });
    expect(runs[1]).toMatchObject({ state: 'done', selectionSize: null, counts: { created: 28 } });
  });

  describe('names who started each run, never by account id', () => {
    function harnessWithPeople() {
      const harness = importHarness();
      harness.compass.addUser({ accountId: 'test-admin', name: 'Tess Admin' });
      const people = new CompassIdentity(harness.compass.fetchApi().asUser('test-admin').requestGraph);
      return { harness, people };
    }
    const runBy = (runId: string, startedBy?: string): RunHistoryEntry => ({
      runId,
      state: 'done',
      startedAt: '2026-01-01T00:00:00.000Z',
      selectionSize: null,
      counts: {} as RunHistoryEntry['counts'],
      ...(startedBy !== undefined ? { startedBy } : {}),
    });

    it('by the name Compass gives, in one lookup for every run; the schedule as scheduled; else no name', async () => {
      const { harness, people } = harnessWithPeople();
      await harness.store.set(HISTORY_KEY, [
        runBy('r1', 'test-admin'),
        runBy('r2', SCHEDULED_RUN_STARTER),
        runBy('r3', 'someone-compass-does-not-name'),
        runBy('r4'),
        runBy('r5', 'test-admin'),
      ]);
      harness.compass.resetStats();
      const { runs } = await getHistory(harness.store, people);
      expect(
        runs.map(({ runId, startedByName, scheduled }) => ({ runId, startedByName, scheduled })),
      ).toEqual([
        { runId: 'r1', startedByName: 'Tess Admin', scheduled: undefined },
        { runId: 'r2', startedByName: undefined, scheduled: true },
        { runId: 'r3', startedByName: undefined, scheduled: undefined },
        { runId: 'r4', startedByName: undefined, scheduled: undefined },
        { runId: 'r5', startedByName: 'Tess Admin', scheduled: undefined },
      ]);
      expect(JSON.stringify(runs)).not.toMatch(/test-admin|someone-compass|startedBy"/);
      expect(harness.compass.stats().byOperation).toEqual({ BackstageForCompassUsers: 1 });
    });

    it('when Compass does not answer, nobody is named and the history still loads', async () => {
      const { harness, people } = harnessWithPeople();
      await harness.store.set(HISTORY_KEY, [runBy('r1', 'test-admin')]);
      harness.compass.injectFault({ match: 'BackstageForCompassUsers', kind: 'graphql-error' });
      const { runs } = await getHistory(harness.store, people);
      expect(runs[0]).not.toHaveProperty('startedByName');
      expect(JSON.stringify(runs)).not.toContain('test-admin');
    });
  });

  it('records a cancelled run once, with the counts it reached', async () => {
    const harness = importHarness();
    await startImport(harness.deps, {
      cloudId: harness.compass.cloudId,
      backstageWebBaseUrl: harness.backstageBaseUrl,
    });
    await cancelImport(harness.deps);
    await harness.queue.runUntilIdle();
    const { runs } = await getHistory(harness.store);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ state: 'cancelled', counts: { created: 0 } });
  });

  it('records a run that failed for good, with its error in the app’s words', async () => {
    const harness = importHarness({ options: { maxFailureStreak: 2 }, queueOptions: { maxAttempts: 5 } });
    const down = () => new BackstageCatalogError('server-error', 'Backstage failed', { said: 'db is down' });
    await startImport(harness.deps, {
      cloudId: harness.compass.cloudId,
      backstageWebBaseUrl: harness.backstageBaseUrl,
    });
    // Backstage goes down once the run has started (a start is refused while it is down).
    harness.deps.catalog = {
      queryEntitiesPage: () => Promise.reject(down()),
      queryAllEntities: () => ({
        [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(down()) }),
      }),
      getEntitiesByRefs: () => Promise.reject(down()),
      lookupEntitiesByRefs: () => Promise.reject(down()),
    };
    await harness.queue.runUntilIdle();
    const { runs } = await getHistory(harness.store);
    expect(runs[0]).toMatchObject({ state: 'failed', error: expect.stringMatching(/^Backstage failed\. /) });
    expect(runs[0]!.error).not.toContain('db is down');
  });

  it(`keeps only the last ${HISTORY_SIZE} runs`, async () => {
    const harness = importHarness();
    const old: RunHistoryEntry[] = Array.from({ length: HISTORY_SIZE }, (_, i) => ({
      runId: `old-${i}`,
      state: 'done',
      startedAt: '2026-01-01T00:00:00.000Z',
      selectionSize: null,
      counts: {} as RunHistoryEntry['counts'],
    }));
    await harness.store.set(HISTORY_KEY, old);
    await harness.importAll(['component:default/ledger-service']);
    const { runs } = await getHistory(harness.store);
    expect(runs).toHaveLength(HISTORY_SIZE);
    expect(runs[0]!.selectionSize).toBe(1);
    expect(runs.at(-1)!.runId).toBe(`old-${HISTORY_SIZE - 2}`);
  });
});
