import type { SearchHit } from '../../../../shared/schemas';
import { routeHref } from '../../lib/router.svelte';

/** Where a result leads: the fiche or the document's page, with the words of the search marked in it, or to the annotation found. */
export function resultHref(hit: SearchHit, query: string): string {
  if (hit.type === 'project') return routeHref({ name: 'project', id: hit.id });
  if (hit.type === 'document') return routeHref({ name: 'document', id: hit.id, page: hit.page, highlight: query.trim() });
  if (hit.type === 'annotation') return routeHref({ name: 'fiche', kit: hit.kit, number: hit.number, annotation: hit.id });
  return routeHref({ name: 'fiche', kit: hit.kit, number: hit.number, highlight: query.trim() });
}
