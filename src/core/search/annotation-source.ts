import { markdownToPlainText } from '../../shared/markdown/plain-text';
import type { SearchFilters } from '../../shared/schemas';
import type { Db } from '../db/open-database';
import { statementCache, type Prepare } from '../db/statement-cache';
import { toFtsMatch, type IndexColumns } from './query-builder';
import type { ScoredHit, SearchContext, SearchSource, SourceResult } from './search-source';
import { makeSnippet } from './snippet';

interface AnnotationHitRow {
  id: string;
  kit_slug: string;
  kit_title: string | null;
  fiche_number: number;
  fiche_title: string | null;
  quote_exact: string | null;
  note_md: string;
  score: number;
  total: number;
}

const annotationColumns: IndexColumns = { exact: ['quote', 'note', 'tags'], stemmed: ['quote_stem', 'note_stem'] };

/** bm25 weights: quote, note, tags, then their stemmed forms. */
const bm25 = 'bm25(annotations_fts, 4, 4, 3, 0.12, 0.12)';

function filterSql(filters: SearchFilters): { sql: string; params: Record<string, string> } {
  const parts: string[] = [];
  const params: Record<string, string> = {};
  const add = (name: keyof SearchFilters, condition: string): void => {
    if (filters[name].length === 0) return;
    params[name] = JSON.stringify(filters[name]);
    parts.push(condition);
  };
  add('kit', 'a.kit_slug IN (SELECT value FROM json_each(@kit))');
  add('theme', "EXISTS (SELECT 1 FROM fiche_terms t WHERE t.fiche_id = f.id AND t.kind = 'theme' AND t.term IN (SELECT value FROM json_each(@theme)))");
  add('competence', "EXISTS (SELECT 1 FROM fiche_terms t WHERE t.fiche_id = f.id AND t.kind = 'competence' AND t.term IN (SELECT value FROM json_each(@competence)))");
  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
}

/** The user's notes and highlighted quotes, found beside the fiches. */
export class AnnotationSource implements SearchSource {
  /** Filters change the SQL text; each variant is prepared once. */
  private readonly prepare: Prepare;

  constructor(db: Db) {
    this.prepare = statementCache(db);
  }

  search(context: SearchContext): SourceResult {
    // Browsing by filters lists fiches only; notes are found by what they say.
    const match = toFtsMatch(context.query, annotationColumns);
    if (match === null) return { total: 0, hits: [], facets: {} };
    const where = filterSql(context.filters);
    // The best first, then only their rows (see FicheSource.search).
    const rows = this.prepare(
      `WITH s AS MATERIALIZED (SELECT rowid AS seq, ${bm25} AS score FROM annotations_fts WHERE annotations_fts MATCH @match),
       filtered AS MATERIALIZED (
         SELECT a.id, s.score FROM s JOIN annotations a ON a.seq = s.seq
         LEFT JOIN kits k ON k.slug = a.kit_slug
         LEFT JOIN fiches f ON f.kit_id = k.id AND f.number = a.fiche_number
         WHERE ${where.sql}),
       top AS (SELECT id, score FROM filtered ORDER BY score, id LIMIT @depth)
       SELECT a.id, a.kit_slug, k.title AS kit_title, a.fiche_number, f.title AS fiche_title, a.quote_exact, a.note_md,
              top.score, (SELECT count(*) FROM filtered) AS total
       FROM top JOIN annotations a ON a.id = top.id
       LEFT JOIN kits k ON k.slug = a.kit_slug
       LEFT JOIN fiches f ON f.kit_id = k.id AND f.number = a.fiche_number
       ORDER BY top.score, a.id`,
    ).all({ ...where.params, match, depth: context.depth }) as AnnotationHitRow[];
    const hits: ScoredHit[] = rows.map((row) => ({
      score: row.score,
      hit: {
        type: 'annotation',
        id: row.id,
        kit: row.kit_slug,
        kitTitle: row.kit_title ?? row.kit_slug,
        number: row.fiche_number,
        ficheTitle: row.fiche_title,
        quote: row.quote_exact ? makeSnippet(row.quote_exact, context.matcher, 160) : [],
        // A note is Markdown; its snippet is the text a reader sees.
        note: makeSnippet(markdownToPlainText(row.note_md), context.matcher, 160),
      },
    }));
    return { total: rows[0]?.total ?? 0, hits, facets: {} };
  }

  suggest(): string[] {
    return [];
  }
}
