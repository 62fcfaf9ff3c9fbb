import type { Entity } from '@backstage/catalog-model';
import { identifyEntity } from './entity-identity';
import { mapLinks } from './links';
import { TEST_BACKSTAGE_WEB_URL, buildComponent } from './testing/entity-builders';
import { recordWarnings } from './testing/warning-recorder';

const BACKSTAGE_PAGE = `${TEST_BACKSTAGE_WEB_URL}/catalog/default/component/payment-gateway`;
const BACKSTAGE_LINK = { type: 'OTHER_LINK', url: BACKSTAGE_PAGE, name: 'Backstage' };

function linksOf(entity: Entity) {
  const identified = identifyEntity(entity);
  if (!identified.ok) throw new Error(identified.reason);
  const recorder = recordWarnings();
  const links = mapLinks(entity, identified.identity, TEST_BACKSTAGE_WEB_URL, recorder.warn);
  return { links, warnings: recorder.warnings };
}

function gateway(overrides: Parameters<typeof buildComponent>[1] = {}) {
  return buildComponent('payment-gateway', overrides);
}

describe('mapLinks', () => {
  it('always links to the entity page in Backstage', () => {
    expect(linksOf(gateway())).toEqual({ links: [BACKSTAGE_LINK], warnings: [] });
  });

  it('maps metadata.links with inferred types, titles as names, grouped by Compass link type', () => {
    const { links, warnings } = linksOf(
      gateway({
        links: [
          { url: 'https://grafana.brightpay.example/d/gateway', title: 'Dashboard', icon: 'dashboard' },
          { url: 'https://status.brightpay.example/' },
          { url: 'https://brightpay.slack.com/archives/C01', title: '#payments' },
          { url: 'https://github.com/brightpay/payment-gateway', title: 'Code' },
        ],
      }),
    );
    expect(links).toEqual([
      { type: 'REPOSITORY', url: 'https://github.com/brightpay/payment-gateway', name: 'Code' },
      { type: 'CHAT_CHANNEL', url: 'https://brightpay.slack.com/archives/C01', name: '#payments' },
      { type: 'DASHBOARD', url: 'https://grafana.brightpay.example/d/gateway', name: 'Dashboard' },
      BACKSTAGE_LINK,
      { type: 'OTHER_LINK', url: 'https://status.brightpay.example/' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('turns a url: source-location into a REPOSITORY link', () => {
    const { links } = linksOf(
      gateway({
        annotations: {
          'backstage.io/source-location': 'url:https://github.com/brightpay/payment-gateway/tree/main/',
        },
      }),
    );
    expect(links).toContainEqual({
      type: 'REPOSITORY',
      url: 'https://github.com/brightpay/payment-gateway/tree/main/',
      name: 'Repository',
    });
  });

  it('turns github.com/project-slug into a GitHub REPOSITORY link', () => {
    const { links } = linksOf(
      gateway({ annotations: { 'github.com/project-slug': 'brightpay/payment-gateway' } }),
    );
    expect(links).toEqual([
      { type: 'REPOSITORY', url: 'https://github.com/brightpay/payment-gateway', name: 'Repository' },
      BACKSTAGE_LINK,
    ]);
  });

  it.each<{ what: string; annotations: Record<string, string>; message: string }>([
    {
      what: 'reports a source-location that is not a URL location (file:) and makes no link of it',
      annotations: { 'backstage.io/source-location': 'file:/src/gateway/' },
      message: 'annotation backstage.io/source-location "file:/src/gateway/" is not an http(s) URL; dropped',
    },
    {
      what: 'reports a project-slug that is not owner/repository',
      annotations: { 'github.com/project-slug': 'payment gateway' },
      message:
        'annotation github.com/project-slug "payment gateway" is not an <owner>/<repository> slug; no link',
    },
  ])('$what', ({ annotations, message }) => {
    const { links, warnings } = linksOf(gateway({ annotations }));
    expect(links).toEqual([BACKSTAGE_LINK]);
    expect(warnings).toEqual([{ code: 'link-invalid-url', message }]);
  });

  it.each(['../..', 'brightpay/..', './payment-gateway'])(
    'reports a project-slug with a . or .. segment (%s), which would point elsewhere on GitHub',
    (slug) => {
      const { links, warnings } = linksOf(gateway({ annotations: { 'github.com/project-slug': slug } }));
      expect(links).toEqual([BACKSTAGE_LINK]);
      expect(warnings.map((warning) => warning.code)).toEqual(['link-invalid-url']);
    },
  );

  it('drops links with a user name or password in the URL, naming them without the credentials', () => {
    const { links, warnings } = linksOf(
      gateway({
        links: [
          { url: 'https://deploy:s3cr3t-token@grafana.brightpay.example/d/1', title: 'Dashboard' },
          { url: 'https://robot@status.brightpay.example/' },
          { url: 'https://grafana.brightpay.example/d/2', title: 'Kept' },
        ],
        annotations: {
          'backstage.io/source-location': 'url:https://ci:s3cr3t-token@github.com/brightpay/payment-gateway/',
        },
      }),
    );
    expect(links).toEqual([
      { type: 'DASHBOARD', url: 'https://grafana.brightpay.example/d/2', name: 'Kept' },
      BACKSTAGE_LINK,
    ]);
    expect(warnings).toEqual([
      {
        code: 'link-has-credentials',
        message:
          'metadata.links[0] "Dashboard" (grafana.brightpay.example) has a user name or password in its URL; dropped so they are not copied to Compass',
      },
      {
        code: 'link-has-credentials',
        message:
          'metadata.links[1] (status.brightpay.example) has a user name or password in its URL; dropped so they are not copied to Compass',
      },
      {
        code: 'link-has-credentials',
        message:
          'annotation backstage.io/source-location (github.com) has a user name or password in its URL; dropped so they are not copied to Compass',
      },
    ]);
  });

  it.each([
    'ftp://deploy:s3cr3t-token@files.brightpay.example/',
    'https://deploy:s3cr3t-token@bad host.example/',
    'deploy:s3cr3t-token@files.brightpay.example',
  ])('never repeats what may be credentials when a URL is dropped for another reason (%s)', (url) => {
    const { links, warnings } = linksOf(gateway({ links: [{ url }] }));
    expect(links).toEqual([BACKSTAGE_LINK]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).not.toContain('s3cr3t');
  });

  it('removes bidi and control characters from link names, one warning for all of them', () => {
    const { links, warnings } = linksOf(
      gateway({
        links: [
          { url: 'https://grafana.brightpay.example/d/1', title: '\u202Edraobhsad\u202C' },
          { url: 'https://grafana.brightpay.example/d/2', title: 'Grafana\u0000 board' },
          { url: 'https://status.brightpay.example/', title: '\u200E' },
        ],
      }),
    );
    expect(links).toEqual([
      { type: 'DASHBOARD', url: 'https://grafana.brightpay.example/d/1', name: 'draobhsad' },
      { type: 'DASHBOARD', url: 'https://grafana.brightpay.example/d/2', name: 'Grafana board' },
      BACKSTAGE_LINK,
      { type: 'OTHER_LINK', url: 'https://status.brightpay.example/' },
    ]);
    expect(warnings).toEqual([
      {
        code: 'text-controls-removed',
        message: 'invisible bidi or control characters removed from the link names',
      },
    ]);
  });

  it("de-duplicates annotation links against metadata.links by normalised URL, keeping the author's name", () => {
    const { links, warnings } = linksOf(
      gateway({
        links: [{ url: 'https://GitHub.com/brightpay/payment-gateway/', title: 'Source code' }],
        annotations: {
          'backstage.io/source-location': 'url:http://github.com/brightpay/payment-gateway.git',
          'github.com/project-slug': 'brightpay/payment-gateway',
        },
      }),
    );
    expect(links.filter((link) => link.type === 'REPOSITORY')).toEqual([
      { type: 'REPOSITORY', url: 'https://github.com/brightpay/payment-gateway/', name: 'Source code' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('treats a source-location at a branch root as the repository already linked', () => {
    const { links } = linksOf(
      gateway({
        links: [{ url: 'https://github.com/brightpay/payment-gateway', title: 'Repository', icon: 'github' }],
        annotations: {
          'backstage.io/source-location': 'url:https://github.com/brightpay/payment-gateway/tree/main/',
          'github.com/project-slug': 'brightpay/payment-gateway',
        },
      }),
    );
    expect(links.filter((link) => link.type === 'REPOSITORY')).toEqual([
      { type: 'REPOSITORY', url: 'https://github.com/brightpay/payment-gateway', name: 'Repository' },
    ]);
  });

  it.each([
    ['GitLab', 'https://gitlab.com/brightpay/ledger', 'url:https://gitlab.com/brightpay/ledger/-/tree/main'],
    [
      'Bitbucket',
      'https://bitbucket.org/brightpay/ledger',
      'url:https://bitbucket.org/brightpay/ledger/src/master/',
    ],
  ])('recognises a %s branch root too', (_host, repository, sourceLocation) => {
    const { links } = linksOf(
      gateway({
        links: [{ url: repository }],
        annotations: { 'backstage.io/source-location': sourceLocation },
      }),
    );
    expect(links.filter((link) => link.type === 'REPOSITORY').map((link) => link.url)).toEqual([repository]);
  });

  it('keeps a source-location pointing at a sub-folder next to the repository link', () => {
    const { links } = linksOf(
      gateway({
        links: [{ url: 'https://github.com/brightpay/monorepo' }],
        annotations: {
          'backstage.io/source-location': 'url:https://github.com/brightpay/monorepo/tree/main/gateway/',
        },
      }),
    );
    expect(links.filter((link) => link.type === 'REPOSITORY').map((link) => link.url)).toEqual([
      'https://github.com/brightpay/monorepo',
      'https://github.com/brightpay/monorepo/tree/main/gateway/',
    ]);
  });

  it('leaves out the project-slug link when a repository link already points inside that repository', () => {
    const { links } = linksOf(
      gateway({
        annotations: {
          'backstage.io/source-location':
            'url:https://github.com/brightpay/monorepo/tree/main/services/gateway/',
          'github.com/project-slug': 'brightpay/monorepo',
        },
      }),
    );
    expect(links.filter((link) => link.type === 'REPOSITORY')).toEqual([
      {
        type: 'REPOSITORY',
        url: 'https://github.com/brightpay/monorepo/tree/main/services/gateway/',
        name: 'Repository',
      },
    ]);
  });

  it('keeps the project-slug link when the other repository link is a different repository', () => {
    const { links } = linksOf(
      gateway({
        links: [{ url: 'https://github.com/brightpay/monorepo-tools' }],
        annotations: { 'github.com/project-slug': 'brightpay/monorepo' },
      }),
    );
    expect(links.filter((link) => link.type === 'REPOSITORY').map((link) => link.url)).toEqual([
      'https://github.com/brightpay/monorepo-tools',
      'https://github.com/brightpay/monorepo',
    ]);
  });

  it('turns backstage.io/techdocs-ref into a TechDocs DOCUMENT link to the docs page in Backstage', () => {
    const { links } = linksOf(gateway({ annotations: { 'backstage.io/techdocs-ref': 'dir:.' } }));
    expect(links).toEqual([
      {
        type: 'DOCUMENT',
        url: `${TEST_BACKSTAGE_WEB_URL}/docs/default/component/payment-gateway`,
        name: 'TechDocs',
      },
      BACKSTAGE_LINK,
    ]);
  });

  it.each([
    [
      { url: 'mailto:payments@brightpay.example' },
      'metadata.links[0] (a mailto: URL) is not an http(s) URL; dropped',
    ],
    [
      { url: 'javascript:alert(1)' },
      'metadata.links[0] "javascript:alert(1)" is not an http(s) URL; dropped',
    ],
    [{ url: 'not a url' }, 'metadata.links[0] "not a url" is not a URL; dropped'],
    [{ title: 'no url' }, 'metadata.links[0] has no URL; dropped'],
    ['https://github.com/brightpay/x', 'metadata.links[0] has no URL; dropped'],
  ])('reports and drops link %j', (link, message) => {
    const { links, warnings } = linksOf(gateway({ links: [link] }));
    expect(links).toEqual([BACKSTAGE_LINK]);
    expect(warnings).toEqual([{ code: 'link-invalid-url', message }]);
  });

  it('merges duplicate metadata links silently, and a link to the Backstage page into the Backstage link', () => {
    const { links, warnings } = linksOf(
      gateway({
        links: [
          { url: 'https://grafana.brightpay.example/d/1', title: 'Grafana' },
          { url: 'https://grafana.brightpay.example/d/1/', title: 'Same board' },
          { url: BACKSTAGE_PAGE, title: 'Catalog' },
        ],
      }),
    );
    expect(links).toEqual([
      { type: 'DASHBOARD', url: 'https://grafana.brightpay.example/d/1', name: 'Grafana' },
      BACKSTAGE_LINK,
    ]);
    expect(warnings).toEqual([]);
  });

  const dashboards = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ url: `https://grafana.brightpay.example/d/${i + 1}` }));

  it('keeps exactly 5 links of a type without a warning', () => {
    const { links, warnings } = linksOf(gateway({ links: dashboards(5) }));
    expect(links.filter((link) => link.type === 'DASHBOARD')).toHaveLength(5);
    expect(warnings).toEqual([]);
  });

  it('keeps the first 5 links of a type and reports the rest', () => {
    const { links, warnings } = linksOf(gateway({ links: dashboards(7) }));
    expect(links.filter((link) => link.type === 'DASHBOARD').map((link) => link.url)).toEqual(
      dashboards(5).map((link) => link.url),
    );
    expect(warnings).toEqual([
      {
        code: 'links-over-limit',
        message:
          '7 DASHBOARD links but Compass keeps 5; dropped "https://grafana.brightpay.example/d/6", "https://grafana.brightpay.example/d/7"',
      },
    ]);
  });

  it('never drops the Backstage link to the per-type cap', () => {
    const others = Array.from({ length: 6 }, (_, i) => ({
      url: `https://intranet.brightpay.example/${i + 1}`,
    }));
    const { links, warnings } = linksOf(gateway({ links: others }));
    expect(links).toEqual([
      BACKSTAGE_LINK,
      ...others.slice(0, 4).map((link) => ({ type: 'OTHER_LINK', url: link.url })),
    ]);
    expect(warnings.map((warning) => warning.code)).toEqual(['links-over-limit']);
    expect(warnings[0]?.message).toContain(
      '"https://intranet.brightpay.example/5", "https://intranet.brightpay.example/6"',
    );
  });

  it('keeps a link name of exactly 512 characters', () => {
    const title = 'n'.repeat(512);
    const { links, warnings } = linksOf(
      gateway({ links: [{ url: 'https://intranet.brightpay.example/', title }] }),
    );
    expect(links).toContainEqual({
      type: 'OTHER_LINK',
      url: 'https://intranet.brightpay.example/',
      name: title,
    });
    expect(warnings).toEqual([]);
  });

  it('cuts a link name of 513 characters to 512 and reports it', () => {
    const { links, warnings } = linksOf(
      gateway({ links: [{ url: 'https://intranet.brightpay.example/', title: 'n'.repeat(513) }] }),
    );
    expect(links).toContainEqual({
      type: 'OTHER_LINK',
      url: 'https://intranet.brightpay.example/',
      name: 'n'.repeat(512),
    });
    expect(warnings).toEqual([
      {
        code: 'link-name-truncated',
        message: 'name of link "https://intranet.brightpay.example/" cut to 512 characters (1 removed)',
      },
    ]);
  });

  it('orders links the same way every time', () => {
    const entity = gateway({
      links: [
        ...dashboards(3),
        { url: 'https://github.com/brightpay/a' },
        { url: 'https://docs.brightpay.example/' },
      ],
      annotations: { 'backstage.io/techdocs-ref': 'dir:.', 'github.com/project-slug': 'brightpay/b' },
    });
    expect(JSON.stringify(linksOf(entity).links)).toBe(
      JSON.stringify(linksOf(structuredClone(entity)).links),
    );
  });
});
