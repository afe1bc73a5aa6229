import { searchRequestSchema, type SearchFilters, type SearchRequest, type SearchResult, type TerritoryScale } from '../../shared/schemas';
import { foldWord, wordPattern } from '../../shared/search/normalize';
import { isEmptyQuery, parseQuery, type ParsedQuery } from '../../shared/search/query-parser';
import { createWordMatcher } from '../../shared/search/term-matcher';
import type { Db } from '../db/open-database';
import { kitScaleOf } from '../territory/territory-index';
import { FicheSource } from './fiche-source';
import { AnnotationSource } from './annotation-source';
import { ProjectSource } from './project-source';
import type { SearchContext, SearchSource } from './search-source';

const noFilters: SearchFilters = { kit: [], theme: [], competence: [] };

function noFacets(): NonNullable<SearchResult['facets']> {
  return { kit: [], theme: [], competence: [] };
}

function hasFilters(filters: SearchFilters): boolean {
  return Object.values(filters).some((values) => values.length > 0);
}

/**
 * Search over every source: parses what the person typed (never failing on it), asks each
 * source for its best hits and merges them by score. With a territory chosen, the fiches of its
 * scale rank first at comparable relevance.
 */
export class SearchService {
  private readonly fiches: FicheSource;
  private readonly sources: SearchSource[];

  constructor(
    db: Db,
    private readonly territoryScale: () => TerritoryScale | null,
  ) {
    this.fiches = new FicheSource(db);
    this.sources = [this.fiches, new AnnotationSource(db), new ProjectSource(db)];
  }

  search(request: SearchRequest): SearchResult {
    const { query: text, filters, limit, offset, facets, territoryScaleFirst } = searchRequestSchema.parse(request);
    const query = parseQuery(text);
    const empty = isEmptyQuery(query);
    if (empty && (!hasFilters(filters) || query.excluded.length > 0)) {
      return { total: 0, hits: [], facets: facets ? noFacets() : null, suggestions: [], totalWithoutFilters: null };
    }
    const context: SearchContext = {
      query,
      matcher: createWordMatcher(query),
      filters,
      depth: offset + limit,
      withFacets: facets,
      favoured: territoryScaleFirst ? this.favouredScale() : null,
    };
    const results = this.sources.map((source) => source.search(context));
    const hits = results
      .flatMap((result) => result.hits)
      .sort((a, b) => a.score - b.score)
      .slice(offset, offset + limit)
      .map((scored) => scored.hit);
    const total = results.reduce((sum, result) => sum + result.total, 0);
    const nothingFound = total === 0 && !empty;
    return {
      total,
      hits,
      facets: facets ? Object.assign(noFacets(), ...results.map((result) => result.facets)) : null,
      suggestions: nothingFound ? this.suggestions(text, query) : [],
      totalWithoutFilters: nothingFound && hasFilters(filters) ? this.fiches.count(query, noFilters) : null,
    };
  }

  private favouredScale(): SearchContext['favoured'] {
    const echelon = this.territoryScale();
    return echelon ? { echelon, kitScale: kitScaleOf(echelon) } : null;
  }

  /**
   * Whole queries to try instead: every word the fiches do not have replaced by its closest
   * spelling first, then the other close spellings one word at a time.
   */
  private suggestions(text: string, query: ParsedQuery): string[] {
    const corrections = query.groups
      .flat()
      .flatMap((clause) => clause.words)
      .map((word) => ({ word, close: this.sources.flatMap((source) => source.suggest(word)) }))
      .filter((correction) => correction.close.length > 0);
    const best = corrections.reduce((corrected, { word, close }) => replaceWord(corrected, word, close[0] ?? word), text);
    const suggestions = [best];
    for (const { word, close } of corrections) {
      for (const other of close.slice(1)) suggestions.push(replaceWord(best, foldWord(close[0] ?? word), other));
    }
    return [...new Set(suggestions)].filter((suggestion) => suggestion !== text).slice(0, 3);
  }
}

/** Replaces the typed word whose folded form is `folded` by `replacement`, keeping the rest as typed. */
function replaceWord(text: string, folded: string, replacement: string): string {
  return text.replace(wordPattern, (word) => (foldWord(word) === folded ? replacement : word));
}
