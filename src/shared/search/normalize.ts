import { stemmer } from '@orama/stemmers/french';

const ligatures: Record<string, string> = { œ: 'oe', Œ: 'OE', æ: 'ae', Æ: 'AE' };

/**
 * SQLite's `unicode61` tokenizer folds accents but keeps « œ » and « æ » as letters of their
 * own: the index is fed text with them spelled out (kb_fold), as queries are.
 */
export function expandLigatures(text: string): string {
  return text.replace(/[œŒæÆ]/g, (letter) => ligatures[letter] ?? letter);
}

/**
 * Folding shared by the index, the query and the highlighter: lower case, no accents,
 * ligatures spelled out, so that « Œuvre », « oeuvre » and « OEUVRE » are one word.
 */
export function foldWord(word: string): string {
  let folded = foldCache.get(word);
  if (folded === undefined) {
    folded = expandLigatures(word.toLowerCase())
      .normalize('NFD')
      .replace(/\p{M}+/gu, '');
    remember(foldCache, word, folded);
  }
  return folded;
}

// Texts reuse a small vocabulary: both caches turn folding and stemming into a lookup.
const cacheLimit = 200_000;
const foldCache = new Map<string, string>();

function remember(cache: Map<string, string>, key: string, value: string): void {
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(key, value);
}

/** Words as the FTS5 tokenizer cuts them: runs of letters and digits. */
export const wordPattern = /[\p{L}\p{N}]+/gu;

export function words(text: string): string[] {
  return text.match(wordPattern) ?? [];
}

// Snowball merges these with unrelated words (département/départ, habitants/habit);
// give them a stem of their own.
const stemExceptions = new Map<string, string>([
  ['departement', 'departement'],
  ['departements', 'departement'],
  ['departemental', 'departemental'],
  ['departementale', 'departemental'],
  ['departementales', 'departemental'],
  ['departementaux', 'departemental'],
  ['habitant', 'habitant'],
  ['habitants', 'habitant'],
  ['habitante', 'habitant'],
  ['habitantes', 'habitant'],
]);

const stemCache = new Map<string, string>();

/** French stem of a folded word. */
export function stemWord(folded: string): string {
  let stem = stemCache.get(folded);
  if (stem === undefined) {
    stem = stemExceptions.get(folded) ?? stemmer(folded);
    remember(stemCache, folded, stem);
  }
  return stem;
}

// A word as written straight to its stem: indexing a corpus looks up millions of words, and
// one lookup instead of two (fold, then stem) is most of the cost.
const writtenStemCache = new Map<string, string>();

function stemWritten(word: string): string {
  let stem = writtenStemCache.get(word);
  if (stem === undefined) {
    stem = stemWord(foldWord(word));
    remember(writtenStemCache, word, stem);
  }
  return stem;
}

/**
 * The stemmed form of a whole text for the stemmed columns of the index: each word replaced
 * by its stem in place, separators kept, so the tokenizer sees the same words at the same positions.
 */
export function stemText(text: string): string {
  return text.replace(wordPattern, stemWritten);
}
