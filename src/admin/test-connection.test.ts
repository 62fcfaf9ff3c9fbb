import { testBackstage } from '../../sandbox/backstage/test-backstage';
import { BackstageCatalogClient } from '../backstage/backstage-catalog-client';
import { BackstageCatalogError } from '../backstage/backstage-errors';
import { nodeHttpFetch } from '../backstage/node-http-fetch';
import { diagnose, testConnection } from './test-connection';

const now = () => new Date('2026-11-24T12:00:00.000Z');
const client = (baseUrl: string, token: string) =>
  new BackstageCatalogClient({ baseUrl, token, fetch: nodeHttpFetch, timeoutMs: 5_000 });

describe('testConnection', () => {
  it('counts the real catalog by kind on success', async () => {
    const { baseUrl, token, entityCount } = testBackstage();
    const result = await testConnection(client(baseUrl, token), now);
    if (!result.ok) throw new Error(result.diagnosis.detail);
    expect(result.totalEntities).toBe(entityCount);
    expect(Object.values(result.countsByKind).reduce((a, b) => a + b, 0)).toBe(entityCount);
    expect(result.countsByKind).toMatchObject({ Component: 18, API: 5, Resource: 5, Group: 7 });
  });

  it('diagnoses a bad token as 401 with what to check', async () => {
    const { baseUrl } = testBackstage();
    const result = await testConnection(client(baseUrl, 'wrong-token-123'), now);
    expect(result).toMatchObject({
      ok: false,
      diagnosis: {
        kind: 'unauthorized',
        title: expect.stringMatching(/401/),
        whatToDo: expect.stringMatching(/externalAccess/),
      },
    });
  });

  it('diagnoses a closed port and an unknown host apart', async () => {
    const closed = await testConnection(client('http://127.0.0.1:1', 'tok-123456'), now);
    const unknown = await testConnection(client('https://no-such-host.invalid', 'tok-123456'), now);
    expect(closed).toMatchObject({ ok: false, diagnosis: { kind: 'unreachable' } });
    expect(unknown).toMatchObject({ ok: false, diagnosis: { kind: 'dns' } });
  });

  it('diagnoses a 404 as not a catalog', async () => {
    const { baseUrl, token } = testBackstage();
    const result = await testConnection(client(`${baseUrl}/not-here`, token), now);
    expect(result).toMatchObject({ ok: false, diagnosis: { kind: 'not-a-catalog' } });
  });

  it('says what to change at deploy time when Forge egress blocks the host', () => {
    const diagnosis = diagnose(
      new BackstageCatalogError('egress-blocked', 'Forge refused the outbound call'),
    );
    expect(diagnosis.kind).toBe('egress-blocked');
    expect(diagnosis.whatToDo).toMatch(/BACKSTAGE_HOST/);
    expect(diagnosis.whatToDo).toMatch(/forge deploy/);
  });

  it('asks for a connection when none is saved, and reports unknown failures as unexpected', async () => {
    expect(await testConnection(undefined, now)).toEqual({
      ok: false,
      checkedAt: '2026-11-24T12:00:00.000Z',
      diagnosis: expect.objectContaining({ kind: 'not-connected' }),
    });
    // An exception that is not the catalog client's is not quoted on the page.
    expect(diagnose(new Error('boom Bearer s3cret'))).toMatchObject({
      kind: 'unexpected',
      detail: 'The app failed before Backstage answered.',
    });
  });
});
