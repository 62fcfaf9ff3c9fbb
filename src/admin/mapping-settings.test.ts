import { createMappingConfig, DEFAULT_MAPPING_RULES, type MappingRules } from '../core/mapping';
import { MAPPING_RULES_KEY } from '../import/import-run';
import { InMemoryKeyValueStore } from '../state/in-memory-key-value-store';
import { getMapping, MappingInputError, saveMapping } from './mapping-settings';

const now = () => new Date('2026-11-24T10:00:00.000Z');

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
    await saveMapping(store, { ownerTeamIds: { 'Payments-Team': 'ari:cloud:identity::team/1' } }, now);
    const view = await saveMapping(
      store,
      {
        importedKinds: ['Component', 'API'],
        lifecycleBySpecLifecycle: { Production: 'Active', beta: 'Pre-release' },
        teamNames: { 'ari:cloud:identity::team/1': 'Payments' },
      },
      now,
    );
    expect(view.rules.ownerTeamIds).toEqual({ 'group:default/payments-team': 'ari:cloud:identity::team/1' });
    expect(view.rules.importedKinds).toEqual(['api', 'component']);
    expect(view.rules.lifecycleBySpecLifecycle).toEqual({ production: 'Active', beta: 'Pre-release' });
    expect(view.teamNames).toEqual({ 'ari:cloud:identity::team/1': 'Payments' });
    expect(view.savedAt).toBe('2026-11-24T10:00:00.000Z');
    const saved = (await store.get<Partial<MappingRules>>(MAPPING_RULES_KEY))!;
    // The engine builds its config from exactly this.
    const config = createMappingConfig({ backstageWebBaseUrl: 'https://b.example.com', ...saved });
    expect(config.importedKinds).toEqual(['api', 'component']);
    expect(config.componentTypeBySpecType).toEqual(DEFAULT_MAPPING_RULES.componentTypeBySpecType);
  });

  it.each([
    [{ importedKinds: [] }, 'importedKinds', /at least one/],
    [{ importedKinds: ['group'] }, 'importedKinds', /cannot become components/],
    [
      { componentTypeBySpecType: { service: 'MICROSERVICE' } },
      'componentTypeBySpecType.service',
      /not a Compass type/,
    ],
    [
      { lifecycleBySpecLifecycle: { production: 'Live' } },
      'lifecycleBySpecLifecycle.production',
      /lifecycle/,
    ],
    [{ ownerTeamIds: { 'group:default/x': '' } }, 'ownerTeamIds.group:default/x', /non-empty/],
    [{ ownerTeamIds: { 'group:default/': 'team' } }, 'ownerTeamIds', /owner ref/],
    [{ typeByKind: [] }, 'typeByKind', /object/],
  ])('refuses %j naming the field, and saves nothing', async (input, field, message) => {
    const store = new InMemoryKeyValueStore();
    const error = await saveMapping(store, input, now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MappingInputError);
    expect(error).toMatchObject({ field, message: expect.stringMatching(message) });
    expect(await store.get(MAPPING_RULES_KEY)).toBeUndefined();
  });
});
