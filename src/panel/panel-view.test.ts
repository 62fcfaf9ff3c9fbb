import type { Entity } from '@backstage/catalog-model';
import { buildPanelEntityView, relatedRefs, type PanelViewContext } from './panel-view';

const context: PanelViewContext = {
  backstageBaseUrl: 'https://backstage.example.com',
  componentIdsByRef: new Map([['component:default/billing-db-client', 'compass-1']]),
  ownerTeamIds: { 'group:team-x/billing': 'team-42' },
};

type EntityWithStatus = Partial<Entity> & { status?: { items: unknown[] } };

function entity(overrides: EntityWithStatus = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'billing', namespace: 'team-x', ...overrides.metadata },
    spec: { type: 'service', lifecycle: 'experimental', ...overrides.spec },
    relations: overrides.relations ?? [
      { type: 'ownedBy', targetRef: 'group:team-x/billing' },
      { type: 'partOf', targetRef: 'domain:default/money' },
      { type: 'dependsOn', targetRef: 'component:default/billing-db-client' },
      { type: 'dependsOn', targetRef: 'component:default/Removed-Thing' },
      { type: 'dependencyOf', targetRef: 'component:default/checkout' },
      { type: 'hasPart', targetRef: 'component:default/ignored' },
    ],
    ...(overrides.status ? { status: overrides.status } : {}),
  } as Entity;
}

describe('relatedRefs', () => {
  it('asks for every shown relation target once, lower-cased, and for nothing else', () => {
    expect(relatedRefs(entity())).toEqual([
      'component:default/billing-db-client',
      'component:default/checkout',
      'component:default/removed-thing',
      'domain:default/money',
      'group:team-x/billing',
    ]);
    expect(relatedRefs(entity({ relations: [] }))).toEqual([]);
  });
});

describe('buildPanelEntityView', () => {
  const related = new Map<string, Entity | null>([
    [
      'group:team-x/billing',
      { ...entity(), kind: 'Group', metadata: { name: 'billing', title: 'Billing team' } },
    ],
    ['domain:default/money', { ...entity(), kind: 'Domain', metadata: { name: 'money' } }],
    ['component:default/billing-db-client', { ...entity(), metadata: { name: 'billing-db-client' } }],
    ['component:default/removed-thing', null],
    ['component:default/checkout', { ...entity(), metadata: { name: 'checkout', title: 'Checkout' } }],
  ]);

  it('links imported targets to Compass, the rest to Backstage, and marks targets Backstage lacks', () => {
    const view = buildPanelEntityView(entity(), related, context);
    expect(view.ref).toBe('component:team-x/billing');
    expect(view.owner).toEqual({
      ref: 'group:team-x/billing',
      title: 'Billing team',
      kind: 'Group',
      backstageUrl: 'https://backstage.example.com/catalog/team-x/group/billing',
      exists: true,
      teamId: 'team-42',
    });
    expect(view.domain?.ref).toBe('domain:default/money');
    expect(view.system).toBeUndefined();
    expect(view.dependsOn).toEqual([
      expect.objectContaining({
        ref: 'component:default/billing-db-client',
        compassComponentId: 'compass-1',
      }),
      expect.objectContaining({
        ref: 'component:default/removed-thing',
        title: 'removed-thing',
        exists: false,
      }),
    ]);
    expect(view.dependents).toEqual([expect.objectContaining({ title: 'Checkout', exists: true })]);
    expect(view.dependents[0]).not.toHaveProperty('compassComponentId');
    expect(view.providesApis).toEqual([]);
    expect(view.techDocsUrl).toBeUndefined();
    expect(view.backstageUrl).toBe('https://backstage.example.com/catalog/team-x/component/billing');
  });

  it('keeps only http(s) links and annotations, and lists processing errors and warnings from the status', () => {
    const view = buildPanelEntityView(
      entity({
        metadata: {
          name: 'billing',
          namespace: 'team-x',
          annotations: {
            'backstage.io/source-location': 'file:/tmp/somewhere',
            'backstage.io/techdocs-ref': 'dir:.',
            'pagerduty.com/integration-key': 'abc',
          },
          links: [
            { url: 'https://docs.example.com/billing', title: 'Docs' },
            { url: 'javascript:alert(1)', title: 'Bad' },
            { url: 'https://untitled.example.com/' },
          ],
        },
        status: {
          items: [
            {
              type: 'backstage.io/catalog-processing',
              level: 'error',
              message: 'InputError: bad ref',
              error: { name: 'InputError', message: 'bad ref' },
            },
            { type: 'other', level: 'info', message: 'fine', error: { name: 'x', message: 'fine' } },
          ],
        },
      } as EntityWithStatus),
      related,
      context,
    );
    expect(view.links).toEqual([
      { title: 'Docs', url: 'https://docs.example.com/billing', type: 'DOCUMENT' },
      { title: 'https://untitled.example.com/', url: 'https://untitled.example.com/', type: 'OTHER_LINK' },
    ]);
    expect(view.annotations).toEqual({ pagerDuty: { integrationKey: 'abc' } });
    expect(view.techDocsUrl).toBe('https://backstage.example.com/docs/team-x/component/billing');
    expect(view.processingErrors).toEqual([
      { level: 'error', type: 'backstage.io/catalog-processing', message: 'InputError: bad ref' },
    ]);
  });

  it('drops links and a source location with a user name or password in the URL', () => {
    const view = buildPanelEntityView(
      entity({
        metadata: {
          name: 'billing',
          namespace: 'team-x',
          annotations: {
            'backstage.io/source-location': 'url:https://ci:s3cr3t@github.com/acme/billing/tree/main/',
          },
          links: [
            { url: 'https://deploy:s3cr3t@grafana.example.com/d/1', title: 'Dashboard' },
            { url: 'https://robot@status.example.com/' },
            { url: 'https://grafana.example.com/d/2', title: 'Kept' },
          ],
        },
      }),
      related,
      context,
    );
    expect(view.links).toEqual([
      { title: 'Kept', url: 'https://grafana.example.com/d/2', type: 'DASHBOARD' },
    ]);
    expect(view.annotations.sourceLocation).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain('s3cr3t');
  });

  it('links a GitHub project slug only when the importer would accept it', () => {
    const slugView = (slug: string) =>
      buildPanelEntityView(
        entity({
          metadata: {
            name: 'billing',
            namespace: 'team-x',
            annotations: { 'github.com/project-slug': slug },
          },
        }),
        related,
        context,
      ).annotations.githubSlug;
    expect(slugView('acme/billing')).toEqual({
      title: 'acme/billing',
      url: 'https://github.com/acme/billing',
    });
    expect(slugView('acme/billing/tree/main')).toBeUndefined();
    expect(slugView('../login')).toBeUndefined();
    expect(slugView('evil.example.com')).toBeUndefined();
  });

  it('shows titles and link titles without bidi or control characters', () => {
    const view = buildPanelEntityView(
      entity({
        metadata: {
          name: 'billing',
          namespace: 'team-x',
          title: '\u202Egnillib\u202C Billing\u0007',
          links: [{ url: 'https://docs.example.com/billing', title: 'Do\u2066cs\u2069' }],
        },
      }),
      related,
      context,
    );
    expect(view.title).toBe('gnillib Billing');
    expect(view.links).toEqual([
      { title: 'Docs', url: 'https://docs.example.com/billing', type: 'DOCUMENT' },
    ]);
    const onlyControls = buildPanelEntityView(
      entity({ metadata: { name: 'billing', namespace: 'team-x', title: '\u202E' } }),
      related,
      context,
    );
    expect(onlyControls.title).toBe('billing');
  });
});

