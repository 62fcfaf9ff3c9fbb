// The transport side of the local Compass: rate limiting, latency, faults, counters, strict rejection and
// opt-ins; plus the raw (non-SDK) operations the app hand-writes: teams, tenant contexts, scorecards.
import { LocalCompass, LocalCompassRequestError, type LocalCompassClock } from './local-compass';
import { createSdkApi } from './sdk';
import { VirtualClock } from './virtual-clock';

const GET_COMPONENT_NAME = `query componentName($id: ID!) {
  compass { component(id: $id) { __typename ... on CompassComponent { name } } }
}`;

const CREATE = `mutation create($cloudId: ID!, $input: CreateCompassComponentInput!) {
  compass { createComponent(cloudId: $cloudId, input: $input) { success componentDetails { id } } }
}`;

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

async function createComponent(compass: LocalCompass, name: string): Promise<string> {
  const body = await json(
    await compass.requestGraph(CREATE, { cloudId: compass.cloudId, input: { name, typeId: 'SERVICE' } }),
  );
  return (body as { data: { compass: { createComponent: { componentDetails: { id: string } } } } }).data
    .compass.createComponent.componentDetails.id;
}

beforeEach(() => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('rate limit', () => {
  it('answers HTTP 429 with Retry-After and a RateLimited error once the burst is spent, then recovers', async () => {
    const clock = new VirtualClock();
    const compass = new LocalCompass({ clock, rateLimit: { requestsPerSecond: 2, burst: 2 } });

    const statuses = [];
    for (let index = 0; index < 3; index += 1) {
      statuses.push((await compass.requestGraph(GET_COMPONENT_NAME, { id: 'x' })).status);
    }
    const limited = await compass.requestGraph(GET_COMPONENT_NAME, { id: 'x' });

    expect(statuses).toEqual([200, 200, 429]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await json(limited)).toEqual({
      errors: [
        {
          message: expect.stringContaining('Rate limit exceeded (2 requests/s, burst 2)'),
          extensions: { classification: 'RateLimited', errorType: 'RATE_LIMITED', statusCode: 429 },
        },
      ],
    });
    clock.advance(500);
    expect((await compass.requestGraph(GET_COMPONENT_NAME, { id: 'x' })).status).toBe(200);
    expect(compass.stats()).toMatchObject({ requests: 5, executed: 3, rateLimited: 2 });
  });

  it('shows through the SDK only as a top-level error (the SDK never reads the status)', async () => {
    const compass = new LocalCompass({ clock: new VirtualClock(), rateLimit: { requestsPerSecond: 1 } });
    const sdk = createSdkApi(compass).compass.asApp();
    await sdk.getComponent({ componentId: 'a' });

    const limited = await sdk.getComponent({ componentId: 'a' });

    expect(limited.errors).toEqual([
      {
        message: expect.stringContaining('Rate limit exceeded'),
        errorType: 'RATE_LIMITED',
        errorSource: 'FORGE_GRAPHQL',
      },
    ]);
  });
});

describe('latency', () => {
  it('awaits latencyMs once per request, and can change at runtime', async () => {
    const clock = new VirtualClock();
    const compass = new LocalCompass({ clock, latencyMs: 250 });

    await compass.requestGraph(GET_COMPONENT_NAME, { id: 'x' });
    await compass.requestGraph(GET_COMPONENT_NAME, { id: 'x' });
    compass.setLatency(40);
    await compass.requestGraph(GET_COMPONENT_NAME, { id: 'x' });
    compass.setLatency(0);
    await compass.requestGraph(GET_COMPONENT_NAME, { id: 'x' });

    expect(clock.sleeps).toEqual([250, 250, 40]);
  });

  it('holds the response until the latency has elapsed', async () => {
    let release: () => void = () => undefined;
    const gatedClock: LocalCompassClock = {
      now: () => 0,
      sleep: () => new Promise<void>((resolve) => (release = resolve)),
    };
    const compass = new LocalCompass({ clock: gatedClock, latencyMs: 1000 });
    let settled = false;

    const pending = compass.requestGraph(GET_COMPONENT_NAME, { id: 'x' }).then((response) => {
      settled = true;
      return response;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    release();

    expect((await pending).status).toBe(200);
    expect(settled).toBe(true);
  });
});

describe('faults', () => {
  it('answers HTTP 500 with a JSON error, HTTP 502 with an HTML page, and malformed JSON', async () => {
    const compass = new LocalCompass();
    compass.injectFault({ match: 'componentName', kind: 'http-500' });
    compass.injectFault({ match: 'componentName', kind: 'http-502' });
    compass.injectFault({ match: 'componentName', kind: 'malformed-json' });

    const serverError = await compass.requestGraph(GET_COMPONENT_NAME, { id: 'x' });
    const badGateway = await compass.requestGraph(GET_COMPONENT_NAME, { id: 'x' });
    const malformed = await compass.requestGraph(GET_COMPONENT_NAME, { id: 'x' });
    const healthy = await compass.requestGraph(GET_COMPONENT_NAME, { id: 'x' });

    expect(serverError.status).toBe(500);
    expect(await json(serverError)).toMatchObject({ errors: [{ extensions: { statusCode: 500 } }] });
    expect(badGateway.status).toBe(502);
    expect(await badGateway.text()).toContain('502 Bad Gateway');
    // Response.json runs in Node's realm, so match the message rather than the SyntaxError class.
    await expect(malformed.json()).rejects.toThrow(/is not valid JSON/);
    expect(healthy.status).toBe(200);
    expect(compass.stats()).toMatchObject({ requests: 4, faulted: 3, executed: 1 });
  });

  it('rejects like fetch on a network fault, and the SDK compound phase lets it escape', async () => {
    const compass = new LocalCompass();
    const sdk = createSdkApi(compass).compass.asApp();
    compass.injectFault({ match: 'addComponentLabels', kind: 'network' });

    const creating = sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'net',
      typeId: 'SERVICE',
      labels: ['a'],
    });

    await expect(creating).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    // The base create went through before the compound phase failed: a half-made component remains.
    expect(compass.components().map((component) => component.name)).toEqual(['net']);
  });

  it('answers a top-level GraphQL error that the SDK maps by extension', async () => {
    const compass = new LocalCompass();
    const sdk = createSdkApi(compass).compass.asApp();
    compass.injectFault({
      match: 'compass.component',
      kind: 'graphql-error',
      message: 'Downstream timed out',
    });

    const result = await sdk.getComponent({ componentId: 'x' });

    expect(result.errors).toEqual([
      { message: 'Downstream timed out', errorType: 'INTERNAL_SERVER_ERROR', errorSource: 'GRAPHQL_GATEWAY' },
    ]);
  });

  it('injects rate limits with a chosen Retry-After, and counts them', async () => {
    const compass = new LocalCompass();
    compass.injectFault({ match: 'componentName', kind: 'rate-limit', retryAfterSeconds: 7 });

    const limited = await compass.requestGraph(GET_COMPONENT_NAME, { id: 'x' });

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(compass.stats()).toMatchObject({ rateLimited: 1, faulted: 1 });
  });

  it('fails `times` matching requests, matches predicates, and can be cancelled', async () => {
    const compass = new LocalCompass();
    const twice = compass.injectFault({ match: 'componentName', kind: 'http-500', times: 2 });
    const byPredicate = compass.injectFault({
      match: (request) => request.variables.id === 'poison',
      kind: 'http-502',
      times: Infinity,
    });

    const statuses = [];
    for (const id of ['a', 'b', 'c'])
      statuses.push((await compass.requestGraph(GET_COMPONENT_NAME, { id })).status);
    statuses.push((await compass.requestGraph(GET_COMPONENT_NAME, { id: 'poison' })).status);
    byPredicate.cancel();
    statuses.push((await compass.requestGraph(GET_COMPONENT_NAME, { id: 'poison' })).status);

    expect(statuses).toEqual([500, 500, 200, 502, 200]);
    expect(twice.remaining()).toBe(0);
  });

  it('fails every request after the k-th from now (an interrupted run)', async () => {
    const compass = new LocalCompass();
    await compass.requestGraph(GET_COMPONENT_NAME, { id: 'before' });
    compass.failRequestsAfter(2, 'http-500');

    const statuses = [];
    for (let index = 0; index < 4; index += 1) {
      statuses.push((await compass.requestGraph(GET_COMPONENT_NAME, { id: 'x' })).status);
    }
    compass.clearFaults();
    statuses.push((await compass.requestGraph(GET_COMPONENT_NAME, { id: 'x' })).status);

    expect(statuses).toEqual([200, 200, 500, 500, 200]);
  });
});

describe('counters', () => {
  it('count a compound mutation once per request and once per segment per root field', async () => {
    const compass = new LocalCompass();
    const sdk = createSdkApi(compass).compass.asApp();
    const id = await createComponent(compass, 'counted');
    compass.resetStats();

    await sdk.updateComponent({
      id,
      labels: ['a', 'b'],
      links: [{ type: 'REPOSITORY' as never, url: 'https://x.example' }],
    });

    expect(compass.stats()).toEqual({
      requests: 3,
      executed: 3,
      rateLimited: 0,
      faulted: 0,
      rejected: 0,
      byOperation: { getComponent: 2, compoundMutation: 1 },
      byRootField: {
        'compass.component': 2,
        'compass.updateComponent': 1,
        'compass.createComponentLink': 1,
        'compass.addComponentLabels': 1,
      },
    });
    compass.resetStats();
    expect(compass.stats()).toMatchObject({ requests: 0, byOperation: {}, byRootField: {} });
  });
});

describe('invalid requests', () => {
  const WRONG = `query wrong { compass { component(id: "x") { ... on CompassComponent { nope } } } }`;

  it('reject the promise in strict mode (the default) and are recorded', async () => {
    const compass = new LocalCompass();

    await expect(compass.requestGraph(WRONG)).rejects.toThrow(LocalCompassRequestError);
    await expect(compass.requestGraph('query {')).rejects.toThrow(/invalid-document/);

    expect(compass.rejectedRequests()).toEqual([
      expect.objectContaining({
        kind: 'invalid-document',
        operationName: 'wrong',
        errors: [expect.stringContaining('nope')],
      }),
      expect.objectContaining({ kind: 'invalid-document', operationName: null }),
    ]);
    expect(compass.stats()).toMatchObject({
      requests: 2,
      rejected: 2,
      executed: 0,
      byOperation: { wrong: 1, '(unparseable)': 1 },
    });
  });

  it('are answered like the gateway (200, top-level errors) when strict is off', async () => {
    const compass = new LocalCompass({ strict: false });

    const response = await compass.requestGraph(WRONG);

    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({
      errors: [
        expect.objectContaining({
          message: expect.stringContaining('Cannot query field "nope" on type "CompassComponent".'),
          extensions: { classification: 'ValidationError' },
        }),
      ],
    });
  });

  it('include EXPERIMENTAL fields selected without an opt-in (directive or X-ExperimentalApi header)', async () => {
    const compass = new LocalCompass();
    const query = (directive: string) => `query managed($query: CompassApplicationManagedComponentsQuery!) {
      compass ${directive} { applicationManagedComponents(query: $query) { __typename } }
    }`;
    const variables = { query: { cloudId: compass.cloudId } };

    await expect(compass.requestGraph(query(''), variables)).rejects.toThrow(
      /applicationManagedComponents is EXPERIMENTAL: add @optIn\(to: "compass-beta"\)/,
    );
    const byDirective = await json(
      await compass.requestGraph(query('@optIn(to: "compass-beta")'), variables),
    );
    const byHeader = await json(
      await compass.requestGraph(query(''), variables, {
        'X-ExperimentalApi': 'compass-beta, compass-prototype',
      }),
    );

    expect(byDirective).toEqual({
      data: { compass: { applicationManagedComponents: { __typename: 'QueryError' } } },
    });
    expect(byHeader).toEqual(byDirective);
  });

  it('include answers graphql-js cannot serialise (a bug in the double or a store seeded out of range)', async () => {
    const LINK_TYPES = `query linkTypes($id: ID!) { compass { component(id: $id) { ... on CompassComponent { links { type } } } } }`;
    const seed = (compass: LocalCompass) =>
      compass.store.createComponent(compass.cloudId, {
        name: 'odd',
        typeId: 'SERVICE',
        links: [{ type: 'NOT_A_LINK_TYPE', url: 'https://example.com' }],
      }).id;
    const strict = new LocalCompass();
    const lenient = new LocalCompass({ strict: false });

    await expect(strict.requestGraph(LINK_TYPES, { id: seed(strict) })).rejects.toThrow(
      /internal-error.*Enum "CompassLinkType" cannot represent value: "NOT_A_LINK_TYPE"/,
    );
    const answered = await lenient.requestGraph(LINK_TYPES, { id: seed(lenient) });

    expect(await json(answered)).toMatchObject({
      errors: [{ path: ['compass', 'component', 'links', 0, 'type'] }],
    });
    expect(lenient.rejectedRequests()).toEqual([expect.objectContaining({ kind: 'internal-error' })]);
  });

  it('answer NOT_IMPLEMENTED for schema fields the double does not serve', async () => {
    const compass = new LocalCompass();
    const sdk = createSdkApi(compass).compass.asApp();

    const result = await sdk.unlinkExternalSource({
      cloudId: compass.cloudId,
      ecosystemAppId: 'app',
      externalSource: 's',
    });

    expect(result.errors).toEqual([
      expect.objectContaining({ statusCode: 501, errorType: 'NOT_IMPLEMENTED' }),
    ]);
  });
});

describe('raw operations the SDK lacks', () => {
  const TENANT = `query tenant($cloudIds: [ID!]) { tenantContexts(cloudIds: $cloudIds) { cloudId orgId } }`;
  const TEAMS = `query teams($organizationId: ID!, $siteId: String!, $filter: TeamSearchFilter, $first: Int) {
    team { teamSearchV2(organizationId: $organizationId, siteId: $siteId, filter: $filter, first: $first) @optIn(to: "Team-search-v2") {
      nodes { team { id displayName state } memberCount }
      pageInfo { hasNextPage endCursor }
    } }
  }`;

  it('tenantContexts gives the orgId, and teamSearchV2 finds seeded teams by name and membership', async () => {
    const compass = new LocalCompass({
      orgId: 'org-1',
      teams: [
        { displayName: 'Payments Core', memberIds: ['user-1'] },
        { displayName: 'Payments Edge' },
        { displayName: 'Search', state: 'DISBANDED', memberIds: ['user-1'] },
      ],
    });

    const tenant = await json(await compass.requestGraph(TENANT, { cloudIds: [compass.cloudId, 'other'] }));
    const organizationId = 'ari:cloud:platform::org/org-1';
    const byName = await json(
      await compass.requestGraph(TEAMS, {
        organizationId,
        siteId: compass.cloudId,
        filter: { query: 'payments' },
        first: 1,
      }),
    );
    const byMember = await json(
      await compass.requestGraph(TEAMS, {
        organizationId,
        siteId: compass.cloudId,
        filter: { membership: { memberIds: ['user-1'] } },
      }),
    );

    expect(tenant).toEqual({ data: { tenantContexts: [{ cloudId: compass.cloudId, orgId: 'org-1' }] } });
    expect(byName).toMatchObject({
      data: {
        team: {
          teamSearchV2: {
            nodes: [
              {
                team: {
                  displayName: 'Payments Core',
                  state: 'ACTIVE',
                  id: expect.stringMatching(/^ari:cloud:identity::team\//),
                },
                memberCount: 1,
              },
            ],
            pageInfo: { hasNextPage: true },
          },
        },
      },
    });
    const members = (
      byMember as { data: { team: { teamSearchV2: { nodes: { team: { displayName: string } }[] } } } }
    ).data.team.teamSearchV2.nodes;
    expect(members.map((node) => node.team.displayName)).toEqual(['Payments Core', 'Search']);
  });

  it('creates a scorecard, applies it to a component and lists it', async () => {
    const compass = new LocalCompass();
    const componentId = await createComponent(compass, 'scored');
    const created = await json(
      await compass.requestGraph(
        `mutation createScorecard($cloudId: ID!, $input: CreateCompassScorecardInput!) {
          compass { createScorecard(cloudId: $cloudId, input: $input) {
            success errors { message } scorecardDetails { id name importance applicationModel { applicationType } }
          } }
        }`,
        {
          cloudId: compass.cloudId,
          input: {
            name: 'Backstage hygiene',
            importance: 'RECOMMENDED',
            componentLabelNames: ['source:backstage'],
            criterias: [{ hasOwner: { weight: 50 } }, { hasDescription: { weight: 50 } }],
          },
        },
      ),
    );
    const scorecard = (
      created as { data: { compass: { createScorecard: { scorecardDetails: { id: string } } } } }
    ).data.compass.createScorecard.scorecardDetails;

    const applied = await json(
      await compass.requestGraph(
        `mutation apply($componentId: ID!, $scorecardId: ID!) {
          compass { applyScorecardToComponent(componentId: $componentId, scorecardId: $scorecardId) {
            success componentDetails { scorecards { id name } }
          } }
        }`,
        { componentId, scorecardId: scorecard.id },
      ),
    );
    const listed = await json(
      await compass.requestGraph(
        `query scorecards($cloudId: ID!) { compass { scorecards(cloudId: $cloudId) {
          ... on CompassScorecardConnection { nodes { id name } totalCount }
        } } }`,
        { cloudId: compass.cloudId },
      ),
    );

    expect(created).toMatchObject({
      data: {
        compass: {
          createScorecard: {
            success: true,
            scorecardDetails: {
              name: 'Backstage hygiene',
              importance: 'RECOMMENDED',
              applicationModel: { applicationType: 'MANUAL' },
            },
          },
        },
      },
    });
    expect(applied).toMatchObject({
      data: {
        compass: {
          applyScorecardToComponent: {
            success: true,
            componentDetails: { scorecards: [{ id: scorecard.id }] },
          },
        },
      },
    });
    expect(listed).toEqual({
      data: {
        compass: { scorecards: { nodes: [{ id: scorecard.id, name: 'Backstage hygiene' }], totalCount: 1 } },
      },
    });
  });

  it('records events on an event source the SDK created and attached', async () => {
    const compass = new LocalCompass();
    const sdk = createSdkApi(compass).compass.asApp();
    const componentId = await createComponent(compass, 'deployed');

    const source = await sdk.addEventSource({
      componentId,
      eventSource: {
        cloudId: compass.cloudId,
        eventType: 'CUSTOM' as never,
        externalEventSourceId: 'backstage-sync',
      },
    });
    const event = await sdk.createEvent({
      cloudId: compass.cloudId,
      event: {
        custom: {
          externalEventSourceId: 'backstage-sync',
          displayName: 'Catalog synced',
          description: 'Backstage catalog import finished',
          lastUpdated: '2026-01-01T00:00:00Z',
          updateSequenceNumber: 1,
          url: 'https://backstage.example.com',
          customEventProperties: { id: 'sync-1', icon: 'INFO' as never },
        },
      },
    });

    expect(source.errors).toEqual([]);
    expect(event.errors).toEqual([]);
    expect(compass.store.findEventSource(compass.cloudId, 'CUSTOM', 'backstage-sync')?.events).toHaveLength(
      1,
    );
  });
});
