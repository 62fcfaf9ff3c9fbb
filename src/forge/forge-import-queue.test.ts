// The Forge ImportQueue over the real @forge/events Queue, with only the platform call stubbed: the app-scoped
// request (`apiClient`, or the runtime's global __forge_fetch__ when none is given) answers as the platform does.
import {
  InvocationLimitReachedError,
  PayloadTooBigError,
  RateLimitError,
  TooManyEventsError,
} from '@forge/events';
import { readManifest } from '../../scripts/forge-manifest';
import { ForgeImportQueue, IMPORT_QUEUE_KEY } from './forge-import-queue';
import { rejection } from '../testing/rejection';

interface PublishRequest {
  queueName: string;
  jobId: string;
  type: string;
  schema: string;
  payload: { body: Record<string, unknown>; delayInSeconds?: number }[];
  time: string;
}

/** A platform that answers every push with `response` and keeps what it was sent. */
function platform(response: () => Response = () => new Response(null, { status: 201 })) {
  const requests: { path: string; method?: string; body: PublishRequest }[] = [];
  const apiClient = jest.fn(async (path: string, init?: RequestInit) => {
    requests.push({ path, method: init?.method, body: JSON.parse(String(init?.body)) as PublishRequest });
    return response();
  });
  return { apiClient, requests };
}

describe('ForgeImportQueue', () => {
  it("pushes to the queue manifest.yml's import consumer listens on", () => {
    const consumers = readManifest().manifest.modules.consumer as unknown as {
      queue: string;
      function: string;
    }[];
    expect(consumers.find((consumer) => consumer.function === 'import-worker')?.queue).toBe(IMPORT_QUEUE_KEY);
  });

  it('publishes the events in one request to the queue, bodies and delays as given', async () => {
    const { apiClient, requests } = platform();
    const queue = new ForgeImportQueue(apiClient);
    await queue.push([
      { body: { runId: 'run-1', slice: 0 } },
      { body: { runId: 'run-1', slice: 1 }, delayInSeconds: 30 },
    ]);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.path).toBe('/webhook/queue/publish/{contextAri}/{environmentId}/{appId}/{appVersion}');
    expect(request?.method).toBe('POST');
    expect(request?.body).toMatchObject({ queueName: 'backstage-import', type: 'avi:forge:app:event' });
    expect(request?.body.jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(request?.body.payload).toEqual([
      { body: { runId: 'run-1', slice: 0 } },
      { body: { runId: 'run-1', slice: 1 }, delayInSeconds: 30 },
    ]);
  });

  it('goes through the app-scoped platform request when no apiClient is given', async () => {
    const forgeFetch = jest.fn(async (_options: unknown, _path: string, _init: RequestInit) => {
      return new Response(null, { status: 201 });
    });
    const runtime = globalThis as { __forge_fetch__?: unknown };
    runtime.__forge_fetch__ = forgeFetch;
    try {
      await new ForgeImportQueue().push([{ body: { runId: 'run-2' } }]);
    } finally {
      delete runtime.__forge_fetch__;
    }
    expect(forgeFetch).toHaveBeenCalledTimes(1);
    const [options, path, init] = forgeFetch.mock.calls[0]!;
    expect(options).toEqual({ type: 'fpp', provider: 'app', remote: 'stargate' });
    expect(path).toMatch(/^\/webhook\/queue\/publish\//);
    expect((JSON.parse(String(init.body)) as PublishRequest).payload).toEqual([{ body: { runId: 'run-2' } }]);
  });

  it("leaves @forge/events' own checks in place: 51 events never reach the platform", async () => {
    const { apiClient } = platform();
    const events = Array.from({ length: 51 }, (_, slice) => ({ body: { slice } }));
    const error = await rejection(new ForgeImportQueue(apiClient).push(events));
    expect(error).toBeInstanceOf(TooManyEventsError);
    expect(apiClient).not.toHaveBeenCalled();
  });

  it.each([
    ['429', () => new Response(null, { status: 429 }), RateLimitError],
    ['405', () => new Response(null, { status: 405 }), InvocationLimitReachedError],
    ['413', () => Response.json({ errorMessage: 'Payload too large' }, { status: 413 }), PayloadTooBigError],
  ])("passes the platform's %s on as @forge/events' typed error", async (_, response, errorClass) => {
    const { apiClient } = platform(response);
    const error = await rejection(new ForgeImportQueue(apiClient).push([{ body: { slice: 0 } }]));
    expect(error).toBeInstanceOf(errorClass);
  });
});
