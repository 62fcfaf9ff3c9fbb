import { testBackstage } from '../../sandbox/backstage/test-backstage';
import { LocalCompass } from '../../sandbox/local-compass';
import { BackstageCatalogClient } from '../backstage/backstage-catalog-client';
import { nodeHttpFetch } from '../backstage/node-http-fetch';
import { InMemoryKeyValueStore } from '../state/in-memory-key-value-store';
import { saveMapping } from './mapping-settings';
import { nameSimilarity, ownerMappingOverview, searchTeams, suggestTeams } from './team-search';

function setup() {
  const compass = new LocalCompass({
    teams: [
      { displayName: 'Payments' },
      { displayName: 'Risk & Fraud' },
      { displayName: 'Platform Engineering' },
      { displayName: 'Data' },
      { displayName: 'Old Payments', state: 'DISBANDED' },
    ],
  });
  const deps = { requestGraph: compass.fetchApi().asApp().requestGraph, cloudId: compass.cloudId };
  return { compass, deps };
}

describe('searchTeams against the local Compass', () => {
  it('finds active teams by name and leaves disbanded ones out', async () => {
    const { deps } = setup();
    const found = await searchTeams(deps, { query: 'payments' });
    expect(found).toEqual([
      { id: expect.stringMatching(/^ari:cloud:/), displayName: 'Payments', memberCount: 0 },
    ]);
    expect((await searchTeams(deps, {})).map((team) => team.displayName).sort()).toEqual([
      'Data',
      'Payments',
      'Platform Engineering',
      'Risk & Fraud',
    ]);
  });

  it('pages through more teams than one request returns, up to the limit', async () => {
    const compass = new LocalCompass({
      teams: Array.from({ length: 120 }, (_, i) => ({ displayName: `Team ${String(i).padStart(3, '0')}` })),
    });
    const deps = { requestGraph: compass.fetchApi().asApp().requestGraph, cloudId: compass.cloudId };
    expect(await searchTeams(deps, { limit: 110 })).toHaveLength(110);
  });

  it('reaches Compass as every other call does: the experimental opt-in, and a 429 is rate-limited', async () => {
    const { compass, deps } = setup();
    const headers: (Record<string, string> | undefined)[] = [];
    const recording = {
      ...deps,
      requestGraph: ((query, variables, sent) => {
        headers.push(sent);
        return deps.requestGraph(query, variables, sent);
      }) as typeof deps.requestGraph,
    };
    await searchTeams(recording, { query: 'payments' });
    expect(headers).toEqual([
      expect.objectContaining({ 'X-ExperimentalApi': expect.stringContaining('compass-beta') }),
      expect.objectContaining({ 'X-ExperimentalApi': expect.stringContaining('compass-beta') }),
    ]);
    compass.injectFault({ match: 'tenantContexts', kind: 'rate-limit', retryAfterSeconds: 3 });
    await expect(searchTeams(deps, { query: 'payments' })).rejects.toMatchObject({
      name: 'CompassGatewayError',
      kind: 'rate-limited',
      retryAfterMs: 3000,
    });
  });

  it('reports a site Compass does not know as a typed error', async () => {
    const { deps } = setup();
    await expect(searchTeams({ ...deps, cloudId: 'no-such-site' })).rejects.toMatchObject({
      name: 'CompassGatewayError',
    });
  });
});

describe('suggestions by name similarity', () => {
  it('scores the same name 1, filler words ignored, and unrelated names low', () => {
    expect(nameSimilarity('payments-team', 'Payments')).toBe(1);
    expect(nameSimilarity('platform-team', 'Platform Engineering')).toBeGreaterThan(0.5);
    expect(nameSimilarity('payments-team', 'Data')).toBeLessThan(0.2);
  });

  it('suggests the best matches first, above the threshold only', () => {
    const teams = [
      { id: 't1', displayName: 'Payments' },
      { id: 't2', displayName: 'Payment Ops' },
      { id: 't3', displayName: 'Data' },
    ];
    expect(suggestTeams(['payments-team'], teams).map((team) => team.id)).toEqual(['t1', 't2']);
    expect(suggestTeams(['zebra'], teams)).toEqual([]);
  });

  it('lists the real catalog’s owners, unmapped first, with suggestions and entity counts', async () => {
    const { deps } = setup();
    const backstage = testBackstage();
    const store = new InMemoryKeyValueStore();
    const [payments] = await searchTeams(deps, { query: 'payments' });
    if (!payments) throw new Error('the Payments team is seeded');
    await saveMapping(store, { ownerTeamIds: { 'group:default/payments-team': payments.id } });
    const catalog = new BackstageCatalogClient({
      baseUrl: backstage.baseUrl,
      token: backstage.token,
      fetch: nodeHttpFetch,
    });
    const { owners, unmapped } = await ownerMappingOverview({ ...deps, catalog, store });

    const byRef = new Map(owners.map((owner) => [owner.ownerRef, owner]));
    expect(byRef.get('group:default/payments-team')).toMatchObject({
      teamId: payments.id,
      teamName: 'Payments',
      suggestions: [],
    });
    expect(byRef.get('group:default/data-team')?.suggestions[0]).toMatchObject({
      displayName: 'Data',
      score: 1,
    });
    expect(byRef.get('group:default/payments-team')!.entityCount).toBeGreaterThan(0);
    expect(unmapped).toBe(owners.filter((owner) => !owner.teamId && owner.entityCount > 0).length);
    expect(unmapped).toBeGreaterThan(0);
    // Unmapped owners come before mapped ones.
    const firstMapped = owners.findIndex((owner) => owner.teamId);
    expect(owners.slice(firstMapped).every((owner) => owner.teamId)).toBe(true);
  });
});
