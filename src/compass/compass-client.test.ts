// The one Compass client against the local Compass: how every failure is classified, and a batch whose segments
// fail one by one.
import fs from 'node:fs';
import path from 'node:path';
import { LocalCompass } from '../../sandbox/local-compass';
import { CompassClient, EXPERIMENTAL_API_HEADERS, resultOf, type QueryResult } from './compass-client';
import { COMPONENT_EXTERNAL_ALIASES_QUERY } from './documents/component-documents';
import type { RequestGraph } from './request-graph';

function setup() {
  const compass = new LocalCompass();
  const headers: Record<string, string>[] = [];
  const requestGraph: RequestGraph = (query, variables, sent) => {
    headers.push(sent ?? {});
    return compass.fetchApi().asApp().requestGraph(query, variables, sent);
  };
  return { compass, headers, client: new CompassClient(requestGraph) };
}

const jsonAnswer = (status: number, body: unknown) => () => Response.json(body, { status });

const aliasesOf = (client: CompassClient, id: string) =>
  client.query<{ compass?: { component?: QueryResult<{ name: string }> } }>(
    'componentAliases',
    COMPONENT_EXTERNAL_ALIASES_QUERY,
    { id },
  );

describe('CompassClient.query', () => {
  it('sends the experimental opt-in on every request', async () => {
    const { client, headers } = setup();
    await aliasesOf(client, 'ari:cloud:compass:x:component/none');
    expect(headers).toEqual([EXPERIMENTAL_API_HEADERS]);
  });

  it.each([
    [
      { kind: 'rate-limit', retryAfterSeconds: 7 },
      { kind: 'rate-limited', retryAfterMs: 7000 },
    ],
    [{ kind: 'http-500' }, { kind: 'server-error', details: [{ message: 'HTTP 500', statusCode: 500 }] }],
    [{ kind: 'http-502' }, { kind: 'server-error' }],
    [{ kind: 'network' }, { kind: 'network' }],
    [{ kind: 'malformed-json' }, { kind: 'unexpected' }],
    [
      { kind: 'graphql-error', message: 'boom' },
      { kind: 'unexpected', details: [{ message: 'boom', errorType: 'INTERNAL_SERVER_ERROR' }] },
    ],
  ] as const)('classifies the fault %j as %j', async (fault, expected) => {
    const { client, compass } = setup();
    compass.injectFault({ match: 'BackstageForCompassComponentAliases', ...fault });
    const error = await aliasesOf(client, 'x').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CompassGatewayError', operation: 'componentAliases', ...expected });
    expect((error as { retryable: boolean }).retryable).toBe(expected.kind !== 'unexpected');
  });

  it("reads a QueryError's not-found as no component, and any other QueryError as a typed error", () => {
    const notFound = {
      __typename: 'QueryError' as const,
      message: 'Component not found',
      extensions: [{ statusCode: 404, errorType: 'COMPONENT_NOT_FOUND' }],
    };
    expect(resultOf('componentAliases', notFound)).toBeNull();
    expect(() =>
      resultOf('componentAliases', {
        ...notFound,
        extensions: [{ statusCode: 403, errorType: 'FORBIDDEN' }],
      }),
    ).toThrow(
      expect.objectContaining({
        kind: 'invalid-input',
        details: [expect.objectContaining({ statusCode: 403 })],
      }),
    );
    expect(resultOf('componentAliases', { __typename: 'CompassComponent', name: 'x' })).toEqual({
      __typename: 'CompassComponent',
      name: 'x',
    });
  });
});

