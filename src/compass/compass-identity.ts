// Who the caller is to Compass, asked through the CompassClient over a user-scoped transport (`asUser()`), so
// Compass answers for the calling user: whether they may edit a component, and the display names of accounts.
// Which scopes these need on a live site is UNVERIFIED, so every refusal or silence reads as "no answer"
// (undefined, or a name left out) and the caller falls back.
import { log } from '../core/log';
import type { PeopleDirectory } from '../core/ports';
import { CompassClient, resultOf, type QueryResult } from './compass-client';
import { CompassGatewayError } from './compass-errors';
import {
  COMPONENT_VIEWER_PERMISSIONS_QUERY,
  USERS_BY_ACCOUNT_IDS_QUERY,
  USERS_PER_REQUEST,
} from './documents/identity-documents';
import type { RequestGraph } from './request-graph';

/** Compass's answer about a permission, or why there is none. */
export type PermissionAnswer =
  | { answered: true; allowed: boolean }
  | { answered: false; reason: 'no-component' | 'field-absent' | CompassGatewayError['kind'] };

interface ComponentPermissions {
  viewerPermissions?: { edit?: { allowed?: boolean | null } | null } | null;
}

export class CompassIdentity implements PeopleDirectory {
  private readonly client: CompassClient;

  /** `requestGraph` as the calling user (Forge: `api.asUser().requestGraph`). */
  constructor(requestGraph: RequestGraph) {
    this.client = new CompassClient(requestGraph);
  }

  /** `viewerPermissions.edit.allowed` of the component, for the calling user. Never throws. */
  async canEditComponent(componentId: string): Promise<PermissionAnswer> {
    try {
      const data = await this.client.query<{
        compass?: { component?: QueryResult<ComponentPermissions> | null };
      }>('componentViewerPermissions', COMPONENT_VIEWER_PERMISSIONS_QUERY, { id: componentId });
      const component = resultOf('componentViewerPermissions', data?.compass?.component);
      if (!component) return { answered: false, reason: 'no-component' };
      const allowed = component.viewerPermissions?.edit?.allowed;
      return typeof allowed === 'boolean'
        ? { answered: true, allowed }
        : { answered: false, reason: 'field-absent' };
    } catch (error) {
      return { answered: false, reason: error instanceof CompassGatewayError ? error.kind : 'unexpected' };
    }
  }

  /** Display names in `users(accountIds)` requests of at most 90 ids; a request that fails names nobody. */
  async displayNames(accountIds: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const unique = [...new Set(accountIds.filter((id) => id !== ''))];
    for (let start = 0; start < unique.length; start += USERS_PER_REQUEST) {
      const accountIds = unique.slice(start, start + USERS_PER_REQUEST);
      try {
        const data = await this.client.query<{
          users?: ({ accountId?: string; name?: string } | null)[] | null;
        }>('usersByAccountIds', USERS_BY_ACCOUNT_IDS_QUERY, { accountIds });
        for (const user of data?.users ?? []) {
          if (user?.accountId && user.name) names.set(user.accountId, user.name);
        }
      } catch (error) {
        // No names from this request: the page says "an admin". One line, so a live site's refusal shows.
        // Only the kind: Compass's own words about accounts could quote their ids.
        const errorKind = error instanceof CompassGatewayError ? error.kind : 'unexpected';
        log.info('compass.names-unanswered', { accounts: accountIds.length, errorKind });
      }
    }
    return names;
  }
}
