// What must change on an existing Compass component for it to match a draft. Pure: the importer uses it to
// write only what differs, so an unchanged entity costs no write at all.
import type { CompassComponentDraft, CompassLinkDraft } from './compass-component-draft';
import type { CompassComponentChanges, CompassComponentRecord } from './ports';

/** Scheme and host are case-insensitive and a trailing slash means nothing; the path's case does matter. */
export function normaliseLinkUrl(url: string): string {
  try {
    const parsed = new URL(url.trim());
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}${parsed.search}${parsed.hash}`;
  } catch {
    return url.trim().replace(/\/+$/, '');
  }
}

export function sameLink(a: CompassLinkDraft, b: CompassLinkDraft): boolean {
  return (
    a.type === b.type &&
    normaliseLinkUrl(a.url) === normaliseLinkUrl(b.url) &&
    (a.name ?? '') === (b.name ?? '')
  );
}

function sameLinkSet(current: CompassLinkDraft[], wanted: CompassLinkDraft[]): boolean {
  return (
    current.length === wanted.length &&
    wanted.every((w) => current.some((c) => sameLink(c, w))) &&
    current.every((c) => wanted.some((w) => sameLink(c, w)))
  );
}

function sameLabelSet(current: string[], wanted: string[]): boolean {
  const a = new Set(current);
  const b = new Set(wanted);
  return a.size === b.size && [...b].every((label) => a.has(label));
}

/** A component field a sync writes on update. */
export type ComponentField = keyof CompassComponentChanges;

/** Fields the organisation edits in Compass: a sync never updates them (a create still sets them). */
export type UnsyncedFields = ReadonlySet<ComponentField>;

export const NO_UNSYNCED_FIELDS: UnsyncedFields = new Set();

/**
 * The fields of `draft` that differ from `current`, but for the `unsynced` ones. A field the draft leaves empty
 * (no owner mapped, no lifecycle) is left as it is in Compass: someone may have set it there by hand.
 */
export function changesToMatchDraft(
  current: CompassComponentRecord,
  draft: CompassComponentDraft,
  unsynced: UnsyncedFields = NO_UNSYNCED_FIELDS,
): CompassComponentChanges {
  const changes: CompassComponentChanges = {};
  if (draft.name !== current.name) changes.name = draft.name;
  if ((draft.description ?? '') !== (current.description ?? ''))
    changes.description = draft.description ?? '';
  if (draft.typeId !== current.typeId) changes.typeId = draft.typeId;
  if (draft.lifecycle && draft.lifecycle !== current.lifecycle) changes.lifecycle = draft.lifecycle;
  if (draft.ownerId && draft.ownerId !== current.ownerId) changes.ownerId = draft.ownerId;
  if (!sameLabelSet(current.labels, draft.labels)) changes.labels = draft.labels;
  if (!sameLinkSet(current.links, draft.links)) changes.links = draft.links;
  for (const field of unsynced) delete changes[field];
  return changes;
}
