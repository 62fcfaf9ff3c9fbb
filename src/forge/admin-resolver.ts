// The admin page's resolver: every operation a Compass admin can run from the Backstage-import page.
// The component page has its own resolver (panel-resolver.ts) and cannot reach these.
import Resolver from '@forge/resolver';
import { getConnectionView, saveConnection } from '../connection/backstage-connection';
import {
  cancelImport,
  getImportResults,
  getImportStatus,
  retryFailed,
  startImport,
  type ImportEngineDeps,
} from '../import/import-engine';
import type { EntityOutcome } from '../import/import-run';
import { cloudIdFrom } from './forge-compass';
import { forgeImportEngine } from './forge-import-engine';
import { forgeKeyValueStore } from './forge-key-value-store';
import { resolverResult } from './resolver-result';

interface ResolverContext {
  cloudId?: string;
  installContext?: string;
  accountId?: string;
}

const stateOnly: Pick<ImportEngineDeps, 'store'> = { store: forgeKeyValueStore };

export const adminResolver = new Resolver()
  .define('getConnection', () => resolverResult(() => getConnectionView(forgeKeyValueStore)))
  .define('saveConnection', ({ payload }) =>
    resolverResult(() =>
      saveConnection(forgeKeyValueStore, payload as { baseUrl: string; token?: string }, {
        // Only the local sandbox sets this: Forge itself fetches over HTTPS only.
        allowLoopbackHttp: process.env.BACKSTAGE_FOR_COMPASS_ALLOW_LOOPBACK_HTTP === 'true',
      }),
    ),
  )
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
