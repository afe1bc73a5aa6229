import { parseQuery } from '../../../../shared/search/query-parser';
import { createWordMatcher, matchRanges } from '../../../../shared/search/term-matcher';

/** Elements whose text is one paragraph for the matcher: a phrase never runs from one into the next. */
const blockSelector = 'p, li, h1, h2, h3, h4, h5, h6, td, th, blockquote, pre, dt, dd, figcaption, caption';

/**
 * Wraps every passage of the fiche that the search matched in <mark class="hit">, with the
 * same matcher the search service used for snippets: a word, or a whole phrase. Interface text
 * (glossary tips) is skipped. A phrase crossing an element (a glossary term, bold text) takes
 * one mark per piece; the pieces of one occurrence share `data-hit`, its index.
 * Returns how many occurrences were marked.
 */
export function highlightHits(root: Node, query: string): number {
  // The search is finished: its last word is a whole word, not a prefix.
  const matcher = createWordMatcher(parseQuery(`${query} `));
  if (!matcher.candidates) return 0;
  // The fiche's text as one string, each text node at its offset, paragraphs apart, line breaks kept.
  const pieces: { node: Text; start: number }[] = [];
  let text = '';
  let block: Element | null = null;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node instanceof Element && node.hasAttribute('data-kb-ui') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!(node instanceof Text)) {
      if (node.nodeName === 'BR') text += '\n';
      continue;
    }
    const nodeBlock = node.parentElement?.closest(blockSelector) ?? null;
    if (pieces.length > 0 && nodeBlock !== block) text += '\n\n';
    block = nodeBlock;
    pieces.push({ node, start: text.length });
    text += node.data;
  }
  const ranges = matchRanges(text, matcher);
  // From the end, so that the offsets still to wrap stay valid while nodes are split.
  for (let hit = ranges.length - 1; hit >= 0; hit -= 1) {
    const range = ranges[hit];
    if (!range) continue;
    for (let p = pieces.length - 1; p >= 0; p -= 1) {
      const piece = pieces[p];
      if (!piece || piece.start >= range.end) continue;
      const pieceEnd = piece.start + piece.node.data.length;
      if (pieceEnd <= range.start) break;
      const from = Math.max(range.start, piece.start) - piece.start;
      const to = Math.min(range.end, pieceEnd) - piece.start;
      const part = piece.node.splitText(from);
      part.splitText(to - from);
      const mark = document.createElement('mark');
      mark.className = 'hit';
      mark.dataset.hit = String(hit);
      part.replaceWith(mark);
      mark.append(part);
    }
  }
  return ranges.length;
}
