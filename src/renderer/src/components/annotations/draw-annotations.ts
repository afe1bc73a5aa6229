import type { Annotation } from '../../../../shared/schemas';
import { buildTextMap, offsetsToPieces, wrapPieces } from './text-map';
import { quoteExcerpt } from './quote-excerpt';

/**
 * Draws anchored annotations as <mark> elements over their passage. The text map is rebuilt
 * for each annotation, so that overlapping highlights nest instead of breaking each other.
 * `focusable`: each highlight is a Tab stop that opens its note (a PDF page, whose text layer
 * has no other way in from the keyboard); otherwise the panel leads to it.
 */
export function drawAnnotations(root: HTMLElement, plainText: string, annotations: readonly Annotation[], { focusable = false } = {}): void {
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
      first.tabIndex = focusable ? 0 : -1;
      if (focusable) {
        first.setAttribute('role', 'button');
        first.setAttribute('aria-label', `Passage annoté « ${quoteExcerpt(selector.exact.replace(/\s+/g, ' '), 80)} » : voir la note`);
      }
    }
  }
}

/** Takes the highlights out again (before drawing a changed list), leaving the text as it was. */
export function clearAnnotations(root: HTMLElement): void {
  for (const mark of root.querySelectorAll('mark.annotation')) mark.replaceWith(...mark.childNodes);
  root.normalize();
}
