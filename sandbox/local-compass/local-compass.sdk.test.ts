// The real @atlassian/forge-graphql SDK, end to end against the local Compass: its own documents, its own
// compound mutations, its own error mapping.
import { CompassLinkType, CompassRelationshipType } from '@atlassian/forge-graphql-types';
import { LocalCompass } from './local-compass';
import { createSdkApi } from './sdk';

type Sdk = ReturnType<ReturnType<typeof createSdkApi>['compass']['asApp']>;

let compass: LocalCompass;
let sdk: Sdk;

beforeEach(() => {
  // The SDK console.logs relationships and whole responses on every create/update.
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  compass = new LocalCompass();
  sdk = createSdkApi(compass).compass.asApp();
});

afterEach(() => {
  jest.restoreAllMocks();
});

async function createBare(name: string, typeId = 'SERVICE'): Promise<string> {
  const result = await sdk.createComponent({ cloudId: compass.cloudId, name, typeId });
  expect(result.errors).toEqual([]);
  return result.data?.component?.id as string;
}

describe('createComponent', () => {
  it('creates the component, its alias, links, labels, fields and DEPENDS_ON relationships', async () => {
    const database = await createBare('orders-db', 'CLOUD_RESOURCE');
    compass.resetStats();

    const result = await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'Orders',
      description: 'Takes orders',
      typeId: 'SERVICE',
      labels: ['source:backstage', 'team-a'],
      links: [{ type: CompassLinkType.Repository, url: 'https://github.com/acme/orders', name: 'Source' }],
      externalAlias: { externalSource: 'backstage', externalId: 'component:default/orders' },
      fields: { lifecycle: ['pre-release'], tier: ['2'] },
      relationships: [{ type: CompassRelationshipType.DependsOn, nodeId: database }],
    });

    expect(result.errors).toEqual([]);
    expect(result.success).toBe(true);
    const component = result.data?.component;
    expect(component).toMatchObject({
      name: 'Orders',
      description: 'Takes orders',
      typeId: 'SERVICE',
      labels: ['source:backstage', 'team-a'],
      fields: { 'compass:lifecycle': ['Pre-release'], 'compass:tier': ['2'] },
      relationships: [{ type: 'DEPENDS_ON', nodeId: database }],
      externalAliases: [{ externalSource: 'backstage', externalAliasId: 'component:default/orders' }],
    });
    // The SDK's final re-read does not ask for links (compass-api.md §1.4); the store has them.
    expect(component?.links).toBeUndefined();
    const stored = compass.findByAlias('backstage', 'component:default/orders');
    expect(stored).toMatchObject({
      id: component?.id,
      state: 'PENDING',
      links: [{ type: 'REPOSITORY', url: 'https://github.com/acme/orders', name: 'Source' }],
      dependsOn: [database],
    });
    expect(stored?.id).toMatch(
      new RegExp(`^ari:cloud:compass:${compass.cloudId}:component/[0-9a-f-]{36}/[0-9a-f-]{36}$`),
    );
    expect(compass.stats().byOperation).toEqual({
      CreateCompassComponent: 1,
      CreateCompassComponentExternalAlias: 1,
      compoundMutation: 1,
      getComponent: 1,
    });
    expect(compass.stats().byRootField).toMatchObject({
      'compass.createComponentLink': 1,
      'compass.createRelationship': 1,
      'compass.addComponentLabels': 1,
    });
  });
});

describe('getComponentByExternalAlias', () => {
  it('returns the component with owner and links on a hit', async () => {
    const team = compass.addTeam({ displayName: 'Payments' });
    await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'Billing',
      typeId: 'SERVICE',
      ownerId: team.id,
      links: [{ type: CompassLinkType.Dashboard, url: 'https://grafana.example.com/d/billing' }],
      externalAlias: { externalSource: 'backstage', externalId: 'component:default/billing' },
    });

    const hit = await sdk.getComponentByExternalAlias({
      cloudId: compass.cloudId,
      externalSource: 'backstage',
      externalId: 'component:default/billing',
      options: { includeLinks: true },
    });

    expect(hit.errors).toEqual([]);
    expect(hit.data?.component).toMatchObject({
      name: 'Billing',
      ownerId: team.id,
      links: [{ type: 'DASHBOARD', url: 'https://grafana.example.com/d/billing', name: null }],
    });
  });

  it('reports a miss as 404 COMPONENT_NOT_FOUND with the live message', async () => {
    const miss = await sdk.getComponentByExternalAlias({
      cloudId: compass.cloudId,
      externalSource: 'backstage',
      externalId: 'component:default/missing',
    });

    expect(miss.success).toBe(false);
    expect(miss.errors).toEqual([
      {
        message: 'Component not found',
        statusCode: 404,
        errorType: 'COMPONENT_NOT_FOUND',
        errorSource: 'GRAPHQL_GATEWAY',
      },
    ]);
  });
});

