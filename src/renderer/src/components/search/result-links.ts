import type { SearchHit } from '../../../../shared/schemas';
import { routeHref } from '../../lib/router.svelte';

/** Where a result leads: the fiche, with the words of the search marked in it. */
export function resultHref(hit: SearchHit, query: string): string {
  return routeHref({ name: 'fiche', kit: hit.kit, number: hit.number, highlight: query.trim() });
}
