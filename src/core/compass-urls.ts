// The one rule for links to Compass's own pages, shared by the pages (static/shared/compass-links.ts re-exports
// it) and the server (the mapping export). The path forms are UNVERIFIED on a live site: they follow Compass's
// public URLs as seen in Atlassian's documentation screenshots.

/** Hosts of the local sandbox, which serves Compass's paths itself over http. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * A site address a page may send: its origin, when it is https (a Compass site) or http on loopback (the local
 * sandbox serves Compass's paths itself). Anything else (a path, credentials, another scheme) is not a site.
 */
export function siteOrigin(siteUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(siteUrl);
  } catch {
    return undefined;
  }
  const secure =
    url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname));
  const bare = url.username === '' && url.password === '' && url.search === '' && url.hash === '';
  return secure && bare && /^\/*$/.test(url.pathname) ? url.origin : undefined;
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
