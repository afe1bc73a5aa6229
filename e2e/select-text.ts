import type { Page } from '@playwright/test';

/** Drags the mouse over `text` inside the fiche body, as a reader selects a sentence. */
export async function selectWithMouse(page: Page, text: string): Promise<void> {
  await page.locator('.fiche-body p').first().waitFor();
  const points = await page.evaluate((wanted) => {
    // The sentence may span several text nodes (glossary terms, search marks): find it in their concatenation.
    const body = document.querySelector('.fiche-body') as Node;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    const nodes: { node: Text; start: number }[] = [];
    let all = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement?.closest('[data-kb-ui]')) continue;
      nodes.push({ node: node as Text, start: all.length });
      all += (node as Text).data;
    }
    const at = all.indexOf(wanted);
    if (at < 0) throw new Error(`text not found: ${wanted}`);
    const locate = (offset: number) => {
      const entry = [...nodes].reverse().find((n) => n.start <= offset) as { node: Text; start: number };
      return { node: entry.node, offset: offset - entry.start };
    };
    const from = locate(at);
    const to = locate(at + wanted.length - 1);
    const range = document.createRange();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset + 1);
    from.node.parentElement?.scrollIntoView({ block: 'center' });
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    const first = rects[0] as DOMRect;
    const last = rects[rects.length - 1] as DOMRect;
    return { from: { x: first.left + 1, y: first.top + first.height / 2 }, to: { x: last.right - 1, y: last.top + last.height / 2 } };
  }, text);
  await page.mouse.move(points.from.x, points.from.y);
  await page.mouse.down();
  await page.mouse.move(points.to.x, points.to.y, { steps: 12 });
  await page.mouse.up();
}
