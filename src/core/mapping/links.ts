// Compass links from `metadata.links`, the source-location / project-slug / techdocs annotations, and a link back
// to the entity's page in Backstage.
import { ANNOTATION_SOURCE_LOCATION, type Entity } from '@backstage/catalog-model';
import {
  COMPASS_LIMITS,
  COMPASS_LINK_TYPES,
  type CompassLinkDraft,
  type CompassLinkType,
} from '../compass-component-draft';
import { annotation } from './entity-fields';
import { backstageEntityPageUrl, backstageTechDocsUrl, type EntityIdentity } from './entity-identity';
import { inferLinkType } from './link-type';
import { CONTROLS_REMOVED_FROM, removeTextControls } from './text-controls';
import { cutToLength } from './text-limits';
import type { WarningSink } from './warning-sink';
import { checkWebUrl } from './web-url';

// Plugin annotations: @backstage/catalog-model has no constants for them.
export const ANNOTATION_TECHDOCS_REF = 'backstage.io/techdocs-ref';
export const ANNOTATION_GITHUB_PROJECT_SLUG = 'github.com/project-slug';

export const BACKSTAGE_LINK_NAME = 'Backstage';
export const TECHDOCS_LINK_NAME = 'TechDocs';
export const REPOSITORY_LINK_NAME = 'Repository';

interface LinkCandidate {
  type: CompassLinkType;
  url: URL;
  name?: string;
}

/**
 * In priority order: the Backstage page link first (so the per-type cap can never drop it), then `metadata.links`
 * in the author's order, then the annotations. Duplicates keep the first: same normalised URL, or for repositories the
 * same repository (a branch root counts as the repository). Output is grouped by Compass link type (in
 * `COMPASS_LINK_TYPES` order), priority order within a type.
 */
export function mapLinks(
  entity: Entity,
  identity: EntityIdentity,
  webBaseUrl: string,
  warn: WarningSink,
): CompassLinkDraft[] {
  const candidates: LinkCandidate[] = [
    {
      type: 'OTHER_LINK',
      url: new URL(backstageEntityPageUrl(webBaseUrl, identity)),
      name: BACKSTAGE_LINK_NAME,
    },
    ...metadataLinks(entity, warn),
    ...sourceLocationLink(entity, warn),
  ];
  const slugLink = projectSlugLink(entity, warn);
  if (slugLink && !candidates.some((candidate) => isInsideRepository(candidate, slugLink.url))) {
    candidates.push(slugLink);
  }
  if (annotation(entity, ANNOTATION_TECHDOCS_REF) !== undefined) {
    candidates.push({
      type: 'DOCUMENT',
      url: new URL(backstageTechDocsUrl(webBaseUrl, identity)),
      name: TECHDOCS_LINK_NAME,
    });
  }

  const seen = new Set<string>();
  const byType = new Map<CompassLinkType, LinkCandidate[]>();
  for (const candidate of candidates) {
    const key =
      candidate.type === 'REPOSITORY' ? repositoryKey(candidate.url) : normalisedUrlKey(candidate.url);
    if (seen.has(key)) continue; // the same place twice: nothing is lost by keeping one
    seen.add(key);
    const ofType = byType.get(candidate.type) ?? [];
    ofType.push(candidate);
    byType.set(candidate.type, ofType);
  }

  const links: CompassLinkDraft[] = [];
  for (const type of COMPASS_LINK_TYPES) {
    const ofType = byType.get(type) ?? [];
    const max = COMPASS_LIMITS.linksPerType;
    if (ofType.length > max) {
      const dropped = ofType.slice(max).map((candidate) => `"${candidate.url.href}"`);
      warn(
        'links-over-limit',
        `${ofType.length} ${type} links but Compass keeps ${max}; dropped ${dropped.join(', ')}`,
      );
    }
    for (const candidate of ofType.slice(0, max)) links.push(toDraft(candidate, warn));
  }
  return links;
}

function toDraft({ type, url, name }: LinkCandidate, warn: WarningSink): CompassLinkDraft {
  if (name === undefined) return { type, url: url.href };
  const cut = cutToLength(name, COMPASS_LIMITS.linkNameMaxLength);
  if (cut.removed > 0) {
    warn(
      'link-name-truncated',
      `name of link "${url.href}" cut to ${COMPASS_LIMITS.linkNameMaxLength} characters (${cut.removed} removed)`,
    );
  }
  return { type, url: url.href, name: cut.text };
}

