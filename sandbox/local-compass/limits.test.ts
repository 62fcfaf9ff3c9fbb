// Compass's limits, each rejected with statusCode 400, a stable errorType and a message naming the limit and
// the value; external-alias uniqueness; and the SDK's own rollback when the alias is taken.
import { CompassLinkType } from '@atlassian/forge-graphql-types';
import { COMPASS_LIMITS } from '../../src/core/compass-component-draft';
import { DEFAULT_COMPASS_LIMITS } from './limits';
import { LocalCompass } from './local-compass';
import { createSdkApi } from './sdk';
import { VirtualClock } from './virtual-clock';

type Sdk = ReturnType<ReturnType<typeof createSdkApi>['compass']['asApp']>;

const CREATE_COMPONENT = `
  mutation createComponent($cloudId: ID!, $input: CreateCompassComponentInput!) {
    compass {
      createComponent(cloudId: $cloudId, input: $input) {
        success
        errors { message extensions { statusCode errorType } }
        componentDetails { id labels { name } links { type url } }
      }
    }
  }
`;

interface MutationAnswer {
  success: boolean;
  errors: { message: string; extensions: { statusCode: number; errorType: string } }[];
}

let compass: LocalCompass;
let sdk: Sdk;

beforeEach(() => {
  // The SDK logs responses (console.log) and unexpected shapes (console.error) itself.
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  compass = new LocalCompass();
  sdk = createSdkApi(compass).compass.asApp();
});

afterEach(() => {
  jest.restoreAllMocks();
});

async function createRaw(input: Record<string, unknown>): Promise<MutationAnswer> {
  const response = await compass.requestGraph(CREATE_COMPONENT, { cloudId: compass.cloudId, input });
  const body = (await response.json()) as { data: { compass: { createComponent: MutationAnswer } } };
  return body.data.compass.createComponent;
}

async function createBare(name = 'limited'): Promise<string> {
  const result = await sdk.createComponent({ cloudId: compass.cloudId, name, typeId: 'SERVICE' });
  expect(result.errors).toEqual([]);
  return result.data?.component?.id as string;
}

function rejection(errorType: string, message: RegExp) {
  return [expect.objectContaining({ statusCode: 400, errorType, message: expect.stringMatching(message) })];
}

describe('limit table', () => {
  it('agrees with the limits the app maps to (src/core COMPASS_LIMITS)', () => {
    expect(DEFAULT_COMPASS_LIMITS).toMatchObject(COMPASS_LIMITS);
  });
});

describe('component name and description', () => {
  it('rejects a name over 512 characters and accepts exactly 512', async () => {
    const tooLong = await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'n'.repeat(513),
      typeId: 'SERVICE',
    });
    const atLimit = await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'n'.repeat(512),
      typeId: 'SERVICE',
    });

    expect(tooLong.errors).toEqual(rejection('NAME_TOO_LONG', /513 characters.*limit is 512/));
    expect(atLimit.errors).toEqual([]);
    expect(compass.components()).toHaveLength(1);
  });

  it('rejects a blank name', async () => {
    const blank = await sdk.createComponent({ cloudId: compass.cloudId, name: '  ', typeId: 'SERVICE' });
    expect(blank.errors).toEqual(rejection('NAME_REQUIRED', /name is required/));
  });

  it('rejects a description over 4,096 characters, on create and on update', async () => {
    const created = await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'described',
      typeId: 'SERVICE',
      description: 'd'.repeat(4097),
    });
    const id = await createBare();
    const updated = await sdk.updateBaseComponent({ id, description: 'd'.repeat(5000) });

    expect(created.errors).toEqual(rejection('DESCRIPTION_TOO_LONG', /4097 characters.*limit is 4096/));
    expect(updated.errors).toEqual(rejection('DESCRIPTION_TOO_LONG', /5000 characters.*limit is 4096/));
    expect(compass.component(id)?.description).toBeNull();
  });
});

