// An entity too large for one Forge kvs value (a 250 KB description, hundreds of dependencies), served by a real
// Backstage of its own, shown by the app in the sandbox on the emulated platform, whose kvs refuses values over
// 240 KiB as Forge does. The panel stores a bounded view, links all-or-nothing, and the page says what was cut.
import { stringify } from 'yaml';
import { startEmbeddedBackstage, type EmbeddedBackstage } from '../backstage/embedded-backstage';
import { startSandbox, type Sandbox } from '../server/start-sandbox';
import { KVS_LIMITS } from '../forge/forge-platform-kvs';
import { jsonByteLength, PANEL_VIEW_MAX_BYTES } from '../../src/panel/panel-view-bounds';
import { panelCacheKey } from '../../src/storage/storage-keys';
import { launchChromium, type BrowserSession } from './chromium';
import { watchPageProblems } from './page-problems';
import { componentIdOf, createUnlinkedComponent, invokeAdmin } from './panel-sandbox';
import { appFrame } from './sandbox-page-driver';
import { assertUiBuilt } from './ui-build';

const DEPENDENCIES = 320;
/** About 250 KB, as the description that broke the panel for a real component. */
const DESCRIPTION =
  'The hub routes every internal request; see the runbook for its many moving parts. '.repeat(3050);

function bigComponent(name: string): Record<string, unknown> {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      description: DESCRIPTION,
      tags: Array.from({ length: 40 }, (_, i) => `tag-${i}`),
      links: Array.from({ length: 30 }, (_, i) => ({
        url: `https://runbooks.example.com/${name}/${i}`,
        title: `Runbook ${i}`,
      })),
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/platform',
      dependsOn: Array.from({ length: DEPENDENCIES }, (_, i) => `resource:default/${name}-store-${i}`),
    },
  };
}

const ENTITIES_YAML = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform' },
    spec: { type: 'team', children: [] },
  },
  bigComponent('hub'),
  bigComponent('hub-two'),
]
  .map((entity) => stringify(entity))
  .join('---\n');

let backstage: EmbeddedBackstage;
let sandbox: Sandbox;
let browser: BrowserSession;

beforeAll(async () => {
  assertUiBuilt();
  backstage = await startEmbeddedBackstage({ catalogFiles: [], extraEntitiesYaml: ENTITIES_YAML });
  sandbox = await startSandbox({
    port: 0,
    backstage: { baseUrl: backstage.baseUrl, token: backstage.token },
  });
  browser = await launchChromium();
  const started = await invokeAdmin<{ ok: boolean }>(sandbox, 'startImport', {
    selection: ['component:default/hub'],
  });
  if (!started.ok) throw new Error(`startImport: ${JSON.stringify(started)}`);
  if (!(await sandbox.drainQueues(60_000)).idle) throw new Error('the import did not finish');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
  await backstage?.stop();
});

type Answer = { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } };

async function invokePanel(
  method: string,
  componentId: string,
  payload: Record<string, unknown> = {},
): Promise<Answer> {
  const response = await fetch(`${sandbox.url}/forge/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      functionKey: 'panel-resolver',
      method,
      payload,
      context: { extension: { component: { id: componentId }, componentId } },
    }),
  });
  return (await response.json()) as Answer;
}

describe('an entity larger than one Forge kvs value', () => {
  it('is shown and saved as a bounded view, well under the limit, saying what was cut', async () => {
    const componentId = componentIdOf(sandbox, 'component:default/hub');
    const answer = await invokePanel('getPanel', componentId);
    expect(answer).toMatchObject({
      ok: true,
      value: {
        state: 'ready',
        fromCache: false,
        entity: {
          ref: 'component:default/hub',
          descriptionTruncated: true,
          more: { dependsOn: DEPENDENCIES - 25, tags: 20, links: 10 },
        },
      },
    });
    const stored = sandbox.platform.kvs.getValue(panelCacheKey(componentId));
    expect(stored).toBeDefined();
    const storedBytes = jsonByteLength(stored);
    expect(storedBytes).toBeLessThan(PANEL_VIEW_MAX_BYTES);
    expect(storedBytes).toBeLessThan(KVS_LIMITS.maxValueBytes / 4);
    // The second view comes from what was saved.
    expect(await invokePanel('getPanel', componentId)).toMatchObject({
      ok: true,
      value: { fromCache: true },
    });
  });

  it('links a component to it in one piece', async () => {
    const componentId = await createUnlinkedComponent(sandbox, 'Second hub');
    const answer = await invokePanel('linkEntity', componentId, { entityRef: 'component:default/hub-two' });
    expect(answer).toMatchObject({
      ok: true,
      value: { state: 'ready', entity: { ref: 'component:default/hub-two', descriptionTruncated: true } },
    });
    expect(sandbox.compass.findByAlias('backstage', 'component:default/hub-two')?.id).toBe(componentId);
  });

  it('shows "N more in Backstage" on the page, each leading to the entity in Backstage', async () => {
    const componentId = componentIdOf(sandbox, 'component:default/hub');
    const page = await browser.newPage();
    const problems = watchPageProblems(page);
    await page.goto(sandbox.urls.component(componentId));
    const panel = await appFrame(page, 'component-panel');
    const backstageUrl = `${backstage.baseUrl}/catalog/default/component/hub`;
    // The description is Compass's to show: the panel names only what the saved lists left out.
    await expect(panel.getByTestId('more-dependsOn').textContent()).resolves.toBe(
      `${DEPENDENCIES - 25} more in Backstage`,
    );
    await expect(panel.getByTestId('more-dependsOn').getAttribute('href')).resolves.toBe(backstageUrl);
    await expect(panel.getByTestId('more-tags').textContent()).resolves.toBe('20 more in Backstage');
    await expect(panel.getByTestId('more-links').getAttribute('href')).resolves.toBe(backstageUrl);
    expect(await panel.getByTestId('depends-on').locator('li').count()).toBe(25);
    expect(problems.describe()).toBe('');
    await page.close();
  }, 60_000);
});
