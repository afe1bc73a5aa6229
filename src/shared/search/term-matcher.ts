import { foldWord, stemWord } from './normalize';
import type { ParsedQuery } from './query-parser';

export interface TextRange {
  start: number;
  end: number;
}

/** Decides which passages of a text a query looks for: its words, and its phrases as a whole. */
export interface WordMatcher {
  /**
   * Finds candidate words quickly: those starting like a word of the query or the first word
   * of one of its phrases, accents and case ignored. Every candidate is then confirmed with `matchAt`.
   */
  candidates: RegExp | null;
  /**
   * Where the match beginning with the candidate `word`, found at `index` of `text`, ends; -1
   * when the query does not match there. A phrase matches only as a whole.
   */
  matchAt(text: string, index: number, word: string): number;
}

/** One word of a phrase: the same folded word, the same French stem, or (while typing) a word it begins. */
interface Term {
  folded: string;
  stem: string;
  prefix: boolean;
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

function termMatches(term: Term, word: string): boolean {
  const folded = foldWord(word);
  return term.prefix ? folded.startsWith(term.folded) : folded === term.folded || stemWord(folded) === term.stem;
}

/**
 * The separator and the word that follow `from`. The index reads a phrase's words across any
 * punctuation; the highlighter stops at a blank line, where a paragraph ends.
 */
const nextWord = /([^\p{L}\p{N}]*)([\p{L}\p{N}]+)/uy;

/** Where the rest of a phrase ends when its words follow position `from` of `text`, or -1. */
function phraseEnd(text: string, from: number, rest: readonly Term[]): number {
  let end = from;
  for (const term of rest) {
    nextWord.lastIndex = end;
    const found = nextWord.exec(text);
    if (!found || /\n\s*\n/.test(found[1] ?? '') || !termMatches(term, found[2] ?? '')) return -1;
    end = found.index + found[0].length;
  }
  return end;
}

export function createWordMatcher(query: ParsedQuery): WordMatcher {
  // Single words are pooled and each verdict remembered: texts repeat their words.
  const exact = new Set<string>();
  const stems = new Set<string>();
  const prefixes: string[] = [];
  const phrases: Term[][] = [];
  for (const clause of query.groups.flat()) {
    const terms = clause.words.map((folded, index) => ({
      folded,
      stem: stemWord(folded),
      prefix: clause.prefix && index === clause.words.length - 1,
    }));
    const [only] = terms;
    if (terms.length > 1) phrases.push(terms);
    else if (only?.prefix) prefixes.push(only.folded);
    else if (only) {
      exact.add(only.folded);
      stems.add(only.stem);
    }
  }
  // A stem is, in practice, the beginning of the words it comes from: three letters of it
  // are enough to find every candidate.
  const firstWords = [...exact, ...stems, ...prefixes, ...phrases.flatMap((terms) => (terms[0] ? [terms[0].folded, terms[0].stem] : []))];
  const starts = new Set(firstWords.map((w) => w.slice(0, 3)).filter((w) => w.length > 0));
  const candidates =
    starts.size === 0
      ? null
      : new RegExp(`(?<![\\p{L}\\p{N}])(?:${[...starts].map(accentInsensitive).join('|')})[\\p{L}\\p{N}]*`, 'giu');

  const verdicts = new Map<string, boolean>();
  const isWord = (word: string): boolean => {
    let verdict = verdicts.get(word);
    if (verdict === undefined) {
      const folded = foldWord(word);
      verdict = exact.has(folded) || stems.has(stemWord(folded)) || prefixes.some((prefix) => folded.startsWith(prefix));
      verdicts.set(word, verdict);
    }
    return verdict;
  };

  const matchAt = (text: string, index: number, word: string): number => {
    // The longest match wins: a phrase beginning with a word also searched alone is marked whole.
    let end = isWord(word) ? index + word.length : -1;
    for (const [first, ...rest] of phrases) {
      if (!first || !termMatches(first, word)) continue;
      end = Math.max(end, phraseEnd(text, index + word.length, rest));
    }
    return end;
  };
  return { candidates, matchAt };
}

/** Ranges of `text` that the query matches (words, whole phrases), in order and without overlap. */
export function matchRanges(text: string, matcher: WordMatcher): TextRange[] {
  const ranges: TextRange[] = [];
  if (!matcher.candidates) return ranges;
  let covered = 0;
  for (const match of text.matchAll(matcher.candidates)) {
    if (match.index < covered) continue;
    const end = matcher.matchAt(text, match.index, match[0]);
    if (end < 0) continue;
    ranges.push({ start: match.index, end });
    covered = end;
  }
  return ranges;
}
