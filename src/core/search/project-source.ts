import { markdownToPlainText } from '../../shared/markdown/plain-text';
import type { ProjectStatus } from '../../shared/schemas';
import type { Db } from '../db/open-database';
import { statementCache, type Prepare } from '../db/statement-cache';
import { toFtsMatch, type IndexColumns } from './query-builder';
import type { ScoredHit, SearchContext, SearchSource, SourceResult } from './search-source';
import { makeSnippet, markText } from './snippet';

interface ProjectHitRow {
  id: string;
  title: string;
  description_md: string;
  partners_json: string;
  status: ProjectStatus;
  score: number;
  total: number;
}

const projectColumns: IndexColumns = { exact: ['title', 'description', 'partners'], stemmed: ['title_stem', 'description_stem'] };
/** bm25 weights: title, description, partners, then stemmed title and description. */
const bm25 = 'bm25(projects_fts, 8, 2, 3, 0.24, 0.06)';

/** The territory's projects (title, description, partners), found beside the fiches. */
export class ProjectSource implements SearchSource {
  private readonly prepare: Prepare;

  constructor(db: Db) {
    this.prepare = statementCache(db);
  }

  search(context: SearchContext): SourceResult {
    const match = toFtsMatch(context.query, projectColumns);
    // Projects are not described by kit, theme filters of fiches or scale: a filtered search shows fiches only.
    const filtered = Object.values(context.filters).some((values) => values.length > 0);
    if (match === null || filtered) return { total: 0, hits: [], facets: {} };
    const rows = this.prepare(
      `WITH s AS MATERIALIZED (SELECT rowid AS seq, ${bm25} AS score FROM projects_fts WHERE projects_fts MATCH @match)
       SELECT p.id, p.title, p.description_md, p.partners_json, p.status, s.score, count(*) OVER () AS total
       FROM s JOIN projects p ON p.seq = s.seq WHERE p.archived = 0
       ORDER BY s.score LIMIT @depth`,
    ).all({ match, depth: context.depth }) as ProjectHitRow[];
    const hits: ScoredHit[] = rows.map((row) => {
      // A description is Markdown; its snippet is the text a reader sees.
      const description = makeSnippet(markdownToPlainText(row.description_md), context.matcher, 180);
      const partners = (JSON.parse(row.partners_json) as string[]).join(', ');
      return {
        score: row.score,
        hit: {
          type: 'project',
          id: row.id,
          status: row.status,
          title: markText(row.title, context.matcher),
          snippet: description.some((s) => s.mark) || !partners ? description : markText(`Partenaires : ${partners}`, context.matcher),
        },
      };
    });
    return { total: rows[0]?.total ?? 0, hits, facets: {} };
  }

  suggest(): string[] {
    return [];
  }
}
