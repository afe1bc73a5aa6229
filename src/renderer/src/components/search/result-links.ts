import type { SearchHit } from '../../../../shared/schemas';
import { emptyFilters, routeHref } from '../../lib/router.svelte';

/** Where a result leads: the fiche, with the words of the search marked in it, or to the annotation found. */
export function resultHref(hit: SearchHit, query: string): string {
  if (hit.type === 'project') return routeHref({ name: 'project', id: hit.id });
  // Until the library has its reader route, a document result narrows the search to documents.
  if (hit.type === 'document') return routeHref({ name: 'search', query, filters: { ...emptyFilters(), type: ['document'] } });
  if (hit.type === 'annotation') return routeHref({ name: 'fiche', kit: hit.kit, number: hit.number, annotation: hit.id });
  return routeHref({ name: 'fiche', kit: hit.kit, number: hit.number, highlight: query.trim() });
}
