import { alignPieces, storedOffset, type PiecePosition } from './text-alignment';

/**
 * Maps rendered text (DOM text nodes: a fiche, a library document, a PDF page's text layer) onto
 * the plain text that annotation selectors point into. Both hold the same words in the same
 * order: walking the text nodes and aligning each with the plain text from where the previous one
 * ended gives their offsets (see text-alignment.ts for the white space they may differ in).
 */

export interface MappedNode {
  node: Text;
  /** Where the node's characters are in the plain text. */
  position: PiecePosition;
}

export interface TextPiece {
  node: Text;
  from: number;
  to: number;
}

/** Nodes that are interface, not fiche text (glossary tips) are marked with data-kb-ui. */
function isFicheText(node: Text): boolean {
  return node.data.trim().length > 0 && !node.parentElement?.closest('[data-kb-ui]');
}

export function buildTextMap(root: Node, plainText: string): MappedNode[] {
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let current = walker.nextNode(); current; current = walker.nextNode()) {
    if (isFicheText(current as Text)) nodes.push(current as Text);
  }
  const positions = alignPieces(nodes.map((node) => node.data), plainText);
  // Text the plain text does not hold (it should not happen) is left unmapped, never guessed.
  return nodes.flatMap((node, index) => {
    const position = positions[index];
    return position ? [{ node, position }] : [];
  });
}

const startOf = (entry: MappedNode): number => entry.position.start;
const endOf = (entry: MappedNode): number => storedOffset(entry.position, entry.node.data.length);

/** Plain-text offset of a DOM boundary point, or null when it is outside the mapped text. */
function offsetOf(map: readonly MappedNode[], container: Node, offset: number, edge: 'start' | 'end'): number | null {
  if (container.nodeType === Node.TEXT_NODE) {
    const entry = map.find((m) => m.node === container);
    if (entry) return storedOffset(entry.position, Math.min(offset, entry.node.data.length));
  }
  // A boundary between elements: take the nearest mapped text after it (start) or before it (end).
  const boundary = document.createRange();
  boundary.setStart(container, offset);
  if (edge === 'start') {
    const next = map.find((m) => boundary.comparePoint(m.node, 0) >= 0);
    return next ? startOf(next) : null;
  }
  const previous = [...map].reverse().find((m) => boundary.comparePoint(m.node, m.node.data.length) <= 0);
  return previous ? endOf(previous) : null;
}

/** The plain-text span a DOM selection covers, trimmed of surrounding white space. */
export function rangeToOffsets(map: readonly MappedNode[], range: Range, plainText: string): { start: number; end: number } | null {
  let start = offsetOf(map, range.startContainer, range.startOffset, 'start');
  let end = offsetOf(map, range.endContainer, range.endOffset, 'end');
  if (start === null || end === null) return null;
  while (start < end && /\s/.test(plainText[start] ?? '')) start += 1;
  while (end > start && /\s/.test(plainText[end - 1] ?? '')) end -= 1;
  return end > start ? { start, end } : null;
}

/** The pieces of text nodes that hold the plain-text span [start, end). */
export function offsetsToPieces(map: readonly MappedNode[], start: number, end: number): TextPiece[] {
  const pieces: TextPiece[] = [];
  for (const entry of map) {
    if (endOf(entry) <= start || startOf(entry) >= end) continue;
    const length = entry.node.data.length;
    let from = 0;
    while (from < length && storedOffset(entry.position, from) < start) from += 1;
    let to = length;
    while (to > from && storedOffset(entry.position, to - 1) >= end) to -= 1;
    if (to > from) pieces.push({ node: entry.node, from, to });
  }
  // Blanks the plain text does not hold (HTML indentation) are left out at the passage's edges.
  const first = pieces[0];
  while (first && first.from < first.to && /\s/.test(first.node.data[first.from] ?? '')) first.from += 1;
  const last = pieces.at(-1);
  while (last && last.to > last.from && /\s/.test(last.node.data[last.to - 1] ?? '')) last.to -= 1;
  return pieces.filter((piece) => piece.to > piece.from);
}

/** Wraps each piece in an element made by `make`, last piece first so earlier offsets stay valid. */
export function wrapPieces(pieces: readonly TextPiece[], make: () => HTMLElement): HTMLElement[] {
  const wrappers: HTMLElement[] = [];
  for (const piece of [...pieces].reverse()) {
    let target = piece.node;
    if (piece.to < target.data.length) target.splitText(piece.to);
    if (piece.from > 0) target = target.splitText(piece.from);
    const wrapper = make();
    target.replaceWith(wrapper);
    wrapper.append(target);
    wrappers.unshift(wrapper);
  }
  return wrappers;
}
