import type { FacetName, FacetValue, Scale, SearchFilters, SearchHit, TerritoryScale } from '../../shared/schemas';
import type { ParsedQuery } from '../../shared/search/query-parser';
import type { WordMatcher } from '../../shared/search/term-matcher';

/** One search, as every source sees it. */
export interface SearchContext {
  /** An empty query (no group) browses by filters. */
  query: ParsedQuery;
  matcher: WordMatcher;
  filters: SearchFilters;
  /** How many of the best hits the source must return (offset + limit of the request). */
  depth: number;
  withFacets: boolean;
  /** The territory whose scale ranks first, when one is chosen and the person did not ask for all scales. */
  favoured: FavouredScale | null;
}

/** A territory's scale, as the fiches list it (`echelon`) and as the kits are written for it (`kitScale`). */
export interface FavouredScale {
  echelon: TerritoryScale;
  kitScale: Scale;
}

export interface ScoredHit {
  hit: SearchHit;
  /** bm25-like: lower is better, comparable across sources. */
  score: number;
}

export interface SourceResult {
  total: number;
  hits: ScoredHit[];
  facets: Partial<Record<FacetName, FacetValue[]>>;
}

/**
 * Something searchable: fiches today; annotations and projects plug in the same way, so the
 * callers of the search service do not change when they arrive.
 */
export interface SearchSource {
  search(context: SearchContext): SourceResult;
  /** Close spellings of `word` found in this source, best first. */
  suggest(word: string): string[];
}
