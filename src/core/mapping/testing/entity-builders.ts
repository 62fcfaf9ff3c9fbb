// Test data builders for Backstage entities as the catalog serves them, and a mapping config to map them with.
import type { Entity, EntityLink, EntityRelation } from '@backstage/catalog-model';
import { createMappingConfig, type MappingConfig, type MappingRules } from '../mapping-rules';

export const TEST_BACKSTAGE_WEB_URL = 'https://backstage.brightpay.example';

export interface EntityOverrides {
  namespace?: string;
  title?: string;
  description?: string;
  tags?: unknown[];
  links?: Partial<EntityLink>[] | unknown[];
  annotations?: Record<string, string>;
  /** Merged over the kind's default spec; a key set to `undefined` removes it. */
  spec?: Record<string, unknown>;
  relations?: EntityRelation[];
}

export function buildEntity(kind: string, name: string, overrides: EntityOverrides = {}): Entity {
  const { namespace, title, description, tags, links, annotations, spec, relations } = overrides;
  const metadata: Entity['metadata'] = { name };
  if (namespace !== undefined) metadata.namespace = namespace;
  if (title !== undefined) metadata.title = title;
  if (description !== undefined) metadata.description = description;
  if (tags !== undefined) metadata.tags = tags as string[];
  if (links !== undefined) metadata.links = links as EntityLink[];
  if (annotations !== undefined) metadata.annotations = annotations;
  const entity: Entity = { apiVersion: 'backstage.io/v1alpha1', kind, metadata };
  if (spec !== undefined) entity.spec = withoutUndefined(spec);
  if (relations !== undefined) entity.relations = relations;
  return entity;
}

export function buildComponent(name: string, overrides: EntityOverrides = {}): Entity {
  return buildEntity('Component', name, {
    ...overrides,
    spec: { type: 'service', lifecycle: 'production', owner: 'payments-team', ...overrides.spec },
  });
}

export function buildApi(name: string, overrides: EntityOverrides = {}): Entity {
  return buildEntity('API', name, {
    ...overrides,
    spec: {
      type: 'openapi',
      lifecycle: 'production',
      owner: 'payments-team',
      definition: 'openapi: 3.0.3',
      ...overrides.spec,
    },
  });
}

export function buildResource(name: string, overrides: EntityOverrides = {}): Entity {
  return buildEntity('Resource', name, {
    ...overrides,
    spec: { type: 'database', owner: 'payments-team', ...overrides.spec },
  });
}

export function buildGroup(name: string, overrides: EntityOverrides = {}): Entity {
  return buildEntity('Group', name, {
    ...overrides,
    spec: { type: 'team', children: [], ...overrides.spec },
  });
}

export function buildSystem(name: string, overrides: EntityOverrides = {}): Entity {
  return buildEntity('System', name, { ...overrides, spec: { owner: 'payments-team', ...overrides.spec } });
}

export function relation(type: string, targetRef: string): EntityRelation {
  return { type, targetRef };
}

export function testMappingConfig(overrides: Partial<MappingRules> = {}): MappingConfig {
  return createMappingConfig({ backstageWebBaseUrl: TEST_BACKSTAGE_WEB_URL, ...overrides });
}

function withoutUndefined(record: Record<string, unknown>): NonNullable<Entity['spec']> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as NonNullable<
    Entity['spec']
  >;
}
