// How much of an entity the panel keeps: the view is cached in one kvs value, and Forge refuses a value over
// 240 KiB (the whole answer for that component fails, for everyone). Long text is cut, long lists are capped, and
// what was cut is recorded so the page can say "Read more in Backstage" / "N more in Backstage". Pure.
import type {
  PanelAnnotations,
  PanelEntityLink,
  PanelEntityView,
  PanelLink,
  PanelProcessingError,
} from './panel-view';

/** The lists the panel caps; `more` counts what each left out. */
export type CappedPanelList =
  | 'tags'
  | 'links'
  | 'providesApis'
  | 'consumesApis'
  | 'providedBy'
  | 'consumedBy'
  | 'dependsOn'
  | 'dependents'
  | 'processingErrors';

/** The view as the panel stores and sends it. */
export interface BoundedPanelEntityView extends PanelEntityView {
  /** The description was cut; the whole text is on the entity's Backstage page. */
  descriptionTruncated?: true;
  /** How many items each capped list left out (only lists that were capped appear). */
  more?: Partial<Record<CappedPanelList, number>>;
}

export interface PanelViewBounds {
  descriptionChars: number;
  /** Titles: the entity's, related entities', links'. */
  titleChars: number;
  /** Short values: type, lifecycle, tags, annotation ids, a processing error's level and type. */
  shortTextChars: number;
  errorMessageChars: number;
  /** A longer URL is left out, not cut: a cut URL leads nowhere. */
  urlChars: number;
  tags: number;
  links: number;
  /** Per relation list (provides, consumes, provided by, consumed by, depends on, depended on by). */
  relatedPerList: number;
  processingErrors: number;
}

/**
 * Sized for a panel a person reads: 2,000 characters is a long paragraph; 25 related entities per list is more
 * than fits on screen. Worst case with every field at its bound is about 150 KB of ASCII; a usual entity is a
 * few KB. The byte guard below catches what characters alone cannot (escaped control characters, 4-byte UTF-8).
 */
export const PANEL_VIEW_BOUNDS: PanelViewBounds = {
  descriptionChars: 2000,
  titleChars: 200,
  shortTextChars: 100,
  errorMessageChars: 500,
  urlChars: 2048,
  tags: 20,
  links: 20,
  relatedPerList: 25,
  processingErrors: 10,
};

/** Second try when the first bounds still give too many bytes. */
const TIGHT_BOUNDS: PanelViewBounds = {
  descriptionChars: 500,
  titleChars: 80,
  shortTextChars: 40,
  errorMessageChars: 160,
  urlChars: 500,
  tags: 5,
  links: 5,
  relatedPerList: 5,
  processingErrors: 3,
};

/** The stored view's JSON stays under this: well under Forge's 240 KiB (245,760 bytes) per value. */
export const PANEL_VIEW_MAX_BYTES = 96 * 1024;

