import { testBackstage } from '../../sandbox/backstage/test-backstage';
import { BackstageCatalogClient } from '../backstage/backstage-catalog-client';
import { nodeHttpFetch } from '../backstage/node-http-fetch';
import { checkConnection } from './check-connection';

describe('checkConnection against the real Backstage', () => {
  const now = () => new Date('2026-11-24T12:00:00.000Z');

  it('reports the catalog size when the token is good', async () => {
    const { baseUrl, token, entityCount } = testBackstage();
    const health = await checkConnection(
      new BackstageCatalogClient({ baseUrl, token, fetch: nodeHttpFetch }),
      now,
    );
    expect(health).toEqual({ ok: true, checkedAt: '2026-11-24T12:00:00.000Z', totalEntities: entityCount });
  });

  it('reports a bad token as something a person can act on, without throwing', async () => {
    const { baseUrl } = testBackstage();
    const health = await checkConnection(
      new BackstageCatalogClient({ baseUrl, token: 'not-the-token', fetch: nodeHttpFetch }),
      now,
    );
    expect(health.ok).toBe(false);
    expect(health).toMatchObject({
      error: { kind: 'unauthorized', message: expect.stringMatching(/token/i) },
    });
  });
});
