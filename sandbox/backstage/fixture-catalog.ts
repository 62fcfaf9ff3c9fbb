// The project's fixture catalog (./catalog, described in catalog/README.md) and the facts tests rely on.
import type { Entity } from '@backstage/catalog-model';
import * as path from 'node:path';
import { estimateCatalogEntities } from './catalog-count';

export const FIXTURE_CATALOG_DIR = path.join(__dirname, 'catalog');

/** Loaded in this order, one catalog location each. */
export const FIXTURE_CATALOG_FILES: readonly string[] = [
  'org.yaml',
  'systems.yaml',
  'resources.yaml',
  'apis.yaml',
  'components.yaml',
  'broken.yaml',
  'rejected-kind.yaml',
].map((file) => path.join(FIXTURE_CATALOG_DIR, file));

/** Kinds the embedded catalog's rules allow; anything else (e.g. Template) is rejected at ingestion. */
export const CATALOG_ALLOWED_KINDS: readonly string[] = [
  'Component',
  'API',
  'System',
  'Domain',
  'Resource',
  'Group',
  'User',
  'Location',
];

/**
 * Entities the backend serves from the fixture catalog, by kind. Location: one generated per file, except
 * rejected-kind.yaml, whose disallowed Template fails its whole location.
 */
export const FIXTURE_ENTITY_COUNTS: Readonly<Record<string, number>> = {
  Group: 7,
  User: 8,
  Domain: 3,
  System: 4,
  Component: 18,
  API: 5,
  Resource: 5,
  Location: FIXTURE_CATALOG_FILES.length - 1,
};

export const FIXTURE_ENTITY_TOTAL = Object.values(FIXTURE_ENTITY_COUNTS).reduce((sum, n) => sum + n, 0);

/** Entities the backend rejects (broken.yaml, rejected-kind.yaml), with the words its log gives as the reason. */
export const FIXTURE_REJECTED_ENTITIES: readonly { entityRef: string; logged: RegExp }[] = [
  { entityRef: 'component:default/billing-reconciler', logged: /must have required property 'lifecycle'/ },
  { entityRef: 'component:default/refund-portal', logged: /"tags\.1" is not valid/ },
  { entityRef: 'component:default/fx rates!', logged: /"metadata\.name" is not valid/ },
  { entityRef: 'api:default/partner-webhooks-api', logged: /must have required property 'definition'/ },
  { entityRef: 'template:default/go-service-template', logged: /is not of an allowed kind/ },
];

/** The fixture entities the backend serves, as written in the YAML (generated Locations not included). */
export async function fixtureEntities(): Promise<Entity[]> {
  return (await estimateCatalogEntities(FIXTURE_CATALOG_FILES, CATALOG_ALLOWED_KINDS)).entities;
}
