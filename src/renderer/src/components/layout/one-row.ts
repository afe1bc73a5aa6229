/**
 * True when a wrapping row of items no longer stands on one line: the last item in the flow went
 * below the first (items flow in order, so any wrap moves the last one down).
 */
export function wrapsOntoTwoRows(row: HTMLElement): boolean {
  const items = [...row.children].filter(
    (item): item is HTMLElement => item instanceof HTMLElement && item.offsetParent !== null && getComputedStyle(item).position !== 'absolute',
  );
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) return false;
  return last.offsetTop >= first.offsetTop + first.offsetHeight / 2;
}