describe('CompassClient.mutate', () => {
  it('answers one outcome per segment: a failing segment fails alone, with its payload error classified', async () => {
    const { client, compass } = setup();
    const [created] = await client.mutate<{ success?: boolean; componentDetails?: { id: string } }>(
      'createComponent',
      [
        {
          field: 'createComponent',
          args: { cloudId: compass.cloudId, input: { name: 'a', typeId: 'SERVICE' } },
        },
      ],
    );
    if (!created?.ok) throw new Error('the component is created');
    const id = created.value.componentDetails!.id;
    const alias = (externalId: string) => ({ externalSource: 'backstage', externalId });
    const outcomes = await client.mutate('attach', [
      {
        field: 'createComponentExternalAlias',
        args: { input: { componentId: id, externalAlias: alias('a') } },
      },
      {
        field: 'createComponentExternalAlias',
        args: { input: { componentId: id, externalAlias: alias('a') } },
      },
    ]);
    expect(outcomes[0]).toEqual({ ok: true, value: expect.objectContaining({ success: true }) });
    expect(outcomes[1]).toMatchObject({ ok: false, error: { kind: 'alias-conflict', operation: 'attach' } });
  });

  it('splits a batch Compass refuses as a whole for one item it cannot read, so only that item fails', async () => {
    // Not strict: a variable that does not coerce is answered as Compass's gateway does, HTTP 200 with errors.
    const compass = new LocalCompass({ strict: false });
    const requests: number[] = [];
    const client = new CompassClient((query, variables, sent) => {
      requests.push(1);
      return compass.fetchApi().asApp().requestGraph(query, variables, sent);
    });
    const create = (name: string, linkType = 'REPOSITORY') => ({
      field: 'createComponent' as const,
      args: {
        cloudId: compass.cloudId,
        input: { name, typeId: 'SERVICE', links: [{ type: linkType, url: `https://example.com/${name}` }] },
      },
    });
    const outcomes = await client.mutate('createComponent', [
      create('a'),
      create('b'),
      create('bad', 'NOT_A_LINK_TYPE'),
      create('c'),
    ]);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, false, true]);
    expect(outcomes[2]).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(
      compass
        .components()
        .map((c) => c.name)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
    // The whole batch, its two halves, then the bad half's two items: 5 requests, not one per item.
    expect(requests).toHaveLength(5);
  });

  it('splits a batch Compass answers with a top-level error and no data because of one item, so only it fails', async () => {
    const compass = new LocalCompass();
    let requests = 0;
    const client = new CompassClient((query, variables, sent) => {
      requests += 1;
      return compass.fetchApi().asApp().requestGraph(query, variables, sent);
    });
    // HTTP 200, `data: null`, one error without a status: not transient, so it may be one item's doing.
    compass.injectFault({
      match: (request) => JSON.stringify(request.variables).includes('"name":"bad"'),
      kind: 'graphql-error',
      times: Infinity,
    });
    const create = (name: string) => ({
      field: 'createComponent' as const,
      args: { cloudId: compass.cloudId, input: { name, typeId: 'SERVICE' } },
    });
    const outcomes = await client.mutate('createComponent', ['a', 'bad', 'b', 'c', 'd'].map(create));
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true, true, true]);
    expect(outcomes[1]).toMatchObject({ ok: false, error: { kind: 'unexpected' } });
    expect(
      compass
        .components()
        .map((c) => c.name)
        .sort(),
    ).toEqual(['a', 'b', 'c', 'd']);
    // 5 -> 3 + 2 -> (2 + 1) -> (1 + 1): 7 requests, not one per item.
    expect(requests).toBe(7);
  });

  it.each([
    ['a 5xx (retried already by the transport)', jsonAnswer(500, { errors: [{ message: 'boom' }] })],
    ['a 429', jsonAnswer(429, { errors: [{ message: 'slow down' }] })],
    ['a refusal of the caller (403)', jsonAnswer(403, { errors: [{ message: 'forbidden' }] })],
    ['a refusal of the caller (401) without errors', jsonAnswer(401, {})],
  ])('does not split a batch on %s: every item would meet it alike', async (_, answer) => {
    let requests = 0;
    const client = new CompassClient(async () => {
      requests += 1;
      return answer();
    });
    const outcomes = await client.mutate(
      'deleteComponent',
      ['one', 'two', 'three'].map((id) => ({ field: 'deleteComponent' as const, args: { input: { id } } })),
    );
    expect(outcomes.every((outcome) => !outcome.ok)).toBe(true);
    expect(requests).toBe(1);
  });

  it('fails every segment with the same error when the request fails as a whole, and sends nothing for none', async () => {
    const { client, compass, headers } = setup();
    expect(await client.mutate('nothing', [])).toEqual([]);
    expect(headers).toEqual([]);
    compass.injectFault({ match: 'deleteComponent', kind: 'http-500' });
    const outcomes = await client.mutate('deleteComponent', [
      { field: 'deleteComponent', args: { input: { id: 'one' } } },
      { field: 'deleteComponent', args: { input: { id: 'two' } } },
    ]);
    expect(outcomes.map((outcome) => !outcome.ok && outcome.error.kind)).toEqual([
      'server-error',
      'server-error',
    ]);
  });
});

describe('the Compass client is the only way to Compass', () => {
  const root = path.resolve(__dirname, '../..');
  const sources = (dir: string): string[] =>
    fs.readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true }).flatMap((entry) => {
      const full = path.join(entry.parentPath, entry.name);
      return entry.isFile() && /\.(ts|tsx|mjs|cjs)$/.test(entry.name) && !full.includes('node_modules')
        ? [path.relative(root, full)]
        : [];
    });
  const importsOf = (file: string) =>
    [
      ...fs
        .readFileSync(path.join(root, file), 'utf8')
        .matchAll(/(?:from|import|import\(|require\()\s*['"]([^'"]+)['"]/g),
    ].map((match) => match[1]!);

  it("nothing imports another package's dist/, and nothing in src imports the runtime SDK", () => {
    const files = ['src', 'sandbox', 'scripts', 'static'].flatMap(sources);
    const distImports = files.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => !specifier.startsWith('.') && /\/dist(\/|$)/.test(specifier))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(distImports).toEqual([]);
    const sdkImports = sources('src').filter((file) =>
      importsOf(file).some((specifier) => /^@atlassian\/forge-graphql(\/|$)/.test(specifier)),
    );
    expect(sdkImports).toEqual([]);
  });
});
