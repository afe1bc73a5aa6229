/**
 * Maps the rendered fiche (DOM text nodes) onto the fiche's plain text, the text annotation
 * selectors point into. Both come from the same Markdown: walking the text nodes in order and
 * finding each one in the plain text from where the previous one ended gives their offsets.
 */

export interface MappedNode {
  node: Text;
  /** Offset of the node's first character in the plain text. */
  start: number;
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
  const map: MappedNode[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let cursor = 0;
  for (let current = walker.nextNode(); current; current = walker.nextNode()) {
    const node = current as Text;
    if (!isFicheText(node)) continue;
    const at = plainText.indexOf(node.data, cursor);
    // Text the plain text does not hold (it should not happen) is left unmapped, never guessed.
    if (at < 0) continue;
    map.push({ node, start: at });
    cursor = at + node.data.length;
  }
  return map;
}

/** Plain-text offset of a DOM boundary point, or null when it is outside the mapped text. */
function offsetOf(map: readonly MappedNode[], container: Node, offset: number, edge: 'start' | 'end'): number | null {
  if (container.nodeType === Node.TEXT_NODE) {
    const entry = map.find((m) => m.node === container);
    if (entry) return entry.start + Math.min(offset, entry.node.data.length);
  }
  // A boundary between elements: take the nearest mapped text after it (start) or before it (end).
  const boundary = document.createRange();
  boundary.setStart(container, offset);
  if (edge === 'start') {
    const next = map.find((m) => boundary.comparePoint(m.node, 0) >= 0);
    return next ? next.start : null;
  }
  const previous = [...map].reverse().find((m) => boundary.comparePoint(m.node, m.node.data.length) <= 0);
  return previous ? previous.start + previous.node.data.length : null;
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
  for (const { node, start: nodeStart } of map) {
    const nodeEnd = nodeStart + node.data.length;
    if (nodeEnd <= start || nodeStart >= end) continue;
    pieces.push({ node, from: Math.max(start, nodeStart) - nodeStart, to: Math.min(end, nodeEnd) - nodeStart });
  }
  return pieces;
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
