import { resultTypeLabels, resultTypes, type ResultType } from '../../shared/constants';
import {
  searchRequestSchema,
  type FacetValue,
  type SearchFilters,
  type SearchRequest,
  type SearchResult,
  type TerritoryScale,
} from '../../shared/schemas';
import { foldWord, wordPattern } from '../../shared/search/normalize';
import { isEmptyQuery, parseQuery, type ParsedQuery } from '../../shared/search/query-parser';
import { createWordMatcher } from '../../shared/search/term-matcher';
import type { Db } from '../db/open-database';
import { kitScaleOf } from '../territory/territory-index';
import { FicheSource } from './fiche-source';
import { AnnotationSource } from './annotation-source';
import { DocumentSource } from './document-source';
import { ProjectSource } from './project-source';
import type { SearchContext, SearchSource } from './search-source';

const noFilters: SearchFilters = { kit: [], theme: [], competence: [], type: [] };

function noFacets(): NonNullable<SearchResult['facets']> {
  return { kit: [], theme: [], competence: [], type: [] };
}

/** Filters on what fiches are (kit, theme, competence): with one, only fiches and their notes are listed. */
function hasFicheFilters(filters: SearchFilters): boolean {
  return filters.kit.length + filters.theme.length + filters.competence.length > 0;
}

function hasFilters(filters: SearchFilters): boolean {
  return hasFicheFilters(filters) || filters.type.length > 0;
}

/** The « type » facet: how many results each kind has under the other filters, in the order of resultTypes. */
function typeFacet(totals: ReadonlyMap<ResultType, number>): FacetValue[] {
  return resultTypes
    .map((type) => ({ value: type, label: resultTypeLabels[type], count: totals.get(type) ?? 0 }))
    .filter((value) => value.count > 0);
}

/**
 * Search over every source: parses what the person typed (never failing on it), asks each
 * source for its best hits and merges them by score. With a territory chosen, the fiches of its
 * scale rank first at comparable relevance.
 */
export class SearchService {
  private readonly fiches: FicheSource;
  private readonly sources: { type: ResultType; source: SearchSource }[];

  constructor(
    db: Db,
    private readonly territoryScale: () => TerritoryScale | null,
  ) {
    this.fiches = new FicheSource(db);
    this.sources = [
      { type: 'fiche', source: this.fiches },
      { type: 'document', source: new DocumentSource(db) },
      { type: 'annotation', source: new AnnotationSource(db) },
      { type: 'project', source: new ProjectSource(db) },
    ];
  }

  search(request: SearchRequest): SearchResult {
    const { query: text, filters, limit, offset, facets, territoryScaleFirst } = searchRequestSchema.parse(request);
    const query = parseQuery(text);
    const empty = isEmptyQuery(query);
    if (empty && (!hasFicheFilters(filters) || query.excluded.length > 0)) {
      return { total: 0, hits: [], facets: facets ? noFacets() : null, suggestions: [], totalWithoutFilters: null };
    }
    const context: SearchContext = {
      query,
      matcher: createWordMatcher(query),
      // Every source counts its results whatever the type chosen: the « type » facet shows them all.
      filters: { ...filters, type: [] },
      depth: offset + limit,
      withFacets: facets,
      favoured: territoryScaleFirst ? this.favouredScale() : null,
    };
    const all = this.sources.map(({ type, source }) => ({ type, ...source.search(context) }));
    const totals = new Map(all.map((result) => [result.type, result.total]));
    const results = filters.type.length === 0 ? all : all.filter((result) => filters.type.includes(result.type));
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
      facets: facets ? Object.assign(noFacets(), ...all.map((result) => result.facets), { type: typeFacet(totals) }) : null,
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
      .map((word) => ({ word, close: this.sources.flatMap(({ source }) => source.suggest(word)) }))
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
