// What `forge logs` shows of an import: one structured line per run step and per failure, saying where the run
// is and never what an entity holds or the token the catalog is read with.
import { testBackstage } from '../../sandbox/backstage/test-backstage';
import { onLogLine } from '../core/log';
import { importHarness } from './testing/import-harness';

type Line = Record<string, unknown>;

async function linesDuring(work: () => Promise<unknown>): Promise<{ text: string[]; parsed: Line[] }> {
  const text: string[] = [];
  const stop = onLogLine((line) => text.push(line));
  try {
    await work();
  } finally {
    stop();
  }
  return { text, parsed: text.map((line) => JSON.parse(line) as Line) };
}

describe('the import’s log', () => {
  it('writes one line per step through every phase, then one for the finished run', async () => {
    const harness = importHarness();
    const { text, parsed } = await linesDuring(() => harness.importAll());

    const steps = parsed.filter((line) => line.event === 'import.step');
    expect(steps.length).toBeGreaterThan(0);
    const runIds = new Set(steps.map((line) => line.runId));
    expect(runIds.size).toBe(1);
    expect(steps.map((line) => line.phase)).toEqual(
      expect.arrayContaining(['index', 'entities', 'relationships', 'orphans', 'cleanup']),
    );
    expect(steps.at(-1)).toMatchObject({ level: 'info', next: 'finished' });
    for (const step of steps) expect(typeof step.ms).toBe('number');
    expect(parsed.filter((line) => line.event === 'import.finished')).toEqual([
      expect.objectContaining({ runId: [...runIds][0], state: 'done' }),
    ]);

    // Nothing an entity holds (its description, its annotations) and never the token.
    const page = await harness.deps.catalog.queryEntitiesPage({ pageSize: 100 });
    const descriptions = page.items
      .map((entity) => entity.metadata.description)
      .filter((text): text is string => typeof text === 'string' && text.length > 20);
    expect(descriptions.length).toBeGreaterThan(0);
    const all = text.join('\n');
    for (const description of descriptions) expect(all).not.toContain(description);
    expect(all).not.toContain(testBackstage().token);
  });
});
