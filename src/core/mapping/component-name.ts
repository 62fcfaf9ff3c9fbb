// The Compass name of an entity: `metadata.title` when set, else `metadata.name`, without invisible controls and cut
// to Compass's limit. One function, so the mapping and the same-name check compare exactly what Compass gets.
import { COMPASS_LIMITS } from '../compass-component-draft';
import { removeTextControls } from './text-controls';
import { cutToLength } from './text-limits';

export interface CompassName {
  name: string;
  /** Bidi or control characters were removed from the title (or name). */
  controlsRemoved: boolean;
  /** Nothing visible was left of the title, so the entity's name is used. */
  fellBackToName: boolean;
  /** Code units cut to fit the length limit. */
  removedByCut: number;
}

export function compassNameOf(title: string | undefined, name: string): CompassName {
  const trimmedTitle = title?.trim() || undefined;
  const cleaned = removeTextControls(trimmedTitle ?? name, 'single-line');
  const visible = cleaned.text.trim();
  const fellBackToName = visible === '' && trimmedTitle !== undefined;
  const cut = cutToLength(fellBackToName ? name : visible, COMPASS_LIMITS.nameMaxLength);
  return { name: cut.text, controlsRemoved: cleaned.removed, fellBackToName, removedByCut: cut.removed };
}
