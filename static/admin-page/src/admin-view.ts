// How the admin page's data reads: lozenges for preview statuses, plan actions and outcomes, and the
// wording of a connection test. Pure, tested without a browser.
import { backstageAddress } from '../../../src/connection/backstage-address';
import { failureTitle, fieldLabel, outcomeTitle, warningTitle } from '../../shared/plain-words';
import type {
  ConnectionTestResult,
  EntityOutcome,
  EntityResult,
  PlanItem,
  PreviewRow,
} from './admin-operations';
import type { LozengeAppearance as StatusAppearance, LozengeLook as StatusLook } from './import-status-view';

export type LozengeAppearance = StatusAppearance | 'new';
export type LozengeLook = StatusLook<LozengeAppearance>;

export const PREVIEW_STATUS_LOZENGES: Record<PreviewRow['status'], LozengeLook> = {
  new: { label: 'new', appearance: 'new' },
  changed: { label: 'changed', appearance: 'inprogress' },
  unchanged: { label: 'unchanged', appearance: 'default' },
  linked: { label: 'already linked', appearance: 'success' },
  skipped: { label: 'skipped', appearance: 'moved' },
  'not-imported': { label: 'not imported', appearance: 'default' },
};

export const PLAN_ACTION_LOZENGES: Record<PlanItem['action'], LozengeLook> = {
  create: { label: 'create', appearance: 'success' },
  update: { label: 'update', appearance: 'inprogress' },
  unchanged: { label: 'unchanged', appearance: 'default' },
  skipped: { label: 'skipped', appearance: 'moved' },
};

const OUTCOME_APPEARANCES: Record<EntityOutcome, LozengeAppearance> = {
  created: 'success',
  updated: 'inprogress',
  unchanged: 'default',
  skipped: 'moved',
  failed: 'removed',
  orphaned: 'moved',
  marked: 'moved',
  deleted: 'removed',
};

/** Each outcome's lozenge, titled by the pages' one wording (plain-words: "No longer in Backstage"). */
export const OUTCOME_LOZENGES = Object.fromEntries(
  Object.entries(OUTCOME_APPEARANCES).map(([outcome, appearance]) => [
    outcome,
    { label: outcomeTitle(outcome), appearance },
  ]),
) as Record<EntityOutcome, LozengeLook>;

/** A dry-run row's details in words: why it is skipped, what changes, whether it is adopted, its warnings' titles. */
export function planItemDetails(
  item: Pick<PlanItem, 'reason' | 'changedFields' | 'linked' | 'warnings'>,
): string[] {
  return [
    ...(item.reason ? [item.reason] : []),
    ...(item.changedFields?.length ? [`Changes ${item.changedFields.map(fieldLabel).join(', ')}`] : []),
    ...(item.linked ? ['Already in Compass: linked, not duplicated'] : []),
    ...item.warnings.map(warningTitle),
  ];
}

/**
 * Why an entity failed, in words: its kind's title, and the detail without the Compass operation's name the gateway
 * puts first ("createComponent: …") and with no ARI (Compass names the component an alias already points at by one).
 */
export function resultFailure(error: NonNullable<EntityResult['error']>): { title: string; detail?: string } {
  const detail = error.message
    .replace(/^[a-z][A-Za-z]*: /, '')
    .replace(/ari:cloud:[^\s"',;)]+/g, 'a Compass component')
    .trim();
  return detail ? { title: failureTitle(error.kind), detail } : { title: failureTitle(error.kind) };
}

/** Warning totals in words, most frequent first: [["Owner not mapped to a team", 7], …]. */
export function warningTotals(warningsByCode: Record<string, number>): [title: string, count: number][] {
  return Object.entries(warningsByCode)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([code, count]) => [warningTitle(code), count]);
}

/** "56 entities: 18 Component, 5 API, …", largest kinds first. */
export function connectionTestSummary(result: Extract<ConnectionTestResult, { ok: true }>): string {
  const kinds = Object.entries(result.countsByKind)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([kind, count]) => `${count.toLocaleString('en')} ${kind}`);
  const total = `${result.totalEntities.toLocaleString('en')} ${result.totalEntities === 1 ? 'entity' : 'entities'}`;
  return kinds.length > 0 ? `${total}: ${kinds.join(', ')}` : total;
}

/** "Payments-Team" for `group:default/payments-team` when the catalog gave no title. */
export function ownerLabel(owner: { ownerRef: string; title?: string }): string {
  return owner.title ?? owner.ownerRef.slice(owner.ownerRef.indexOf('/') + 1);
}

export function percent(score: number): string {
  return `${Math.round(score * 100)}%`;
}

/** `payments-team` for `group:default/payments-team` (the kind and namespace most owners have); else the ref. */
export function shortOwnerRef(ref: string): string {
  return ref.replace(/^group:default\//, '');
}

/**
 * Whether two backend URLs are the same address as the app compares them on save (host, port and path; a trailing
 * slash or `/api/catalog` makes no difference): a new address needs the token again. The server's own
 * `backstageAddress` decides; an unreadable URL counts as a new address.
 */
export function sameBackstageAddress(a: string, b: string): boolean {
  const first = backstageAddress(a);
  return first !== undefined && first === backstageAddress(b);
}
