import { foldWord, stemWord } from './normalize';
import type { ParsedQuery } from './query-parser';

export interface TextRange {
  start: number;
  end: number;
}

/** Decides which words of a text a query looks for. */
export interface WordMatcher {
  /** The same folded word, the same French stem (plurals, inflections), or a word the unfinished last word begins. */
  test(word: string): boolean;
  /**
   * Finds candidate words quickly: those starting like one of the query's words, accents
   * and case ignored. Every match is then confirmed with `test`.
   */
  candidates: RegExp | null;
}

const accentClasses: Record<string, string> = {
  a: '[aàâäáãå]',
  c: '[cç]',
  e: '[eéèêë]',
  i: '[iîïíì]',
  n: '[nñ]',
  o: '[oôöóòõ]',
  u: '[uùûüú]',
  y: '[yÿý]',
};

/** A regex source matching `folded` as written with or without accents and ligatures. */
function accentInsensitive(folded: string): string {
  let source = '';
  for (let i = 0; i < folded.length; i += 1) {
    const pair = folded.slice(i, i + 2);
    if (pair === 'oe' || pair === 'ae') {
      source += pair === 'oe' ? '(?:oe|œ)' : '(?:ae|æ)';
      i += 1;
      continue;
    }
    const char = folded[i] ?? '';
    source += accentClasses[char] ?? char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return source;
}

export function createWordMatcher(query: ParsedQuery): WordMatcher {
  const exact = new Set<string>();
  const stems = new Set<string>();
  const prefixes: string[] = [];
  for (const clause of query.groups.flat()) {
    clause.words.forEach((word, index) => {
      if (clause.prefix && index === clause.words.length - 1) prefixes.push(word);
      else {
        exact.add(word);
        stems.add(stemWord(word));
      }
    });
  }
  // A stem is, in practice, the beginning of the words it comes from: three letters of it
  // are enough to find every candidate.
  const starts = new Set([...exact, ...stems, ...prefixes].map((w) => w.slice(0, 3)).filter((w) => w.length > 0));
  const candidates =
    starts.size === 0
      ? null
      : new RegExp(`(?<![\\p{L}\\p{N}])(?:${[...starts].map(accentInsensitive).join('|')})[\\p{L}\\p{N}]*`, 'giu');

  // Texts repeat their words: remember each verdict.
  const verdicts = new Map<string, boolean>();
  const test = (word: string): boolean => {
    let verdict = verdicts.get(word);
    if (verdict === undefined) {
      const folded = foldWord(word);
      verdict = exact.has(folded) || stems.has(stemWord(folded)) || prefixes.some((prefix) => folded.startsWith(prefix));
      verdicts.set(word, verdict);
    }
    return verdict;
  };
  return { test, candidates };
}

/** Ranges of the words of `text` that the query matches, in order. */
export function matchRanges(text: string, matcher: WordMatcher): TextRange[] {
  const ranges: TextRange[] = [];
  if (!matcher.candidates) return ranges;
  for (const match of text.matchAll(matcher.candidates)) {
    if (matcher.test(match[0])) ranges.push({ start: match.index, end: match.index + match[0].length });
  }
  return ranges;
}
