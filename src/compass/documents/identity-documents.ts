// Who the caller is to Compass: what it lets them do with a component, and the display names of accounts.
import { QUERY_ERROR_SELECTION } from './built-operation';

/**
 * The caller's permissions on one component (asked as the user, so Compass answers for them). EXPERIMENTAL in
 * AGG: `viewerPermissions` needs the compass-beta opt-in, sent here and in the client's header.
 */
export const COMPONENT_VIEWER_PERMISSIONS_QUERY = `query BackstageForCompassComponentViewerPermissions($id: ID!) {
  compass {
    component(id: $id) {
      __typename
      ... on CompassComponent {
        viewerPermissions @optIn(to: "compass-beta") {
          edit {
            allowed
            denialReasons
          }
        }
      }
      ${QUERY_ERROR_SELECTION}
    }
  }
}`;

/** Display names of up to USERS_PER_REQUEST accounts; Compass applies the caller's privacy controls. */
export const USERS_BY_ACCOUNT_IDS_QUERY = `query BackstageForCompassUsers($accountIds: [ID!]!) {
  users(accountIds: $accountIds) {
    accountId
    name
  }
}`;

/** AGG's documented maximum of account ids per `users` call. */
export const USERS_PER_REQUEST = 90;