describe('updateComponent', () => {
  it('diffs links and labels into one compound mutation and never deletes DOCUMENT links', async () => {
    const created = await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'Catalog',
      typeId: 'SERVICE',
      labels: ['keep', 'drop'],
      links: [
        { type: CompassLinkType.Repository, url: 'https://github.com/acme/catalog' },
        { type: CompassLinkType.ChatChannel, url: 'https://slack.example.com/catalog' },
        { type: CompassLinkType.Document, url: 'https://docs.example.com/catalog' },
      ],
    });
    const id = created.data?.component?.id as string;
    compass.resetStats();

    const updated = await sdk.updateComponent({
      id,
      name: 'Catalog API',
      description: 'Now with a description',
      typeId: 'application',
      labels: ['keep', 'new'],
      links: [
        { type: CompassLinkType.Repository, url: 'https://github.com/acme/catalog' },
        { type: CompassLinkType.OnCall, url: 'https://pagerduty.example.com/catalog' },
      ],
      fields: { lifecycle: ['deprecated'] },
    });

    expect(updated.errors).toEqual([]);
    expect(updated.data?.component).toMatchObject({
      name: 'Catalog API',
      description: 'Now with a description',
      typeId: 'APPLICATION',
      labels: ['keep', 'new'],
      fields: { 'compass:lifecycle': ['Deprecated'] },
    });
    const stored = compass.component(id);
    expect(stored?.links.map((link) => link.type).sort()).toEqual(['DOCUMENT', 'ON_CALL', 'REPOSITORY']);
    expect(compass.stats().byOperation).toEqual({ getComponent: 2, compoundMutation: 1 });
    expect(compass.stats().byRootField).toMatchObject({
      'compass.updateComponentType': 1,
      'compass.updateComponent': 1,
      'compass.deleteComponentLink': 1,
      'compass.createComponentLink': 1,
      'compass.addComponentLabels': 1,
      'compass.removeComponentLabels': 1,
    });
  });
});

describe('searchComponents', () => {
  it('pages with endCursor until hasNextPage is false', async () => {
    for (const name of ['alpha', 'bravo', 'charlie', 'delta', 'echo']) await createBare(name);

    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await sdk.searchComponents({ cloudId: compass.cloudId, query: { first: 2, after } });
      expect(page.errors).toEqual([]);
      pages += 1;
      seen.push(...(page.data?.components ?? []).map((component) => component.name));
      if (!page.data?.pageInfo?.hasNextPage) break;
      after = page.data.pageInfo.endCursor ?? undefined;
    }

    expect(pages).toBe(3);
    expect(seen).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
  });

  it('filters by text and by label, and answers null components for an empty page', async () => {
    await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'web-shop',
      typeId: 'WEBSITE',
      labels: ['shop'],
    });
    await sdk.createComponent({ cloudId: compass.cloudId, name: 'shop-api', typeId: 'SERVICE' });

    const byText = await sdk.searchComponents({ cloudId: compass.cloudId, query: { query: 'shop' } });
    const byLabel = await sdk.searchComponents({
      cloudId: compass.cloudId,
      query: { fieldFilters: [{ name: 'labels', filter: { in: ['shop'] } }] },
    });
    const none = await sdk.searchComponents({
      cloudId: compass.cloudId,
      query: { query: 'nothing-matches' },
    });

    expect(byText.data?.components?.map((component) => component.name)).toEqual(['web-shop', 'shop-api']);
    expect(byLabel.data?.components?.map((component) => component.name)).toEqual(['web-shop']);
    expect(none.data).toEqual({ components: null, pageInfo: null });
  });
});

describe('labels and relationships', () => {
  it('adds and removes labels', async () => {
    const id = await createBare('labelled');

    const added = await sdk.addLabels({ componentId: id, labelNames: ['one', 'two'] });
    const removed = await sdk.removeLabels({ componentId: id, labelNames: ['one'] });

    expect(added.errors).toEqual([]);
    expect(added.data).toEqual({ labelNames: [{ name: 'one' }, { name: 'two' }] });
    expect(removed.errors).toEqual([]);
    expect(compass.component(id)?.labels).toEqual(['two']);
  });

  it('creates and deletes DEPENDS_ON (deprecated `type`) and CHILD_OF (`relationshipType`)', async () => {
    const parent = await createBare('platform', 'CAPABILITY');
    const child = await createBare('checkout');
    const dependency = await createBare('payments');

    const dependsOn = await sdk.createRelationship({
      startNodeId: child,
      endNodeId: dependency,
      type: CompassRelationshipType.DependsOn,
    });
    const childOf = await sdk.createRelationship({
      startNodeId: child,
      endNodeId: parent,
      relationshipType: 'CHILD_OF' as never,
    });

    expect(dependsOn.errors).toEqual([]);
    expect(dependsOn.data?.relationship).toMatchObject({ type: 'DEPENDS_ON', endNode: { id: dependency } });
    expect(childOf.errors).toEqual([]);
    expect(compass.component(child)).toMatchObject({ dependsOn: [dependency], childOf: [parent] });
    // getComponent's relationships are AGG's default query: DEPENDS_ON, outward.
    const read = await sdk.getComponent({ componentId: child });
    expect(read.data?.component?.relationships).toEqual([{ type: 'DEPENDS_ON', nodeId: dependency }]);

    const duplicate = await sdk.createRelationship({
      startNodeId: child,
      endNodeId: dependency,
      type: CompassRelationshipType.DependsOn,
    });
    expect(duplicate.errors).toEqual([
      expect.objectContaining({ statusCode: 400, errorType: 'RELATIONSHIP_ALREADY_EXISTS' }),
    ]);

    const deleted = await sdk.deleteRelationship({
      startNodeId: child,
      endNodeId: dependency,
      type: CompassRelationshipType.DependsOn,
    });
    expect(deleted.errors).toEqual([]);
    expect(compass.component(child)).toMatchObject({ dependsOn: [], childOf: [parent] });
  });
});

