import { stemmer } from '@orama/stemmers/french';

/**
 * Folding shared by the index, the query and the highlighter: lower case, no accents,
 * ligatures spelled out, so that « Œuvre », « oeuvre » and « OEUVRE » are one word, as
 * SQLite's `unicode61 remove_diacritics 2` tokenizer sees them.
 */
export function foldWord(word: string): string {
  let folded = foldCache.get(word);
  if (folded === undefined) {
    folded = word
      .toLowerCase()
      .replace(/œ/g, 'oe')
      .replace(/æ/g, 'ae')
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

/** The stemmed form of a whole text, word by word, for the stemmed columns of the index. */
export function stemText(text: string): string {
  return words(text)
    .map((word) => stemWord(foldWord(word)))
    .join(' ');
}
