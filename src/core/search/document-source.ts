import type { Db } from '../db/open-database';
import { statementCache, type Prepare } from '../db/statement-cache';
import { toFtsMatch, type IndexColumns } from './query-builder';
import type { ScoredHit, SearchContext, SearchSource, SourceResult } from './search-source';
import { makeSnippet, markText } from './snippet';

interface PageHitRow {
  sha256: string;
  title: string;
  file_name: string;
  page_count: number;
  page_number: number;
  text: string;
  score: number;
  total: number;
}

export const documentColumns: IndexColumns = { exact: ['title', 'body'], stemmed: ['title_stem', 'body_stem'] };
/** bm25 weights as for fiches: title (indexed with page 1), body, then their stemmed forms far below. */
export const documentBm25 = 'bm25(document_pages_fts, 10, 1, 0.3, 0.03)';

/** The pages of the library's documents (scanned ones are not indexed), one hit per page. */
export class DocumentSource implements SearchSource {
  private readonly prepare: Prepare;

  constructor(db: Db) {
    this.prepare = statementCache(db);
  }

  search(context: SearchContext): SourceResult {
    const match = toFtsMatch(context.query, documentColumns);
    // Documents are not described by the fiches' kit, theme or competence: a filtered search shows fiches only.
    const filtered = context.filters.kit.length + context.filters.theme.length + context.filters.competence.length > 0;
    if (match === null || filtered) return { total: 0, hits: [], facets: {} };
    // The best pages first, then only their rows (see FicheSource.search).
    const rows = this.prepare(
      `WITH s AS MATERIALIZED (SELECT rowid AS id, ${documentBm25} AS score FROM document_pages_fts WHERE document_pages_fts MATCH @match),
       top AS (SELECT id, score FROM s ORDER BY score, id LIMIT @depth)
       SELECT d.sha256, d.title, d.file_name, d.page_count, p.page_number, p.text, top.score, (SELECT count(*) FROM s) AS total
       FROM top JOIN document_pages p ON p.id = top.id JOIN documents d ON d.seq = p.document_seq
       ORDER BY top.score, top.id`,
    ).all({ match, depth: context.depth }) as PageHitRow[];
    const hits: ScoredHit[] = rows.map((row) => ({
      score: row.score,
      hit: {
        type: 'document',
        id: row.sha256,
        title: markText(row.title, context.matcher),
        fileName: row.file_name,
        page: row.page_number,
        pageCount: row.page_count,
        snippet: makeSnippet(row.text, context.matcher),
      },
    }));
    return { total: rows[0]?.total ?? 0, hits, facets: {} };
  }

  suggest(): string[] {
    return [];
  }
}
