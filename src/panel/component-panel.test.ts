// The panel's use cases against the real Backstage (jest's global setup), the local Compass after a real import,
// and in-memory kvs. The catalog is wrapped only to count the requests the panel makes.
import { testBackstage } from '../../sandbox/backstage/test-backstage';
import { BackstageCatalogClient } from '../backstage/backstage-catalog-client';
import { nodeHttpFetch } from '../backstage/node-http-fetch';
import { closedLoopbackPort, startFaultInjectingProxy } from '../backstage/testing/test-servers';
import { buildCompassMutation } from '../compass/documents/compass-mutations';
import type { BackstageCatalog, KeyValueStore } from '../core/ports';
import { importHarness, type ImportHarness } from '../import/testing/import-harness';
import { recordAdminAccount, recordedAdminCheck } from './admin-access';
import {
  getPanel,
  linkEntity,
  refreshPanel,
  searchEntities,
  type PanelDeps,
  type PanelState,
} from './component-panel';
import { panelCacheKey } from '../storage/storage-keys';
import { graphqlPanelCompass } from './panel-compass';
import { BackstageTechInsightsClient } from '../backstage/tech-insights-client';
import { rememberTechInsightsChecks } from '../import/tech-insights-choice';
import { metricStore } from '../storage/metric-store';
import { jsonByteLength, PANEL_VIEW_MAX_BYTES } from './panel-view-bounds';

const backstage = testBackstage();
const NOT_IMPORTED = 'component:default/ops-cli';
let harness: ImportHarness;
let clock: Date;

class CountingCatalog implements BackstageCatalog {
  requests = 0;
  constructor(private readonly inner: BackstageCatalog) {}
  queryEntitiesPage(...args: Parameters<BackstageCatalog['queryEntitiesPage']>) {
    this.requests++;
    return this.inner.queryEntitiesPage(...args);
  }
  queryAllEntities(...args: Parameters<BackstageCatalog['queryAllEntities']>) {
    return this.inner.queryAllEntities(...args);
  }
  getEntitiesByRefs(...args: Parameters<BackstageCatalog['getEntitiesByRefs']>) {
    this.requests++;
    return this.inner.getEntitiesByRefs(...args);
  }
  lookupEntitiesByRefs(...args: Parameters<BackstageCatalog['lookupEntitiesByRefs']>) {
    this.requests++;
    return this.inner.lookupEntitiesByRefs(...args);
  }
}

function catalogAt(baseUrl: string): CountingCatalog {
  return new CountingCatalog(
    new BackstageCatalogClient({ baseUrl, token: backstage.token, fetch: nodeHttpFetch }),
  );
}

function deps(
  options: { catalog?: CountingCatalog | null; accountId?: string; ttlMs?: number } = {},
): PanelDeps & { counted: CountingCatalog | null } {
  const counted = options.catalog === undefined ? catalogAt(backstage.baseUrl) : options.catalog;
  return {
    counted,
    store: harness.store,
    catalog: async () => (counted ? { catalog: counted, backstageBaseUrl: backstage.baseUrl } : undefined),
    compass: graphqlPanelCompass(harness.compass.fetchApi().asApp().requestGraph),
    admins: recordedAdminCheck(harness.store, options.accountId),
    now: () => clock,
    ...(options.ttlMs !== undefined ? { ttlMs: options.ttlMs } : {}),
  };
}

/** The test's store, refusing every write to keys with this prefix, as Forge's kvs refuses a value it cannot take. */
function storeRefusingWrites(prefix: string): KeyValueStore {
  return new Proxy(harness.store, {
    get(target, name) {
      if (name === 'set') {
        return async (key: string, value: unknown) => {
          if (key.startsWith(prefix)) throw new Error(`kvs refused ${key}: Bearer ${backstage.token}`);
          return target.set(key, value);
        };
      }
      const member: unknown = Reflect.get(target, name);
      return typeof member === 'function' ? member.bind(target) : member;
    },
  });
}

function componentIdOf(ref: string): string {
  const component = harness.compass.findByAlias('backstage', ref);
  if (!component) throw new Error(`no component for ${ref}`);
  return component.id;
}

async function createUnlinkedComponent(name: string): Promise<string> {
  const built = buildCompassMutation([
    {
      field: 'createComponent',
      args: { cloudId: harness.compass.cloudId, input: { name, typeId: 'SERVICE' } },
    },
  ]);
  const response = await harness.compass.fetchApi().asApp().requestGraph(built.query, built.variables);
  const body = (await response.json()) as {
    data: { compass: { s0: { componentDetails: { id: string } } } };
  };
  return body.data.compass.s0.componentDetails.id;
}