function metadataLinks(entity: Entity, warn: WarningSink): LinkCandidate[] {
  const links: unknown = entity.metadata.links;
  if (!Array.isArray(links)) return [];
  const candidates: LinkCandidate[] = [];
  let controlsRemoved = false;
  links.forEach((link: unknown, index) => {
    const origin = `metadata.links[${index}]`;
    const fields = (link && typeof link === 'object' ? link : {}) as Record<string, unknown>;
    const rawTitle = optionalText(fields.title);
    const cleaned = rawTitle === undefined ? undefined : removeTextControls(rawTitle, 'single-line');
    controlsRemoved ||= cleaned?.removed === true;
    const title = optionalText(cleaned?.text);
    const url = parseHttpUrl(fields.url, origin, warn, title);
    if (!url) return;
    const type = inferLinkType({
      url,
      type: optionalText(fields.type),
      icon: optionalText(fields.icon),
      title,
    });
    candidates.push({ type, url, name: title });
  });
  // One warning for the field, however many links had them.
  if (controlsRemoved) warn('text-controls-removed', `${CONTROLS_REMOVED_FROM} the link names`);
  return candidates;
}

/** `url:<http(s) URL>` is a link; other location types (`file:`, …) point at no web page. */
function sourceLocationLink(entity: Entity, warn: WarningSink): LinkCandidate[] {
  const location = annotation(entity, ANNOTATION_SOURCE_LOCATION);
  if (location === undefined) return [];
  const origin = `annotation ${ANNOTATION_SOURCE_LOCATION}`;
  const target = location.startsWith('url:') ? location.slice('url:'.length) : location;
  const url = parseHttpUrl(target, origin, warn);
  return url ? [{ type: 'REPOSITORY', url, name: REPOSITORY_LINK_NAME }] : [];
}

function projectSlugLink(entity: Entity, warn: WarningSink): LinkCandidate | undefined {
  const slug = annotation(entity, ANNOTATION_GITHUB_PROJECT_SLUG);
  if (slug === undefined) return undefined;
  const origin = `annotation ${ANNOTATION_GITHUB_PROJECT_SLUG}`;
  const url = githubProjectUrl(slug);
  if (url === undefined) {
    warn('link-invalid-url', `${origin} "${slug}" is not an <owner>/<repository> slug; no link`);
    return undefined;
  }
  return { type: 'REPOSITORY', url: new URL(url), name: REPOSITORY_LINK_NAME };
}

/**
 * `https://github.com/<owner>/<repository>` for a `github.com/project-slug`, or undefined when the slug is not exactly
 * two names (a `.` or `..` segment would point elsewhere on GitHub). The importer and the panel both link through it.
 */
export function githubProjectUrl(slug: string): string | undefined {
  const parts = slug.trim().split('/');
  const valid =
    parts.length === 2 &&
    parts.every((part) => /^[A-Za-z0-9_.-]+$/.test(part) && part !== '.' && part !== '..');
  return valid ? `https://github.com/${parts.join('/')}` : undefined;
}

/** The slug link adds nothing when a repository link already points into that repository (e.g. source-location). */
function isInsideRepository(candidate: LinkCandidate, repository: URL): boolean {
  if (candidate.type !== 'REPOSITORY') return false;
  const repositoryPath = normalisedUrlKey(repository).toLowerCase();
  const candidatePath = normalisedUrlKey(candidate.url).toLowerCase();
  return candidatePath === repositoryPath || candidatePath.startsWith(`${repositoryPath}/`);
}

/** `title` only names the link in the credentials warning, which must not quote the URL. */
function parseHttpUrl(raw: unknown, origin: string, warn: WarningSink, title?: string): URL | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') {
    warn('link-invalid-url', `${origin} has no URL; dropped`);
    return undefined;
  }
  const checked = checkWebUrl(raw);
  if (checked.ok) return checked.url;
  // Anything with an `@` may hold `user:password@` the URL parser did not see as such (`deploy:token@host` parses
  // as scheme `deploy:`): quote only the scheme then.
  const scheme = checked.url ? ` (a ${checked.url.protocol} URL)` : '';
  const quoted = raw.includes('@') ? scheme : ` "${raw}"`;
  switch (checked.problem) {
    case 'has-credentials': {
      const named = title === undefined ? '' : ` "${title}"`;
      const host = checked.url?.host ? ` (${checked.url.host})` : '';
      warn(
        'link-has-credentials',
        `${origin}${named}${host} has a user name or password in its URL; dropped so they are not copied to Compass`,
      );
      return undefined;
    }
    case 'not-a-url':
      warn('link-invalid-url', `${origin}${quoted} is not a URL; dropped`);
      return undefined;
    case 'not-http':
      warn('link-invalid-url', `${origin}${quoted} is not an http(s) URL; dropped`);
      return undefined;
  }
}

/** Same place, written differently: scheme, host case, default port, trailing slashes and `.git` do not count. */
export function normalisedUrlKey(url: URL): string {
  const path = url.pathname.replace(/\/+$/, '').replace(/\.git$/, '');
  return `${url.host}${path}${url.search}${url.hash}`;
}

/**
 * A repository link and a link to the root of one of its branches (`/tree/main/`, GitLab's `/-/tree/main`,
 * Bitbucket's `/src/main`, as `backstage.io/source-location` usually reads) are the same place; a sub-folder is not.
 */
export function repositoryKey(url: URL): string {
  return normalisedUrlKey(url).replace(/\/(?:-\/)?(?:tree|src)\/[^/]+$/, '');
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
