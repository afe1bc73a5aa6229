import { foldWord, wordPattern } from '../../shared/search/normalize';
import type { Db } from '../db/open-database';

/** Edit distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length] ?? max + 1;
}

/**
 * Words of the fiches' text close to a (folded) word the person typed that they do not have, most frequent first.
 * Only words sharing its first letters are read from the index vocabulary: fts5vocab walks
 * each term's document list, so the range is kept narrow.
 */
export function closeWords(db: Db, word: string, limit = 3): string[] {
  if (word.length < 3) return [];
  const max = word.length <= 5 ? 1 : 2;
  // Typos rarely touch the first letters of a long word: three of them narrow the scan further.
  const first = word.slice(0, word.length >= 6 ? 3 : 2);
  const rows = db
    .prepare(
      `SELECT term, sum(doc) AS docs FROM fiches_fts_vocab
       WHERE term >= @from AND term < @to AND col IN ('title', 'summary', 'themes', 'body')
       GROUP BY term`,
    )
    .all({ from: first, to: `${first.slice(0, -1)}${String.fromCodePoint((first.codePointAt(first.length - 1) ?? 0) + 1)}` }) as {
    term: string;
    docs: number;
  }[];
  // A word the fiches have is not a typo: nothing to suggest for it.
  if (rows.some((row) => row.term === word)) return [];
  return rows
    .filter((row) => Math.abs(row.term.length - word.length) <= max)
    .map((row) => ({ ...row, distance: editDistance(word, row.term, max) }))
    .filter((row) => row.distance <= max)
    .sort((a, b) => a.distance - b.distance || b.docs - a.docs)
    .slice(0, limit)
    .map((row) => writtenForm(db, row.term));
}

/**
 * The index holds words folded (« cooperative »): suggest them as a fiche writes them
 * (« coopérative »), read from the first fiche that has the word.
 */
function writtenForm(db: Db, folded: string): string {
  const row = db
    .prepare(
      `SELECT f.title || ' ' || f.summary || ' ' || f.body_text AS text FROM fiches f
       WHERE f.id = (SELECT rowid FROM fiches_fts WHERE fiches_fts MATCH @match LIMIT 1)`,
    )
    .get({ match: `{title summary body} : "${folded}"` }) as { text: string } | undefined;
  const written = row?.text.match(wordPattern)?.find((word) => foldWord(word) === folded);
  if (!written) return folded;
  // Acronyms keep their capitals (« SCIC »); other words are suggested in lower case.
  return written.length > 1 && written === written.toUpperCase() ? written : written.toLocaleLowerCase('fr');
}
