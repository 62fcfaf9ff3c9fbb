// Compass labels from `metadata.tags` and `spec.system`.
//
// Compass (per its SDK validator) rejects labels with upper-case letters or whitespace, or longer than 40 characters.
// We keep a conservative ASCII set that also covers everything a Backstage tag or entity name may contain:
// a-z, 0-9 and - _ . : + # ("c++" and "c#" stay distinct). Accents are stripped (é → e); anything else is dropped.
import { parseEntityRef, type Entity } from '@backstage/catalog-model';
import { COMPASS_LIMITS } from '../compass-component-draft';
import { specString } from './entity-fields';
import { CONTROLS_REMOVED_FROM, removeTextControls } from './text-controls';
import { cutToLength } from './text-limits';
import type { WarningSink } from './warning-sink';

const CHARACTERS_NOT_IN_LABELS = /[^a-z0-9\-_.:+#]/g;
const COMBINING_MARKS = /\p{M}/gu;

export interface NormalisedLabel {
  /** Empty when nothing valid was left. */
  label: string;
  /** True when characters other than case and whitespace had to go (not counting the length cut). */
  charactersDropped: boolean;
  /** Code units cut to fit the length limit. */
  removedByCut: number;
}

/** Lower-case, whitespace runs → one hyphen, invalid characters dropped, hyphens collapsed and trimmed, ≤ 40. */
export function normaliseLabel(raw: string): NormalisedLabel {
  const hyphenated = raw.trim().toLowerCase().replace(/\s+/g, '-');
  const lossless = tidyHyphens(hyphenated);
  const cleaned = tidyHyphens(
    hyphenated.normalize('NFKD').replace(COMBINING_MARKS, '').replace(CHARACTERS_NOT_IN_LABELS, ''),
  );
  const cut = cutToLength(cleaned, COMPASS_LIMITS.labelMaxLength);
  // A cut can leave a trailing hyphen ("abc-" from "abc-def"): trim it, it carries nothing.
  const label = tidyHyphens(cut.text);
  return { label, charactersDropped: cleaned !== lossless, removedByCut: cleaned.length - label.length };
}

function tidyHyphens(text: string): string {
  return text.replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
}

interface LabelCandidate {
  label: string;
  /** What the author wrote, for messages and to tell a true duplicate from two values that collapsed together. */
  source: string;
}

/**
 * Tags in the author's order, then `system-<name>`; at most 10 kept (the first ones), returned sorted so that
 * re-ordering tags in Backstage does not count as a change.
 */
export function mapLabels(entity: Entity, entityNamespace: string, warn: WarningSink): string[] {
  const candidates: LabelCandidate[] = [];
  let controlsRemoved = false;
  const withoutControls = (raw: string): string => {
    const cleaned = removeTextControls(raw, 'single-line');
    controlsRemoved ||= cleaned.removed;
    return cleaned.text;
  };
  for (const tag of tagsOf(entity, warn).map(withoutControls)) {
    const label = normaliseWithWarnings(tag, `tag "${tag}"`, warn);
    if (label !== undefined) candidates.push({ label, source: tag.toLowerCase() });
  }
  const rawSystem = specString(entity, 'system');
  const system = rawSystem === undefined ? undefined : withoutControls(rawSystem);
  if (system !== undefined) {
    const systemLabel = systemLabelSource(system, entityNamespace, warn);
    if (systemLabel !== undefined) {
      const label = normaliseWithWarnings(systemLabel, `system label "${systemLabel}"`, warn);
      if (label !== undefined) candidates.push({ label, source: systemLabel.toLowerCase() });
    }
  }

  // One warning for the field, however many tags had them.
  if (controlsRemoved) warn('text-controls-removed', `${CONTROLS_REMOVED_FROM} the labels`);

  const kept = new Map<string, string>(); // label → source
  for (const { label, source } of candidates) {
    const earlierSource = kept.get(label);
    if (earlierSource === undefined) {
      kept.set(label, source);
    } else if (earlierSource !== source) {
      warn('label-dropped', `"${source}" and "${earlierSource}" both become label "${label}"; kept once`);
    }
  }

  const labels = [...kept.keys()];
  const max = COMPASS_LIMITS.labelsPerComponent;
  if (labels.length > max) {
    const dropped = labels.slice(max);
    warn(
      'labels-over-limit',
      `${labels.length} labels but Compass keeps ${max}; dropped ${dropped.map((label) => `"${label}"`).join(', ')}`,
    );
  }
  return labels.slice(0, max).sort();
}

function tagsOf(entity: Entity, warn: WarningSink): string[] {
  const tags: unknown = entity.metadata.tags;
  if (!Array.isArray(tags)) return [];
  return tags.filter((tag, index): tag is string => {
    if (typeof tag === 'string') return true;
    warn('label-dropped', `metadata.tags[${index}] is not a string (${JSON.stringify(tag)}); dropped`);
    return false;
  });
}

/** `system-<name>` from a short or full system ref; the namespace is left out, as in the default rule. */
function systemLabelSource(system: string, entityNamespace: string, warn: WarningSink): string | undefined {
  try {
    const { name } = parseEntityRef(system, { defaultKind: 'system', defaultNamespace: entityNamespace });
    return `system-${name}`;
  } catch {
    warn('label-dropped', `spec.system "${system}" is not a valid entity ref; no system label`);
    return undefined;
  }
}

function normaliseWithWarnings(raw: string, what: string, warn: WarningSink): string | undefined {
  const { label, charactersDropped, removedByCut } = normaliseLabel(raw);
  if (label === '') {
    warn('label-dropped', `${what} has no character Compass labels allow (a-z 0-9 - _ . : + #); dropped`);
    return undefined;
  }
  if (charactersDropped) {
    warn(
      'label-normalised',
      `${what} became "${label}": characters Compass labels do not allow were dropped`,
    );
  }
  if (removedByCut > 0) {
    warn(
      'label-truncated',
      `${what} became "${label}": cut to ${COMPASS_LIMITS.labelMaxLength} characters (${removedByCut} removed)`,
    );
  }
  return label;
}
