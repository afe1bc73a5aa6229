import type { SearchFilters, SearchResult } from '../../../../shared/schemas';
import { call, errorMessage } from '../../lib/api';
import { emptyFilters } from '../../lib/router.svelte';

const debounceMs = 120;

/**
 * The search the person is typing: one request in flight at a time matters, the latest;
 * answers to older keystrokes are dropped.
 */
class SearchState {
  query = $state('');
  filters: SearchFilters = $state(emptyFilters());
  result: SearchResult | null = $state(null);
  /** The query `result` answers (the box may already hold a newer one). */
  resultQuery = $state('');
  error: string | null = $state(null);
  loading = $state(false);
  /** Index of the result chosen with ↑/↓, -1 for none. */
  active = $state(-1);
  /**
   * « Mon échelon d’abord » (the default) or « Tous les échelons »: kept for the session, whatever
   * is searched next.
   */
  territoryScaleFirst = $state(true);

  private sequence = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Runs the search after a short pause in typing (at once when `immediate`). */
  schedule(query: string, filters: SearchFilters, immediate = false): void {
    this.query = query;
    this.filters = filters;
    clearTimeout(this.timer);
    if (immediate) void this.run();
    else this.timer = setTimeout(() => void this.run(), debounceMs);
  }

  private async run(): Promise<void> {
    const sequence = ++this.sequence;
    this.loading = true;
    try {
      const query = this.query;
      const result = await call('search', {
        query,
        filters: $state.snapshot(this.filters),
        limit: 50,
        territoryScaleFirst: this.territoryScaleFirst,
      });
      if (sequence !== this.sequence) return;
      this.result = result;
      this.resultQuery = query;
      this.error = null;
      this.active = result.hits.length > 0 ? 0 : -1;
    } catch (error) {
      if (sequence === this.sequence) this.error = errorMessage(error);
    } finally {
      if (sequence === this.sequence) this.loading = false;
    }
  }

  /** Ranks the territory's scale first or all scales alike, and searches again at once. */
  rankTerritoryScaleFirst(value: boolean): void {
    this.territoryScaleFirst = value;
    this.schedule(this.query, this.filters, true);
  }

  move(step: 1 | -1): void {
    const count = this.result?.hits.length ?? 0;
    if (count === 0) return;
    this.active = (this.active + step + count) % count;
  }
}

export const searchState = new SearchState();
