// How the panel words and colours what the resolver sends: pure, so it is tested without a browser.
import type { PanelState } from '../../../src/panel/component-panel';
import type {
  BoundedPanelEntityView as PanelEntityView,
  CappedPanelList,
} from '../../../src/panel/panel-view-bounds';

export type { PanelState, PanelEntityView, CappedPanelList };
export type { PanelEntityLink, PanelLink } from '../../../src/panel/panel-view';
export type { SearchResult } from '../../../src/panel/component-panel';

export type LozengeAppearance = 'default' | 'success' | 'removed' | 'inprogress' | 'new' | 'moved';

/** Backstage's usual lifecycles as Compass shows them: production green, experimental new, deprecated moved. */
export function lifecycleAppearance(lifecycle: string | undefined): LozengeAppearance {
  switch (lifecycle?.toLowerCase()) {
    case 'production':
      return 'success';
    case 'experimental':
      return 'new';
    case 'deprecated':
      return 'moved';
    default:
      return 'default';
  }
}

/** "just now", "5 minutes ago", "2 hours ago", else the date: how old the shown data is. */
export function ageOf(asOf: string, now: Date): string {
  const ms = now.getTime() - Date.parse(asOf);
  if (Number.isNaN(ms)) return asOf;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.floor(hours / 24);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/**
 * A Compass component's page. The component id is an ARI `ari:cloud:compass:<cloud>:component/<workspace>/<id>`;
 * Compass's page path `/compass/component/<id>` is UNVERIFIED. The local sandbox serves `/components/<ari>`.
 */
export function compassComponentHref(siteUrl: string | undefined, componentId: string): string {
  if (!siteUrl) return `/components/${encodeURIComponent(componentId)}`;
  const id = componentId.split('/').pop() ?? componentId;
  return `${siteUrl.replace(/\/+$/, '')}/compass/component/${encodeURIComponent(id)}`;
}

/** An Atlassian team's page on the site (path UNVERIFIED); the team id may be an ARI or a bare id. */
export function teamHref(siteUrl: string | undefined, teamId: string): string | undefined {
  if (!siteUrl) return undefined;
  const id = teamId.split('/').pop() ?? teamId;
  return `${siteUrl.replace(/\/+$/, '')}/compass/people/team/${encodeURIComponent(id)}`;
}

/** "Component · service", "API · openapi": the entity's kind and type in one line. */
export function kindAndType(entity: Pick<PanelEntityView, 'kind' | 'type'>): string {
  return entity.type ? `${entity.kind} · ${entity.type}` : entity.kind;
}

/** "3 more in Backstage": what a capped list left out; undefined when it left nothing out. */
export function moreInBackstage(
  entity: Pick<PanelEntityView, 'more'>,
  list: CappedPanelList,
): string | undefined {
  const count = entity.more?.[list];
  return count ? `${count.toLocaleString('en')} more in Backstage` : undefined;
}

export type PanelMetric = NonNullable<Extract<PanelState, { state: 'ready' }>['metrics']>[number];

const METRIC_NAME_PREFIX = 'Backstage: ';

/** A metric's name under the panel's "Backstage" heading: without the `Backstage: ` every app metric starts with. */
export function panelMetricName(name: string): string {
  return name.startsWith(METRIC_NAME_PREFIX) ? name.slice(METRIC_NAME_PREFIX.length) : name;
}

/** A pushed value with its unit in words: a 0/1 metric reads "Yes" or "No", a share "80 percent", days "3 days". */
export function metricValueInWords({ value, unit }: Pick<PanelMetric, 'value' | 'unit'>): string {
  const number = value.toLocaleString('en');
  switch (unit) {
    case '0/1':
      return value === 1 ? 'Yes' : value === 0 ? 'No' : number;
    case '%':
      return `${number} percent`;
    case 'days':
      return `${number} day${value === 1 ? '' : 's'}`;
    case 'count':
    case '':
      return number;
    default:
      return `${number} ${unit}`;
  }
}
