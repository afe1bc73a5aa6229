import { stemWord } from '../../shared/search/normalize';
import type { Clause, ParsedQuery } from '../../shared/search/query-parser';

/** The columns of one FTS5 index holding a text as written and the same text stemmed. */
export interface IndexColumns {
  exact: readonly string[];
  stemmed: readonly string[];
}

export const ficheColumns: IndexColumns = {
  exact: ['title', 'summary', 'themes', 'body'],
  stemmed: ['title_stem', 'summary_stem', 'themes_stem', 'body_stem'],
};

/** Words are letters and digits only (see the parser), so quoting is enough to neutralise FTS5 syntax. */
function phrase(words: readonly string[], prefix: boolean): string {
  return `"${words.join(' ').replace(/"/g, '""')}"${prefix ? '*' : ''}`;
}

/** A clause matches its exact words, or the same words stemmed (ranked lower by the column weights). */
function clauseMatch(clause: Clause, columns: IndexColumns): string {
  const exact = phrase(clause.words, clause.prefix);
  // The stemmed columns hold stems: a word being typed is looked for by its stem too
  // (« oeuvre » as « oeuvr* »), which a stem of the finished word begins.
  const stemmed = phrase(clause.words.map(stemWord), clause.prefix);
  return `({${columns.exact.join(' ')}} : ${exact} OR {${columns.stemmed.join(' ')}} : ${stemmed})`;
}

/** The FTS5 MATCH expression of a parsed query, or null when it asks for nothing. */
export function toFtsMatch(query: ParsedQuery, columns: IndexColumns = ficheColumns): string | null {
  if (query.groups.length === 0) return null;
  const match = (clause: Clause): string => clauseMatch(clause, columns);
  const required = query.groups.map((group) => `(${group.map(match).join(' OR ')})`).join(' AND ');
  const excluded = query.excluded.map((clause) => ` NOT ${match(clause)}`).join('');
  return `${required}${excluded}`;
}

/** bm25 weights of fiches_fts, in column order: title > summary > themes > body; stemmed forms far below exact ones. */
export const columnWeights = [10, 5, 3, 1, 0.3, 0.15, 0.1, 0.03] as const;
