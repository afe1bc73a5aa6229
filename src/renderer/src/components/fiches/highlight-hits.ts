import { parseQuery } from '../../../../shared/search/query-parser';
import { createWordMatcher, matchRanges } from '../../../../shared/search/term-matcher';

/**
 * Wraps every word of the fiche that the search matched in <mark class="hit">, with the same
 * matcher the search service used for snippets; interface text (glossary tips) is skipped.
 * Returns how many words were marked.
 */
export function highlightHits(root: DocumentFragment, query: string): number {
  // The search is finished: its last word is a whole word, not a prefix.
  const matcher = createWordMatcher(parseQuery(`${query} `));
  if (!matcher.candidates) return 0;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const textNodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest('[data-kb-ui]')) textNodes.push(node as Text);
  }
  let count = 0;
  for (const node of textNodes) {
    const ranges = matchRanges(node.data, matcher);
    // From the end, so that earlier offsets stay valid while splitting.
    for (const range of ranges.reverse()) {
      const word = node.splitText(range.start);
      word.splitText(range.end - range.start);
      const mark = document.createElement('mark');
      mark.className = 'hit';
      word.replaceWith(mark);
      mark.append(word);
      count += 1;
    }
  }
  return count;
}
