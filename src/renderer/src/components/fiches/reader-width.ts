import { rootFontPx } from '../../lib/text-size.svelte';

/**
 * Below this width (in rem, so that it follows the text size) the fiche and its notes do not fit
 * side by side: 24rem of text beside the 17.5rem notes panel.
 */
export const narrowReaderRem = 42;

/** An element's width in rem of the page's current text size. */
export function widthInRem(element: Element): number {
  return element.getBoundingClientRect().width / rootFontPx();
}
