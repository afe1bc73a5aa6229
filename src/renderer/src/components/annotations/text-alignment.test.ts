import { describe, expect, it } from 'vitest';
import { alignPieces, storedOffset, type PiecePosition } from './text-alignment';
import { offsetsToPieces, type MappedNode } from './text-map';

/**
 * pdf.js text items as its text layer draws them (one span each, a <br> after an item with
 * hasEOL) and the page text stored at import, built as core/documents/extract-text.ts builds it:
 * the items joined, a line break after each line, blanks before a line break dropped, trimmed.
 */
function pdfPage(items: readonly { str: string; hasEOL?: boolean }[]): { spans: string[]; stored: string } {
  const joined = items.map((item) => item.str + (item.hasEOL ? '\n' : '')).join('');
  return {
    spans: items.map((item) => item.str),
    stored: joined.replace(/[ \t\u00a0]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim(),
  };
}

/** The stored text a whole piece stands for. */
function storedSlice(stored: string, piece: string, position: PiecePosition | null): string | null {
  if (!position) return null;
  return stored.slice(storedOffset(position, 0), storedOffset(position, piece.length));
}

/** Text nodes as the mapping reads them (only their data). */
function mapped(pieces: readonly string[], positions: readonly (PiecePosition | null)[]): MappedNode[] {
  return pieces.flatMap((data, index) => {
    const position = positions[index];
    return position ? [{ node: { data } as Text, position }] : [];
  });
}

describe('alignPieces: text-layer spans onto a page’s extracted text', () => {
  const page = pdfPage([
    { str: '  Un exemple local  ', hasEOL: true },
    { str: 'La ressour' },
    { str: 'cerie du quartier' },
    { str: ' ' },
    { str: 'emploie douze salariés ', hasEOL: true },
    { str: 'en insertion.', hasEOL: true },
    { str: 'Elle collecte les objets.' },
  ]);

  it('finds every span where its words are, across dropped blanks and line breaks', () => {
    expect(page.stored).toBe('Un exemple local\nLa ressourcerie du quartier emploie douze salariés\nen insertion.\nElle collecte les objets.');
    const positions = alignPieces(page.spans, page.stored);
    expect(positions.every((position) => position !== null)).toBe(true);
    const slices = page.spans.map((span, index) => storedSlice(page.stored, span, positions[index] ?? null)?.trim());
    expect(slices).toEqual(page.spans.map((span) => span.trim()));
    // The blank ending a line stands for its line break: the next span starts right after it.
    const line = positions[4] as PiecePosition;
    expect(page.stored[storedOffset(line, 'emploie douze salariés'.length)]).toBe('\n');
    expect(storedOffset(positions[5] as PiecePosition, 0)).toBe(page.stored.indexOf('en insertion.'));
  });

  it('turns a selection over several spans into the passage of the stored text, and back into the same pieces', () => {
    const positions = alignPieces(page.spans, page.stored);
    // From « ressourcerie » (inside the 2nd span) to « salariés » (inside the 5th).
    const start = storedOffset(positions[1] as PiecePosition, 'La '.length);
    const end = storedOffset(positions[4] as PiecePosition, 'emploie douze salariés'.length);
    expect(page.stored.slice(start, end)).toBe('ressourcerie du quartier emploie douze salariés');

    const pieces = offsetsToPieces(mapped(page.spans, positions), start, end);
    expect(pieces.map((piece) => piece.node.data.slice(piece.from, piece.to)).join('')).toBe('ressourcerie du quartier emploie douze salariés');
  });

  it('does not jump ahead to a later copy of a span whose blank became a line break', () => {
    const repeated = pdfPage([
      { str: 'de la ', hasEOL: true },
      { str: 'de la ', hasEOL: true },
      { str: 'de la fin' },
    ]);
    const positions = alignPieces(repeated.spans, repeated.stored);
    expect(positions.map((position) => position?.start)).toEqual([0, 6, 12]);
  });

  it('leaves out a span the stored text does not hold, and aligns the next ones', () => {
    const positions = alignPieces(['Filigrane', 'Texte de la page', 'suite'], 'Texte de la page\nsuite');
    expect(positions[0]).toBeNull();
    expect(positions[1]).toEqual({ start: 0 });
    expect(positions[2]).toEqual({ start: 17 });
  });

  it('skips text the display adds between pieces (looked for further on)', () => {
    const positions = alignPieces(['Titre', 'fin'], 'Titre puis un passage caché, fin');
    expect(positions[1]).toEqual({ start: 29 });
  });

  it('matches a NUL dropped and a lone surrogate stored as U+FFFD, and characters outside the BMP', () => {
    const positions = alignPieces(['a\u0000b', 'x\uD800y', 'ESS 🌱 ok'], 'ab x\uFFFDy ESS 🌱 ok');
    expect(positions.map((position) => position?.start)).toEqual([0, 3, 7]);
    const astral = positions[2] as PiecePosition;
    expect(storedOffset(astral, 'ESS 🌱 ok'.length)).toBe('ab x\uFFFDy ESS 🌱 ok'.length);
  });

  it('aligns an HTML text node with its source indentation onto the extracted text', () => {
    const node = '\n    Emploi dans\n    l’économie sociale.\n  ';
    const stored = 'Étude CRESS\nEmploi dans l’économie sociale.';
    const [position] = alignPieces(['Étude CRESS', node], stored).slice(1);
    const pieces = offsetsToPieces(mapped([node], [position ?? null]), stored.indexOf('l’économie'), stored.length);
    expect(pieces.map((piece) => piece.node.data.slice(piece.from, piece.to)).join('')).toBe('l’économie sociale.');
  });
});
