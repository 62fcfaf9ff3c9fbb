// Hand-written documents for the owner mapping's team search: the site's organisation, then Atlassian teams by
// name. The SDK has neither. Shapes follow Atlassian's own gitlab-for-compass; team ids are used verbatim as a
// component's ownerId (their ARI form is UNVERIFIED on a live site, see the reference notes).

export const TENANT_CONTEXT_QUERY = `query BackstageForCompassTenant($cloudIds: [ID!]) {
  tenantContexts(cloudIds: $cloudIds) {
    cloudId
    orgId
  }
}`;

export const TEAM_SEARCH_QUERY = `query BackstageForCompassTeamSearch($organizationId: ID!, $siteId: String!, $filter: TeamSearchFilter, $first: Int, $after: String) {
  team {
    teamSearchV2(organizationId: $organizationId, siteId: $siteId, filter: $filter, first: $first, after: $after) @optIn(to: "Team-search-v2") {
      nodes {
        team {
          id
          displayName
          state
        }
        memberCount
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}`;
