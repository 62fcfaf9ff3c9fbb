// The history record the engine writes as each run ends (done, cancelled, failed), read back as the page does.
import { BackstageCatalogError } from '../backstage/backstage-errors';
import { cancelImport } from '../import/cancel-import';
import { HISTORY_KEY } from '../storage/storage-keys';
import { HISTORY_SIZE, type RunHistoryEntry } from '../storage/history-store';
import { startImport } from '../import/start-import';
import { importHarness } from '../import/testing/import-harness';
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
      startedBy: 'test-admin',
      selectionSize: 2,
      counts: { planned: 2, unchanged: 1, skipped: 1, failed: 0 },
      finishedAt: expect.any(String),
    });
    expect(runs[1]).toMatchObject({ state: 'done', selectionSize: null, counts: { created: 28 } });
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
