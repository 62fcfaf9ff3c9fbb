// Invisible characters that have no place in names and labels: bidi controls (U+202E can make "gnp.exe" read as
// "exe.png") and C0/C1 control codes. Removed from everything the importer writes as text and the panel shows.

// U+200E/U+200F marks, U+061C Arabic letter mark, U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates.
const BIDI_CONTROLS = '\\u200E\\u200F\\u061C\\u202A-\\u202E\\u2066-\\u2069';
// C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F).
const CONTROL_CODES = '\\u0000-\\u001F\\u007F-\\u009F';
const INVISIBLE = new RegExp(`[${CONTROL_CODES}${BIDI_CONTROLS}]`, 'g');
/** Control codes that separate words: in a single line they become a space rather than join two words. */
const SEPARATORS = /[\t\n\v\f\r\u0085]/g;

/** The start of every `text-controls-removed` message; the field follows. */
export const CONTROLS_REMOVED_FROM = 'invisible bidi or control characters removed from';

export type TextShape = 'single-line' | 'multi-line';

export interface TextWithoutControls {
  text: string;
  /** True when something was removed or replaced (a multi-line text's \r\n read as \n does not count). */
  removed: boolean;
}

/** Multi-line text (a description) keeps its line breaks and tabs; a single line keeps neither. */
export function removeTextControls(raw: string, shape: TextShape): TextWithoutControls {
  let text = raw;
  if (shape === 'multi-line') {
    text = text.replace(/\r\n?/g, '\n');
    const kept = text.replace(INVISIBLE, (character) =>
      character === '\n' || character === '\t' ? character : '',
    );
    return { text: kept, removed: kept !== text };
  }
  text = text.replace(SEPARATORS, ' ').replace(INVISIBLE, '');
  return { text, removed: text !== raw };
}
