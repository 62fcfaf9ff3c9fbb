// The app's handlers as Forge runs them, for tests, with only the platform at its edge doubled: the real
// @forge/kvs reaches the sandbox's storage service through the runtime's __forge_fetch__; @forge/api and
// @forge/events are forge-edge.ts's doubles (fetch to the real Backstage, requestGraph to a local Compass, pushes to
// an in-process queue whose consumer is the app's importWorker). The test file mocks those two modules first:
//   jest.mock('@forge/api', () => jest.requireActual('./testing/forge-edge').forgeApiModule());
//   jest.mock('@forge/events', () => jest.requireActual('./testing/forge-edge').forgeEventsModule());
import { ForgeKvsService } from '../../../sandbox/forge/forge-platform-kvs';
import { InProcessQueue } from '../../../sandbox/forge/in-process-queue';
import { testBackstage } from '../../../sandbox/backstage/test-backstage';
import { LocalCompass } from '../../../sandbox/local-compass';
import { adminResolver } from '../../index';
import { importWorker } from '../import-worker';
import { forgeEdge } from './forge-edge';

type ForgeFetch = (target: { type?: string }, path: string, init?: RequestInit) => Promise<Response>;

export function forgeAppOnEdge(compassOptions?: ConstructorParameters<typeof LocalCompass>[0]) {
  const compass = (forgeEdge.compass = new LocalCompass(compassOptions));
  const queue = (forgeEdge.queue = new InProcessQueue((delivery) =>
    importWorker({ body: delivery.body } as never),
  ));
  const kvs = new ForgeKvsService();
  (globalThis as { __forge_fetch__?: ForgeFetch }).__forge_fetch__ = async (target, path, init) => {
    if (target.type === 'kvs') return kvs.handle(path, init);
    throw new Error(`Only kvs goes through __forge_fetch__ in these tests, not ${JSON.stringify(target)}`);
  };
  beforeAll(() => {
    process.env.BACKSTAGE_FOR_COMPASS_ALLOW_LOOPBACK_HTTP = 'true';
  });
  return {
    compass,
    queue,
    kvs,
    backstage: testBackstage(),
    adminContext: { cloudId: compass.cloudId, moduleKey: 'backstage-import-admin', localId: 'admin-page' },
    installContext: `ari:cloud:compass::site/${compass.cloudId}`,
  };
}

/** What a resolver answers: the value, or the error the page gets (its code, words and field). */
export type ResolverAnswer<T> =
  { ok: true; value: T } | { ok: false; error: { code: string; message: string; field?: string } };

/**
 * The admin page's calls, as Forge delivers them to the admin resolver for this account: `call` answers the
 * resolver's answer as is, `admin` its value (or throws the error, with its code and field).
 */
export function adminCaller(context: object, accountId = 'admin-account-1') {
  const platform = { principal: { accountId } };
  const call = <T>(method: string, payload?: unknown) =>
    adminResolver({ call: { functionKey: method, payload }, context }, platform) as Promise<
      ResolverAnswer<T>
    >;
  return {
    platform,
    call,
    async admin<T = Record<string, unknown>>(method: string, payload?: unknown): Promise<T> {
      const answer = await call<T>(method, payload);
      if (!answer.ok) throw Object.assign(new Error(answer.error.message), answer.error);
      return answer.value;
    },
  };
}
