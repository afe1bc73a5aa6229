import { type FacetName, type FacetValue, type SearchFilters } from '../../shared/schemas';
import type { WordMatcher } from '../../shared/search/term-matcher';
import type { Db } from '../db/open-database';
import { statementCache, type Prepare } from '../db/statement-cache';
import type { ParsedQuery } from '../../shared/search/query-parser';
import { columnWeights, ficheColumns, toFtsMatch } from './query-builder';
import type { FavouredScale, ScoredHit, SearchContext, SearchSource, SourceResult } from './search-source';
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

/** The facets describing fiches (the « type » facet is counted by the search service). */
const ficheFacets = ['kit', 'theme', 'competence'] as const satisfies readonly FacetName[];
type FicheFacet = (typeof ficheFacets)[number];
const kitOrder = "CASE k.scale WHEN 'commune' THEN 1 WHEN 'departement' THEN 2 ELSE 3 END, k.title";

/**
 * How much more relevant a fiche for the territory's scale counts (bm25 is negative, lower is
 * better): it passes a fiche of another scale unless that one is clearly more relevant.
 */
const favouredScaleBoost = 1.5;

/**
 * Whether fiche `id` is written for the territory's scale: the scales it lists say so (an EPCI
 * reads the fiches listing « epci »); a fiche listing none is of its kit's scale. Index lookups
 * only, on the matched fiches: the primary key of fiche_terms answers both EXISTS.
 */
function forFavouredScale(id: string): string {
  return `(EXISTS (SELECT 1 FROM fiche_terms t WHERE t.fiche_id = ${id} AND t.kind = 'echelon' AND t.term = @echelon)
           OR (NOT EXISTS (SELECT 1 FROM fiche_terms t WHERE t.fiche_id = ${id} AND t.kind = 'echelon')
               AND (SELECT k.scale FROM fiches f JOIN kits k ON k.id = f.kit_id WHERE f.id = ${id}) = @kitScale))`;
}

function favouredParams(favoured: FavouredScale | null): Record<string, string> {
  return favoured ? { echelon: favoured.echelon, kitScale: favoured.kitScale } : {};
}

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
  list('theme', filters.theme,
    "EXISTS (SELECT 1 FROM fiche_terms t WHERE t.fiche_id = f.id AND t.kind = 'theme' AND t.term IN (SELECT value FROM json_each(@theme)))");
  list('competence', filters.competence,
    "EXISTS (SELECT 1 FROM fiche_terms t WHERE t.fiche_id = f.id AND t.kind = 'competence' AND t.term IN (SELECT value FROM json_each(@competence)))");
  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
}

/**
 * The fiches matched by the query (all fiches when it is empty), with their score, as a
 * materialised CTE named `s`: the full-text match runs once per statement, before any join
 * (left to itself, the planner may run it once per joined row). The territory's scale, when
 * favoured, weighs in the score itself, so that the best hits are chosen with it.
 */
function matchedCte(match: string | null, favoured: FavouredScale | null = null): string {
  const score = favoured ? `${bm25} * CASE WHEN ${forFavouredScale('fiches_fts.rowid')} THEN ${favouredScaleBoost} ELSE 1 END` : bm25;
  const matched =
    match === null ? 'SELECT id, 0 AS score FROM fiches' : `SELECT rowid AS id, ${score} AS score FROM fiches_fts WHERE fiches_fts MATCH @match`;
  return `WITH s AS MATERIALIZED (${matched})`;
}

/** The matched fiches that pass the filters; without filters, no fiche row is read to know them. */
function filteredCte(where: string): string {
  return where === '1'
    ? 'filtered AS (SELECT id, score FROM s)'
    : `filtered AS MATERIALIZED (SELECT s.id, s.score FROM s JOIN fiches f ON f.id = s.id JOIN kits k ON k.id = f.kit_id WHERE ${where})`;
}

export class FicheSource implements SearchSource {
  /** Filters change the SQL text; each variant is prepared once. */
  private readonly prepare: Prepare;

  constructor(private readonly db: Db) {
    this.prepare = statementCache(db);
  }

