import {
  DEFAULT_MAPPING_RULES,
  InvalidMappingConfigError,
  createMappingConfig,
  isImportedKind,
  lookupRule,
} from './mapping-rules';

describe('DEFAULT_MAPPING_RULES', () => {
  it('imports Components, APIs and Resources', () => {
    expect(DEFAULT_MAPPING_RULES.importedKinds).toEqual(['component', 'api', 'resource']);
  });

  it('starts with an empty owner table', () => {
    expect(DEFAULT_MAPPING_RULES.ownerTeamIds).toEqual({});
  });
});

describe('createMappingConfig', () => {
  it('fills in the defaults and keeps the web URL without its trailing slash', () => {
    const config = createMappingConfig({ backstageWebBaseUrl: 'https://backstage.example.com/' });
    expect(config.backstageWebBaseUrl).toBe('https://backstage.example.com');
    expect(config.importedKinds).toEqual(DEFAULT_MAPPING_RULES.importedKinds);
    expect(config.componentTypeBySpecType).toEqual(DEFAULT_MAPPING_RULES.componentTypeBySpecType);
  });

  it('keeps a path prefix of the web URL', () => {
    const config = createMappingConfig({ backstageWebBaseUrl: 'https://tools.example.com/backstage//' });
    expect(config.backstageWebBaseUrl).toBe('https://tools.example.com/backstage');
  });

  it('lower-cases the keys the mapping looks up', () => {
    const config = createMappingConfig({
      backstageWebBaseUrl: 'https://backstage.example.com',
      importedKinds: ['Component', ' System ', 'component'],
      componentTypeBySpecType: { Service: 'SERVICE' },
      lifecycleBySpecLifecycle: { Production: 'Active' },
      ownerTeamIds: { 'Group:Default/Payments-Team': 'team-1' },
    });
    expect(config.importedKinds).toEqual(['component', 'system']);
    expect(config.componentTypeBySpecType).toEqual({ service: 'SERVICE' });
    expect(config.lifecycleBySpecLifecycle).toEqual({ production: 'Active' });
    expect(config.ownerTeamIds).toEqual({ 'group:default/payments-team': 'team-1' });
  });

  it.each([
    ['not a URL', 'backstage.example.com'],
    ['not http(s)', 'ftp://backstage.example.com'],
    ['with a query', 'https://backstage.example.com/?x=1'],
    ['with a fragment', 'https://backstage.example.com/#top'],
  ])('rejects a web URL %s', (_case, backstageWebBaseUrl) => {
    expect(() => createMappingConfig({ backstageWebBaseUrl })).toThrow(InvalidMappingConfigError);
  });
});

describe('isImportedKind', () => {
  it('compares kinds case-insensitively', () => {
    expect(isImportedKind(DEFAULT_MAPPING_RULES, 'API')).toBe(true);
    expect(isImportedKind(DEFAULT_MAPPING_RULES, 'Group')).toBe(false);
  });
});

describe('lookupRule', () => {
  it('finds own keys only, never Object.prototype members', () => {
    expect(lookupRule({ service: 'SERVICE' }, 'service')).toBe('SERVICE');
    expect(lookupRule({ service: 'SERVICE' }, 'constructor')).toBeUndefined();
    expect(lookupRule({ service: 'SERVICE' }, 'toString')).toBeUndefined();
  });
});
