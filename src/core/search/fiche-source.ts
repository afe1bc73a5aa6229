import { scaleLabels, type FacetName, type FacetValue, type Scale, type SearchFilters } from '../../shared/schemas';
import type { Statement } from 'better-sqlite3';
import type { WordMatcher } from '../../shared/search/term-matcher';
import type { Db } from '../db/open-database';
import type { ParsedQuery } from '../../shared/search/query-parser';
import { columnWeights, ficheColumns, toFtsMatch } from './query-builder';
import type { ScoredHit, SearchContext, SearchSource, SourceResult } from './search-source';
import { makeSnippet, markText } from './snippet';
import { closeWords } from './suggestions';

interface HitRow {
  id: number;
  kit: string;
  kit_title: string;
  number: number;
  title: string;
  summary: string;
  body_text: string;
  score: number;
  total: number;
}

const bm25 = `bm25(fiches_fts, ${columnWeights.join(', ')})`;
const kitOrder = "CASE k.scale WHEN 'commune' THEN 1 WHEN 'departement' THEN 2 ELSE 3 END, k.title";

/** SQL conditions on fiche f / kit k for the filters, except the one being counted as a facet. */
function filterSql(filters: SearchFilters, except?: FacetName): { sql: string; params: Record<string, string> } {
  const parts: string[] = [];
  const params: Record<string, string> = {};
  const list = (name: FacetName, values: readonly string[], condition: string): void => {
    if (name === except || values.length === 0) return;
    params[name] = JSON.stringify(values);
    parts.push(condition);
  };
  list('kit', filters.kit, 'k.slug IN (SELECT value FROM json_each(@kit))');
  list('scale', filters.scale, 'k.scale IN (SELECT value FROM json_each(@scale))');
  list('theme', filters.theme,
    "EXISTS (SELECT 1 FROM fiche_terms t WHERE t.fiche_id = f.id AND t.kind = 'theme' AND t.term IN (SELECT value FROM json_each(@theme)))");
  list('competence', filters.competence,
    "EXISTS (SELECT 1 FROM fiche_terms t WHERE t.fiche_id = f.id AND t.kind = 'competence' AND t.term IN (SELECT value FROM json_each(@competence)))");
  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
}

/**
 * The fiches matched by the query (all fiches when it is empty), with their score, as a
 * materialised CTE named `s`: the full-text match runs once, before any join (left to
 * itself, the planner may run it once per joined row).
 */
function matchedCte(match: string | null): string {
  const matched =
    match === null
      ? 'SELECT id, 0 AS score FROM fiches'
      : `SELECT rowid AS id, ${bm25} AS score FROM fiches_fts WHERE fiches_fts MATCH @match`;
  return `WITH s AS MATERIALIZED (${matched})`;
}

export class FicheSource implements SearchSource {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  /** Filters change the SQL text; each variant is prepared once. */
  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  search(context: SearchContext): SourceResult {
    const { filters } = context;
    const match = toFtsMatch(context.query, ficheColumns);
    const where = filterSql(filters);
    const order = match === null ? `${kitOrder}, f.number` : 's.score, f.id';
    const rows = this.prepare(
        `${matchedCte(match)}
         SELECT f.id, k.slug AS kit, k.title AS kit_title, f.number, f.title, f.summary, f.body_text, s.score,
                count(*) OVER () AS total
         FROM s
         JOIN fiches f ON f.id = s.id JOIN kits k ON k.id = f.kit_id
         WHERE ${where.sql}
         ORDER BY ${order}
         LIMIT @depth`,
      )
      .all({ ...where.params, ...(match === null ? {} : { match }), depth: context.depth }) as HitRow[];

    const hits: ScoredHit[] = rows.map((row) => ({
      score: row.score,
      hit: {
        type: 'fiche',
        kit: row.kit,
        kitTitle: row.kit_title,
        number: row.number,
        title: markText(row.title, context.matcher),
        snippet: match === null ? [{ text: row.summary, mark: false }] : this.snippetOf(row, context.matcher),
      },
    }));
    const total = rows[0]?.total ?? 0;
    return { total, hits, facets: context.withFacets ? this.facets(match, filters) : {} };
  }

  /** How many fiches the query matches under these filters. */
  count(query: ParsedQuery, filters: SearchFilters): number {
    return this.countMatch(toFtsMatch(query, ficheColumns), filters);
  }

  /** A passage of the body where the words are; the summary when only title or themes matched. */
  private snippetOf(row: HitRow, matcher: WordMatcher) {
    const body = makeSnippet(row.body_text, matcher);
    return body.some((segment) => segment.mark) ? body : makeSnippet(row.summary, matcher);
  }

  private countMatch(match: string | null, filters: SearchFilters): number {
    const where = filterSql(filters);
    const row = this.prepare(
        `${matchedCte(match)}
         SELECT count(*) AS n FROM s
         JOIN fiches f ON f.id = s.id JOIN kits k ON k.id = f.kit_id WHERE ${where.sql}`,
      )
      .get({ ...where.params, ...(match === null ? {} : { match }) }) as { n: number };
    return row.n;
  }

  /** Counts per value of each facet, under the query and the other facets' filters. */
  private facets(match: string | null, filters: SearchFilters): Partial<Record<FacetName, FacetValue[]>> {
    const valueSql: Record<FacetName, string> = {
      kit: 'SELECT k.slug AS value, k.title AS label',
      scale: 'SELECT k.scale AS value, k.scale AS label',
      theme: "SELECT t.term AS value, t.term AS label",
      competence: "SELECT t.term AS value, t.term AS label",
    };
    const joinTerms: Partial<Record<FacetName, string>> = {
      theme: "JOIN fiche_terms t ON t.fiche_id = f.id AND t.kind = 'theme'",
      competence: "JOIN fiche_terms t ON t.fiche_id = f.id AND t.kind = 'competence'",
    };
    const result: Partial<Record<FacetName, FacetValue[]>> = {};
    for (const facet of ['kit', 'scale', 'theme', 'competence'] as const) {
      const where = filterSql(filters, facet);
      const rows = this.prepare(
          `${matchedCte(match)}
           ${valueSql[facet]}, count(*) AS count
           FROM s
           JOIN fiches f ON f.id = s.id JOIN kits k ON k.id = f.kit_id ${joinTerms[facet] ?? ''}
           WHERE ${where.sql}
           GROUP BY 1 ORDER BY count DESC, label`,
        )
        .all({ ...where.params, ...(match === null ? {} : { match }) }) as FacetValue[];
      result[facet] = facet === 'scale' ? rows.map((r) => ({ ...r, label: scaleLabels[r.value as Scale] ?? r.value })) : rows;
    }
    return result;
  }

  suggest(word: string): string[] {
    return closeWords(this.db, word);
  }
}