  search(context: SearchContext): SourceResult {
    const { filters, favoured } = context;
    const match = toFtsMatch(context.query, ficheColumns);
    const where = filterSql(filters);
    const params = { ...where.params, ...(match === null ? {} : { match }), ...favouredParams(favoured), depth: context.depth };
    // The best ids first, then only their rows: reading the body of every match (to sort or
    // count them) would cost as many disk pages as there are matches. Browsing by filters lists
    // the fiches of the territory's scale first (`later` is 0 for them), then kit by kit.
    const rows = (
      match === null
        ? this.prepare(
            `${matchedCte(match)}, ${filteredCte(where.sql)},
             top AS (SELECT f.id, 0 AS score, ${favoured ? `NOT ${forFavouredScale('f.id')}` : '0'} AS later
                     FROM filtered JOIN fiches f ON f.id = filtered.id JOIN kits k ON k.id = f.kit_id
                     ORDER BY later, ${kitOrder}, f.number LIMIT @depth)
             SELECT f.id, k.slug AS kit, k.title AS kit_title, f.number, f.title, f.summary, '' AS body_text, top.score,
                    (SELECT count(*) FROM filtered) AS total
             FROM top JOIN fiches f ON f.id = top.id JOIN kits k ON k.id = f.kit_id
             ORDER BY top.later, ${kitOrder}, f.number`,
          )
        : this.prepare(
            `${matchedCte(match, favoured)}, ${filteredCte(where.sql)},
             top AS (SELECT id, score FROM filtered ORDER BY score, id LIMIT @depth)
             SELECT f.id, k.slug AS kit, k.title AS kit_title, f.number, f.title, f.summary, f.body_text, top.score,
                    (SELECT count(*) FROM filtered) AS total
             FROM top JOIN fiches f ON f.id = top.id JOIN kits k ON k.id = f.kit_id
             ORDER BY top.score, f.id`,
          )
    ).all(params) as HitRow[];

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
    const row = this.prepare(`${matchedCte(match)}, ${filteredCte(where.sql)} SELECT count(*) AS n FROM filtered`).get({
      ...where.params,
      ...(match === null ? {} : { match }),
    }) as { n: number };
    return row.n;
  }

  /**
   * Counts per value of each facet, under the query and the other facets' filters (so that a
   * person can switch kit), in one statement: the full-text match runs once for all four.
   */
  private facets(match: string | null, filters: SearchFilters): Partial<Record<FacetName, FacetValue[]>> {
    const branches: Record<FicheFacet, { select: string; join: string }> = {
      kit: { select: 'k.slug, k.title', join: '' },
      theme: { select: 't.term, t.term', join: "JOIN fiche_terms t ON t.fiche_id = f.id AND t.kind = 'theme'" },
      competence: { select: 't.term, t.term', join: "JOIN fiche_terms t ON t.fiche_id = f.id AND t.kind = 'competence'" },
    };
    const params: Record<string, string> = match === null ? {} : { match };
    const parts = ficheFacets.map((facet) => {
      const where = filterSql(filters, facet);
      Object.assign(params, where.params);
      const { select, join } = branches[facet];
      return `SELECT '${facet}' AS facet, ${select.replace(', ', ' AS value, ')} AS label, count(*) AS count
              FROM s JOIN fiches f ON f.id = s.id JOIN kits k ON k.id = f.kit_id ${join}
              WHERE ${where.sql} GROUP BY 1, 2`;
    });
    const rows = this.prepare(`${matchedCte(match)} ${parts.join(' UNION ALL ')} ORDER BY facet, count DESC, label`).all(params) as (FacetValue & {
      facet: FacetName;
    })[];
    const result: Partial<Record<FacetName, FacetValue[]>> = Object.fromEntries(ficheFacets.map((facet) => [facet, []]));
    for (const { facet, value, label, count } of rows) {
      result[facet]?.push({ value, label, count });
    }
    return result;
  }

  suggest(word: string): string[] {
    return closeWords(this.db, word);
  }
}