describe('metrics', () => {
  it('defines a metric, attaches a source and inserts values by external id', async () => {
    const id = await createBare('metered');

    const definition = await sdk.createMetricDefinition({
      cloudId: compass.cloudId,
      name: 'Backstage techdocs coverage',
      description: 'Share of documented entities',
      format: { suffix: { suffix: '%' } },
    });
    expect(definition.errors).toEqual([]);
    const metricDefinitionId = definition.data?.metricDefinition?.id as string;
    expect(definition.data?.metricDefinition).toMatchObject({ type: 'CUSTOM', format: { suffix: '%' } });

    const source = await sdk.createMetricSource({
      componentId: id,
      metricDefinitionId,
      externalMetricSourceId: 'component:default/metered',
    });
    expect(source.errors).toEqual([]);

    const inserted = await sdk.insertMetricValueByExternalId({
      cloudId: compass.cloudId,
      metricDefinitionId,
      externalMetricSourceId: 'component:default/metered',
      value: { value: 87.5, timestamp: '2026-01-02T03:04:05Z' },
    });
    expect(inserted.errors).toEqual([]);
    const direct = await sdk.insertMetricValue({
      metricSourceId: source.data?.metricSourceId as string,
      value: { value: 90, timestamp: '2026-01-03T03:04:05Z' },
    });
    expect(direct.errors).toEqual([]);
    expect(compass.component(id)?.metricSources).toEqual([
      expect.objectContaining({
        metricDefinitionId,
        externalMetricSourceId: 'component:default/metered',
        values: [87.5, 90],
      }),
    ]);

    const listed = await sdk.getMetricDefinitions({
      cloudId: compass.cloudId,
      options: { includeMetricSources: true },
    });
    expect(listed.data?.metricDefinitions).toEqual([
      expect.objectContaining({
        id: metricDefinitionId,
        metricSources: expect.objectContaining({ nodes: [expect.anything()] }),
      }),
    ]);

    const unknownSource = await sdk.insertMetricValueByExternalId({
      cloudId: compass.cloudId,
      metricDefinitionId,
      externalMetricSourceId: 'component:default/unknown',
      value: { value: 1, timestamp: '2026-01-02T03:04:05Z' },
    });
    expect(unknownSource.errors).toEqual([
      expect.objectContaining({ statusCode: 404, errorType: 'METRIC_SOURCE_NOT_FOUND' }),
    ]);
  });

  it('rejects the variables of the SDK bug in getMetricDefinition, as graphql-js (and likely AGG) does', async () => {
    const strictless = new LocalCompass({ strict: false });
    const result = await createSdkApi(strictless)
      .compass.asApp()
      .getMetricDefinition(strictless.cloudId, 'ari:cloud:compass::metric-definition/builtin/x');

    expect(result.success).toBe(false);
    expect(result.errors[0]?.message).toMatch(
      /Variable "\$includeMetricSources" of required type "Boolean!" was not provided/,
    );
    expect(strictless.rejectedRequests()).toEqual([expect.objectContaining({ kind: 'invalid-variables' })]);
  });
});

describe('component types and deletion', () => {
  it('lists the built-in component types', async () => {
    const types = await sdk.getAllComponentTypes({ cloudId: compass.cloudId });
    expect(types.errors).toEqual([]);
    expect(types.data?.componentTypes.map((type) => type.id)).toEqual(
      expect.arrayContaining(['SERVICE', 'LIBRARY', 'APPLICATION', 'WEBSITE', 'CLOUD_RESOURCE', 'OTHER']),
    );
  });

  it('deletes a component with its alias and relationships', async () => {
    const other = await createBare('other');
    const created = await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'short-lived',
      typeId: 'SERVICE',
      externalAlias: { externalSource: 'backstage', externalId: 'component:default/short-lived' },
      relationships: [{ type: CompassRelationshipType.DependsOn, nodeId: other }],
    });
    const id = created.data?.component?.id as string;

    const deleted = await sdk.deleteComponent({ id });

    expect(deleted.errors).toEqual([]);
    expect(compass.component(id)).toBeUndefined();
    expect(compass.findByAlias('backstage', 'component:default/short-lived')).toBeUndefined();
    const again = await sdk.getComponent({ componentId: id });
    expect(again.errors).toEqual([
      expect.objectContaining({ statusCode: 404, errorType: 'COMPONENT_NOT_FOUND' }),
    ]);
  });
});
