import type { Annotation } from '../../../../shared/schemas';
import { buildTextMap, offsetsToPieces, wrapPieces } from './text-map';

/**
 * Draws anchored annotations as <mark> elements over their passage. The text map is rebuilt
 * for each annotation, so that overlapping highlights nest instead of breaking each other.
 */
export function drawAnnotations(root: HTMLElement, plainText: string, annotations: readonly Annotation[]): void {
  const anchored = annotations.filter((a) => a.status === 'anchored' && a.selector);
  for (const annotation of anchored) {
    const selector = annotation.selector;
    if (!selector) continue;
    const pieces = offsetsToPieces(buildTextMap(root, plainText), selector.start, selector.end);
    const marks = wrapPieces(pieces, () => {
      const mark = document.createElement('mark');
      mark.className = `annotation color-${annotation.color ?? 'jaune'}`;
      mark.dataset.annotationId = annotation.id;
      return mark;
    });
    const first = marks[0];
    if (first) {
      first.id = `passage-${annotation.id}`;
      first.tabIndex = -1;
    }
  }
}
