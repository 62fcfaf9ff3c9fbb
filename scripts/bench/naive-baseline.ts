// The naive import issue 3 measures the sync engine against: every entity created with the Compass SDK's own
// `createComponent`, one after another, as the public importer scripts do. Entities are mapped with the project's
// mapping first, so both imports write the same components (state ACTIVE, the alias, links, labels, lifecycle,
// owner). Relationships are left out: the naive import does less work than the engine, so the speed-up it
// yields is a lower bound. The SDK's createComponent costs four requests (create, alias, a compound mutation for
// links and labels, a re-read).
import type { Entity } from '@backstage/catalog-model';
import { ComponentState, type CompassLinkType } from '@atlassian/forge-graphql-types';
import { createSdkApi, type LocalCompass } from '../../sandbox/local-compass';
import type { CompassComponentDraft } from '../../src/core/compass-component-draft';
import { indexCatalog, mapEntity, type MappingConfig } from '../../src/core/mapping';
import type { BackstageCatalog } from '../../src/core/ports';

export interface NaiveImportOptions {
  catalog: BackstageCatalog;
  /** A Compass of its own: the naive import must not see the engine's components. */
  compass: LocalCompass;
  mapping: MappingConfig;
  /** Create only the first `sample` components and extrapolate the rest linearly. */
  sample?: number;
  /** Catalog page size. Default 500. */
  pageSize?: number;
  /** Called after each component is created (or fails). */
  onProgress?: (done: number, planned: number | undefined) => void;
}

export interface NaiveImportResult {
  /** Components the catalog maps to. */
  components: number;
  created: number;
  failed: { entityRef: string; message: string }[];
  /** Compass requests the creates made. */
  compassRequests: number;
  /** Reading and mapping the catalog. */
  readSeconds: number;
  /** The creates that were actually run. */
  createSeconds: number;
  /** Measured: read plus create. */
  measuredWallSeconds: number;
  /** For the whole catalog: the measured time, or, for a sample, read time plus create time scaled linearly. */
  wallSeconds: number;
  extrapolated: boolean;
}

export async function runNaiveImport(options: NaiveImportOptions): Promise<NaiveImportResult> {
  const { catalog, compass, mapping } = options;
  const sample = options.sample ?? Infinity;
  if (!(sample >= 1)) throw new RangeError(`sample must be at least 1, got ${sample}`);
  const pageSize = options.pageSize ?? 500;
  const sdk = createSdkApi(compass).compass.asApp();
  const started = performance.now();
  const requestsBefore = compass.stats().requests;

  // Relationship targets are classified against the whole catalog, as the engine does; refs only, cheap.
  const refs: Entity[] = [];
  for await (const page of catalog.queryAllEntities({
    fields: ['kind', 'metadata.namespace', 'metadata.name'],
    pageSize,
  })) {
    refs.push(...page.items);
  }
  const catalogIndex = indexCatalog(refs, mapping);
  refs.length = 0;

  const result: NaiveImportResult = {
    components: 0,
    created: 0,
    failed: [],
    compassRequests: 0,
    readSeconds: 0,
    createSeconds: 0,
    measuredWallSeconds: 0,
    wallSeconds: 0,
    extrapolated: false,
  };
  const seen = new Set<string>();
  const planned = Number.isFinite(sample) ? undefined : catalogIndex.importedRefs.size;
  // The SDK console.logs whole responses on every create; a benchmark's output would drown in them.
  const log = console.log;
  console.log = () => undefined;
  try {
    const filter = mapping.importedKinds.map((kind) => `kind=${kind}`);
    for await (const page of catalog.queryAllEntities({ filter, pageSize })) {
      for (const entity of page.items) {
        const draft = mapEntity(entity, { config: mapping, catalog: catalogIndex }).draft;
        if (!draft || seen.has(draft.entityRef)) continue;
        seen.add(draft.entityRef);
        result.components += 1;
        if (result.created + result.failed.length >= sample) continue;

        const createStarted = performance.now();
        const created = await sdk.createComponent(sdkInputFor(compass.cloudId, draft));
        result.createSeconds += (performance.now() - createStarted) / 1000;
        if (created.errors.length === 0) result.created += 1;
        else
          result.failed.push({
            entityRef: draft.entityRef,
            message: created.errors.map((error) => error.message).join('; '),
          });
        options.onProgress?.(result.created + result.failed.length, planned);
      }
    }
  } finally {
    console.log = log;
  }

  const attempted = result.created + result.failed.length;
  result.compassRequests = compass.stats().requests - requestsBefore;
  result.measuredWallSeconds = (performance.now() - started) / 1000;
  result.readSeconds = result.measuredWallSeconds - result.createSeconds;
  result.extrapolated = attempted < result.components;
  result.wallSeconds = result.extrapolated
    ? result.readSeconds + (result.createSeconds * result.components) / Math.max(1, attempted)
    : result.measuredWallSeconds;
  return result;
}

/** The draft in the SDK's terms: what a script calling `createComponent` per entity sends. */
export function sdkInputFor(cloudId: string, draft: CompassComponentDraft) {
  return {
    cloudId,
    name: draft.name,
    ...(draft.description === undefined ? {} : { description: draft.description }),
    typeId: draft.typeId,
    // The SDK's default is PENDING; the engine creates ACTIVE components, and both must write the same ones.
    state: ComponentState.ACTIVE,
    ...(draft.ownerId === undefined ? {} : { ownerId: draft.ownerId }),
    ...(draft.lifecycle === undefined ? {} : { fields: { lifecycle: [draft.lifecycle] } }),
    labels: draft.labels,
    links: draft.links.map((link) => ({
      type: link.type as CompassLinkType,
      url: link.url,
      ...(link.name === undefined ? {} : { name: link.name }),
    })),
    externalAlias: draft.externalAlias,
  };
}