describe('labels', () => {
  it.each([
    ['Uppercase', 'LABEL_NOT_LOWERCASE', /"Uppercase" must be in lowercase/],
    ['has space', 'LABEL_CONTAINS_WHITESPACE', /"has space" contains whitespace/],
    ['x'.repeat(41), 'LABEL_TOO_LONG', /41 characters.*limit is 40/],
  ])('rejects %j', async (label, errorType, message) => {
    const id = await createBare();
    const result = await sdk.addLabels({ componentId: id, labelNames: ['fine', label] });

    expect(result.errors).toEqual(rejection(errorType, message));
    expect(compass.component(id)?.labels).toEqual([]);
  });

  it('accepts 10 labels per component and rejects the 11th', async () => {
    const id = await createBare();
    const ten = Array.from({ length: 10 }, (_, index) => `label-${index}`);

    expect((await sdk.addLabels({ componentId: id, labelNames: ten })).errors).toEqual([]);
    const eleventh = await sdk.addLabels({ componentId: id, labelNames: ['one-too-many'] });
    expect(eleventh.errors).toEqual(rejection('TOO_MANY_LABELS', /at most 10 labels.*give it 11/));
    expect(compass.component(id)?.labels).toEqual(ten);
  });

  it('rejects a create with 11 labels atomically: no component is left behind', async () => {
    const answer = await createRaw({
      name: 'over-labelled',
      typeId: 'SERVICE',
      labels: Array.from({ length: 11 }, (_, index) => `l${index}`),
    });

    expect(answer.success).toBe(false);
    expect(answer.errors[0]?.extensions).toEqual({ statusCode: 400, errorType: 'TOO_MANY_LABELS' });
    expect(compass.components()).toEqual([]);
  });

  it('reports a label error from the SDK compound phase only as a 500 (the segment selects no extensions)', async () => {
    const result = await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'mixed-case',
      typeId: 'SERVICE',
      labels: ['Mixed'],
    });

    expect(result.errors).toEqual([
      expect.objectContaining({
        statusCode: 500,
        errorType: 'INTERNAL_SERVER_ERROR',
        message: expect.stringMatching(/lowercase/),
      }),
    ]);
  });

  it('makes the SDK fail to replace labels at the cap, because its compound mutation adds before it removes', async () => {
    const id = await createBare();
    const old = Array.from({ length: 10 }, (_, index) => `old-${index}`);
    await sdk.addLabels({ componentId: id, labelNames: old });

    const replaced = await sdk.updateComponent({ id, labels: ['new-0'] });

    expect(replaced.errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/at most 10 labels/) }),
    ]);
    // The remove segment still ran after the failed add.
    expect(compass.component(id)?.labels).toEqual([]);
  });

  it('follows a configured cap (the live value is unverified: 10 or 20)', async () => {
    const roomy = new LocalCompass({ limits: { labelsPerComponent: 20 } });
    const roomySdk = createSdkApi(roomy).compass.asApp();
    const result = await roomySdk.createComponent({
      cloudId: roomy.cloudId,
      name: 'many-labels',
      typeId: 'SERVICE',
      labels: Array.from({ length: 20 }, (_, index) => `l${index}`),
    });
    expect(result.errors).toEqual([]);
  });
});

