// The admin page's resolver: every operation a Compass admin can run from the Backstage-import page.
// The component page has its own resolver (panel-resolver.ts) and cannot reach these.
import Resolver from '@forge/resolver';
import { getConnectionView, saveConnection } from '../connection/backstage-connection';
import { forgeKeyValueStore } from './forge-key-value-store';
import { resolverResult } from './resolver-result';

export const adminResolver = new Resolver()
  .define('getConnection', () => resolverResult(() => getConnectionView(forgeKeyValueStore)))
  .define('saveConnection', ({ payload }) =>
    resolverResult(() => saveConnection(forgeKeyValueStore, payload as { baseUrl: string; token?: string })),
  )
  .getDefinitions();
