/**
 * What the search service is compared with, on the same fiches and the same parsed queries:
 *
 * 1. RawFts5: the floor. The very MATCH expression the service builds, run directly on the
 *    same database with the same bm25 weights: no joins, no snippets, no count, no parsing.
 * 2. NaiveScan: every fiche's folded text in memory, each query checked with includes()
 *    over every document, top 20 by number of occurrences.
 * 3. MiniSearchBaseline: MiniSearch 7 in memory (title/summary/body, title boosted, prefix
 *    on the word being typed, fuzzy 0.2, accents folded with the app's foldWord).
 */
import type { Database, Statement } from 'better-sqlite3';
import MiniSearch, { type Query } from 'minisearch';
import { columnWeights } from '../src/core/search/query-builder';
import { foldWord } from '../src/shared/search/normalize';
import type { Clause, ParsedQuery } from '../src/shared/search/query-parser';

export const topK = 20;

export interface BaselineDoc {
  id: number;
  title: string;
  summary: string;
  body: string;
}

// ---------------------------------------------------------------------------------------
// 1. Raw FTS5

export class RawFts5 {
  private readonly statement: Statement<[string], unknown[]>;

  constructor(db: Database) {
    this.statement = db
      .prepare<[string], unknown[]>(
        `SELECT rowid, bm25(fiches_fts, ${columnWeights.join(', ')}) FROM fiches_fts WHERE fiches_fts MATCH ? ORDER BY 2 LIMIT ${topK}`,
      )
      .raw();
  }

  /** Returns how many rows came back (at most 20). */
  search(match: string | null): number {
    return match === null ? 0 : this.statement.all(match).length;
  }
}

// ---------------------------------------------------------------------------------------
// 2. Naive scan

/**
 * Folds a whole text as foldWord folds a word (lower case, œ/æ spelled out, no accents),
 * with every run of non-word characters turned into one space and a space at both ends, so
 * `includes(' ' + words)` finds words (or phrases) starting at a word boundary.
 * (foldWord itself is not called on whole texts: it caches what it folds.)
 */
export function foldText(text: string): string {
  const folded = ` ${text} `
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ');
  // V8 leaves the result of these replacements as a tree of pieces in two-byte characters
  // (10 GB of heap for 100,000 fiches), flattened only by the first search. Copy it once
  // into a flat one-byte string when it is Latin-1, as folded French is.
  return /[^\x00-\xff]/.test(folded) ? folded : Buffer.from(folded, 'latin1').toString('latin1');
}

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  let at = text.indexOf(needle);
  while (at !== -1) {
    count += 1;
    at = text.indexOf(needle, at + needle.length);
  }
  return count;
}

export class NaiveScan {
  private readonly ids: number[] = [];
  private readonly texts: string[] = [];

  add(doc: BaselineDoc): void {
    this.ids.push(doc.id);
    this.texts.push(foldText(`${doc.title} ${doc.summary} ${doc.body}`));
  }

  get size(): number {
    return this.texts.length;
  }

  /**
   * Every group needs one of its clauses, no excluded clause may appear; a clause is its
   * words in a row, the last one possibly unfinished (a substring test does prefixes anyway).
   * Returns the ids of the 20 documents with the most occurrences, best first.
   */
  search(query: ParsedQuery): number[] {
    const needle = (clause: Clause): string => ` ${clause.words.join(' ')}${clause.prefix ? '' : ' '}`;
    const groups = query.groups.map((group) => group.map(needle));
    const excluded = query.excluded.map(needle);
    if (groups.length === 0) return [];
    const topIds: number[] = [];
    const topScores: number[] = [];
    for (let d = 0; d < this.texts.length; d += 1) {
      const text = this.texts[d] as string;
      let matches = true;
      for (const group of groups) {
        if (!group.some((n) => text.includes(n))) {
          matches = false;
          break;
        }
      }
      if (!matches || excluded.some((n) => text.includes(n))) continue;
      let score = 0;
      for (const group of groups) for (const n of group) score += countOccurrences(text, n);
      // Keep the 20 best, sorted by descending score.
      if (topScores.length === topK && score <= (topScores[topK - 1] ?? 0)) continue;
      let at = topScores.length;
      while (at > 0 && (topScores[at - 1] ?? 0) < score) at -= 1;
      topScores.splice(at, 0, score);
      topIds.splice(at, 0, this.ids[d] as number);
      if (topScores.length > topK) {
        topScores.pop();
        topIds.pop();
      }
    }
    return topIds;
  }
}

// ---------------------------------------------------------------------------------------
// 3. MiniSearch

export class MiniSearchBaseline {
  readonly index = new MiniSearch<BaselineDoc>({
    fields: ['title', 'summary', 'body'],
    storeFields: [],
    processTerm: (term) => foldWord(term) || null,
    searchOptions: { boost: { title: 3, summary: 1.5 }, fuzzy: 0.2 },
  });

  add(doc: BaselineDoc): void {
    this.index.add(doc);
  }

  /** The parsed query as a MiniSearch query tree (AND of groups, OR within one, AND_NOT exclusions). */
  static toQuery(query: ParsedQuery): Query | null {
    if (query.groups.length === 0) return null;
    const clause = (c: Clause, negated: boolean): Query => ({
      queries: [c.words.join(' ')],
      combineWith: 'AND',
      // The word being typed (last word of the query, as the parser marks it) is a prefix.
      prefix: c.prefix ? (_term: string, index: number, terms: string[]) => index === terms.length - 1 : false,
      ...(negated ? { fuzzy: false } : {}),
    });
    const required: Query = {
      combineWith: 'AND',
      queries: query.groups.map((group) => ({ combineWith: 'OR', queries: group.map((c) => clause(c, false)) })),
    };
    if (query.excluded.length === 0) return required;
    return { combineWith: 'AND_NOT', queries: [required, ...query.excluded.map((c) => clause(c, true))] };
  }

  /** Returns the ids of the 20 best documents. */
  search(query: Query | null): number[] {
    if (query === null) return [];
    return this.index
      .search(query)
      .slice(0, topK)
      .map((result) => result.id as number);
  }
}
