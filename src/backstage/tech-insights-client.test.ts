import {
  catalogOnlyToken,
  startEmbeddedBackstage,
  TECH_INSIGHTS_CONFIG,
  type EmbeddedBackstage,
} from '../../sandbox/backstage/embedded-backstage';
import { testBackstage } from '../../sandbox/backstage/test-backstage';
import { detectTechInsights, testConnection } from '../admin/test-connection';
import { BackstageCatalogClient } from './backstage-catalog-client';
import { CountingHttpFetch } from './testing/counting-fetch';
import { nodeHttpFetch } from './node-http-fetch';
import { BackstageTechInsightsClient } from './tech-insights-client';
import { TechInsightsError } from './tech-insights-errors';

const CHECK_IDS = Object.keys(TECH_INSIGHTS_CONFIG.factChecker.checks);

function client(baseUrl: string, token: string, runBatchSize?: number, fetch = nodeHttpFetch) {
  return new BackstageTechInsightsClient({
    baseUrl,
    token,
    fetch,
    timeoutMs: 10_000,
    ...(runBatchSize ? { runBatchSize } : {}),
  });
}

async function componentRefs(baseUrl: string, token: string): Promise<string[]> {
  const catalog = new BackstageCatalogClient({ baseUrl, token, fetch: nodeHttpFetch });
  const page = await catalog.queryEntitiesPage({ filter: ['kind=component'], pageSize: 1000 });
  return page.items.map(
    (entity) => `component:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`,
  );
}

describe('BackstageTechInsightsClient against the real Tech Insights backend', () => {
  it('lists the configured checks with their names and descriptions', async () => {
    const { baseUrl, token } = testBackstage();
    const checks = await client(baseUrl, token).listChecks();
    expect(checks.map((check) => check.id).sort()).toEqual([...CHECK_IDS].sort());
    expect(checks.find((check) => check.id === 'tagsCheck')).toEqual({
      id: 'tagsCheck',
      name: 'Has tags',
      description: 'The entity has metadata.tags',
    });
  });

  it('runs checks for many entities in batches, one request per batch, with the answers of one request for all', async () => {
    const { baseUrl, token } = testBackstage();
    const refs = await componentRefs(baseUrl, token);
    const counting = new CountingHttpFetch();
    // The fact retrievers run 2 s after the backend starts: wait (bounded) until every entity has its answers.
    let batched = new Map();
    const deadline = Date.now() + 30_000;
    do {
      batched = await client(baseUrl, token, 5, counting.fetch).runChecks(refs, CHECK_IDS);
      if ([...batched.values()].every((a) => a.ok && Object.keys(a.results).length === 5)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    } while (Date.now() < deadline);
    const requestsPerRun = Math.ceil(refs.length / 5);
    expect(counting.requests % requestsPerRun).toBe(0);
    const single = await client(baseUrl, token).runChecks(refs, CHECK_IDS);
    expect(refs.length).toBe(18);
    expect(single.size).toBe(18);
    expect(new Map([...batched].sort())).toEqual(new Map([...single].sort()));
  });

  it('answers an entity Tech Insights has no facts for with no results, and sends nothing for no checks', async () => {
    const { baseUrl, token } = testBackstage();
    const counting = new CountingHttpFetch();
    const ti = client(baseUrl, token, undefined, counting.fetch);
    const answers = await ti.runChecks(['component:default/no-such-entity'], ['tagsCheck']);
    expect(answers.get('component:default/no-such-entity')).toEqual({ ok: true, results: {} });
    // An empty list would run every check, or every entity the backend knows.
    expect(await ti.runChecks([], ['tagsCheck'])).toEqual(new Map());
    expect(await ti.runChecks(['component:default/x'], [])).toEqual(new Map());
    expect(counting.requests).toBe(1);
  });

  it('answers an unknown check id per entity as an error, without the backend’s words', async () => {
    const { baseUrl, token } = testBackstage();
    const answers = await client(baseUrl, token).runChecks(['component:default/x'], ['no-such-check']);
    expect(answers.get('component:default/x')).toEqual({ ok: false });
  });

  it('tells a token Tech Insights refuses (403) and a wrong token (401) apart, never quoting the token', async () => {
    const { baseUrl, token } = testBackstage();
    const forbidden = await client(baseUrl, catalogOnlyToken(token))
      .listChecks()
      .catch((error: unknown) => error);
    expect(forbidden).toBeInstanceOf(TechInsightsError);
    expect(forbidden).toMatchObject({ reason: 'forbidden', status: 403 });
    expect((forbidden as Error).message).toMatch(/accessRestrictions/);
    expect((forbidden as Error).message).not.toContain(token);
    const running = await client(baseUrl, catalogOnlyToken(token))
      .runChecks(['component:default/x'], ['tagsCheck'])
      .catch((error: unknown) => error);
    expect(running).toMatchObject({ reason: 'forbidden' });
    const wrong = await client(baseUrl, 'wrong-token-123456')
      .listChecks()
      .catch((error: unknown) => error);
    expect(wrong).toMatchObject({ reason: 'unauthorized', status: 401 });
  });

  it('detects Tech Insights in the connection test, and a forbidden one without failing the catalog test', async () => {
    const { baseUrl, token } = testBackstage();
    const catalog = new BackstageCatalogClient({ baseUrl, token, fetch: nodeHttpFetch });
    const found = await testConnection(catalog, undefined, client(baseUrl, token));
    expect(found).toMatchObject({ ok: true, techInsights: { available: true } });
    if (!found.ok || !found.techInsights?.available) throw new Error('not detected');
    expect(found.techInsights.checks).toHaveLength(5);

    const refused = await testConnection(catalog, undefined, client(baseUrl, catalogOnlyToken(token)));
    expect(refused).toMatchObject({
      ok: true,
      techInsights: {
        available: false,
        reason: 'forbidden',
        title: 'The token may not use Tech Insights (HTTP 403)',
        whatToDo: expect.stringMatching(/tech-insights\.check\.run/),
      },
    });
  });

  it('says so when Tech Insights does not answer at all', async () => {
    const closed = await detectTechInsights(client('http://127.0.0.1:1', 'tok-12345678'));
    expect(closed).toMatchObject({ available: false, reason: 'failed' });
  });
});

describe('Tech Insights missing from a real Backstage', () => {
  const started: EmbeddedBackstage[] = [];
  afterAll(async () => {
    await Promise.all(started.map((backstage) => backstage.stop()));
  });

  it('tells "not installed" from "installed without a checker", each with what to do', async () => {
    const [off, noChecker] = await Promise.all([
      startEmbeddedBackstage({ techInsights: 'off' }),
      startEmbeddedBackstage({ techInsights: 'no-checker' }),
    ]);
    started.push(off, noChecker);
    const notInstalled = await detectTechInsights(client(off.baseUrl, off.token));
    expect(notInstalled).toEqual({
      available: false,
      reason: 'not-installed',
      title: 'Tech Insights is not installed in this Backstage',
      whatToDo: expect.stringMatching(/plugin-tech-insights-backend/),
    });
    const withoutChecks = await detectTechInsights(client(noChecker.baseUrl, noChecker.token));
    expect(withoutChecks).toEqual({
      available: false,
      reason: 'no-checker',
      title: 'Tech Insights has no checks configured',
      whatToDo: expect.stringMatching(/techInsights\.factChecker\.checks/),
    });
    // Running checks there is refused the same way, never mistaken for "no results".
    await expect(
      client(noChecker.baseUrl, noChecker.token).runChecks(['component:default/x'], ['tagsCheck']),
    ).rejects.toMatchObject({ reason: 'no-checker' });
  }, 120_000);
});
