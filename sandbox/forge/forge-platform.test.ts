// The emulated Forge platform under the real @forge/api and @forge/events: requestGraph reaches the local
// Compass, Queue.push reaches an in-process queue (and the platform's refusals come back as @forge/events' typed
// errors), getAppContext() answers per invocation, and @forge/api's fetch is counted as the invocation's egress.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalCompass } from '../local-compass';
import { ForgePlatform, ForgePlatformError, FunctionTimeoutError } from './forge-platform';
import { ForgeKvsService } from './forge-platform-kvs';
import { InProcessQueue, type QueueDelivery } from './in-process-queue';

type ForgeApi = typeof import('@forge/api');
type ForgeEvents = typeof import('@forge/events');

const TENANT_QUERY = 'query tenant($cloudIds: [ID!]) { tenantContexts(cloudIds: $cloudIds) { cloudId } }';

let compass: LocalCompass;
let platform: ForgePlatform;
let delivered: QueueDelivery[];
let queue: InProcessQueue;
let forgeApi: ForgeApi;
let forgeEvents: ForgeEvents;
const nodeFetch = globalThis.fetch;
let server: Server;
let serverUrl: string;

beforeAll(async () => {
  compass = new LocalCompass();
  delivered = [];
  queue = new InProcessQueue(async (delivery) => void delivered.push(delivery), { eventsPerMinute: 60 });
  platform = new ForgePlatform({
    appId: 'test-app',
    kvs: new ForgeKvsService(),
    graph: compass,
    queues: { 'backstage-import': queue },
  });
  platform.install();
  // @forge/api keeps the global fetch it finds when first loaded (@forge/events loads it too): load them only
  // once the platform is installed.
  forgeApi = await import('@forge/api');
  forgeEvents = await import('@forge/events');
  server = createServer((request, response) => response.end(`seen ${request.url}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  platform.uninstall();
  await new Promise((resolve) => server.close(resolve));
});

const invocation = { functionKey: 'admin-resolver', moduleKey: 'backstage-import-admin', timeoutMs: 25_000 };

describe('ForgePlatform', () => {
  it("answers @forge/api's requestGraph from the local Compass, as the app", async () => {
    const response = await forgeApi.default
      .asApp()
      .requestGraph(TENANT_QUERY, { cloudIds: [compass.cloudId] });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { tenantContexts: [{ cloudId: compass.cloudId }] } });
    expect(compass.stats().byOperation).toEqual({ tenant: 1 });
  });

  it("delivers @forge/events pushes to the queue, and returns the platform's refusals as typed errors", async () => {
    const events = new forgeEvents.Queue({ key: 'backstage-import' });
    const { jobId } = await events.push([
      { body: { runId: 'run-1', seq: 0 } },
      { body: { runId: 'run-1', seq: 1 } },
    ]);
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    await queue.runUntilIdle();
    expect(delivered.map((delivery) => delivery.body)).toEqual([
      { runId: 'run-1', seq: 0 },
      { runId: 'run-1', seq: 1 },
    ]);
    // The in-process queue was given 60 events a minute: the 61st is over the platform's rate limit.
    await events.push(Array.from({ length: 50 }, (_, seq) => ({ body: { seq } })));
    await expect(
      events.push(Array.from({ length: 10 }, (_, seq) => ({ body: { seq } }))),
    ).rejects.toBeInstanceOf(forgeEvents.RateLimitError);
    await expect(new forgeEvents.Queue({ key: 'no-such-queue' }).push([{ body: {} }])).rejects.toThrow(
      /No consumer/,
    );
    expect(platform.forgeFetchCounters()).toMatchObject({ queuePushes: 2, rejectedQueuePushes: 2 });
  });

  it('gives each invocation its own app context and remaining time; none outside an invocation', async () => {
    const contexts = await Promise.all([
      platform.invoke(invocation, async () => forgeApi.getAppContext()),
      platform.invoke(
        { ...invocation, moduleKey: 'backstage-import-consumer', timeoutMs: 300_000 },
        async () => forgeApi.getAppContext(),
      ),
    ]);
    expect(contexts.map((context) => context.moduleKey)).toEqual([
      'backstage-import-admin',
      'backstage-import-consumer',
    ]);
    expect(contexts[0]!.environmentType).toBe('DEVELOPMENT');
    expect(contexts[0]!.invocationId).not.toBe(contexts[1]!.invocationId);
    expect(contexts[1]!.invocationRemainingTimeInMillis()).toBeGreaterThan(290_000);
    expect(() => forgeApi.getAppContext()).toThrow(/Forge runtime not found/);
  });

  it("counts @forge/api's fetch as egress only when a function invocation makes it", async () => {
    platform.resetStats();
    const inside = await platform.invoke(invocation, async () =>
      (await forgeApi.fetch(`${serverUrl}/api/catalog/x`)).text(),
    );
    expect(inside).toBe('seen /api/catalog/x');
    await fetch(`${serverUrl}/not-the-app`);
    await forgeApi.fetch(`${serverUrl}/outside-an-invocation`);
    expect(platform.egressStats()).toEqual({
      requests: 1,
      byPath: { '/api/catalog/x': 1 },
      byOrigin: { [serverUrl]: 1 },
      failures: 0,
    });
    await expect(platform.verifyEgressHook((url) => forgeApi.fetch(url))).resolves.toBeUndefined();
    // What @forge/api holds when it was loaded before the platform: Node's own fetch, which nothing counts.
    await expect(platform.verifyEgressHook((url) => nodeFetch(url))).rejects.toBeInstanceOf(
      ForgePlatformError,
    );
  });

  it('stops waiting for an invocation past its timeout, as Forge ends it', async () => {
    const slow = platform.invoke(
      { ...invocation, timeoutMs: 20 },
      () => new Promise((resolve) => setTimeout(resolve, 200)),
    );
    await expect(slow).rejects.toBeInstanceOf(FunctionTimeoutError);
  });

  it('answers a product call it does not emulate with a proxy error', async () => {
    await expect(forgeApi.default.asApp().requestJira(forgeApi.route`/rest/api/3/myself`)).rejects.toThrow(
      /NOT_EMULATED_IN_SANDBOX/,
    );
  });

  it('refuses a second platform in the same process', () => {
    const other = new ForgePlatform({
      appId: 'other',
      kvs: new ForgeKvsService(),
      graph: compass,
      queues: {},
    });
    expect(() => other.install()).toThrow(ForgePlatformError);
  });
});
