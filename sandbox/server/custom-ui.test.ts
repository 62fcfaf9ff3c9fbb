// Serving a Custom UI resource: the build wins over the placeholder, nothing outside the resource is served, the
// bridge stand-in goes before the app's scripts, and the CSP admits exactly the inline scripts on the page.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { bridgeScript, customUiCsp, injectFirstScript, resolveResourceFile, resourceRoot } from './custom-ui';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'sandbox-static-'));
  mkdirSync(join(folder, 'admin-page'));
  writeFileSync(join(folder, 'admin-page', 'index.html'), '<p>placeholder</p>');
  writeFileSync(join(folder, 'secret.txt'), 'outside');
});

afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('resourceRoot', () => {
  it('serves the placeholder until a build exists, then the build', () => {
    const resource = join(folder, 'admin-page');
    expect(resourceRoot(resource)).toBe(resource);
    mkdirSync(join(resource, 'build'));
    writeFileSync(join(resource, 'build', 'index.html'), '<p>built</p>');
    expect(resourceRoot(resource)).toBe(join(resource, 'build'));
    // A manifest that already points at the build folder, and a static folder given instead of the manifest's.
    expect(resourceRoot(join(resource, 'build'))).toBe(join(resource, 'build'));
    expect(resourceRoot('/elsewhere/static/admin-page', folder)).toBe(join(resource, 'build'));
  });
});

describe('resolveResourceFile', () => {
  it('maps a folder to its index.html and never leaves the resource', () => {
    const root = join(folder, 'admin-page');
    expect(resolveResourceFile(root, '')).toBe(join(root, 'index.html'));
    expect(resolveResourceFile(root, 'index.html')).toBe(join(root, 'index.html'));
    expect(resolveResourceFile(root, '../secret.txt')).toBeUndefined();
    expect(resolveResourceFile(root, '..%2Fsecret.txt')).toBeUndefined();
    expect(resolveResourceFile(root, 'missing.js')).toBeUndefined();
  });
});

describe('injectFirstScript and customUiCsp', () => {
  it("puts the bridge first in <head>, ahead of the app's scripts, and hashes every inline script", () => {
    const app =
      '<!doctype html><html><head><script type="module" src="./assets/index.js"></script></head><body></body></html>';
    const html = injectFirstScript(app, 'window.__bridge = {};');
    expect(html.indexOf('window.__bridge')).toBeLessThan(html.indexOf('./assets/index.js'));
    expect(html.indexOf('window.__bridge')).toBeGreaterThan(html.indexOf('<head>'));
    const csp = customUiCsp(html);
    const hash = createHash('sha256').update('window.__bridge = {};').digest('base64');
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(customUiCsp('<script src="./a.js"></script>')).toContain("script-src 'self';");
    expect(injectFirstScript('<p>no head</p>', 'x()')).toBe('<script>x()</script><p>no head</p>');
  });
});

describe('bridgeScript', () => {
  function loadBridge(context: Record<string, unknown>) {
    const window: Record<string, unknown> = {
      location: { origin: 'http://127.0.0.1', href: 'http://127.0.0.1/' },
    };
    window.parent = window;
    const attributes: Record<string, string> = {};
    const document = {
      readyState: 'complete',
      title: '',
      documentElement: {
        scrollHeight: 100,
        setAttribute: (name: string, value: string) => (attributes[name] = value),
      },
    };
    runInNewContext(bridgeScript({ functionKey: 'panel-resolver', context, invokeUrl: '/forge/invoke' }), {
      window,
      document,
      URL,
    });
    const bridge = window.__bridge as { callBridge(name: string, args?: unknown): Promise<unknown> };
    return { bridge, attributes, document };
  }

  it('answers getContext with a copy, and harmless answers for page chrome', async () => {
    const { bridge, attributes, document } = loadBridge({
      extension: { componentId: 'c-1' },
      localId: 'local-1',
    });
    const context = (await bridge.callBridge('getContext')) as { extension: { componentId: string } };
    expect(context.extension.componentId).toBe('c-1');
    context.extension.componentId = 'changed';
    expect(await bridge.callBridge('getContext')).toMatchObject({ extension: { componentId: 'c-1' } });
    await bridge.callBridge('enableTheming');
    expect(attributes['data-color-mode']).toBe('light');
    await bridge.callBridge('changeWindowTitle', { title: 'Backstage' });
    expect(document.title).toBe('Backstage');
    expect(await bridge.callBridge('getFrameId')).toBe('local-1');
    const history = (await bridge.callBridge('createHistory')) as {
      location: { pathname: string };
      push(path: string): void;
      listen(listener: (location: { pathname: string }) => void): () => void;
    };
    const seen: string[] = [];
    history.listen((location) => seen.push(location.pathname));
    history.push('/results');
    expect(seen).toEqual(['/results']);
  });

  it('refuses the calls it does not emulate, with the call named', async () => {
    const { bridge } = loadBridge({});
    await expect(bridge.callBridge('fetchProduct', {})).rejects.toThrow(
      'does not emulate the bridge call "fetchProduct"',
    );
    await expect(bridge.callBridge('somethingNew')).rejects.toThrow('Unknown bridge call "somethingNew"');
  });
});