describe('an API’s providers and consumers', () => {
  it('lists apiProvidedBy and apiConsumedBy for an API, and neither for a component', () => {
    const api: Entity = {
      ...entity({
        relations: [
          { type: 'apiProvidedBy', targetRef: 'component:default/payment-gateway' },
          { type: 'apiConsumedBy', targetRef: 'component:default/checkout' },
          { type: 'apiConsumedBy', targetRef: 'component:default/merchant-dashboard' },
        ],
      }),
      kind: 'API',
    };
    expect(relatedRefs(api)).toEqual([
      'component:default/checkout',
      'component:default/merchant-dashboard',
      'component:default/payment-gateway',
    ]);
    const view = buildPanelEntityView(api, new Map(), context);
    expect(view.providedBy?.map((link) => link.ref)).toEqual(['component:default/payment-gateway']);
    expect(view.consumedBy?.map((link) => link.ref)).toEqual([
      'component:default/checkout',
      'component:default/merchant-dashboard',
    ]);
    const component = buildPanelEntityView(entity(), new Map(), context);
    expect(component).not.toHaveProperty('providedBy');
    expect(component).not.toHaveProperty('consumedBy');
  });
});

describe('PagerDuty and SonarQube annotations', () => {
  const withAnnotations = (annotations: Record<string, string>, links: { url: string; title?: string }[]) =>
    buildPanelEntityView(
      entity({ metadata: { name: 'billing', namespace: 'team-x', annotations, links } }),
      new Map(),
      context,
    ).annotations;

  it('link to the service and project pages of the accounts the entity’s own links name', () => {
    const annotations = withAnnotations(
      { 'pagerduty.com/service-id': 'PGW1A2B', 'sonarqube.org/project-key': 'main/brightpay_billing' },
      [
        { url: 'https://brightpay.pagerduty.com/service-directory/OTHER1', title: 'On-call' },
        { url: 'https://sonar.brightpay.example/dashboard?id=brightpay_billing', title: 'Quality' },
      ],
    );
    expect(annotations.pagerDuty).toEqual({
      serviceId: 'PGW1A2B',
      serviceUrl: 'https://brightpay.pagerduty.com/service-directory/PGW1A2B',
    });
    expect(annotations.sonarQube).toEqual({
      projectKey: 'main/brightpay_billing',
      projectUrl: 'https://sonar.brightpay.example/dashboard?id=brightpay_billing',
    });
    expect(
      withAnnotations({ 'sonarqube.org/project-key': 'acme:billing' }, [{ url: 'https://sonarcloud.io/x' }])
        .sonarQube?.projectUrl,
    ).toBe('https://sonarcloud.io/dashboard?id=acme%3Abilling');
  });

  it('stay text when nothing says where the account lives, or the id is not an id', () => {
    const annotations = withAnnotations(
      { 'pagerduty.com/service-id': 'PGW1A2B', 'sonarqube.org/project-key': 'brightpay_billing' },
      [{ url: 'https://docs.example.com/billing' }],
    );
    expect(annotations.pagerDuty).toEqual({ serviceId: 'PGW1A2B' });
    expect(annotations.sonarQube).toEqual({ projectKey: 'brightpay_billing' });
    expect(
      withAnnotations({ 'pagerduty.com/service-id': '../admin' }, [{ url: 'https://acme.pagerduty.com/' }])
        .pagerDuty,
    ).toEqual({ serviceId: '../admin' });
  });
});
