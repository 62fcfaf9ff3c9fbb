// Tech Insights checks as metrics, end to end: the real Tech Insights backend of the test Backstage answers the
// checks, the metrics phase pushes them to the local Compass. Values are compared with Tech Insights' own answers
// and with the catalog's truth; Tech Insights refusing or failing mid-run costs only the checks' metrics.
import type { Entity } from '@backstage/catalog-model';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  catalogOnlyToken,
  startEmbeddedBackstage,
  TECH_INSIGHTS_CONFIG,
  type EmbeddedBackstage,
} from '../../sandbox/backstage/embedded-backstage';
import { testBackstage } from '../../sandbox/backstage/test-backstage';
import { saveMetricSettings } from '../admin/metric-settings';
import { BackstageCatalogClient } from '../backstage/backstage-catalog-client';
import { nodeHttpFetch } from '../backstage/node-http-fetch';
import { BackstageTechInsightsClient } from '../backstage/tech-insights-client';
import { startFaultInjectingProxy, type FaultInjectingProxy } from '../backstage/testing/test-servers';
import { BUILT_IN_METRICS } from '../core/metrics';
import type { EntityCheckResults, TechInsights } from '../core/ports';
import { metricStore } from '../storage/metric-store';
import { runSyncNow } from './sync-settings';
import { rememberTechInsightsChecks } from './tech-insights-choice';
import { metricValuesInCompass } from './testing/compass-metric-values';
import { importHarness, type ImportHarness } from './testing/import-harness';

jest.setTimeout(120_000);

const CHECKS = TECH_INSIGHTS_CONFIG.factChecker.checks;
const CHECK_IDS = Object.keys(CHECKS);
/** A Component of the fixture catalog. */
const SOME_COMPONENT = 'component:default/merchant-dashboard';
const nameOfCheck = (id: string) => `Backstage check: ${CHECKS[id as keyof typeof CHECKS].name}`;

function techInsightsAt(baseUrl: string, token: string): BackstageTechInsightsClient {
  return new BackstageTechInsightsClient({ baseUrl, token, fetch: nodeHttpFetch });
}

/** What the connection test does when it finds Tech Insights: remember its checks (all chosen the first time). */
async function detect(harness: ImportHarness, techInsights: TechInsights): Promise<void> {
  await rememberTechInsightsChecks(harness.store, await techInsights.listChecks(), new Date().toISOString());
}

async function importedRefs(harness: ImportHarness): Promise<Map<string, Entity>> {
  const entities = new Map<string, Entity>();
  for await (const page of harness.deps.catalog.queryAllEntities({
    filter: ['kind=component', 'kind=api', 'kind=resource'],
  }))
    for (const entity of page.items)
      entities.set(
        `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`.toLowerCase(),
        entity,
      );
  return entities;
}

/** Tech Insights' own answers, once its fact retrievers have run for every entity (they run 2 s after start). */
async function answersOnceReady(
  techInsights: TechInsights,
  refs: string[],
  ready: (answers: Map<string, EntityCheckResults>) => boolean = (answers) =>
    [...answers.values()].every((a) => a.ok && Object.keys(a.results).length === CHECK_IDS.length),
): Promise<Map<string, EntityCheckResults>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answers = await techInsights.runChecks(refs, CHECK_IDS);
    if (ready(answers) || Date.now() > deadline) return answers;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const valuesInCompass = (harness: ImportHarness) => metricValuesInCompass(harness.compass);

function checkValues(values: Map<string, number> | undefined): Record<string, number | undefined> {
  return Object.fromEntries([
    ...CHECK_IDS.map((id) => [id, values?.get(nameOfCheck(id))]),
    ['passed', values?.get('Backstage: Checks passed')],
  ]);
}

function expectedFrom(answer: EntityCheckResults | undefined): Record<string, number | undefined> {
  const results = answer?.ok ? answer.results : {};
  const answered = CHECK_IDS.filter((id) => results[id] !== undefined);
  const passed = answered.filter((id) => results[id]).length;
  return Object.fromEntries([
    ...CHECK_IDS.map((id) => [id, results[id] === undefined ? undefined : results[id] ? 1 : 0]),
    ['passed', answered.length ? Math.floor((passed * 100) / answered.length) : undefined],
  ]);
}