describe('links', () => {
  it('accepts 5 links of one type and rejects the 6th; other types are counted separately', async () => {
    const id = await createBare();
    for (let index = 0; index < 5; index += 1) {
      const created = await sdk.createLink({
        componentId: id,
        link: { type: CompassLinkType.Repository, url: `https://github.com/acme/repo-${index}` },
      });
      expect(created.errors).toEqual([]);
    }

    const sixth = await sdk.createLink({
      componentId: id,
      link: { type: CompassLinkType.Repository, url: 'https://github.com/acme/repo-5' },
    });
    const otherType = await sdk.createLink({
      componentId: id,
      link: { type: CompassLinkType.Dashboard, url: 'https://grafana.example.com/d/1' },
    });

    expect(sixth.errors).toEqual(
      rejection('TOO_MANY_LINKS_OF_TYPE', /at most 5 links of type REPOSITORY.*give it 6/),
    );
    expect(otherType.errors).toEqual([]);
    expect(compass.component(id)?.links).toHaveLength(6);
  });

  it.each(['ftp://files.example.com/x', 'javascript:alert(1)', 'not a url'])(
    'rejects the URL %j',
    async (url) => {
      const id = await createBare();
      const result = await sdk.createLink({
        componentId: id,
        link: { type: CompassLinkType.OtherLink, url },
      });
      expect(result.errors).toEqual(rejection('INVALID_LINK_URL', /not a valid http\(s\) URL/));
    },
  );

  it('rejects a link name over 512 characters', async () => {
    const id = await createBare();
    const result = await sdk.createLink({
      componentId: id,
      link: { type: CompassLinkType.OtherLink, url: 'https://example.com', name: 'n'.repeat(513) },
    });
    expect(result.errors).toEqual(rejection('LINK_NAME_TOO_LONG', /513 characters.*limit is 512/));
  });

  it('rejects a create carrying 6 links of one type atomically', async () => {
    const answer = await createRaw({
      name: 'over-linked',
      typeId: 'SERVICE',
      links: Array.from({ length: 6 }, (_, index) => ({
        type: 'PROJECT',
        url: `https://jira.example.com/${index}`,
      })),
    });

    expect(answer.errors[0]?.extensions).toEqual({ statusCode: 400, errorType: 'TOO_MANY_LINKS_OF_TYPE' });
    expect(compass.components()).toEqual([]);
  });
});

describe('external aliases', () => {
  const alias = { externalSource: 'backstage', externalId: 'component:default/orders' };

  it('are unique per site: a second component cannot take the same alias', async () => {
    const first = await createBare('orders');
    const second = await createBare('orders-copy');

    expect((await sdk.createExternalAlias({ componentId: first, externalAlias: alias })).errors).toEqual([]);
    const taken = await sdk.createExternalAlias({ componentId: second, externalAlias: alias });

    expect(taken.errors).toEqual(
      rejection('EXTERNAL_ALIAS_ALREADY_EXISTS', /\(backstage, component:default\/orders\) already exists/),
    );
    expect(compass.findByAlias('backstage', 'component:default/orders')?.id).toBe(first);
  });

  it('may repeat on another site', async () => {
    const otherSite = 'a1b2c3d4-0000-4000-8000-000000000000';
    compass.addSite({ cloudId: otherSite });
    await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'orders',
      typeId: 'SERVICE',
      externalAlias: alias,
    });

    const elsewhere = await sdk.createComponent({
      cloudId: otherSite,
      name: 'orders',
      typeId: 'SERVICE',
      externalAlias: alias,
    });

    expect(elsewhere.errors).toEqual([]);
    expect(compass.findByAlias('backstage', 'component:default/orders', otherSite)?.cloudId).toBe(otherSite);
  });

  it('make the SDK roll its createComponent back when the alias is taken', async () => {
    await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'orders',
      typeId: 'SERVICE',
      externalAlias: alias,
    });
    compass.resetStats();

    const duplicate = await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'orders',
      typeId: 'SERVICE',
      externalAlias: alias,
    });

    expect(duplicate.success).toBe(false);
    // The SDK still re-reads the component it just deleted, so a 404 follows the real cause.
    expect(duplicate.errors).toEqual([
      ...rejection('EXTERNAL_ALIAS_ALREADY_EXISTS', /already exists/),
      expect.objectContaining({ statusCode: 404, errorType: 'COMPONENT_NOT_FOUND' }),
    ]);
    expect(compass.components()).toHaveLength(1);
    expect(compass.stats().byOperation).toEqual({
      CreateCompassComponent: 1,
      CreateCompassComponentExternalAlias: 1,
      deleteComponent: 1,
      getComponent: 1,
    });
  });

  it('answer the live message when deleting an unknown alias', async () => {
    const id = await createBare();
    const result = await sdk.deleteExternalAlias({ componentId: id, externalAlias: alias });
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: 'We couldn’t find the external alias. Check for typos and try again.',
      }),
    ]);
  });
});

