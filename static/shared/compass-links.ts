// Links to Compass's own pages, for both pages: pass the builders the site from compassSiteUrl. On Forge that is
// the view context's siteUrl; the local sandbox, whose pages are served from loopback, serves the same paths
// itself, so there it is the page's own origin. The builders are the server's too (the mapping export): one rule,
// in src/core/compass-urls.ts.
import { LOOPBACK_HOSTS } from '../../src/core/compass-urls';

export { compassComponentUrl, compassTeamUrl } from '../../src/core/compass-urls';

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
