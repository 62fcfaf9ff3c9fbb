// The mapping's configuration: the default rules from issue 2, later editable from the admin page.
import type { CompassComponentTypeId, CompassLifecycle } from '../compass-component-draft';

/** Kinds Backstage ships. A kind outside this list is unknown and reported; one inside it is just not imported. */
export const BACKSTAGE_BUILT_IN_KINDS = [
  'component',
  'api',
  'resource',
  'system',
  'domain',
  'group',
  'user',
  'location',
  'template',
] as const;

export interface MappingRules {
  /** Lower-case Backstage kinds that become Compass components. */
  importedKinds: readonly string[];
  /** Component `spec.type` (lower-case) → Compass type. */
  componentTypeBySpecType: Readonly<Record<string, CompassComponentTypeId>>;
  /** Type for a Component whose `spec.type` is missing or not in the map (reported). */
  componentTypeFallback: CompassComponentTypeId;
  /** Type for every entity of an imported kind other than Component (lower-case kind → type). */
  typeByKind: Readonly<Record<string, CompassComponentTypeId>>;
  /** `spec.lifecycle` (lower-case) → Compass lifecycle; anything else leaves it unset (reported). */
  lifecycleBySpecLifecycle: Readonly<Record<string, CompassLifecycle>>;
  /** Lower-cased full owner ref (`group:default/payments-team`, `user:default/dev.patel`) → Atlassian team id. */
  ownerTeamIds: Readonly<Record<string, string>>;
}

export interface MappingConfig extends MappingRules {
  /** Backstage's web app (not the backend) without a trailing slash: entity page and TechDocs links point here. */
  backstageWebBaseUrl: string;
}

export const DEFAULT_MAPPING_RULES: MappingRules = {
  importedKinds: ['component', 'api', 'resource'],
  componentTypeBySpecType: {
    service: 'SERVICE',
    website: 'WEBSITE',
    library: 'LIBRARY',
    application: 'APPLICATION',
    app: 'APPLICATION',
    'data-pipeline': 'DATA_PIPELINE',
    'ml-model': 'MACHINE_LEARNING_MODEL',
    'ui-element': 'UI_ELEMENT',
  },
  componentTypeFallback: 'OTHER',
  typeByKind: { api: 'OTHER', resource: 'CLOUD_RESOURCE' },
  lifecycleBySpecLifecycle: { production: 'Active', experimental: 'Pre-release', deprecated: 'Deprecated' },
  ownerTeamIds: {},
};

/** The configuration cannot work at all (as opposed to an entity it cannot map, which is only a warning). */
export class InvalidMappingConfigError extends Error {
  override readonly name = 'InvalidMappingConfigError';
}

/**
 * Builds a configuration from the defaults and the admin's overrides, normalising the keys the mapping looks up
 * (kinds, spec values and owner refs are compared lower-case).
 * @throws InvalidMappingConfigError when the Backstage web URL is not an absolute http(s) URL.
 */
export function createMappingConfig(
  input: { backstageWebBaseUrl: string } & Partial<MappingRules>,
): MappingConfig {
  const rules = { ...DEFAULT_MAPPING_RULES, ...input };
  return {
    importedKinds: [...new Set(rules.importedKinds.map((kind) => kind.trim().toLowerCase()))],
    componentTypeBySpecType: lowerCaseKeys(rules.componentTypeBySpecType),
    componentTypeFallback: rules.componentTypeFallback,
    typeByKind: lowerCaseKeys(rules.typeByKind),
    lifecycleBySpecLifecycle: lowerCaseKeys(rules.lifecycleBySpecLifecycle),
    ownerTeamIds: lowerCaseKeys(rules.ownerTeamIds),
    backstageWebBaseUrl: normaliseWebBaseUrl(input.backstageWebBaseUrl),
  };
}

function lowerCaseKeys<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key.trim().toLowerCase(), value]));
}

function normaliseWebBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new InvalidMappingConfigError(`Backstage web URL "${raw}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidMappingConfigError(`Backstage web URL "${raw}" must use http or https`);
  }
  if (url.search || url.hash) {
    throw new InvalidMappingConfigError(`Backstage web URL "${raw}" must not have a query or fragment`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Own-property lookup: a spec value such as "constructor" must not find Object.prototype's members. */
export function lookupRule<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

export function isImportedKind(rules: Pick<MappingRules, 'importedKinds'>, kind: string): boolean {
  return rules.importedKinds.includes(kind.toLowerCase());
}
