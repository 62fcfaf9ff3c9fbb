// The embedded Backstage and the fixture catalog: what the global setup's backend serves and rejects, and the
// lifecycle of extra backends (options, stop, timeout, no orphans).
import type { Entity } from '@backstage/catalog-model';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { estimateCatalogEntities } from './catalog-count';
import {
  EmbeddedBackstageError,
  TECH_INSIGHTS_CONFIG,
  findFreeLoopbackPort,
  startEmbeddedBackstage,
  type EmbeddedBackstage,
} from './embedded-backstage';
import {
  CATALOG_ALLOWED_KINDS,
  FIXTURE_CATALOG_FILES,
  FIXTURE_ENTITY_COUNTS,
  FIXTURE_ENTITY_TOTAL,
  FIXTURE_REJECTED_ENTITIES,
} from './fixture-catalog';
import { testBackstage } from './test-backstage';

const backstage = testBackstage();
const auth = { Authorization: `Bearer ${backstage.token}` };

async function getJson<T>(baseUrl: string, pathAndQuery: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${baseUrl}/api/catalog${pathAndQuery}`, { headers: auth, ...init });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** Alive and not a zombie (an orphan's zombie lingers until whoever adopted it reaps it). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

describe('the backend of this test run', () => {
  let served: Entity[];
  beforeAll(async () => {
    served = (await getJson<{ items: Entity[] }>(backstage.baseUrl, '/entities/by-query?limit=1000')).items;
  });

  it('serves the fixture catalog with the documented counts by kind', async () => {
    expect(backstage.entityCount).toBe(FIXTURE_ENTITY_TOTAL);
    const { facets } = await getJson<{ facets: { kind: { value: string; count: number }[] } }>(
      backstage.baseUrl,
      '/entity-facets?facet=kind',
    );
    const byKind = Object.fromEntries(facets.kind.map(({ value, count }) => [value, count]));
    expect(byKind).toEqual(FIXTURE_ENTITY_COUNTS);
    const estimate = await estimateCatalogEntities(FIXTURE_CATALOG_FILES, CATALOG_ALLOWED_KINDS);
    expect(estimate.byKind).toEqual(FIXTURE_ENTITY_COUNTS);
    expect(estimate.certain).toBe(estimate.possible);
  });

  it('rejects every broken fixture entity and logs why', async () => {
    const { items } = await getJson<{ items: unknown[] }>(backstage.baseUrl, '/entities/by-refs', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ entityRefs: FIXTURE_REJECTED_ENTITIES.map((e) => e.entityRef) }),
    });
    expect(items).toEqual(FIXTURE_REJECTED_ENTITIES.map(() => null));
    const warnings = readFileSync(backstage.logFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes(' warn '));
    for (const { entityRef, logged } of FIXTURE_REJECTED_ENTITIES) {
      const line = warnings.find((warning) => warning.includes(entityRef));
      expect({ entityRef, line: line && logged.test(line) ? 'logged with its reason' : line }).toEqual({
        entityRef,
        line: 'logged with its reason',
      });
    }
  });

  it('listens on loopback and wants the token for the catalog, not for health', async () => {
    expect(new URL(backstage.baseUrl).hostname).toBe('127.0.0.1');
    expect((await fetch(`${backstage.baseUrl}/api/catalog/entities/by-query?limit=0`)).status).toBe(401);
    expect((await fetch(`${backstage.baseUrl}/.backstage/health/v1/readiness`)).status).toBe(200);
  });

  it('has what the mapping needs: types, lifecycles, API definitions, relations, tags, links, annotations', () => {
    const components = served.filter((e) => e.kind === 'Component');
    const apis = served.filter((e) => e.kind === 'API');
    const values = (entities: Entity[], field: string) =>
      new Set(entities.map((e) => String(e.spec?.[field])));

    expect(served.filter((e) => e.kind !== 'Location').length).toBeGreaterThanOrEqual(40);
    expect([...values(components, 'type')]).toEqual(
      expect.arrayContaining(['service', 'website', 'library', 'data-pipeline', 'ml-model', 'app', 'tool']),
    );
    expect([...values(components, 'lifecycle')]).toEqual(
      expect.arrayContaining(['production', 'experimental', 'deprecated', 'beta']),
    );
    expect([...values(apis, 'type')]).toEqual(
      expect.arrayContaining(['openapi', 'grpc', 'graphql', 'asyncapi']),
    );
    expect(
      apis.every((api) => typeof api.spec?.definition === 'string' && api.spec.definition.length > 100),
    ).toBe(true);
    expect([
      ...values(
        served.filter((e) => e.kind === 'Resource'),
        'type',
      ),
    ]).toEqual(expect.arrayContaining(['database', 's3-bucket']));
    const relationTypes = new Set(served.flatMap((e) => (e.relations ?? []).map((r) => r.type)));
    for (const type of [
      'dependsOn',
      'consumesApi',
      'providesApi',
      'partOf',
      'ownedBy',
      'memberOf',
      'childOf',
    ]) {
      expect(relationTypes).toContain(type);
    }
    expect(components.some((e) => (e.metadata.tags ?? []).length > 10)).toBe(true);
    expect(served.flatMap((e) => e.metadata.tags ?? [])).toEqual(expect.arrayContaining(['c++', 'c#']));
    expect(components.some((e) => (e.metadata.description ?? '').length > 4096)).toBe(true);
    expect(components.some((e) => e.metadata.title)).toBe(true);
    expect(components.some((e) => String(e.spec?.owner).startsWith('user:'))).toBe(true);
    expect(components.some((e) => e.spec?.subcomponentOf)).toBe(true);
    const annotations = new Set(served.flatMap((e) => Object.keys(e.metadata.annotations ?? {})));
    for (const key of [
      'backstage.io/techdocs-ref',
      'github.com/project-slug',
      'backstage.io/source-location',
      'pagerduty.com/service-id',
      'sonarqube.org/project-key',
    ]) {
      expect(annotations).toContain(key);
    }
    const linkHosts = new Set(
      served.flatMap((e) => (e.metadata.links ?? []).map((l) => l.url.split('/')[2])),
    );
    for (const host of [
      'github.com',
      'brightpay.slack.com',
      'brightpay.pagerduty.com',
      'brightpay.atlassian.net',
    ]) {
      expect(linkHosts).toContain(host);
    }
    expect(served.some((e) => e.metadata.namespace === 'labs')).toBe(true);
  });

  it('keeps dangling references: an owner group and a dependency that do not exist', () => {
    const refs = new Set(
      served.map((e) => `${e.kind.toLowerCase()}:${e.metadata.namespace}/${e.metadata.name}`),
    );
    const dangling = served
      .flatMap((e) => e.relations ?? [])
      .filter((relation) => ['ownedBy', 'dependsOn'].includes(relation.type) && !refs.has(relation.targetRef))
      .map((relation) => `${relation.type} ${relation.targetRef}`);
    expect(dangling.sort()).toEqual([
      'dependsOn component:default/mainframe-bridge',
      'ownedBy group:default/treasury-team',
    ]);
  });
});

describe('Tech Insights in the backend of this test run', () => {
  interface CheckResult {
    entity: string;
    results: { result: boolean; check: { id: string } }[];
  }

  async function techInsights<T>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${backstage.baseUrl}/api/tech-insights${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }

  it('lists the five configured checks', async () => {
    const checks = await techInsights<{ id: string; name: string }[]>('/checks');
    expect(checks.map((check) => check.id).sort()).toEqual(
      Object.keys(TECH_INSIGHTS_CONFIG.factChecker.checks).sort(),
    );
  });

  it('answers each Component’s checks within seconds of start, as the catalog says they should', async () => {
    const components = (
      await getJson<{ items: Entity[] }>(
        backstage.baseUrl,
        '/entities/by-query?filter=kind=component&limit=1000',
      )
    ).items;
    const refs = components.map((e) => `component:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`);
    // The fact retrievers run 2 s after start: wait (bounded) until every Component has its five results.
    let answers: CheckResult[] = [];
    const deadline = Date.now() + 30_000;
    do {
      answers = await techInsights<CheckResult[]>('/checks/run', { entities: refs });
      if (answers.every((answer) => answer.results.length === 5)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    } while (Date.now() < deadline);

    const truth = (entity: Entity): Record<string, boolean> => ({
      descriptionCheck: Boolean(entity.metadata.description),
      tagsCheck: (entity.metadata.tags ?? []).length > 0,
      titleCheck: Boolean(entity.metadata.title),
      techdocsCheck: Boolean(entity.metadata.annotations?.['backstage.io/techdocs-ref']),
      // The ownership retriever's own rule: an owner that is not a user ref.
      groupOwnerCheck: Boolean(entity.spec?.owner) && !String(entity.spec?.owner).startsWith('user:'),
    });
    for (const [i, entity] of components.entries()) {
      const answer = answers.find((a) => a.entity === refs[i]);
      const byCheck = Object.fromEntries(answer!.results.map((r) => [r.check.id, r.result]));
      expect({ entity: refs[i], ...byCheck }).toEqual({ entity: refs[i], ...truth(entity) });
    }
    // The fixture has both answers for every check but the description (every Component has one), so a check stuck
    // at one value would fail above.
    const answersOf = (check: string) =>
      [...new Set(components.map((entity) => truth(entity)[check]))].sort();
    expect(
      Object.keys(TECH_INSIGHTS_CONFIG.factChecker.checks).map((check) => [check, answersOf(check)]),
    ).toEqual([
      ['groupOwnerCheck', [false, true]],
      ['descriptionCheck', [true]],
      ['tagsCheck', [false, true]],
      ['techdocsCheck', [false, true]],
      ['titleCheck', [false, true]],
    ]);
  }, 60_000);
});

describe('startEmbeddedBackstage', () => {
  it('takes a port, a token, extra YAML and synthetic components, and stop() ends the process', async () => {
    const port = await findFreeLoopbackPort();
    const extra = [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata: { name: extra-component }',
      'spec: { type: service, lifecycle: production, owner: platform-team }',
    ].join('\n');
    const second = await startEmbeddedBackstage({
      port,
      token: 'second-backend-token',
      extraEntitiesYaml: extra,
      syntheticComponents: 25,
    });
    try {
      expect(second.baseUrl).toBe(`http://127.0.0.1:${port}`);
      // Fixture + the extra component + 25 synthetic ones + a generated Location for each of the two extra files.
      expect(second.entityCount).toBe(FIXTURE_ENTITY_TOTAL + 1 + 25 + 2);
      expect(second.residentMemoryBytes()).toBeGreaterThan(50 * 2 ** 20);
      const rejected = await fetch(`${second.baseUrl}/api/catalog/entities/by-query?limit=0`, {
        headers: auth,
      });
      expect(rejected.status).toBe(401);
      expect(isRunning(second.pid)).toBe(true);
    } finally {
      await second.stop();
    }
    expect(isRunning(second.pid)).toBe(false);
    await expect(fetch(`${second.baseUrl}/api/catalog/entities/by-query`)).rejects.toThrow();
    await second.stop();
  });

  it("gives up with the backend's last log lines when not ready in time, and leaves no process", async () => {
    const error: unknown = await startEmbeddedBackstage({ readyTimeoutMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddedBackstageError);
    const startupError = error as EmbeddedBackstageError;
    expect(startupError.message).toMatch(
      new RegExp(`not ready after 1 ms: .*expected ${FIXTURE_ENTITY_TOTAL}$`, 'm'),
    );
    expect(startupError.message).toContain('--- last backend log lines ---');
    expect(startupError.pid).toBeGreaterThan(0);
    expect(isRunning(startupError.pid ?? 0)).toBe(false);
  });

  it('refuses a catalog file that does not exist before starting anything', async () => {
    await expect(startEmbeddedBackstage({ catalogFiles: ['/nonexistent/catalog.yaml'] })).rejects.toThrow(
      /Catalog file \/nonexistent\/catalog.yaml cannot be read/,
    );
  });

  it('exits by itself when the process that started it dies', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'embedded-backstage-parent-'));
    const script = path.join(dir, 'parent.ts');
    const tempDirs: string[] = [];
    writeFileSync(
      script,
      `import { startEmbeddedBackstage } from ${JSON.stringify(path.join(__dirname, 'embedded-backstage'))};\n` +
        'startEmbeddedBackstage().then((b) => {\n' +
        '  process.stdout.write(JSON.stringify({ pid: b.pid, configPath: b.configPath }) + "\\n");\n' +
        '  setInterval(() => {}, 1000);\n' +
        '});\n',
    );
    const parent = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: path.join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let backend = 0;
    try {
      const started = await new Promise<Pick<EmbeddedBackstage, 'pid' | 'configPath'>>((resolve, reject) => {
        parent.stdout.on('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString())));
        parent.once('exit', (code) => reject(new Error(`parent exited early (${code})`)));
      });
      backend = started.pid;
      // The killed parent cannot clean up after itself.
      tempDirs.push(path.dirname(started.configPath));
      expect(isRunning(backend)).toBe(true);
      parent.kill('SIGKILL');
      expect(await waitUntil(() => !isRunning(backend), 10_000)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
      if (backend && isRunning(backend)) process.kill(backend, 'SIGKILL');
      for (const tempDir of [dir, ...tempDirs]) rmSync(tempDir, { recursive: true, force: true });
    }
  });
});
