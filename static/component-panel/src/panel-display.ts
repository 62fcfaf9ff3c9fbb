// How the panel words and colours what the resolver sends: pure, so it is tested without a browser.
import type { CompassLinkType } from '../../../src/core/compass-component-draft';
import { linkTypeTitle, sentenceCase } from '../../shared/plain-words';
import type { ResolverError } from '../../shared/resolver-call';
import type { PanelState } from '../../../src/panel/component-panel';
import type {
  BoundedPanelEntityView as PanelEntityView,
  CappedPanelList,
} from '../../../src/panel/panel-view-bounds';

export type { PanelState, PanelEntityView, CappedPanelList };
export type { PanelEntityLink, PanelEntityUrl, PanelLink } from '../../../src/panel/panel-view';
import type { PanelEntityLink, PanelEntityUrl } from '../../../src/panel/panel-view';
import { ALREADY_IN_COMPASS_MESSAGE, LINK_NOT_TAKEN_MESSAGE } from '../../../src/panel/panel-messages';
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

export type PanelChecks = NonNullable<Extract<PanelState, { state: 'ready' }>['checks']>;

/** A check's answer as a lozenge says it: passed green, failed red, no answer grey. */
export function checkOutcome(passed: boolean | null): { words: string; appearance: LozengeAppearance } {
  if (passed === true) return { words: 'Passed', appearance: 'success' };
  if (passed === false) return { words: 'Failed', appearance: 'removed' };
  return { words: 'No answer', appearance: 'default' };
}

/** "3 more checks are chosen": what the panel left out of a long choice; undefined when it left nothing out. */
export function moreChecks(checks: Pick<PanelChecks, 'more'>): string | undefined {
  const count = checks.more;
  if (!count) return undefined;
  return `${count.toLocaleString('en')} more chosen check${count === 1 ? ' is' : 's are'} not shown here.`;
}

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

/**
 * A system's or domain's name on the page: its Backstage title, else its name in sentence case
 * ("payment-processing" -> "Payment processing"), never its ref.
 */
export function entityTitle(link: Pick<PanelEntityLink, 'ref' | 'title'>): string {
  const name = link.ref.slice(link.ref.indexOf('/') + 1);
  return link.title === name ? sentenceCase(name) : link.title;
}

/** The order Compass lists its link types in; a type this list lacks comes last. */
const LINK_TYPE_ORDER: CompassLinkType[] = [
  'REPOSITORY',
  'DOCUMENT',
  'DASHBOARD',
  'ON_CALL',
  'CHAT_CHANNEL',
  'PROJECT',
  'OTHER_LINK',
];

export interface LinkGroup {
  title: string;
  links: { title: string; url: string }[];
}

/** The entity's links by Compass link type, each group titled ("Documentation", "On-call"); TechDocs is documentation. */
export function linkGroups(links: readonly PanelEntityUrl[], techDocsUrl?: string): LinkGroup[] {
  const typed: { type: CompassLinkType; title: string; url: string }[] = [
    ...(techDocsUrl ? [{ type: 'DOCUMENT' as const, title: 'TechDocs', url: techDocsUrl }] : []),
    ...links.map((link) => ({ type: link.type ?? 'OTHER_LINK', title: link.title, url: link.url })),
  ];
  const rank = (type: CompassLinkType) => {
    const index = LINK_TYPE_ORDER.indexOf(type);
    return index < 0 ? LINK_TYPE_ORDER.length : index;
  };
  const types = [...new Set(typed.map((link) => link.type))].sort((a, b) => rank(a) - rank(b));
  return types.map((type) => ({
    title: linkTypeTitle(type),
    links: typed.filter((link) => link.type === type).map(({ title, url }) => ({ title, url })),
  }));
}

/**
 * A failed link as the page says it: the app's words for what it knows, and never Compass's own text (which names
 * aliases and component ids), whatever a resolver answers.
 */
export function linkFailure(error: ResolverError): ResolverError {
  if (error.code === 'alias-conflict') return { ...error, message: ALREADY_IN_COMPASS_MESSAGE };
  if (/ari:|alias/i.test(error.message)) return { ...error, message: LINK_NOT_TAKEN_MESSAGE };
  return error;
}
