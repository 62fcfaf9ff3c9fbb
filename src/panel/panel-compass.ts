// What the panel asks of Compass: which Backstage entity a component carries as its external alias, and (for
// linkEntity only) attaching one, or detaching it again when the link cannot be completed. Small requests
// through the CompassClient.
import { CompassClient, resultOf, type QueryResult } from '../compass/compass-client';
import { COMPONENT_EXTERNAL_ALIASES_QUERY } from '../compass/documents/component-documents';
import type { MutationField } from '../compass/documents/compass-mutations';
import type { RequestGraph } from '../compass/request-graph';
import { BACKSTAGE_ALIAS_SOURCE } from '../core/compass-component-draft';

export interface PanelCompass {
  /** The component's `backstage` alias ids (entity refs); null when Compass has no such component. */
  backstageAliasesOf(componentId: string): Promise<string[] | null>;
  /** Records `(backstage, entityRef)` on the component; an alias another component holds is an `alias-conflict`. */
  attachBackstageAlias(componentId: string, entityRef: string): Promise<void>;
  /** Removes `(backstage, entityRef)` from the component: undoes an attach when the rest of a link failed. */
  detachBackstageAlias(componentId: string, entityRef: string): Promise<void>;
}

interface ComponentAliases {
  externalAliases?: { externalSource: string; externalAliasId: string }[] | null;
}

export function graphqlPanelCompass(requestGraph: RequestGraph): PanelCompass {
  const client = new CompassClient(requestGraph);

  async function writeAlias(
    field: Extract<MutationField, 'createComponentExternalAlias' | 'deleteComponentExternalAlias'>,
    operation: 'attachAlias' | 'detachAlias',
    componentId: string,
    entityRef: string,
  ): Promise<void> {
    const externalAlias = { externalSource: BACKSTAGE_ALIAS_SOURCE, externalId: entityRef };
    const [outcome] = await client.mutate(operation, [
      { field, args: { input: { componentId, externalAlias } } },
    ]);
    if (!outcome!.ok) throw outcome!.error;
  }

  return {
    async backstageAliasesOf(componentId) {
      const data = await client.query<{ compass?: { component?: QueryResult<ComponentAliases> | null } }>(
        'componentAliases',
        COMPONENT_EXTERNAL_ALIASES_QUERY,
        { id: componentId },
      );
      const component = resultOf('componentAliases', data?.compass?.component);
      if (!component) return null;
      return (component.externalAliases ?? [])
        .filter((alias) => alias.externalSource === BACKSTAGE_ALIAS_SOURCE)
        .map((alias) => alias.externalAliasId);
    },

    attachBackstageAlias(componentId, entityRef) {
      return writeAlias('createComponentExternalAlias', 'attachAlias', componentId, entityRef);
    },

    detachBackstageAlias(componentId, entityRef) {
      return writeAlias('deleteComponentExternalAlias', 'detachAlias', componentId, entityRef);
    },
  };
}
