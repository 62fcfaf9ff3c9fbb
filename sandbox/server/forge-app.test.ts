// The app's modules as manifest.yml declares them, and how the sandbox maps a failing call to an HTTP status.
import { LocalCompass } from '../local-compass';
import { ForgePlatform } from '../forge/forge-platform';
import { ForgeKvsService } from '../forge/forge-platform-kvs';
import { ForgeAppRuntime, ForgeCallError, readAppModules, type ForgeHandler } from './forge-app';

const site = { cloudId: 'cloud-1', siteUrl: 'https://example.atlassian.net', accountId: 'account-1' };

function runtimeWith(handlers: Record<string, ForgeHandler>): ForgeAppRuntime {
  const platform = new ForgePlatform({
    appId: 'app',
    kvs: new ForgeKvsService(),
    graph: new LocalCompass(),
    queues: {},
  });
  return new ForgeAppRuntime(platform, readAppModules(), new Map(Object.entries(handlers)), site);
}

async function callError(promise: Promise<unknown>): Promise<ForgeCallError> {
  const outcome: unknown = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (outcome instanceof ForgeCallError) return outcome;
  throw new Error(`expected a ForgeCallError, got ${String(outcome)}`);
}

describe('readAppModules', () => {
  it('finds each UI surface with its resolver function and resource, the consumer and the trigger', () => {
    const modules = readAppModules();
    expect(
      modules.surfaces.map(({ moduleType, moduleKey, functionKey, resourceKey }) => ({
        moduleType,
        moduleKey,
        functionKey,
        resourceKey,
      })),
    ).toEqual([
      {
        moduleType: 'compass:adminPage',
        moduleKey: 'backstage-import-admin',
        functionKey: 'admin-resolver',
        resourceKey: 'admin-page',
      },
      {
        moduleType: 'compass:componentPage',
        moduleKey: 'backstage-component-panel',
        functionKey: 'panel-resolver',
        resourceKey: 'component-panel',
      },
    ]);
    expect(modules.consumers).toEqual([
      { moduleKey: 'backstage-import-consumer', queue: 'backstage-import', functionKey: 'import-worker' },
    ]);
    expect(modules.triggers).toEqual([
      { moduleKey: 'backstage-scheduled-sync', functionKey: 'scheduled-sync', interval: 'hour' },
    ]);
    expect(modules.functions.get('import-worker')).toEqual({
      key: 'import-worker',
      handler: 'index.importWorker',
      timeoutSeconds: 300,
    });
    expect(modules.appId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('ForgeAppRuntime', () => {
  it('calls a resolver as Forge does: the call, the surface context, the principal and install context apart', async () => {
    const calls: unknown[][] = [];
    const runtime = runtimeWith({
      'admin-resolver': async (...args: unknown[]) => {
        calls.push(args);
        return { ok: true };
      },
    });
    await runtime.invokeResolver({
      functionKey: 'admin-resolver',
      method: 'getImportStatus',
      payload: { a: 1 },
      context: { accountId: 'someone' },
    });
    const [event, platformPayload] = calls[0] as [Record<string, Record<string, unknown>>, unknown];
    expect(event.call).toEqual({ functionKey: 'getImportStatus', payload: { a: 1 } });
    expect(event.context).toMatchObject({
      cloudId: 'cloud-1',
      moduleKey: 'backstage-import-admin',
      extension: { type: 'compass:adminPage' },
    });
    expect(event.context).not.toHaveProperty('accountId');
    await runtime.invokeResolver({
      functionKey: 'admin-resolver',
      method: 'getImportStatus',
      context: { extension: { componentId: 'c-1' } },
    });
    expect((calls[1] as [Record<string, Record<string, unknown>>])[0].context!.extension).toEqual({
      type: 'compass:adminPage',
      componentId: 'c-1',
    });
    expect(platformPayload).toEqual({
      principal: { accountId: 'someone' },
      installContext: 'ari:cloud:compass::site/cloud-1',
    });
  });

  it('answers a resolver that throws with 500, naming the function and the message', async () => {
    const runtime = runtimeWith({
      'admin-resolver': async () => {
        throw new Error('kvs is down');
      },
    });
    const error = await callError(
      runtime.invokeResolver({ functionKey: 'admin-resolver', method: 'getConnection' }),
    );
    expect({ status: error.status, code: error.code }).toEqual({ status: 500, code: 'function-error' });
    expect(error.message).toBe('admin-resolver failed: kvs is down');
  });

  it('answers 404 unknown-method when the resolver answers that it has no such method, and 200 for its other refusals', async () => {
    const runtime = runtimeWith({
      'admin-resolver': async (event) => {
        const method = (event as { call: { functionKey: string } }).call.functionKey;
        return method === 'getConnection'
          ? {
              ok: false,
              error: { code: 'invalid-request', message: 'payload must be an object', field: 'payload' },
            }
          : {
              ok: false,
              error: { code: 'unknown-method', message: `The admin page has no definition for '${method}'.` },
            };
      },
    });
    const error = await callError(
      runtime.invokeResolver({ functionKey: 'admin-resolver', method: 'constructor' }),
    );
    expect({ status: error.status, code: error.code, message: error.message }).toEqual({
      status: 404,
      code: 'unknown-method',
      message: "admin-resolver: The admin page has no definition for 'constructor'.",
    });
    expect(
      await runtime.invokeResolver({ functionKey: 'admin-resolver', method: 'getConnection' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
  });

  it('refuses unknown functions (404), functions no page can invoke (400) and unknown triggers (404)', async () => {
    const runtime = runtimeWith({ 'import-worker': async () => undefined });
    expect((await callError(runtime.invokeResolver({ functionKey: 'nope', method: 'x' }))).status).toBe(404);
    expect(
      (await callError(runtime.invokeResolver({ functionKey: 'import-worker', method: 'x' }))).code,
    ).toBe('not-a-resolver');
    expect((await callError(runtime.runTrigger('nope'))).code).toBe('unknown-trigger');
  });
});