describe('slugs', () => {
  it.each([
    ['bad slug!', 'INVALID_SLUG', /letters, digits and hyphens/],
    ['s'.repeat(65), 'SLUG_TOO_LONG', /65 characters.*limit is 64/],
  ])('rejects %j', async (slug, errorType, message) => {
    const result = await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'slugged',
      typeId: 'SERVICE',
      slug,
    });
    expect(result.errors).toEqual(rejection(errorType, message));
  });

  it('are unique per site, with the message gitlab-for-compass retries on', async () => {
    await sdk.createComponent({ cloudId: compass.cloudId, name: 'one', typeId: 'SERVICE', slug: 'orders' });
    const second = await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'two',
      typeId: 'SERVICE',
      slug: 'orders',
    });
    expect(second.errors).toEqual(
      rejection('SLUG_ALREADY_EXISTS', /^Another component with the slug "orders"/),
    );
  });
});

describe('fields, types and sites', () => {
  it('rejects an unknown lifecycle value and an unknown component type', async () => {
    const lifecycle = await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'odd',
      typeId: 'SERVICE',
      fields: { lifecycle: ['experimental'] },
    });
    const type = await sdk.createComponent({ cloudId: compass.cloudId, name: 'odd', typeId: 'NOT_A_TYPE' });

    expect(lifecycle.errors).toEqual(
      rejection('INVALID_FIELD', /Lifecycle must have exactly one of Pre-release, Active, Deprecated/),
    );
    expect(type.errors).toEqual(rejection('INVALID_COMPONENT_TYPE', /"NOT_A_TYPE"/));
  });

  it('refuses a site the app is not installed on', async () => {
    const result = await sdk.createComponent({ cloudId: 'unknown-site', name: 'lost', typeId: 'SERVICE' });
    expect(result.errors).toEqual([
      expect.objectContaining({ statusCode: 403, errorType: 'SITE_NOT_FOUND' }),
    ]);
  });
});

