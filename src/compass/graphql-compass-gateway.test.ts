// The gateway against the local Compass, which executes every document it sends with graphql-js against the
// schema rebuilt from @atlassian/forge-graphql-types, and enforces Compass's limits.
import type { CompassComponentDraft } from '../core/compass-component-draft';
import { componentDraft } from '../core/testing/component-draft-builder';
import { CompassGatewayError } from './compass-errors';
import { GraphqlCompassGateway } from './graphql-compass-gateway';
import { withRetries } from './request-graph';
import { gatewayOnLocalCompass } from './testing/local-compass-gateway';

function draftFor(name: string, overrides: Partial<CompassComponentDraft> = {}): CompassComponentDraft {
  return componentDraft(name, {
    description: `${name} does things`,
    lifecycle: 'Active',
    labels: ['payments', 'system-checkout'],
    links: [
      { type: 'REPOSITORY', url: `https://github.com/acme/${name}`, name: 'Repository' },
      {
        type: 'OTHER_LINK',
        url: `https://backstage.acme.io/catalog/default/component/${name}`,
        name: 'Backstage',
      },
    ],
    ownerId: 'ari:cloud:identity::team/payments-team',
    ...overrides,
  });
}

const setup = () => gatewayOnLocalCompass();

describe('GraphqlCompassGateway against the local Compass', () => {
  it('creates an active component with its alias, links, labels, lifecycle and owner in two requests', async () => {
    const { compass, gateway } = setup();
    const record = await gateway.createComponent(draftFor('payments-api'));

    const stored = compass.component(record.id)!;
    expect(stored).toMatchObject({
      name: 'payments-api',
      description: 'payments-api does things',
      typeId: 'SERVICE',
      state: 'ACTIVE',
      ownerId: 'ari:cloud:identity::team/payments-team',
      fields: { 'compass:lifecycle': ['Active'] },
      externalAliases: [{ externalSource: 'backstage', externalId: 'component:default/payments-api' }],
    });
    expect(stored.labels.sort()).toEqual(['payments', 'system-checkout']);
    expect(stored.links.map((l) => [l.type, l.url, l.name])).toEqual([
      ['REPOSITORY', 'https://github.com/acme/payments-api', 'Repository'],
      ['OTHER_LINK', 'https://backstage.acme.io/catalog/default/component/payments-api', 'Backstage'],
    ]);
    expect(compass.stats().requests).toBe(2);
    expect(record).toMatchObject({ id: stored.id, lifecycle: 'Active' });
    expect([...record.labels].sort()).toEqual(['payments', 'system-checkout']);
  });

  it('finds a component by its external alias through the SDK, and answers null for a miss', async () => {
    const { gateway } = setup();
    const created = await gateway.createComponent(draftFor('ledger'));
    const found = await gateway.findComponentByAlias(created.externalAliases[0]!);
    expect(found).toMatchObject({
      id: created.id,
      name: 'ledger',
      typeId: 'SERVICE',
      lifecycle: 'Active',
      ownerId: 'ari:cloud:identity::team/payments-team',
      externalAliases: [{ externalSource: 'backstage', externalId: 'component:default/ledger' }],
    });
    expect(found!.links).toHaveLength(2);
    expect(
      await gateway.findComponentByAlias({
        externalSource: 'backstage',
        externalId: 'component:default/nope',
      }),
    ).toBeNull();
  });

  it('updates only what changed, in one request', async () => {
    const { compass, gateway } = setup();
    const created = await gateway.createComponent(draftFor('ledger'));
    const current = (await gateway.findComponentByAlias(created.externalAliases[0]!))!;
    compass.resetStats();

    const updated = await gateway.updateComponent(current, {
      name: 'Ledger',
      typeId: 'LIBRARY',
      lifecycle: 'Deprecated',
      labels: ['payments', 'ledger'],
      links: [
        current.links[1]!,
        { type: 'DASHBOARD', url: 'https://grafana.acme.io/d/ledger', name: 'Grafana' },
      ],
    });

    expect(compass.stats().requests).toBe(1);
    const stored = compass.component(created.id)!;
    expect(stored).toMatchObject({
      name: 'Ledger',
      typeId: 'LIBRARY',
      fields: { 'compass:lifecycle': ['Deprecated'] },
    });
    expect(stored.labels.sort()).toEqual(['ledger', 'payments']);
    expect(stored.links.map((l) => l.type).sort()).toEqual(['DASHBOARD', 'OTHER_LINK']);
    expect(updated.links.map((l) => l.type).sort()).toEqual(['DASHBOARD', 'OTHER_LINK']);
    expect(updated.links.every((l) => stored.links.some((s) => s.id === l.id))).toBe(true);
  });

  it('sends nothing when there is nothing to change', async () => {
    const { compass, gateway } = setup();
    const created = await gateway.createComponent(draftFor('ledger'));
    compass.resetStats();
    expect(await gateway.updateComponent(created, { name: 'ledger' })).toEqual(created);
    expect(compass.stats().requests).toBe(0);
  });

  it('adds and removes DEPENDS_ON and CHILD_OF relationships', async () => {
    const { compass, gateway } = setup();
    const api = await gateway.createComponent(draftFor('api'));
    const db = await gateway.createComponent(draftFor('db'));
    const parent = await gateway.createComponent(draftFor('platform'));

    await gateway.addRelationship(api.id, db.id, 'DEPENDS_ON');
    await gateway.addRelationship(api.id, parent.id, 'CHILD_OF');
    expect(compass.component(api.id)).toMatchObject({ dependsOn: [db.id], childOf: [parent.id] });
    const found = await gateway.findComponentByAlias(api.externalAliases[0]!);
    expect(found!.relationships).toEqual(expect.arrayContaining([{ type: 'DEPENDS_ON', targetId: db.id }]));

    await gateway.removeRelationship(api.id, db.id, 'DEPENDS_ON');
    expect(compass.component(api.id)!.dependsOn).toEqual([]);
  });

  it('deletes components in one request, and counts one already gone as deleted', async () => {
    const { compass, gateway } = setup();
    const api = await gateway.createComponent(draftFor('api'));
    const db = await gateway.createComponent(draftFor('db'));
    await gateway.addRelationship(api.id, db.id, 'DEPENDS_ON');
    await gateway.deleteComponents([db.id]);
    compass.resetStats();

    expect(await gateway.deleteComponents([api.id, db.id])).toEqual([
      { ok: true, value: undefined },
      { ok: true, value: undefined },
    ]);
    expect(compass.stats().requests).toBe(1);
    expect(compass.components()).toEqual([]);
  });

  describe('a batch Compass refuses as a whole because of one item fails that item alone', () => {
    // HTTP 200 with a top-level error and no data for every request that carries the item.
    const refuseRequestsCarrying = (compass: ReturnType<typeof setup>['compass'], text: string) =>
      compass.injectFault({
        match: (request) => JSON.stringify(request.variables).includes(text),
        kind: 'graphql-error',
        times: Infinity,
      });

    it('creates (and their aliases)', async () => {
      const { compass, gateway } = setup();
      refuseRequestsCarrying(compass, 'component:default/bad');
      const outcomes = await gateway.createComponents(['a', 'b', 'bad', 'c'].map((name) => draftFor(name)));
      expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, false, true]);
      // The refused alias rolled its component back: nothing without an alias is left behind.
      expect(
        compass
          .components()
          .map((c) => c.name)
          .sort(),
      ).toEqual(['a', 'b', 'c']);
    });

    it('updates (links and labels included)', async () => {
      const { compass, gateway } = setup();
      const created = await gateway.createComponents(['a', 'b', 'c'].map((name) => draftFor(name)));
      const records = created.map((outcome) => (outcome.ok ? outcome.value : undefined)!);
      refuseRequestsCarrying(compass, 'https://grafana.acme.io/bad');
      const outcomes = await gateway.updateComponents(
        records.map((current) => ({
          current,
          changes: {
            labels: ['ledger'],
            links: [
              {
                type: 'DASHBOARD' as const,
                url: `https://grafana.acme.io/${current.name === 'b' ? 'bad' : current.name}`,
              },
            ],
          },
        })),
      );
      expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
      expect(compass.component(records[0]!.id)!.labels).toEqual(['ledger']);
      expect(compass.component(records[2]!.id)!.links.map((l) => l.url)).toEqual([
        'https://grafana.acme.io/c',
      ]);
    });

    it('relationships', async () => {
      const { compass, gateway } = setup();
      const [a, b, c, d] = (await gateway.createComponents(['a', 'b', 'c', 'd'].map((n) => draftFor(n)))).map(
        (outcome) => (outcome.ok ? outcome.value : undefined)!,
      );
      refuseRequestsCarrying(compass, d!.id);
      const outcomes = await gateway.addRelationships([
        { fromComponentId: a!.id, toComponentId: b!.id, type: 'DEPENDS_ON' },
        { fromComponentId: a!.id, toComponentId: d!.id, type: 'DEPENDS_ON' },
        { fromComponentId: c!.id, toComponentId: b!.id, type: 'DEPENDS_ON' },
      ]);
      expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
      expect(compass.component(a!.id)!.dependsOn).toEqual([b!.id]);
      expect(compass.component(c!.id)!.dependsOn).toEqual([b!.id]);
    });
  });

  describe('limits come back as typed errors and leave nothing half-made', () => {
    it.each([
      ['a name over 512 characters', { name: 'n'.repeat(513) }, /name/i],
      ['a description over 4,096 characters', { description: 'd'.repeat(4097) }, /description/i],
      ['an upper-case label', { labels: ['Payments'] }, /label/i],
      ['a label with a space', { labels: ['two words'] }, /label/i],
      ['a label over 40 characters', { labels: ['l'.repeat(41)] }, /label/i],
      ['more than 10 labels', { labels: Array.from({ length: 11 }, (_, i) => `label-${i}`) }, /label/i],
      [
        'more than 5 links of one type',
        {
          links: Array.from({ length: 6 }, (_, i) => ({
            type: 'DASHBOARD' as const,
            url: `https://grafana.acme.io/d/${i}`,
          })),
        },
        /link/i,
      ],
    ])('%s', async (_, overrides, message) => {
      const { compass, gateway } = setup();
      const error = await gateway.createComponent(draftFor('bad', overrides)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CompassGatewayError);
      expect((error as CompassGatewayError).kind).toBe('invalid-input');
      expect((error as CompassGatewayError).message).toMatch(message);
      expect(compass.components()).toEqual([]);
    });

    it('an external alias already taken: the new component is deleted again, the first one stays', async () => {
      const { compass, gateway } = setup();
      const first = await gateway.createComponent(draftFor('ledger'));
      const sameAlias = draftFor('ledger-copy', { externalAlias: first.externalAliases[0]! });
      const error = await gateway.createComponent(sameAlias).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CompassGatewayError);
      expect((error as CompassGatewayError).kind).toBe('alias-conflict');
      expect(compass.components().map((c) => c.id)).toEqual([first.id]);
    });
  });

  describe('creating the same entity again never duplicates it', () => {
    it('a component that is already there with our alias is found by its slug and returned', async () => {
      const { compass, gateway } = setup();
      const first = await gateway.createComponent(draftFor('ledger'));
      const again = await gateway.createComponent(draftFor('ledger'));
      expect(again.id).toBe(first.id);
      expect(compass.components()).toHaveLength(1);
    });

    it('a component left without its alias by an interrupted create is adopted and gets the alias', async () => {
      const { compass, gateway } = setup();
      // The process dies after the create: neither the alias nor the rollback reaches Compass.
      compass.injectFault({
        match: (request) => request.rootFields.some((field) => /ExternalAlias|deleteComponent/.test(field)),
        kind: 'network',
        times: Infinity,
      });
      await expect(gateway.createComponent(draftFor('ledger'))).rejects.toMatchObject({ kind: 'network' });
      expect(compass.components()).toHaveLength(1);
      expect(compass.components()[0]!.externalAliases).toEqual([]);

      compass.clearFaults();
      const adopted = await gateway.createComponent(draftFor('ledger'));
      expect(compass.components()).toHaveLength(1);
      expect(adopted.id).toBe(compass.components()[0]!.id);
      expect(compass.components()[0]!.externalAliases).toEqual([
        { externalSource: 'backstage', externalId: 'component:default/ledger' },
      ]);
    });

    it('a slug held by a component of someone else is reported, and nothing is touched', async () => {
      const { compass, gateway } = setup();
      const theirs = await gateway.createComponent(
        draftFor('ledger', {
          externalAlias: { externalSource: 'backstage', externalId: 'component:other/ledger' },
        }),
      );
      const error = await gateway.createComponent(draftFor('ledger')).catch((e: unknown) => e);
      expect((error as CompassGatewayError).message).toMatch(/slug .* belongs to another component/);
      expect(compass.components().map((c) => c.id)).toEqual([theirs.id]);
    });
  });

  describe('transport failures', () => {
    it('a 429 without retries becomes a rate-limited error; withRetries honours Retry-After and succeeds', async () => {
      const { compass } = setup();
      compass.injectFault({ match: 'createComponent', kind: 'rate-limit', retryAfterSeconds: 2, times: 1 });
      const bare = new GraphqlCompassGateway({
        cloudId: compass.cloudId,
        requestGraph: compass.fetchApi().asApp().requestGraph,
      });
      await expect(bare.createComponent(draftFor('a'))).rejects.toMatchObject({ kind: 'rate-limited' });

      compass.injectFault({ match: 'createComponent', kind: 'rate-limit', retryAfterSeconds: 2, times: 1 });
      const waits: number[] = [];
      const retrying = new GraphqlCompassGateway({
        cloudId: compass.cloudId,
        requestGraph: withRetries(compass.fetchApi().asApp().requestGraph, undefined, {
          sleep: async (ms) => void waits.push(ms),
          random: () => 0.5,
        }),
      });
      await retrying.createComponent(draftFor('a'));
      expect(waits).toEqual([2000]);
      expect(compass.components()).toHaveLength(1);
    });

    it('a refusal without GraphQL errors (HTTP 403) is an error, not a component that is not there', async () => {
      const { compass } = setup();
      const refused = new GraphqlCompassGateway({
        cloudId: compass.cloudId,
        requestGraph: async () =>
          new Response(JSON.stringify({ message: 'Forbidden' }), {
            status: 403,
            headers: { 'content-type': 'application/json' },
          }),
      });
      await expect(
        refused.findComponentByAlias({ externalSource: 'backstage', externalId: 'component:default/a' }),
      ).rejects.toMatchObject({ name: 'CompassGatewayError', kind: 'invalid-input' });
    });

    it('5xx and network failures are retried with backoff, then surface as typed errors', async () => {
      const { compass } = setup();
      compass.injectFault({ match: 'createComponent', kind: 'http-502', times: 2 });
      const waits: number[] = [];
      const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
      const env = { sleep: async (ms: number) => void waits.push(ms), random: () => 1 };
      const gateway = new GraphqlCompassGateway({
        cloudId: compass.cloudId,
        requestGraph: withRetries(compass.fetchApi().asApp().requestGraph, policy, env),
      });
      await gateway.createComponent(draftFor('a'));
      expect(waits).toEqual([100, 200]);

      compass.injectFault({ match: 'createComponent', kind: 'network', times: 3 });
      await expect(gateway.createComponent(draftFor('b'))).rejects.toMatchObject({ kind: 'network' });
      compass.injectFault({ match: 'createComponent', kind: 'http-500', times: 3 });
      await expect(gateway.createComponent(draftFor('c'))).rejects.toMatchObject({ kind: 'server-error' });
      expect(compass.components().map((c) => c.name)).toEqual(['a']);
    });
  });
});
