import { LocalCompass } from '../../sandbox/local-compass';
import { createMappingConfig, DEFAULT_MAPPING_RULES, type MappingRules } from '../core/mapping';
import { InvalidRequestError } from '../core/invalid-request';
import { InMemoryKeyValueStore } from '../state/in-memory-key-value-store';
import { MAPPING_RULES_KEY, TEAM_NAMES_KEY } from '../storage/storage-keys';
import { getMapping, MAX_TEAM_NAME_LENGTH, saveMapping } from './mapping-settings';
import { searchTeams } from './team-search';

const now = () => new Date('2026-11-24T10:00:00.000Z');
/** Team ids in the shape team search answers (the local Compass makes them the same way). */
const PAYMENTS = 'ari:cloud:identity::team/00000000-0000-4000-8000-000000000001';
const RISK = 'ari:cloud:identity::team/00000000-0000-4000-8000-000000000002';

async function refusal(store: InMemoryKeyValueStore, input: unknown): Promise<unknown> {
  return saveMapping(store, input, now).then(
    () => 'saved',
    (error: unknown) => error,
  );
}

describe('getMapping / saveMapping', () => {
  it('shows the defaults before anything is saved', async () => {
    const view = await getMapping(new InMemoryKeyValueStore());
    expect(view.rules.importedKinds).toEqual(['component', 'api', 'resource']);
    expect(view.rules.componentTypeBySpecType.service).toBe('SERVICE');
    expect(view.rules).toEqual(view.defaults);
    expect(view.savedAt).toBeUndefined();
    expect(view.compassTypes).toContain('CLOUD_RESOURCE');
  });

  it('saves what it is given in the key the import engine reads, normalised, keeping the rest', async () => {
    const store = new InMemoryKeyValueStore();
    await saveMapping(store, { ownerTeamIds: { 'Payments-Team': PAYMENTS } }, now);
    const view = await saveMapping(
      store,
      {
        importedKinds: ['Component', 'API'],
        lifecycleBySpecLifecycle: { Production: 'Active', beta: 'Pre-release' },
        teamNames: { [PAYMENTS]: 'Payments' },
      },
      now,
    );
    expect(view.rules.ownerTeamIds).toEqual({ 'group:default/payments-team': PAYMENTS });
    expect(view.rules.importedKinds).toEqual(['api', 'component']);
    expect(view.rules.lifecycleBySpecLifecycle).toEqual({
      ...DEFAULT_MAPPING_RULES.lifecycleBySpecLifecycle,
      beta: 'Pre-release',
    });
    expect(view.teamNames).toEqual({ [PAYMENTS]: 'Payments' });
    expect(view.savedAt).toBe('2026-11-24T10:00:00.000Z');
    const saved = (await store.get<Partial<MappingRules>>(MAPPING_RULES_KEY))!;
    // The engine builds its config from exactly this.
    const config = createMappingConfig({ backstageWebBaseUrl: 'https://b.example.com', ...saved });
    expect(config.importedKinds).toEqual(['api', 'component']);
    expect(config.componentTypeBySpecType).toEqual(DEFAULT_MAPPING_RULES.componentTypeBySpecType);
  });

  it('merges a one-key table update over the table in force, defaults included', async () => {
    const store = new InMemoryKeyValueStore();
    await saveMapping(store, { componentTypeBySpecType: { grpc: 'SERVICE' } }, now);
    const view = await saveMapping(store, { componentTypeBySpecType: { Website: 'APPLICATION' } }, now);
    expect(view.rules.componentTypeBySpecType).toEqual({
      ...DEFAULT_MAPPING_RULES.componentTypeBySpecType,
      grpc: 'SERVICE',
      website: 'APPLICATION',
    });
    // What the engine reads still types a `service` as SERVICE (a replaced table typed it OTHER).
    const saved = (await store.get<Partial<MappingRules>>(MAPPING_RULES_KEY))!;
    const config = createMappingConfig({ backstageWebBaseUrl: 'https://b.example.com', ...saved });
    expect(config.componentTypeBySpecType.service).toBe('SERVICE');
    expect(config.componentTypeBySpecType.grpc).toBe('SERVICE');
  });

  it('removes a key sent as null, from the defaults as from the saved entries', async () => {
    const store = new InMemoryKeyValueStore();
    await saveMapping(
      store,
      { ownerTeamIds: { payments: PAYMENTS, 'group:default/risk': RISK }, teamNames: { [RISK]: 'Risk' } },
      now,
    );
    const view = await saveMapping(
      store,
      {
        ownerTeamIds: { 'group:default/payments': null, 'group:default/nobody': null },
        typeByKind: { resource: null },
        teamNames: { [RISK]: null },
      },
      now,
    );
    expect(view.rules.ownerTeamIds).toEqual({ 'group:default/risk': RISK });
    expect(view.rules.typeByKind).toEqual({ api: 'OTHER' });
    expect(view.teamNames).toEqual({});
  });

  it('accepts the team ids team search answers', async () => {
    const compass = new LocalCompass({ teams: [{ displayName: 'Payments' }, { displayName: 'Risk' }] });
    const teams = await searchTeams({
      requestGraph: compass.fetchApi().asApp().requestGraph,
      cloudId: compass.cloudId,
    });
    const store = new InMemoryKeyValueStore();
    const view = await saveMapping(
      store,
      {
        ownerTeamIds: { payments: teams[0]!.id, 'user:default/dev.patel': teams[1]!.id },
        teamNames: Object.fromEntries(teams.map((team) => [team.id, team.displayName])),
      },
      now,
    );
    expect(view.rules.ownerTeamIds).toEqual({
      'group:default/payments': teams[0]!.id,
      'user:default/dev.patel': teams[1]!.id,
    });
    expect(Object.values(view.teamNames).sort()).toEqual(['Payments', 'Risk']);
  });

  it.each([
    [{ importedKinds: [] }, 'importedKinds', /at least one/],
    [{ importedKinds: ['group'] }, 'importedKinds', /cannot become components/],
    [{ importedKinds: ['<script>'] }, 'importedKinds', /not a Backstage kind/],
    [
      { componentTypeBySpecType: { service: 'MICROSERVICE' } },
      'componentTypeBySpecType.service',
      /not a Compass type/,
    ],
    [{ componentTypeBySpecType: { 'a\u0000b': 'SERVICE' } }, 'componentTypeBySpecType', /control characters/],
    [
      { lifecycleBySpecLifecycle: { production: 'Live' } },
      'lifecycleBySpecLifecycle.production',
      /lifecycle/,
    ],
    [{ typeByKind: [] }, 'typeByKind', /object/],
    [{ typeByKind: { component: 'SERVICE' } }, 'typeByKind.component', /spec\.type/],
    [{ typeByKind: { group: 'OTHER' } }, 'typeByKind.group', /cannot become a component/],
    [{ ownerTeamIds: { 'group:default/x': '' } }, 'ownerTeamIds.group:default/x', /not an Atlassian team id/],
    [
      { ownerTeamIds: { 'group:default/payments': '<script>alert(1)</script>' } },
      'ownerTeamIds.group:default/payments',
      /not an Atlassian team id/,
    ],
    [
      { ownerTeamIds: { payments: 'ari:cloud:identity::team/payments' } },
      'ownerTeamIds.group:default/payments',
      /not an Atlassian team id/,
    ],
    [{ ownerTeamIds: { 'group:default/': PAYMENTS } }, 'ownerTeamIds', /not a group or user ref/],
    [{ ownerTeamIds: { 'component:default/payments': PAYMENTS } }, 'ownerTeamIds', /not a group or user ref/],
    [{ ownerTeamIds: { 'group:default/<script>': PAYMENTS } }, 'ownerTeamIds', /not a group or user ref/],
    [{ teamNames: { '<script>': 'Payments' } }, 'teamNames', /not an Atlassian team id/],
    [{ teamNames: { [PAYMENTS]: 'Pay\nments' } }, `teamNames.${PAYMENTS}`, /control characters/],
    [{ teamNames: { [PAYMENTS]: 'Pay\u202Ements' } }, `teamNames.${PAYMENTS}`, /control characters/],
    [
      { teamNames: { [PAYMENTS]: 'x'.repeat(MAX_TEAM_NAME_LENGTH + 1) } },
      `teamNames.${PAYMENTS}`,
      /at most 255 characters/,
    ],
    [{ ownerTeamIDs: { 'group:default/payments': PAYMENTS } }, 'ownerTeamIDs', /not a field of the mapping/],
    [{ backstageWebBaseUrl: 'https://evil.example.com' }, 'backstageWebBaseUrl', /not a field/],
  ])('refuses %j naming the field, and saves nothing', async (input, field, message) => {
    const store = new InMemoryKeyValueStore();
    const error = await refusal(store, input);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ field, message: expect.stringMatching(message) });
    expect(await store.get(MAPPING_RULES_KEY)).toBeUndefined();
    expect(await store.get(TEAM_NAMES_KEY)).toBeUndefined();
  });

  it('saves none of a mapping whose team names are refused, not even its valid tables', async () => {
    const store = new InMemoryKeyValueStore();
    const error = await refusal(store, {
      componentTypeBySpecType: { grpc: 'SERVICE' },
      teamNames: { [PAYMENTS]: '' },
    });
    expect(error).toMatchObject({ field: `teamNames.${PAYMENTS}` });
    expect(await store.get(MAPPING_RULES_KEY)).toBeUndefined();
  });
});
