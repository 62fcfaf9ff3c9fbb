// Steps on the sandbox that the panel's browser tests and the screenshot script share: an import of every
// demo Component, API and Resource but one (so a hand-made component can be linked to it), a component made
// by hand (no alias) or edited by hand, pointing the app at a dead Backstage and back, and waiting for Tech
// Insights to answer every check.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeHttpFetch } from '../../src/backstage/node-http-fetch';
import { BackstageTechInsightsClient } from '../../src/backstage/tech-insights-client';
import type { TechInsightsCheck } from '../../src/core/ports';
import type { Sandbox } from '../server/start-sandbox';

/** Left out of the import, so the panel can link it to a component made by hand. */
export const UNIMPORTED_ENTITY = 'component:default/ops-cli';

async function postJson<T>(sandbox: Sandbox, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as T;
  if (!response.ok) throw new Error(`POST ${path}: HTTP ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

export function invokeAdmin<T = unknown>(sandbox: Sandbox, method: string, payload?: unknown): Promise<T> {
  return postJson<T>(sandbox, '/forge/invoke', { functionKey: 'admin-resolver', method, payload });
}

/** Every demo Component, API and Resource but UNIMPORTED_ENTITY, through the admin resolver and the queue. */
export async function importAllButOne(sandbox: Sandbox): Promise<void> {
  const catalog = `${sandbox.backstage.baseUrl}/api/catalog/entities/by-query?filter=kind=component&filter=kind=api&filter=kind=resource&fields=kind,metadata.namespace,metadata.name&limit=500`;
  const response = await fetch(catalog, { headers: { authorization: `Bearer ${sandbox.backstage.token}` } });
  const page = (await response.json()) as {
    items: { kind: string; metadata: { namespace?: string; name: string } }[];
  };
  const selection = page.items
    .map((entity) =>
      `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`.toLowerCase(),
    )
    .filter((ref) => ref !== UNIMPORTED_ENTITY);
  const started = await invokeAdmin<{ ok: boolean }>(sandbox, 'startImport', { selection });
  if (!started.ok) throw new Error(`startImport: ${JSON.stringify(started)}`);
  const drained = await postJson<{ idle: boolean }>(sandbox, '/sandbox/queue/drain', { timeoutMs: 60_000 });
  if (!drained.idle) throw new Error('the import did not finish');
}

/** A component created in the local Compass as a person would, with no Backstage alias (and a repository link if given). */
export async function createUnlinkedComponent(
  sandbox: Sandbox,
  name: string,
  repositoryUrl?: string,
): Promise<string> {
  const answer = await postJson<{
    data: { compass: { createComponent: { componentDetails: { id: string } } } };
  }>(sandbox, '/compass/graphql', {
    query:
      'mutation($cloudId: ID!, $input: CreateCompassComponentInput!) { compass { createComponent(cloudId: $cloudId, input: $input) { success componentDetails { id } } } }',
    variables: {
      cloudId: sandbox.cloudId,
      input: {
        name,
        typeId: 'SERVICE',
        ...(repositoryUrl ? { links: [{ type: 'REPOSITORY', url: repositoryUrl }] } : {}),
      },
    },
  });
  return answer.data.compass.createComponent.componentDetails.id;
}

/** Edits a component in the local Compass as a person would (Compass's updateComponent), e.g. its description. */
export async function editComponentInCompass(
  sandbox: Sandbox,
  id: string,
  fields: { name?: string; description?: string },
): Promise<void> {
  const answer = await postJson<{
    data?: { compass: { updateComponent: { success: boolean } } };
    errors?: unknown;
  }>(sandbox, '/compass/graphql', {
    query:
      'mutation($input: UpdateCompassComponentInput!) { compass { updateComponent(input: $input) { success } } }',
    variables: { input: { id, ...fields } },
  });
  if (!answer.data?.compass.updateComponent.success)
    throw new Error(`the local Compass refused the edit: ${JSON.stringify(answer)}`);
}

export function componentIdOf(sandbox: Sandbox, entityRef: string): string {
  const component = sandbox.compass.findByAlias('backstage', entityRef);
  if (!component) throw new Error(`the local Compass has no component for ${entityRef}`);
  return component.id;
}

export async function backstageRequests(sandbox: Sandbox): Promise<number> {
  const stats = (await (await fetch(`${sandbox.url}/sandbox/stats`)).json()) as {
    backstage: { requests: number };
  };
  return stats.backstage.requests;
}

export async function resetStats(sandbox: Sandbox): Promise<void> {
  await postJson(sandbox, '/sandbox/stats/reset', {});
}

/** A loopback URL where nothing listens: Backstage "stopped", as the app sees it. */
export async function deadBackstageUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/**
 * Points the app's saved connection at `baseUrl`, as an admin would on the admin page: with the token again, since a
 * saved token is only ever sent to the address it was saved for.
 */
export async function pointAppAtBackstage(sandbox: Sandbox, baseUrl: string): Promise<void> {
  const saved = await invokeAdmin<{ ok: boolean }>(sandbox, 'saveConnection', {
    baseUrl,
    token: sandbox.backstage.token,
  });
  if (!saved.ok) throw new Error(`saveConnection: ${JSON.stringify(saved)}`);
}

/**
 * Tech Insights' own checks and answers for `refs`, once it answers every check for each or after `timeoutMs` (then
 * some answers may be missing): its fact retrievers run every few seconds from Backstage's start.
 */
export async function techInsightsAnswers(
  sandbox: Sandbox,
  refs: string[],
  timeoutMs = 20_000,
): Promise<{ checks: TechInsightsCheck[]; answers: Map<string, Record<string, boolean>> }> {
  const techInsights = new BackstageTechInsightsClient({
    baseUrl: sandbox.backstage.baseUrl,
    token: sandbox.backstage.token,
    fetch: nodeHttpFetch,
  });
  const checks = await techInsights.listChecks();
  const ids = checks.map((check) => check.id);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ran = await techInsights.runChecks(refs, ids);
    const answers = new Map(
      refs.map((ref) => {
        const answer = ran.get(ref.toLowerCase());
        return [ref, answer?.ok ? answer.results : {}];
      }),
    );
    const complete = [...answers.values()].every((results) => ids.every((id) => results[id] !== undefined));
    if (complete || Date.now() > deadline) return { checks, answers };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
