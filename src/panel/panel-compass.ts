// What the panel asks of Compass: which Backstage entity a component carries as its external alias, and (for
// linkEntity only) attaching one, or detaching it again when the link cannot be completed. Small requests over
// requestGraph; the import's gateway stays untouched.
import { compassErrorFrom, CompassGatewayError } from '../compass/compass-errors';
import {
  buildCompassMutation,
  COMPONENT_EXTERNAL_ALIASES_QUERY,
} from '../compass/documents/component-documents';
import type { RequestGraph } from '../compass/request-graph';
import { sendCompassRequest } from '../compass/send-compass-request';

export const BACKSTAGE_ALIAS_SOURCE = 'backstage';

export interface PanelCompass {
  /** The component's `backstage` alias ids (entity refs); null when Compass has no such component. */
  backstageAliasesOf(componentId: string): Promise<string[] | null>;
  /** Records `(backstage, entityRef)` on the component; an alias another component holds is an `alias-conflict`. */
  attachBackstageAlias(componentId: string, entityRef: string): Promise<void>;
  /** Removes `(backstage, entityRef)` from the component: undoes an attach when the rest of a link failed. */
  detachBackstageAlias(componentId: string, entityRef: string): Promise<void>;
}

interface GqlError {
  message: string;
  extensions?: { statusCode?: number; errorType?: string } | { statusCode?: number; errorType?: string }[];
}

function errorFrom(operation: string, errors: GqlError[]): CompassGatewayError {
  return compassErrorFrom(
    operation,
    errors.flatMap((error) => {
      const extensions = Array.isArray(error.extensions) ? error.extensions : [error.extensions ?? {}];
      return extensions.map((extension) => ({ message: error.message, ...extension }));
    }),
  );
}

export function graphqlPanelCompass(requestGraph: RequestGraph): PanelCompass {
  async function writeAlias(
    field: 'createComponentExternalAlias' | 'deleteComponentExternalAlias',
    operation: 'attachAlias' | 'detachAlias',
    input: Record<string, unknown>,
  ): Promise<void> {
    const built = buildCompassMutation([{ field, args: { input } }]);
    const body = await sendCompassRequest(requestGraph, operation, built.query, built.variables);
    const result = (
      body.data as { compass?: Record<string, { success?: boolean; errors?: GqlError[] | null }> } | undefined
    )?.compass?.[built.aliases[0]!];
    if (!result || result.success === false || (result.errors?.length ?? 0) > 0) {
      throw errorFrom(
        operation,
        result?.errors ?? [
          { message: `Compass did not ${operation === 'attachAlias' ? 'attach' : 'detach'} the alias` },
        ],
      );
    }
  }

  return {
    async backstageAliasesOf(componentId) {
      const body = await sendCompassRequest(
        requestGraph,
        'componentAliases',
        COMPONENT_EXTERNAL_ALIASES_QUERY,
        {
          id: componentId,
        },
      );
      const component = (
        body.data as
          | {
              compass?: {
                component?: {
                  __typename: string;
                  message?: string;
                  extensions?: GqlError['extensions'];
                  externalAliases?: { externalSource: string; externalAliasId: string }[] | null;
                } | null;
              };
            }
          | undefined
      )?.compass?.component;
      if (!component) return null;
      if (component.__typename === 'QueryError') {
        const error = errorFrom('componentAliases', [
          { message: component.message ?? 'query error', extensions: component.extensions },
        ]);
        if (error.kind === 'not-found') return null;
        throw error;
      }
      return (component.externalAliases ?? [])
        .filter((alias) => alias.externalSource === BACKSTAGE_ALIAS_SOURCE)
        .map((alias) => alias.externalAliasId);
    },

    attachBackstageAlias(componentId, entityRef) {
      return writeAlias('createComponentExternalAlias', 'attachAlias', {
        componentId,
        externalAlias: { externalSource: BACKSTAGE_ALIAS_SOURCE, externalId: entityRef },
      });
    },

    detachBackstageAlias(componentId, entityRef) {
      return writeAlias('deleteComponentExternalAlias', 'detachAlias', {
        componentId,
        externalAlias: { externalSource: BACKSTAGE_ALIAS_SOURCE, externalId: entityRef },
      });
    },
  };
}
