import type { Page } from '@playwright/test';

/**
 * Drags the mouse over `text` inside `root` (the fiche body, or a PDF page's text layer), as a
 * reader selects a sentence. White space may differ from what the page shows: a PDF's text layer
 * has no space where a line ends.
 */
export async function selectWithMouse(page: Page, text: string, root = '.fiche-body'): Promise<void> {
  // Retried until the text is drawn (a fiche's effect, a PDF page's text layer).
  const located = await page.waitForFunction(
    ([selector, wanted]) => {
      // The sentence may span several text nodes (glossary terms, search marks, PDF text items): find it in their concatenation.
      const body = document.querySelector(selector);
      if (!body) return null;
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      const nodes: { node: Text; start: number }[] = [];
      let all = '';
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement?.closest('[data-kb-ui]')) continue;
        nodes.push({ node: node as Text, start: all.length });
        all += (node as Text).data;
      }
      const pattern = wanted
        .split(/\s+/)
        .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('\\s*');
      const match = new RegExp(pattern).exec(all);
      if (!match) return null;
      const locate = (offset: number) => {
        const entry = [...nodes].reverse().find((n) => n.start <= offset) as { node: Text; start: number };
        return { node: entry.node, offset: offset - entry.start };
      };
      const from = locate(match.index);
      const to = locate(match.index + match[0].length - 1);
      const range = document.createRange();
      range.setStart(from.node, from.offset);
      range.setEnd(to.node, to.offset + 1);
      from.node.parentElement?.scrollIntoView({ block: 'center' });
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      const first = rects[0] as DOMRect;
      const last = rects[rects.length - 1] as DOMRect;
      return { from: { x: first.left + 1, y: first.top + first.height / 2 }, to: { x: last.right - 1, y: last.top + last.height / 2 } };
    },
    [root, text] as const,
  );
  const points = await located.jsonValue();
  if (!points) throw new Error(`text not found: ${text}`);
  await page.mouse.move(points.from.x, points.from.y);
  await page.mouse.down();
  await page.mouse.move(points.to.x, points.to.y, { steps: 12 });
  await page.mouse.up();
}
