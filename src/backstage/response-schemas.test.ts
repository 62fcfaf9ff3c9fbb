import {
  parseBackstageErrorBody,
  parseEntitiesByRefsBody,
  parseJson,
  parseQueryEntitiesBody,
} from './response-schemas';

const entity = { kind: 'Component', metadata: { name: 'a' } };

describe('parseQueryEntitiesBody', () => {
  it('accepts a page, with or without a next cursor', () => {
    expect(parseQueryEntitiesBody({ items: [entity], totalItems: 3, pageInfo: { nextCursor: 'c' } })).toEqual(
      {
        ok: true,
        value: { items: [entity], totalItems: 3, nextCursor: 'c' },
      },
    );
    expect(parseQueryEntitiesBody({ items: [], totalItems: 0, pageInfo: {} })).toEqual({
      ok: true,
      value: { items: [], totalItems: 0 },
    });
  });

  it.each([
    [[], 'the body is an array'],
    [{ items: [null], totalItems: 1, pageInfo: {} }, 'items[0] is null'],
    [{ items: [], totalItems: '1', pageInfo: {} }, '"totalItems" is a string'],
    [{ items: [], totalItems: -1, pageInfo: {} }, '"totalItems" is a number'],
    [{ items: [], totalItems: 0 }, '"pageInfo" is a undefined'],
    [{ items: [], totalItems: 0, pageInfo: { nextCursor: 5 } }, '"pageInfo.nextCursor" is a number'],
  ])('reports %j', (body, problem) => {
    const parsed = parseQueryEntitiesBody(body);
    expect(parsed.ok ? '' : parsed.problem).toContain(problem);
  });
});

describe('parseEntitiesByRefsBody', () => {
  it('accepts nulls and checks one item per requested ref', () => {
    expect(parseEntitiesByRefsBody({ items: [entity, null] }, 2)).toEqual({
      ok: true,
      value: { items: [entity, null] },
    });
    const short = parseEntitiesByRefsBody({ items: [entity] }, 2);
    expect(short.ok ? '' : short.problem).toBe('1 items for 2 requested refs');
  });
});

describe('parseBackstageErrorBody and parseJson', () => {
  it("recognises only Backstage's error envelope", () => {
    expect(
      parseBackstageErrorBody({ error: { name: 'NotFoundError', message: 'gone' }, response: {} }),
    ).toEqual({
      name: 'NotFoundError',
      message: 'gone',
    });
    expect(parseBackstageErrorBody({ error: 'gone' })).toBeUndefined();
    expect(parseBackstageErrorBody('Forbidden')).toBeUndefined();
  });

  it('reports instead of throwing on bad JSON', () => {
    expect(parseJson('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    const bad = parseJson('{"a":');
    expect(bad.ok ? '' : bad.problem).toContain('not JSON');
  });
});
