// The component page's resolver: getPanel, refreshPanel, searchEntities, linkEntity and nothing else. It shares
// no definitions with the admin resolver. The component comes from the page's context (Forge sets it; a payload
// `componentId` is only a fallback), so a caller cannot read or link another page's component by naming it.
import Resolver from '@forge/resolver';
import { loadConnection } from '../connection/backstage-connection';
import { recordedAdminCheck } from '../panel/admin-access';
import { getPanel, linkEntity, refreshPanel, searchEntities, type PanelDeps } from '../panel/component-panel';
import { graphqlPanelCompass } from '../panel/panel-compass';
import { forgeBackstageCatalog } from './forge-backstage-catalog';
import { forgeRequestGraph } from './forge-compass';
import { forgeKeyValueStore } from './forge-key-value-store';
import { resolverResult } from './resolver-result';

interface PanelResolverContext {
  accountId?: string;
  extension?: { component?: { id?: unknown }; componentId?: unknown };
}

/** The component id of the page: `extension.component.id` or `extension.componentId` (which one Compass sets is UNVERIFIED). */
export function componentIdFromContext(context: unknown, payload: unknown): unknown {
  const extension = (context as PanelResolverContext | undefined)?.extension;
  const fromContext = extension?.component?.id ?? extension?.componentId;
  if (typeof fromContext === 'string' && fromContext !== '') return fromContext;
  return (payload as { componentId?: unknown } | undefined)?.componentId;
}

function panelDeps(context: unknown): PanelDeps {
  return {
    store: forgeKeyValueStore,
    async catalog() {
      const connection = await loadConnection(forgeKeyValueStore);
      return connection
        ? { catalog: forgeBackstageCatalog(connection), backstageBaseUrl: connection.baseUrl }
        : undefined;
    },
    compass: graphqlPanelCompass(forgeRequestGraph),
    admins: recordedAdminCheck(forgeKeyValueStore, (context as PanelResolverContext | undefined)?.accountId),
  };
}

export const panelResolver = new Resolver()
  .define('getPanel', ({ payload, context }) =>
    resolverResult(() =>
      getPanel(panelDeps(context), { componentId: componentIdFromContext(context, payload) }),
    ),
  )
  .define('refreshPanel', ({ payload, context }) =>
    resolverResult(() =>
      refreshPanel(panelDeps(context), { componentId: componentIdFromContext(context, payload) }),
    ),
  )
  .define('searchEntities', ({ payload, context }) =>
    resolverResult(() =>
      searchEntities(panelDeps(context), { query: (payload as { query?: unknown } | undefined)?.query }),
    ),
  )
  .define('linkEntity', ({ payload, context }) =>
    resolverResult(() =>
      linkEntity(panelDeps(context), {
        componentId: componentIdFromContext(context, payload),
        entityRef: (payload as { entityRef?: unknown } | undefined)?.entityRef,
      }),
    ),
  )
  .getDefinitions();