describe('Tech Insights checks as metrics, against the real Tech Insights backend', () => {
  const { baseUrl, token } = testBackstage();

  it('pushes one metric per chosen check and Checks passed, equal to Tech Insights’ own answers and the catalog’s truth', async () => {
    const harness = importHarness({ metrics: true, techInsights: 'test-backstage' });
    await detect(harness, harness.deps.techInsights!);
    const entities = await importedRefs(harness);
    const answers = await answersOnceReady(harness.deps.techInsights!, [...entities.keys()]);

    expect(await harness.importAll()).toMatchObject({ state: 'done', failed: 0 });
    const names = harness.compass.metricDefinitions().map((d) => d.name);
    expect(names.sort()).toEqual(
      [
        ...BUILT_IN_METRICS.map((m) => m.name),
        'Backstage: Checks passed',
        ...CHECK_IDS.map(nameOfCheck),
      ].sort(),
    );
    const values = valuesInCompass(harness);
    expect(values.size).toBe(entities.size);
    for (const ref of entities.keys())
      expect({ ref, ...checkValues(values.get(ref)) }).toEqual({ ref, ...expectedFrom(answers.get(ref)) });

    // The catalog's truth for the Components (the ones the fixture spreads over both answers).
    for (const [ref, entity] of entities) {
      if (entity.kind !== 'Component') continue;
      const own = checkValues(values.get(ref));
      const owner = String(entity.spec?.owner ?? '');
      expect({
        ref,
        tags: own.tagsCheck,
        title: own.titleCheck,
        docs: own.techdocsCheck,
        group: own.groupOwnerCheck,
      }).toEqual({
        ref,
        tags: (entity.metadata.tags ?? []).length > 0 ? 1 : 0,
        title: entity.metadata.title ? 1 : 0,
        docs: entity.metadata.annotations?.['backstage.io/techdocs-ref'] ? 1 : 0,
        group: owner !== '' && !owner.startsWith('user:') ? 1 : 0,
      });
    }
    // The panel's copy: each entity's answers and when they were read.
    const state = await metricStore(harness.store).loadState(SOME_COMPONENT);
    expect(state?.checks).toEqual({
      evaluatedAt: expect.any(String),
      results: (answers.get(SOME_COMPONENT) as { results: Record<string, boolean> }).results,
    });

    // A second import sends no check value again.
    const sentBefore = harness.compass.stats().byRootField['compass.insertMetricValueByExternalId'] ?? 0;
    await harness.importAll();
    expect(harness.compass.stats().byRootField['compass.insertMetricValueByExternalId'] ?? 0).toBe(
      sentBefore,
    );
  });

  it('defines and pushes only the checks the admin chose', async () => {
    const harness = importHarness({ metrics: true, techInsights: 'test-backstage' });
    await detect(harness, harness.deps.techInsights!);
    const view = await saveMetricSettings(harness.store, {
      enabled: { 'check:titleCheck': false, 'check:descriptionCheck': false, 'check:groupOwnerCheck': false },
    });
    expect(view.metrics.filter((m) => m.checkId).map((m) => [m.checkId, m.enabled])).toEqual(
      CHECK_IDS.map((id) => [id, id === 'tagsCheck' || id === 'techdocsCheck']),
    );
    await answersOnceReady(harness.deps.techInsights!, [SOME_COMPONENT]);
    expect(await harness.importAll()).toMatchObject({ state: 'done' });
    const checkNames = harness.compass
      .metricDefinitions()
      .map((d) => d.name)
      .filter((name) => name.startsWith('Backstage check: '));
    expect(checkNames.sort()).toEqual([nameOfCheck('tagsCheck'), nameOfCheck('techdocsCheck')].sort());
    const state = await metricStore(harness.store).loadState(SOME_COMPONENT);
    expect(Object.keys(state?.checks?.results ?? {}).sort()).toEqual(['tagsCheck', 'techdocsCheck']);
  });

  it('finds Tech Insights at the run when no connection test has (all checks chosen), and stays quiet when it is refused', async () => {
    const harness = importHarness({ metrics: true, techInsights: 'test-backstage' });
    await answersOnceReady(harness.deps.techInsights!, [SOME_COMPONENT]);
    expect(await harness.importAll()).toMatchObject({ state: 'done' });
    expect((await metricStore(harness.store).loadSettings()).techInsights?.chosen).toEqual(CHECK_IDS);
    expect(checkValues(valuesInCompass(harness).get(SOME_COMPONENT)).passed).toEqual(expect.any(Number));

    // A company whose token may not use Tech Insights has not turned it on for the app: no warning every run.
    const refused = importHarness({
      metrics: true,
      techInsights: techInsightsAt(baseUrl, catalogOnlyToken(token)),
    });
    expect(await refused.importAll()).toMatchObject({ state: 'done' });
    expect((await metricStore(refused.store).loadLastPush())?.checksError).toBeUndefined();
    expect((await metricStore(refused.store).loadSettings()).techInsights).toBeUndefined();
  });

  it('with a token Tech Insights refuses, fails only the checks’ metrics, clearly, and the import is done', async () => {
    const harness = importHarness({
      metrics: true,
      techInsights: techInsightsAt(baseUrl, catalogOnlyToken(token)),
    });
    await detect(harness, techInsightsAt(baseUrl, token));
    const status = await harness.importAll();
    expect(status).toMatchObject({ state: 'done', failed: 0 });
    const push = await metricStore(harness.store).loadLastPush();
    expect(push?.error).toBeUndefined();
    expect(push?.checksError).toMatch(
      /^The Tech Insights checks could not be read: The token may not use Tech Insights \(HTTP 403\)\. .*accessRestrictions.* The other metrics were pushed\.$/,
    );
    // Every other metric has its values.
    const values = valuesInCompass(harness);
    expect(
      [...values.values()].every((v) => v.has('Backstage: TechDocs') && !v.has('Backstage: Checks passed')),
    ).toBe(true);
  });
});