function ready(state: PanelState) {
  if (state.state !== 'ready') throw new Error(`expected ready, got ${JSON.stringify(state)}`);
  return state;
}

beforeAll(async () => {
  harness = importHarness();
  // Everything but one component, so a component created by hand can be linked to it.
  const refs: string[] = [];
  for await (const page of catalogAt(backstage.baseUrl).queryAllEntities({
    filter: ['kind=component', 'kind=api', 'kind=resource'],
    fields: ['kind', 'metadata.namespace', 'metadata.name'],
  })) {
    refs.push(...page.items.map((entity) => `${entity.kind}:default/${entity.metadata.name}`.toLowerCase()));
  }
  await harness.importAll(refs.filter((ref) => ref !== NOT_IMPORTED));
}, 60_000);

beforeEach(() => {
  clock = new Date('2026-11-24T10:00:00.000Z');
});

describe('getPanel on an imported component', () => {
  it('shows the entity with owner, lifecycle, APIs and dependencies in 2 Backstage requests, then 0', async () => {
    const componentId = componentIdOf('component:default/payment-gateway');
    await harness.store.delete(panelCacheKey(componentId));
    const cold = deps();
    const first = ready(await getPanel(cold, { componentId }));
    expect(cold.counted!.requests).toBe(2);
    expect(first.fromCache).toBe(false);
    expect(first.asOf).toBe(clock.toISOString());
    const entity = first.entity;
    expect(entity).toMatchObject({
      ref: 'component:default/payment-gateway',
      title: 'Payment Gateway',
      kind: 'Component',
      type: 'service',
      lifecycle: 'production',
      owner: { ref: 'group:default/payments-team', kind: 'Group', exists: true },
      system: { ref: 'system:default/payment-processing', exists: true },
      domain: { ref: expect.stringMatching(/^domain:default\//) },
      techDocsUrl: `${backstage.baseUrl}/docs/default/component/payment-gateway`,
      annotations: {
        githubSlug: { url: 'https://github.com/brightpay-eng/payment-gateway' },
        pagerDuty: { serviceId: 'PGW1A2B' },
        sonarQube: { projectKey: 'brightpay_payment-gateway' },
        sourceLocation: { url: 'https://github.com/brightpay-eng/payment-gateway/tree/main/' },
      },
      backstageUrl: `${backstage.baseUrl}/catalog/default/component/payment-gateway`,
    });
    expect(entity.owner).not.toHaveProperty('teamId');
    expect(entity.tags).toEqual(['java', 'spring-boot', 'pci-dss', 'tier-1']);
    expect(entity.links.map((link) => link.title)).toContain('Runbook');
    expect(entity.providesApis.map((api) => api.ref)).toEqual([
      'api:default/payment-events-api',
      'api:default/payments-api',
    ]);
    expect(entity.consumesApis.map((api) => api.ref)).toEqual([
      'api:default/fraud-scoring-api',
      'api:default/ledger-grpc-api',
    ]);
    // Imported targets link to their Compass components.
    const paymentsDb = entity.dependsOn.find((link) => link.ref === 'resource:default/payments-db');
    expect(paymentsDb?.compassComponentId).toBe(componentIdOf('resource:default/payments-db'));
    expect(entity.providesApis[1]?.compassComponentId).toBe(componentIdOf('api:default/payments-api'));
    expect(entity.processingErrors).toEqual([]);

    clock = new Date(clock.getTime() + 60_000);
    const warm = deps();
    const second = ready(await getPanel(warm, { componentId }));
    expect(warm.counted!.requests).toBe(0);
    expect(second).toMatchObject({ fromCache: true, asOf: first.asOf });
    expect(second.entity).toEqual(entity);
  });

  it('names the Atlassian team of a mapped owner', async () => {
    const rules = await harness.store.get<Record<string, unknown>>('mapping-rules');
    await harness.store.set('mapping-rules', {
      ...rules,
      ownerTeamIds: { 'group:default/payments-team': 'team-1' },
    });
    const componentId = componentIdOf('component:default/payment-gateway');
    const state = ready(await refreshPanel(deps(), { componentId }));
    expect(state.entity.owner).toMatchObject({ ref: 'group:default/payments-team', teamId: 'team-1' });
    await harness.store.set('mapping-rules', rules ?? {});
  });

  it('asks Backstage again once the cache is older than its TTL, and always on refresh', async () => {
    const componentId = componentIdOf('component:default/ledger-service');
    const cold = deps();
    await refreshPanel(cold, { componentId });
    expect(cold.counted!.requests).toBe(2);

    clock = new Date(clock.getTime() + 9 * 60_000);
    const fresh = deps();
    expect(ready(await getPanel(fresh, { componentId })).fromCache).toBe(true);
    expect(fresh.counted!.requests).toBe(0);

    clock = new Date(clock.getTime() + 2 * 60_000);
    const expired = deps();
    const state = ready(await getPanel(expired, { componentId }));
    expect(expired.counted!.requests).toBe(2);
    expect(state).toMatchObject({ fromCache: false, asOf: clock.toISOString() });
  });
});

describe('the Tech Insights section', () => {
  const ref = 'component:default/payment-gateway';

  afterEach(async () => {
    const metrics = metricStore(harness.store);
    await metrics.saveSettings({});
    await metrics.deleteStates([ref]);
  });

  it('shows the chosen checks with the stored answers, read on every view, and costs a warm view no request', async () => {
    const componentId = componentIdOf(ref);
    const techInsights = new BackstageTechInsightsClient({
      baseUrl: backstage.baseUrl,
      token: backstage.token,
      fetch: nodeHttpFetch,
    });
    // As the connection test records them: every check Tech Insights lists, all chosen.
    const listed = await rememberTechInsightsChecks(
      harness.store,
      await techInsights.listChecks(),
      clock.toISOString(),
    );
    expect(listed.chosen).toHaveLength(5);
    const saveAnswers = (evaluatedAt: string, results: Record<string, boolean>) =>
      metricStore(harness.store).saveStates([
        {
          entityRef: ref,
          state: {
            contentHash: 'h',
            contentSeenAt: evaluatedAt,
            sources: {},
            pushed: {},
            checks: { evaluatedAt, results },
          },
        },
      ]);
    await refreshPanel(deps(), { componentId });
    await saveAnswers('2026-11-24T09:00:00.000Z', { tagsCheck: true, titleCheck: false });

    clock = new Date(clock.getTime() + 60_000);
    const warm = deps();
    const shown = ready(await getPanel(warm, { componentId }));
    expect(warm.counted!.requests).toBe(0);
    expect(shown.fromCache).toBe(true);
    const passed = (id: string, answers: Record<string, boolean>) => answers[id] ?? null;
    const expected = (answers: Record<string, boolean>) =>
      listed.checks.map((check) => ({
        name: check.name,
        description: check.description,
        passed: passed(check.id, answers),
      }));
    expect(shown.checks).toEqual({
      evaluatedAt: '2026-11-24T09:00:00.000Z',
      checks: expected({ tagsCheck: true, titleCheck: false }),
    });

    // A run's new answers show on the next view, though the entity's view is still cached.
    const answers = {
      groupOwnerCheck: true,
      descriptionCheck: true,
      tagsCheck: false,
      techdocsCheck: true,
      titleCheck: true,
    };
    await saveAnswers('2026-11-24T09:59:00.000Z', answers);
    const again = deps();
    const next = ready(await getPanel(again, { componentId }));
    expect(again.counted!.requests).toBe(0);
    expect(next.fromCache).toBe(true);
    expect(next.checks).toEqual({ evaluatedAt: '2026-11-24T09:59:00.000Z', checks: expected(answers) });
  });

  it('is absent when the checks were never run for the entity, or none is chosen', async () => {
    const componentId = componentIdOf(ref);
    await rememberTechInsightsChecks(
      harness.store,
      [{ id: 'tagsCheck', name: 'Has tags', description: 'The entity has metadata.tags' }],
      clock.toISOString(),
    );
    expect(ready(await getPanel(deps(), { componentId }))).not.toHaveProperty('checks');
  });
});

describe('the panel’s states', () => {
  it('shows the cached view with a warning when Backstage is unreachable, and says so when nothing is cached', async () => {
    const componentId = componentIdOf('component:default/card-tokenizer');
    const cachedAt = clock.toISOString();
    ready(await refreshPanel(deps(), { componentId }));

    clock = new Date(clock.getTime() + 60 * 60_000);
    const dead = catalogAt(`http://127.0.0.1:${await closedLoopbackPort()}`);
    const state = ready(await getPanel(deps({ catalog: dead }), { componentId }));
    // Not an admin: one sentence, nothing of the error.
    expect(state).toMatchObject({
      fromCache: true,
      asOf: cachedAt,
      warning: { code: 'backstage-unreachable', message: 'Backstage is unreachable' },
    });
    expect(state.entity.ref).toBe('component:default/card-tokenizer');
    // An admin: the error's kind and the app's own message.
    expect(
      ready(await refreshPanel(deps({ catalog: dead, accountId: 'test-admin' }), { componentId })),
    ).toMatchObject({
      asOf: cachedAt,
      warning: { code: 'unreachable', message: expect.stringMatching(/Nothing answers|127\.0\.0\.1/) },
    });

    const uncached = componentIdOf('component:default/ledger-service');
    await harness.store.delete(panelCacheKey(uncached));
    expect(await getPanel(deps({ catalog: dead }), { componentId: uncached })).toEqual({
      state: 'backstage-unreachable',
      componentId: uncached,
      entityRef: 'component:default/ledger-service',
      backstageUrl: `${backstage.baseUrl}/catalog/default/component/ledger-service`,
      error: { code: 'backstage-unreachable', message: 'Backstage is unreachable' },
    });
  });

  it('never shows the Backstage token a failing Backstage echoes, nor any other error’s text', async () => {
    const proxy = await startFaultInjectingProxy(backstage.baseUrl);
    try {
      // A backend that echoes the request's headers in its error body.
      proxy.setFault(() => ({
        respond: {
          status: 500,
          body: JSON.stringify({
            error: {
              name: 'Error',
              message: `upstream failed; request had Authorization: Bearer ${backstage.token}`,
            },
          }),
        },
      }));
      const componentId = componentIdOf('component:default/payment-gateway');
      await harness.store.delete(panelCacheKey(componentId));
      const echoing = catalogAt(proxy.baseUrl);
      const forAnyone = await getPanel(deps({ catalog: echoing }), { componentId });
      expect(forAnyone).toMatchObject({
        state: 'backstage-unreachable',
        error: { code: 'backstage-unreachable', message: 'Backstage is unreachable' },
      });
      const forAdmin = await getPanel(deps({ catalog: echoing, accountId: 'test-admin' }), { componentId });
      expect(forAdmin).toMatchObject({ state: 'backstage-unreachable', error: { code: 'server-error' } });
      expect(JSON.stringify(forAdmin)).not.toContain(backstage.token);
      expect(JSON.stringify(forAdmin)).not.toContain(backstage.token.slice(0, 8));
    } finally {
      await proxy.close();
    }

    // Not a Backstage error at all: the app's kvs failing while reading the import state.
    const componentId = componentIdOf('component:default/payment-gateway');
    const failing = new Proxy(harness.store, {
      get(target, name) {
        if (name === 'getMany') return () => Promise.reject(new Error(`kvs down: Bearer ${backstage.token}`));
        const member: unknown = Reflect.get(target, name);
        return typeof member === 'function' ? member.bind(target) : member;
      },
    });
    const forAdmin = await refreshPanel(
      { ...deps({ accountId: 'test-admin' }), store: failing },
      { componentId },
    );
    expect(forAdmin).toMatchObject({
      state: 'backstage-unreachable',
      error: { code: 'internal', message: 'The app failed while reading this entity from Backstage.' },
    });
    expect(await refreshPanel({ ...deps(), store: failing }, { componentId })).toMatchObject({
      error: { code: 'backstage-unreachable', message: 'Backstage is unreachable' },
    });
  });

  it('answers the fresh view when the cache cannot be written', async () => {
    const componentId = componentIdOf('component:default/ledger-service');
    await harness.store.delete(panelCacheKey(componentId));
    const state = ready(
      await getPanel({ ...deps(), store: storeRefusingWrites('panel:view:') }, { componentId }),
    );
    expect(state).toMatchObject({ fromCache: false, entity: { ref: 'component:default/ledger-service' } });
    expect(await harness.store.get(panelCacheKey(componentId))).toBeUndefined();
  });

  it('points to the admin page before the app is connected', async () => {
    const componentId = componentIdOf('component:default/ledger-service');
    await harness.store.delete(panelCacheKey(componentId));
    expect(await getPanel(deps({ catalog: null }), { componentId })).toMatchObject({
      state: 'not-connected',
      message: expect.stringMatching(/admin page/),
    });
  });

  it('says when Backstage no longer has the linked entity', async () => {
    const componentId = await createUnlinkedComponent('Gone service');
    await graphqlPanelCompass(harness.compass.fetchApi().asApp().requestGraph).attachBackstageAlias(
      componentId,
      'component:default/gone-service',
    );
    const panel = deps();
    expect(await getPanel(panel, { componentId })).toMatchObject({
      state: 'entity-deleted',
      entityRef: 'component:default/gone-service',
      backstageUrl: `${backstage.baseUrl}/catalog/default/component/gone-service`,
    });
    expect(panel.counted!.requests).toBe(1);
  });

  it('says when Compass has no such component, and refuses a request without one', async () => {
    expect(await getPanel(deps(), { componentId: 'ari:cloud:compass:x:component/y/missing' })).toMatchObject({
      state: 'component-not-found',
    });
    await expect(getPanel(deps(), { componentId: '' })).rejects.toMatchObject({ kind: 'invalid-request' });
  });
});

describe('linking an unlinked component', () => {
  it('searches Backstage, refuses a non-admin, and links for an admin, recording the alias', async () => {
    const componentId = await createUnlinkedComponent('Fraud thing');
    expect(await getPanel(deps({ accountId: 'someone' }), { componentId })).toMatchObject({
      state: 'not-linked',
      canLink: false,
    });
    expect(await getPanel(deps({ accountId: 'test-admin' }), { componentId })).toMatchObject({
      state: 'not-linked',
      canLink: true,
    });

    const search = deps();
    const results = await searchEntities(search, { query: 'fraud' });
    expect(search.counted!.requests).toBe(1);
    expect(results.map((result) => result.ref)).toEqual(
      expect.arrayContaining(['component:default/fraud-scoring', 'api:default/fraud-scoring-api']),
    );
    expect(results.every((result) => ['Component', 'API', 'Resource'].includes(result.kind))).toBe(true);
    // Each result says whether Compass already shows it, and which component does.
    expect(results.find((result) => result.ref === 'component:default/fraud-scoring')).toMatchObject({
      imported: true,
      componentId: componentIdOf('component:default/fraud-scoring'),
    });
    const opsCli = await searchEntities(search, { query: 'ops-cli' });
    expect(opsCli.find((result) => result.ref === NOT_IMPORTED)).toMatchObject({ imported: false });
    expect(opsCli.find((result) => result.ref === NOT_IMPORTED)).not.toHaveProperty('componentId');
    await expect(searchEntities(search, { query: 'f' })).rejects.toMatchObject({ kind: 'invalid-request' });

    await expect(
      linkEntity(deps({ accountId: 'someone' }), {
        componentId,
        entityRef: 'component:default/fraud-scoring',
      }),
    ).rejects.toMatchObject({ kind: 'forbidden', message: expect.stringMatching(/Only a Compass admin/) });

    // Taken by the imported component: Compass keeps aliases unique per site. Said in words, with no id.
    const taken = linkEntity(deps({ accountId: 'test-admin' }), {
      componentId,
      entityRef: 'component:default/fraud-scoring',
    });
    await expect(taken).rejects.toMatchObject({
      kind: 'alias-conflict',
      message: expect.stringMatching(/^This Backstage entity already has its own Compass component/),
    });
    await expect(taken).rejects.toMatchObject({ message: expect.not.stringMatching(/ari:|alias \(/) });

    await recordAdminAccount(harness.store, 'recorded-admin');
    const linked = ready(
      await linkEntity(deps({ accountId: 'recorded-admin' }), {
        componentId,
        entityRef: 'Component:default/ops-cli',
      }),
    );
    expect(linked.entity.ref).toBe(NOT_IMPORTED);
    expect(harness.compass.findByAlias('backstage', NOT_IMPORTED)?.id).toBe(componentId);
    expect(ready(await getPanel(deps(), { componentId })).fromCache).toBe(true);

    // Linked by a panel (so no import state knows it): Compass's own refusal, in the same words.
    const other = await createUnlinkedComponent('Second ops tool');
    const refused = linkEntity(deps({ accountId: 'test-admin' }), {
      componentId: other,
      entityRef: NOT_IMPORTED,
    });
    await expect(refused).rejects.toMatchObject({
      kind: 'alias-conflict',
      message: expect.stringMatching(/^This Backstage entity already has its own Compass component/),
    });
    expect(harness.compass.findByAlias('backstage', NOT_IMPORTED)?.id).toBe(componentId);

    await expect(
      linkEntity(deps({ accountId: 'test-admin' }), { componentId, entityRef: 'component:default/nope' }),
    ).rejects.toMatchObject({ kind: 'entity-not-found' });
  });
});

describe('a link that cannot be saved', () => {
  it('leaves no alias behind and says nothing was changed', async () => {
    const componentId = await createUnlinkedComponent('Half-linked');
    const entityRef = 'system:default/payment-processing';
    await expect(
      linkEntity(
        { ...deps({ accountId: 'test-admin' }), store: storeRefusingWrites('panel:link:') },
        { componentId, entityRef },
      ),
    ).rejects.toMatchObject({
      kind: 'link-not-saved',
      message: expect.stringMatching(/nothing was changed/),
    });
    expect(harness.compass.findByAlias('backstage', entityRef)).toBeUndefined();
    expect(harness.compass.component(componentId)?.externalAliases).toEqual([]);
    expect(await getPanel(deps(), { componentId })).toMatchObject({ state: 'not-linked' });
  });
});

describe('an entity too large for one kvs value', () => {
  it('stores and shows a bounded view of a 250 KB description, saying what was cut', async () => {
    const proxy = await startFaultInjectingProxy(backstage.baseUrl);
    const description = 'Payment Gateway handles card payments. '.repeat(6600);
    try {
      // The real entity from the real Backstage, with a description as long as one seen in the field.
      proxy.setFault((request) =>
        request.url.includes('by-refs') && request.body.includes('payment-gateway')
          ? {
              rewriteJson: (json) => {
                const body = json as {
                  items: ({ metadata: { name: string; description?: string } } | null)[];
                };
                for (const item of body.items)
                  if (item?.metadata.name === 'payment-gateway') item.metadata.description = description;
                return body;
              },
            }
          : undefined,
      );
      const componentId = componentIdOf('component:default/payment-gateway');
      const state = ready(await refreshPanel(deps({ catalog: catalogAt(proxy.baseUrl) }), { componentId }));
      expect(state.entity.description!.length).toBeLessThanOrEqual(2000);
      expect(description.startsWith(state.entity.description!.slice(0, -1))).toBe(true);
      expect(state.entity.descriptionTruncated).toBe(true);
      const stored = await harness.store.get(panelCacheKey(componentId));
      expect(jsonByteLength(stored)).toBeLessThan(PANEL_VIEW_MAX_BYTES);
      expect(jsonByteLength(description)).toBeGreaterThan(240 * 1024);
    } finally {
      await proxy.close();
    }
  });
});

describe('an entity with more related entities than one by-refs request holds', () => {
  it('still costs 2 Backstage requests, and keeps the first 25 of each list, counting the rest', async () => {
    const manyRefs = Array.from(
      { length: 620 },
      (_, i) => `component:default/dep-${String(i).padStart(4, '0')}`,
    );
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'hub', namespace: 'default' },
      spec: { type: 'service', lifecycle: 'production', owner: 'group:default/platform' },
      relations: manyRefs.map((targetRef) => ({ type: 'dependsOn', targetRef })),
    };
    // A catalog that serves this one entity and answers every other ref as missing, counting requests.
    const lookups: number[] = [];
    const catalog: BackstageCatalog = {
      queryEntitiesPage: () => Promise.reject(new Error('not used')),
      queryAllEntities: () => {
        throw new Error('not used');
      },
      getEntitiesByRefs: async (refs) => {
        lookups.push(refs.length);
        return refs.map((ref) => (ref === 'component:default/hub' ? entity : null));
      },
      lookupEntitiesByRefs: () => Promise.reject(new Error('not used')),
    };
    const componentId = await createUnlinkedComponent('Hub');
    await graphqlPanelCompass(harness.compass.fetchApi().asApp().requestGraph).attachBackstageAlias(
      componentId,
      'component:default/hub',
    );
    const state = ready(
      await getPanel(
        { ...deps(), catalog: async () => ({ catalog, backstageBaseUrl: backstage.baseUrl }) },
        { componentId },
      ),
    );
    expect(lookups).toEqual([1, 500]);
    expect(state.entity.dependsOn).toHaveLength(25);
    expect(state.entity.dependsOn[0]).toMatchObject({ ref: manyRefs[0], exists: false });
    expect(state.entity.more).toEqual({ dependsOn: 595 });
  });
});
