// Compass's limits, each rejected with statusCode 400, a stable errorType and a message naming the limit and
// the value; external-alias uniqueness; and the SDK's own rollback when the alias is taken.
import { CompassLinkType } from '@atlassian/forge-graphql-types';
import { COMPASS_LIMITS } from '../../src/core/compass-component-draft';
import { DEFAULT_COMPASS_LIMITS } from './limits';
import { LocalCompass } from './local-compass';
import { createSdkApi } from './sdk';

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
