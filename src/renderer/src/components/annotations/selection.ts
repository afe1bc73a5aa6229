import { quoteContextLength } from '../../../../shared/limits';
import type { Selector } from '../../../../shared/schemas';
import { buildTextMap, rangeToOffsets } from './text-map';

/** The W3C-style selector (quote with context, and position) of a DOM range in the fiche. */
export function quoteSelector(root: HTMLElement, plainText: string, range: Range): Selector | null {
  const offsets = rangeToOffsets(buildTextMap(root, plainText), range, plainText);
  if (!offsets) return null;
  const { start, end } = offsets;
  return {
    exact: plainText.slice(start, end),
    prefix: plainText.slice(Math.max(0, start - quoteContextLength), start),
    suffix: plainText.slice(end, end + quoteContextLength),
    start,
    end,
  };
}