/** Bytes of the value as kvs stores it (JSON, UTF-8). */
export function jsonByteLength(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

/** The view bounded to PANEL_VIEW_BOUNDS, tighter if it is still over PANEL_VIEW_MAX_BYTES, else identity only. */
export function boundPanelEntityView(
  view: PanelEntityView,
  maxBytes: number = PANEL_VIEW_MAX_BYTES,
): BoundedPanelEntityView {
  for (const bounds of [PANEL_VIEW_BOUNDS, TIGHT_BOUNDS]) {
    const bounded = applyBounds(view, bounds);
    if (jsonByteLength(bounded) <= maxBytes) return bounded;
  }
  return identityOnly(view);
}

function applyBounds(view: PanelEntityView, bounds: PanelViewBounds): BoundedPanelEntityView {
  const more: Partial<Record<CappedPanelList, number>> = {};
  const cap = <T>(list: CappedPanelList, items: T[], max: number, shorten: (item: T) => T): T[] => {
    if (items.length > max) more[list] = (more[list] ?? 0) + items.length - max;
    return items.slice(0, max).map(shorten);
  };
  const related = (link: PanelEntityLink) => relatedLink(link, bounds);
  const links = view.links.filter((link) => link.url.length <= bounds.urlChars);
  if (links.length < view.links.length) more.links = view.links.length - links.length;
  const description =
    view.description === undefined ? undefined : cut(view.description, bounds.descriptionChars);
  const type = view.type === undefined ? undefined : cut(view.type, bounds.shortTextChars);
  const lifecycle = view.lifecycle === undefined ? undefined : cut(view.lifecycle, bounds.shortTextChars);
  const bounded: BoundedPanelEntityView = {
    ...view,
    title: cut(view.title, bounds.titleChars),
    ...(type !== undefined ? { type } : {}),
    ...(lifecycle !== undefined ? { lifecycle } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(view.owner ? { owner: { ...view.owner, ...relatedLink(view.owner, bounds) } } : {}),
    ...(view.system ? { system: related(view.system) } : {}),
    ...(view.domain ? { domain: related(view.domain) } : {}),
    tags: cap('tags', view.tags, bounds.tags, (tag) => cut(tag, bounds.shortTextChars)),
    links: cap('links', links, bounds.links, (link) => ({
      ...link,
      title: cut(link.title, bounds.titleChars),
    })),
    providesApis: cap('providesApis', view.providesApis, bounds.relatedPerList, related),
    consumesApis: cap('consumesApis', view.consumesApis, bounds.relatedPerList, related),
    ...(view.providedBy
      ? { providedBy: cap('providedBy', view.providedBy, bounds.relatedPerList, related) }
      : {}),
    ...(view.consumedBy
      ? { consumedBy: cap('consumedBy', view.consumedBy, bounds.relatedPerList, related) }
      : {}),
    dependsOn: cap('dependsOn', view.dependsOn, bounds.relatedPerList, related),
    dependents: cap('dependents', view.dependents, bounds.relatedPerList, related),
    annotations: boundedAnnotations(view.annotations, bounds),
    processingErrors: cap(
      'processingErrors',
      view.processingErrors,
      bounds.processingErrors,
      (error): PanelProcessingError => ({
        level: cut(error.level, bounds.shortTextChars),
        type: cut(error.type, bounds.shortTextChars),
        message: cut(error.message, bounds.errorMessageChars),
      }),
    ),
  };
  if (description !== undefined && description !== view.description) bounded.descriptionTruncated = true;
  if (Object.keys(more).length > 0) bounded.more = more;
  return bounded;
}

function relatedLink(link: PanelEntityLink, bounds: PanelViewBounds): PanelEntityLink {
  return { ...link, title: cut(link.title, bounds.titleChars), kind: cut(link.kind, bounds.shortTextChars) };
}

function boundedAnnotations(annotations: PanelAnnotations, bounds: PanelViewBounds): PanelAnnotations {
  const link = (value: PanelLink | undefined): PanelLink | undefined =>
    value && value.url.length <= bounds.urlChars
      ? { title: cut(value.title, bounds.titleChars), url: value.url }
      : undefined;
  const url = (value: string | undefined) =>
    value !== undefined && value.length <= bounds.urlChars ? value : undefined;
  const short = (value: string | undefined) =>
    value === undefined ? undefined : cut(value, bounds.shortTextChars);
  const sourceLocation = link(annotations.sourceLocation);
  const githubSlug = link(annotations.githubSlug);
  const serviceId = short(annotations.pagerDuty?.serviceId);
  const integrationKey = short(annotations.pagerDuty?.integrationKey);
  const serviceUrl = url(annotations.pagerDuty?.serviceUrl);
  const projectKey = short(annotations.sonarQube?.projectKey);
  const projectUrl = url(annotations.sonarQube?.projectUrl);
  return {
    ...(sourceLocation ? { sourceLocation } : {}),
    ...(githubSlug ? { githubSlug } : {}),
    ...(annotations.pagerDuty
      ? {
          pagerDuty: {
            ...(serviceId ? { serviceId } : {}),
            ...(integrationKey ? { integrationKey } : {}),
            ...(serviceUrl ? { serviceUrl } : {}),
          },
        }
      : {}),
    ...(projectKey ? { sonarQube: { projectKey, ...(projectUrl ? { projectUrl } : {}) } } : {}),
  };
}

/** Only what identifies the entity, every list counted in `more`: for views no bounds bring under the limit. */
function identityOnly(view: PanelEntityView): BoundedPanelEntityView {
  const more: Partial<Record<CappedPanelList, number>> = {};
  const lists: CappedPanelList[] = [
    'tags',
    'links',
    'providesApis',
    'consumesApis',
    'providedBy',
    'consumedBy',
    'dependsOn',
    'dependents',
    'processingErrors',
  ];
  for (const list of lists) if ((view[list]?.length ?? 0) > 0) more[list] = view[list]!.length;
  return {
    ref: view.ref,
    title: cut(view.title, 40),
    name: view.name,
    namespace: view.namespace,
    kind: cut(view.kind, 40),
    tags: [],
    links: [],
    providesApis: [],
    consumesApis: [],
    ...(view.providedBy ? { providedBy: [] } : {}),
    ...(view.consumedBy ? { consumedBy: [] } : {}),
    dependsOn: [],
    dependents: [],
    annotations: {},
    processingErrors: [],
    backstageUrl: view.backstageUrl,
    ...(view.description ? { descriptionTruncated: true as const } : {}),
    ...(Object.keys(more).length > 0 ? { more } : {}),
  };
}

/** At most `max` characters, ending in "…" when cut, never splitting a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
