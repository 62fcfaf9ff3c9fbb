// Cutting text to Compass's length limits, which count UTF-16 code units (JavaScript `length`, as the SDK does).

export interface CutText {
  text: string;
  /** Code units removed; 0 when the text already fitted. */
  removed: number;
}

/** Cuts `text` to at most `maxLength` code units without splitting a surrogate pair (which would leave invalid text). */
export function cutToLength(text: string, maxLength: number): CutText {
  if (text.length <= maxLength) return { text, removed: 0 };
  let end = maxLength;
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  const cut = text.slice(0, end);
  return { text: cut, removed: text.length - cut.length };
}

function isHighSurrogate(codeUnit: number): boolean {
  return codeUnit >= 0xd800 && codeUnit <= 0xdbff;
}
