// The admin page's resolver: every operation a Compass admin can run from the Backstage-import page.
// The component page has its own resolver (panel-resolver.ts) and cannot reach these.
import Resolver from '@forge/resolver';
import { loadMappingConfig } from '../admin/entity-plan';
import { getHistory } from '../admin/history';
import { getMapping, MappingInputError, saveMapping } from '../admin/mapping-settings';
import { planImport } from '../admin/plan-import';
import { previewCatalog } from '../admin/preview-catalog';
import { ownerMappingOverview, searchTeams } from '../admin/team-search';
import { testConnection } from '../admin/test-connection';
import { getConnectionView, loadConnection, saveConnection } from '../connection/backstage-connection';
import {
  cancelImport,
  getImportResults,
  getImportStatus,
  retryFailed,
  startImport,
  type ImportEngineDeps,
} from '../import/import-engine';
import type { EntityOutcome } from '../import/import-run';
import { forgeBackstageCatalog } from './forge-backstage-catalog';
import { cloudIdFrom, forgeRequestGraph } from './forge-compass';
import { forgeImportEngine } from './forge-import-engine';
import { forgeKeyValueStore } from './forge-key-value-store';
import { resolverResult, type ResolverResult } from './resolver-result';
import { recordAdminAccount } from '../panel/admin-access';

interface ResolverContext {
  cloudId?: string;
  installContext?: string;
  accountId?: string;
}

const stateOnly: Pick<ImportEngineDeps, 'store'> = { store: forgeKeyValueStore };

/** As resolverResult, and a mapping field the admin got wrong is named for the page. */
async function mappingResult<T>(work: () => Promise<T>): Promise<ResolverResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof MappingInputError) {
      return { ok: false, error: { code: 'invalid-input', message: error.message, field: error.field } };
    }
    return resolverResult(() => Promise.reject(error));
  }
}

/** The saved connection's catalog, Compass for the caller's site, state, and the mapping in force. */
async function planningDeps(context: unknown) {
  const { catalog, gateway, store, backstageBaseUrl } = await forgeImportEngine(
    cloudIdFrom(context as ResolverContext),
  );
  return { catalog, gateway, store, config: await loadMappingConfig(store, backstageBaseUrl) };
}

export const adminResolver = new Resolver()
  // The admin page opens with getConnection; only admins reach that page, so the caller may also link from the panel.
  .define('getConnection', ({ context }) =>
    resolverResult(async () => {
      await recordAdminAccount(forgeKeyValueStore, (context as ResolverContext).accountId);
      return getConnectionView(forgeKeyValueStore);
    }),
  )
  .define('saveConnection', ({ payload }) =>
    resolverResult(() =>
      saveConnection(forgeKeyValueStore, payload as { baseUrl: string; token?: string }, {
        // Only the local sandbox sets this: Forge itself fetches over HTTPS only.
        allowLoopbackHttp: process.env.BACKSTAGE_FOR_COMPASS_ALLOW_LOOPBACK_HTTP === 'true',
      }),
    ),
  )
  .define('testConnection', () =>
    resolverResult(async () => {
      const connection = await loadConnection(forgeKeyValueStore);
      return testConnection(connection ? forgeBackstageCatalog(connection) : undefined);
    }),
  )
  .define('previewCatalog', ({ payload, context }) =>
    resolverResult(async () => previewCatalog(await planningDeps(context), payload)),
  )
  .define('getMapping', () => resolverResult(() => getMapping(forgeKeyValueStore)))
  .define('saveMapping', ({ payload }) => mappingResult(() => saveMapping(forgeKeyValueStore, payload)))
  .define('searchTeams', ({ payload, context }) =>
    resolverResult(async () => {
      const request = (payload ?? {}) as { query?: string; limit?: number; owners?: boolean };
      const graph = { requestGraph: forgeRequestGraph, cloudId: cloudIdFrom(context as ResolverContext) };
      const teams = await searchTeams(graph, { query: request.query, limit: request.limit });
      if (!request.owners) return { teams };
      const engine = await forgeImportEngine(graph.cloudId);
      return {
        teams,
        ...(await ownerMappingOverview({ ...graph, catalog: engine.catalog, store: engine.store })),
      };
    }),
  )
  .define('planImport', ({ payload, context }) =>
    resolverResult(async () =>
      planImport(await planningDeps(context), (payload ?? {}) as { selection?: unknown }),
    ),
  )
  .define('getHistory', () => resolverResult(() => getHistory(forgeKeyValueStore)))
  .define('startImport', ({ payload, context }) =>
    resolverResult(async () => {
      const site = cloudIdFrom(context as ResolverContext);
      const engine = await forgeImportEngine(site);
      const selection = (payload as { selection?: string[] } | undefined)?.selection;
      return startImport(engine, {
        cloudId: site,
        backstageWebBaseUrl: engine.backstageBaseUrl,
        ...(selection !== undefined ? { selection } : {}),
        ...((context as ResolverContext).accountId
          ? { startedBy: (context as ResolverContext).accountId }
          : {}),
      });
    }),
  )
  .define('getImportStatus', () => resolverResult(() => getImportStatus(stateOnly)))
  .define('getImportResults', ({ payload }) =>
    resolverResult(() =>
      getImportResults(
        stateOnly,
        (payload ?? {}) as { runId?: string; outcome?: EntityOutcome; cursor?: string; limit?: number },
      ),
    ),
  )
  .define('retryFailed', ({ context }) =>
    resolverResult(async () => {
      const engine = await forgeImportEngine(cloudIdFrom(context as ResolverContext));
      const accountId = (context as ResolverContext).accountId;
      return retryFailed(engine, accountId ? { startedBy: accountId } : {});
    }),
  )
  .define('cancelImport', () => resolverResult(() => cancelImport(stateOnly)))
  .getDefinitions();