describe('Tech Insights failing in the middle of a run', () => {
  let proxy: FaultInjectingProxy;
  const { baseUrl, token } = testBackstage();
  beforeAll(async () => {
    proxy = await startFaultInjectingProxy(baseUrl);
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('keeps the checks it read, stops the checks’ metrics with the app’s words, and pushes every other metric', async () => {
    const harness = importHarness({
      metrics: true,
      techInsights: techInsightsAt(proxy.baseUrl, token),
      options: { sliceSize: 10 },
    });
    await detect(harness, harness.deps.techInsights!);
    const entities = await importedRefs(harness);
    await answersOnceReady(harness.deps.techInsights!, [...entities.keys()]);
    let runs = 0;
    proxy.setFault((request) =>
      request.url.startsWith('/api/tech-insights/checks/run') && ++runs > 1
        ? { respond: { status: 503, body: `{"error":"down, token ${token}"}` } }
        : undefined,
    );
    const status = await harness.importAll();
    expect(status).toMatchObject({ state: 'done', failed: 0 });
    const push = await metricStore(harness.store).loadLastPush();
    expect(push?.error).toBeUndefined();
    expect(push?.checksError).toMatch(
      /^The Tech Insights checks could not be read: Tech Insights did not answer as expected\./,
    );
    expect(push?.checksError).not.toContain(token);
    // The first slice's entities got their checks; every entity got the built-in metrics.
    const values = valuesInCompass(harness);
    const withChecks = [...values.values()].filter((v) => v.has('Backstage: Checks passed')).length;
    expect(withChecks).toBe(10);
    expect([...values.values()].every((v) => v.has('Backstage: TechDocs'))).toBe(true);
    // Once down, Tech Insights is asked no more in this run.
    expect(runs).toBe(2);
    proxy.setFault(undefined);
  });
});

describe('a changed entity’s check on the next sync', () => {
  let backstage: EmbeddedBackstage;
  let dir: string;
  let file: string;
  const write = (tags: string[]) =>
    writeFileSync(
      file,
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: checked-service',
        '  description: A service whose tags change',
        ...(tags.length ? [`  tags: [${tags.join(', ')}]`] : []),
        'spec: { type: service, lifecycle: production, owner: group:default/team-checks }',
        '---',
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata: { name: steady-service, description: Never changes }',
        'spec: { type: service, lifecycle: production, owner: group:default/team-checks }',
      ].join('\n'),
    );

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'check-results-test-'));
    file = path.join(dir, 'catalog.yaml');
    write([]);
    // The catalog re-reads the file every second and the fact retrievers run every 2 s.
    backstage = await startEmbeddedBackstage({
      catalogFiles: [file],
      processingIntervalSeconds: 1,
      factRetrieverCadence: '*/2 * * * * *',
    });
  });
  afterAll(async () => {
    await backstage?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('flips the check’s value when the entity changes in Backstage, and sends nothing else', async () => {
    const catalog = new BackstageCatalogClient({
      baseUrl: backstage.baseUrl,
      token: backstage.token,
      fetch: nodeHttpFetch,
    });
    const techInsights = techInsightsAt(backstage.baseUrl, backstage.token);
    const harness = importHarness({ catalog, metrics: true, techInsights });
    await detect(harness, techInsights);
    const ref = 'component:default/checked-service';
    await answersOnceReady(techInsights, [ref, 'component:default/steady-service']);
    expect(await harness.importAll()).toMatchObject({ state: 'done', created: 2 });
    expect(checkValues(valuesInCompass(harness).get(ref))).toMatchObject({ tagsCheck: 0, passed: 40 });

    write(['payments']);
    // Wait until Tech Insights itself says the tags are there (catalog re-read, then the retriever's next run).
    await answersOnceReady(techInsights, [ref], (answers) => {
      const answer = answers.get(ref);
      return answer?.ok === true && answer.results.tagsCheck === true;
    });
    const writesBefore = harness.compass.stats().byRootField['compass.insertMetricValueByExternalId'] ?? 0;
    await runSyncNow(harness.deps, {
      cloudId: harness.compass.cloudId,
      backstageWebBaseUrl: backstage.baseUrl,
    });
    await harness.queue.runUntilIdle();
    expect(checkValues(valuesInCompass(harness).get(ref))).toMatchObject({ tagsCheck: 1, passed: 60 });
    // The tags check and Checks passed of the one entity: two values, nothing for the steady one.
    expect(
      (harness.compass.stats().byRootField['compass.insertMetricValueByExternalId'] ?? 0) - writesBefore,
    ).toBe(2);
  });
});
