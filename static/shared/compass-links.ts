// The one builder of links to Compass's own pages, for both pages: pass the builders the site from
// compassSiteUrl. On Forge that is the view context's siteUrl; the local sandbox, whose pages are served from
// loopback, serves the same paths itself, so there it is the page's own origin. The path forms are UNVERIFIED on a live site: they follow
// Compass's public URLs as seen in Atlassian's documentation screenshots.

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The site the pages link to: the view context's siteUrl on Forge; the page's own origin in the local sandbox
 * (a page served from loopback), whose server answers Compass's paths.
 */
export function compassSiteUrl(
  contextSiteUrl: unknown,
  location: Pick<Location, 'hostname' | 'origin'> | undefined = globalThis.location,
): string | undefined {
  if (location && LOOPBACK_HOSTS.includes(location.hostname)) return location.origin;
  return typeof contextSiteUrl === 'string' && contextSiteUrl !== '' ? contextSiteUrl : undefined;
}

/** A component's page: `<site>/compass/component/<componentId>`, from the component's ARI. */
export function compassComponentUrl(siteUrl: string | undefined, componentAri: string): string | undefined {
  const componentId = /:component\/[^/]+\/([^/]+)$/.exec(componentAri)?.[1];
  if (!siteUrl || !componentId) return undefined;
  return `${siteUrl.replace(/\/+$/, '')}/compass/component/${encodeURIComponent(componentId)}`;
}

/** An Atlassian team's page: `<site>/compass/people/team/<teamId>`, from the team's ARI or bare id. */
export function compassTeamUrl(siteUrl: string | undefined, teamId: string): string | undefined {
  // `ari:cloud:identity::team/<id>`, or the bare id.
  const id = teamId.startsWith('ari:') ? /:team\/([^/]+)$/.exec(teamId)?.[1] : teamId;
  if (!siteUrl || !id) return undefined;
  return `${siteUrl.replace(/\/+$/, '')}/compass/people/team/${encodeURIComponent(id)}`;
}
