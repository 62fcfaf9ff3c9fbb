// The component page's resolver: getPanel, refreshPanel, searchEntities, linkEntity and nothing else. It shares
// no definitions with the admin resolver. The component comes from the page's context (Forge sets it; a payload
// `componentId` is only a fallback), so a caller cannot read or link another page's component by naming it.
import { loadConnection } from '../connection/backstage-connection';
import { compassAdminCheck, recordedAdminCheck } from '../panel/admin-access';
import { getPanel, linkEntity, refreshPanel, searchEntities, type PanelDeps } from '../panel/component-panel';
import { graphqlPanelCompass } from '../panel/panel-compass';
import { forgeBackstageCatalog } from './forge-backstage-catalog';
import { forgeCompassIdentity, forgeRequestGraph } from './forge-compass';
import { forgeKeyValueStore } from './forge-key-value-store';
import { panelContract, type PanelValues } from './contract/panel-contract';
import { surfaceResolver, type ResolverContext } from './contract/resolver-contract';

/** The component id of the page: `extension.component.id` or `extension.componentId` (which one Compass sets is UNVERIFIED). */
export function componentIdFromContext(context: unknown, payload: unknown): unknown {
  const extension = (context as ResolverContext | undefined)?.extension;
  const fromContext = extension?.component?.id ?? extension?.componentId;
  if (typeof fromContext === 'string' && fromContext !== '') return fromContext;
  return typeof payload === 'object' && payload !== null && 'componentId' in payload
    ? payload.componentId
    : undefined;
}

/** What the panel needs for this call; `componentId` is the page's, for the caller's permission on it. */
function panelDeps(context: ResolverContext, componentId?: unknown): PanelDeps {
  return {
    store: forgeKeyValueStore,
    async catalog() {
      const connection = await loadConnection(forgeKeyValueStore);
      return connection
        ? { catalog: forgeBackstageCatalog(connection), backstageBaseUrl: connection.baseUrl }
        : undefined;
    },
    compass: graphqlPanelCompass(forgeRequestGraph),
    admins: compassAdminCheck({
      accountId: context.accountId,
      componentId,
      compass: forgeCompassIdentity(),
      recorded: recordedAdminCheck(forgeKeyValueStore, context.accountId),
    }),
  };
}

export const panelResolver = surfaceResolver<typeof panelContract, PanelValues>(
  'component page',
  panelContract,
  {
    getPanel(request, context) {
      const componentId = componentIdFromContext(context, request);
      return getPanel(panelDeps(context, componentId), { componentId });
    },
    refreshPanel(request, context) {
      const componentId = componentIdFromContext(context, request);
      return refreshPanel(panelDeps(context, componentId), { componentId });
    },
    searchEntities: (request, context) =>
      searchEntities(panelDeps(context, componentIdFromContext(context, request)), { query: request.query }),
    linkEntity(request, context) {
      const componentId = componentIdFromContext(context, request);
      return linkEntity(panelDeps(context, componentId), { componentId, entityRef: request.entityRef });
    },
  },
);