describe('metrics and scorecards', () => {
  // Raw documents, so the double is tested apart from the app's own metrics gateway.
  async function send(on: LocalCompass, query: string, variables: Record<string, unknown>) {
    const response = await on.requestGraph(query, variables);
    const body = (await response.json()) as { data: { compass: Record<string, MutationAnswer> } };
    return body.data.compass;
  }
  const refused = (errorType: string, message: RegExp, statusCode = 400) => [
    { message: expect.stringMatching(message), extensions: { statusCode, errorType } },
  ];
  const ERRORS = 'success errors { message extensions { statusCode errorType } }';
  const defineMetric = (on: LocalCompass, name: string) =>
    send(
      on,
      `mutation($input: CompassCreateMetricDefinitionInput!) { compass {
        createMetricDefinition(input: $input) { ${ERRORS} createdMetricDefinition { id } } } }`,
      { input: { cloudId: on.cloudId, name, format: { suffix: { suffix: '%' } } } },
    ).then(
      (answer) =>
        answer.createMetricDefinition as MutationAnswer & { createdMetricDefinition: { id: string } | null },
    );
  const createSource = (on: LocalCompass, componentId: string, metricDefinitionId: string) =>
    send(
      on,
      `mutation($input: CompassCreateMetricSourceInput!) { compass {
        createMetricSource(input: $input) { ${ERRORS} } } }`,
      { input: { componentId, metricDefinitionId, externalMetricSourceId: 'component:default/limited' } },
    ).then((answer) => answer.createMetricSource!);
  const insertValue = (on: LocalCompass, metricDefinitionId: string, timestamp: string) =>
    send(
      on,
      `mutation($input: CompassInsertMetricValueByExternalIdInput!) { compass {
        insertMetricValueByExternalId(input: $input) { ${ERRORS} } } }`,
      {
        input: {
          cloudId: on.cloudId,
          metricDefinitionId,
          externalMetricSourceId: 'component:default/limited',
          value: { value: 1, timestamp },
        },
      },
    ).then((answer) => answer.insertMetricValueByExternalId!);
  const createScorecard = (on: LocalCompass, input: Record<string, unknown>) =>
    send(
      on,
      `mutation($cloudId: ID!, $input: CreateCompassScorecardInput!) { compass {
        createScorecard(cloudId: $cloudId, input: $input) { ${ERRORS} scorecardDetails { id } } } }`,
      { cloudId: on.cloudId, input: { importance: 'USER_DEFINED', ...input } },
    ).then(
      (answer) => answer.createScorecard as MutationAnswer & { scorecardDetails: { id: string } | null },
    );
  const apply = (on: LocalCompass, componentId: string, scorecardId: string) =>
    send(
      on,
      `mutation($componentId: ID!, $scorecardId: ID!) { compass {
        applyScorecardToComponent(componentId: $componentId, scorecardId: $scorecardId) { ${ERRORS} } } }`,
      { componentId, scorecardId },
    ).then((answer) => answer.applyScorecardToComponent!);
  const deleteScorecard = (on: LocalCompass, scorecardId: string) =>
    send(
      on,
      `mutation($scorecardId: ID!) { compass { deleteScorecard(scorecardId: $scorecardId) { ${ERRORS} } } }`,
      { scorecardId },
    ).then((answer) => answer.deleteScorecard!);

  it('allows two definitions with one name, and refuses one over the per-site guess', async () => {
    const small = new LocalCompass({ limits: { metricDefinitionsPerSite: 2 } });
    expect((await defineMetric(small, 'Backstage: TechDocs')).success).toBe(true);
    expect((await defineMetric(small, 'Backstage: TechDocs')).success).toBe(true);
    expect((await defineMetric(small, 'third')).errors).toEqual(
      refused('TOO_MANY_METRIC_DEFINITIONS', /at most 2 metric definitions/),
    );
    expect(small.metricDefinitions().map((d) => d.name)).toEqual([
      'Backstage: TechDocs',
      'Backstage: TechDocs',
    ]);
  });

  it('refuses a second source of one definition on a component, and sources over the per-component guess', async () => {
    const small = new LocalCompass({ limits: { metricSourcesPerComponent: 1 } });
    const componentId = await createSdkApi(small)
      .compass.asApp()
      .createComponent({ cloudId: small.cloudId, name: 'limited', typeId: 'SERVICE' })
      .then((result) => result.data?.component?.id as string);
    const first = (await defineMetric(small, 'one')).createdMetricDefinition!.id;
    const second = (await defineMetric(small, 'two')).createdMetricDefinition!.id;
    expect((await createSource(small, componentId, first)).success).toBe(true);
    expect((await createSource(small, componentId, first)).errors).toEqual(
      refused('METRIC_SOURCE_ALREADY_EXISTS', /already has a metric source for/),
    );
    expect((await createSource(small, componentId, second)).errors).toEqual(
      refused('TOO_MANY_METRIC_SOURCES', /at most 1 metric sources/),
    );
  });

  it('refuses a value stamped in the future beyond the clock-skew guess', async () => {
    const clock = new VirtualClock(Date.parse('2026-06-01T12:00:00Z'));
    const timed = new LocalCompass({ clock });
    const componentId = await createSdkApi(timed)
      .compass.asApp()
      .createComponent({ cloudId: timed.cloudId, name: 'limited', typeId: 'SERVICE' })
      .then((result) => result.data?.component?.id as string);
    const definition = (await defineMetric(timed, 'one')).createdMetricDefinition!.id;
    await createSource(timed, componentId, definition);
    expect((await insertValue(timed, definition, '2026-06-01T12:04:59Z')).success).toBe(true);
    expect((await insertValue(timed, definition, '2026-06-01T12:05:01Z')).errors).toEqual(
      refused('INVALID_METRIC_VALUE', /in the future/),
    );
    expect(timed.component(componentId)!.metricSources[0]!.values).toEqual([1]);
  });

  it('checks scorecard criteria: one kind each, a known metric, weights that add up to 100 when weight-based', async () => {
    const id = (await defineMetric(compass, 'one')).createdMetricDefinition!.id;
    const metric = (weight: number, metricDefinitionId = id) => ({
      hasMetricValue: { metricDefinitionId, comparator: 'EQUALS', comparatorValue: 1, weight },
    });
    const short = await createScorecard(compass, {
      name: 'short',
      scoringStrategyType: 'WEIGHT_BASED',
      criterias: [metric(40), metric(50)],
    });
    expect(short.errors).toEqual(refused('INVALID_SCORECARD', /must add up to 100; they add up to 90/));
    const unknown = await createScorecard(compass, {
      name: 'unknown',
      criterias: [metric(100, id.replace(/[0-9a-f]{12}$/, 'eeeeeeeeeeee'))],
    });
    expect(unknown.errors).toEqual(refused('METRIC_DEFINITION_NOT_FOUND', /does not exist/, 404));
    const twoKinds = await createScorecard(compass, {
      name: 'two kinds',
      criterias: [{ ...metric(50), hasOwner: { weight: 50 } }],
    });
    expect(twoKinds.errors).toEqual(refused('INVALID_SCORECARD', /exactly one type/));
    const points = await createScorecard(compass, {
      name: 'points',
      scoringStrategyType: 'POINT_BASED',
      criterias: [metric(3), { hasOwner: { weight: 2 } }],
    });
    expect(points.success).toBe(true);
    expect(compass.scorecards()).toEqual([
      expect.objectContaining({
        name: 'points',
        scoringStrategyType: 'POINT_BASED',
        criteria: [
          { kind: 'hasMetricValue', weight: 3, metricDefinitionId: id },
          { kind: 'hasOwner', weight: 2, metricDefinitionId: null },
        ],
      }),
    ]);
  });

  it('refuses to apply a scorecard twice, and deleting one takes it off its components', async () => {
    const componentId = await createBare();
    const scorecardId = (await createScorecard(compass, { name: 'health' })).scorecardDetails!.id;
    expect((await apply(compass, componentId, scorecardId)).success).toBe(true);
    expect((await apply(compass, componentId, scorecardId)).errors).toEqual(
      refused('SCORECARD_ALREADY_APPLIED', /already applied/),
    );
    expect((await deleteScorecard(compass, scorecardId)).success).toBe(true);
    expect(compass.scorecards()).toEqual([]);
    expect(compass.component(componentId)!.scorecardIds).toEqual([]);
    expect((await deleteScorecard(compass, scorecardId)).errors).toEqual(
      refused('SCORECARD_NOT_FOUND', /does not exist/, 404),
    );
  });

  it('pages a component’s metric sources with its own cursor', async () => {
    const componentId = await createBare();
    for (const name of ['a', 'b', 'c']) {
      await createSource(
        compass,
        componentId,
        (await defineMetric(compass, name)).createdMetricDefinition!.id,
      );
    }
    const page = async (after: string | null) => {
      const response = await compass.requestGraph(
        `query($id: ID!, $after: String) { compass { component(id: $id) { ... on CompassComponent {
          metricSources(query: { first: 2, after: $after }) { ... on CompassComponentMetricSourcesConnection {
            nodes { id } pageInfo { hasNextPage endCursor } } } } } } }`,
        { id: componentId, after },
      );
      const body = (await response.json()) as {
        data: {
          compass: {
            component: {
              metricSources: {
                nodes: { id: string }[];
                pageInfo: { hasNextPage: boolean; endCursor: string };
              };
            };
          };
        };
      };
      return body.data.compass.component.metricSources;
    };
    const first = await page(null);
    const second = await page(first.pageInfo.endCursor);
    expect([first.nodes.length, first.pageInfo.hasNextPage]).toEqual([2, true]);
    expect([second.nodes.length, second.pageInfo.hasNextPage]).toEqual([1, false]);
    expect([...first.nodes, ...second.nodes].map((n) => n.id)).toEqual(
      compass.component(componentId)!.metricSources.map((s) => s.id),
    );
  });
});
