/**
 * Where pieces of displayed text (the text nodes of a rendered fiche, of a PDF page's text layer)
 * lie in the stored text that annotation selectors point into. The two hold the same words in the
 * same order but may differ in white space: pdf.js draws each text item as its own span, while
 * the stored page text joins the items with a line break after each line and drops the blanks
 * before it (see core/documents/extract-text.ts); HTML keeps source indentation that the
 * extracted text does not.
 */

export interface PiecePosition {
  /** Offset of the piece's first character in the stored text. */
  start: number;
  /**
   * Offset of each character of the piece, and last where the piece ends (length + 1 entries).
   * Absent when the piece is an exact copy of the stored text from `start`.
   */
  offsets?: number[];
}

const isBlank = (c: string): boolean => /\s/.test(c) || c === '\u0000';
const isLoneSurrogate = (c: string): boolean => /[\uD800-\uDFFF]/.test(c);

/**
 * Walks the piece along the stored text from `from`: every visible character must be the next
 * visible one there (a lone surrogate stored as U+FFFD); white space may differ on either side (a
 * space for a line break, a blank dropped). Null when a visible character does not follow.
 */
function walk(piece: string, stored: string, from: number): number[] | null {
  const offsets: number[] = [];
  let at = from;
  for (const c of piece) {
    if (isBlank(c)) {
      if (at < stored.length && isBlank(stored[at] ?? '')) {
        offsets.push(at);
        at += 1;
      } else {
        // A blank the stored text does not have: placed on the character before, so that a
        // passage starting at the next word does not take it in.
        offsets.push(Math.max(from, at - 1));
      }
      continue;
    }
    while (at < stored.length && isBlank(stored[at] ?? '')) at += 1;
    if (stored.startsWith(c, at)) {
      // A character outside the BMP is two code units on both sides.
      for (let unit = 0; unit < c.length; unit += 1) offsets.push(at + unit);
      at += c.length;
    } else if (stored[at] === '\uFFFD' && isLoneSurrogate(c)) {
      offsets.push(at);
      at += 1;
    } else {
      return null;
    }
  }
  offsets.push(at);
  return offsets;
}

function isLinear(offsets: readonly number[]): boolean {
  return offsets.every((offset, index) => offset === (offsets[0] ?? 0) + index);
}

/**
 * The position of each piece in the stored text, read in order: each piece is first walked from
 * where the previous one ended, and otherwise looked for further on (text the display adds or
 * leaves out); a piece found nowhere is null, never guessed.
 */
export function alignPieces(pieces: readonly string[], stored: string): (PiecePosition | null)[] {
  let cursor = 0;
  return pieces.map((piece) => {
    const offsets = walk(piece, stored, cursor);
    if (offsets) {
      // Blanks at the piece's start sit where its first character is.
      const start = offsets[0] ?? cursor;
      cursor = offsets.at(-1) ?? cursor;
      return isLinear(offsets) ? { start } : { start, offsets };
    }
    const at = stored.indexOf(piece, cursor);
    if (at < 0) return null;
    cursor = at + piece.length;
    return { start: at };
  });
}

/** The stored-text offset of character `index` of a piece (index = its length: where it ends). */
export function storedOffset(position: PiecePosition, index: number): number {
  return position.offsets ? (position.offsets[index] ?? position.offsets.at(-1) ?? position.start) : position.start + index;
}
