import type { Annotation } from '../../../../shared/schemas';
import type { Route } from '../../lib/router.svelte';

/** Where an annotation is read: its fiche (scrolled to it), or its page in the library's reader. */
export function annotationRoute(a: Pick<Annotation, 'id' | 'kit' | 'number' | 'document'>, withAnnotation = true): Route {
  if (a.document) return { name: 'document', id: a.document.id, page: a.document.page, ...(withAnnotation ? { annotation: a.id } : {}) };
  return { name: 'fiche', kit: a.kit ?? '', number: a.number ?? 0, ...(withAnnotation ? { annotation: a.id } : {}) };
}
