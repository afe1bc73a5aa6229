import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './app-fixture';

/** RGAA 4.1 follows WCAG 2.1 level AA: the rules axe files under these tags. */
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const blockingImpacts = new Set(['serious', 'critical']);
/** Enough elements to find the culprit; a list of fifty identical results says nothing more. */
const maxTargets = 8;

/**
 * Runs axe-core on the page as it is now and fails on any serious or critical violation, naming
 * each one (rule, help, elements) so that the failure says what to fix without a re-run.
 */
export async function expectNoSeriousViolations(page: Page, state: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
  const blocking = violations
    .filter((violation) => blockingImpacts.has(violation.impact ?? ''))
    .map((violation) => {
      const targets = violation.nodes.slice(0, maxTargets).map((node) => `    ${node.target.join(' ')}`);
      if (violation.nodes.length > maxTargets) targets.push(`    … and ${violation.nodes.length - maxTargets} more`);
      return `  ${violation.id} (${violation.impact}): ${violation.help}\n${targets.join('\n')}`;
    });
  expect(blocking.length, `axe violations, ${state}:\n${blocking.join('\n')}`).toBe(0);
}

/**
 * Opens a page of the app by its address (the app being open) and audits it once it has loaded:
 * a new title in <main>, nothing busy, no « Chargement… ». A new page is one line in a spec,
 * e.g. the team workspace: `await auditRoute(page, '#/equipe', 'espace d’équipe')`.
 */
export async function auditRoute(page: Page, hash: string, state: string): Promise<void> {
  const main = page.locator('main');
  // What the previous page showed is marked, so that its title is not taken for the new one's.
  await page.evaluate((h) => {
    if (window.location.hash === h) return;
    for (const child of document.querySelectorAll('main > *')) child.setAttribute('data-audit-previous', '');
    window.location.hash = h;
  }, hash);
  await expect(main.locator('h1:not([data-audit-previous] h1)').first()).toBeVisible();
  await expect(main.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(main).not.toContainText(/(Chargement|Recherche)\b[^.]*…/);
  await expectNoSeriousViolations(page, state);
}

/**
 * The focused element shows a focus ring at least 2 px wide whose colour stands out 3:1 from
 * what is behind it (WCAG 1.4.11). A field styled through its frame (the tag editor, a file
 * button) may carry the ring on a close ancestor instead.
 */
export async function expectFocusIndicator(page: Page): Promise<void> {
  const ring = await page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (color: string): Rgba => {
      const match = /^rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? \/? ?([\d.]+))?\)$/.exec(color);
      if (!match) throw new Error(`colour not understood: ${color}`);
      return [Number(match[1]), Number(match[2]), Number(match[3]), match[4] === undefined ? 1 : Number(match[4])];
    };
    const luminance = ([r, g, b]: Rgba): number => {
      const [lr, lg, lb] = [r, g, b].map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4)) as [number, number, number];
      return 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
    };
    /** The colour behind an element: its ancestors' backgrounds, composited up to the first opaque one. */
    const backdrop = (from: Element | null): Rgba => {
      const layers: Rgba[] = [];
      for (let node = from; node; node = node.parentElement) {
        const layer = parse(getComputedStyle(node).backgroundColor);
        if (layer[3] > 0) layers.push(layer);
        if (layer[3] === 1) break;
      }
      return layers.reduceRight<Rgba>((below, [r, g, b, a]) => [r * a + below[0] * (1 - a), g * a + below[1] * (1 - a), b * a + below[2] * (1 - a), 1], [255, 255, 255, 1]);
    };
    const focused = document.activeElement;
    if (!focused || focused === document.body) return { element: 'nothing focused', width: 0, contrast: 0 };
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} « ${(el.textContent ?? '').trim().slice(0, 40)} »`;
    let holder: Element | null = focused;
    for (let depth = 0; holder && depth < 3 && getComputedStyle(holder).outlineStyle === 'none'; depth += 1) holder = holder.parentElement;
    if (!holder || getComputedStyle(holder).outlineStyle === 'none') return { element: describe(focused), width: 0, contrast: 0 };
    const style = getComputedStyle(holder);
    const ringColor = parse(style.outlineColor);
    // An outline drawn inside the box (negative offset) lies over the element's own background.
    const behind = backdrop(parseFloat(style.outlineOffset) < 0 ? holder : holder.parentElement);
    const [light, dark] = [luminance(ringColor), luminance(behind)].sort((a, b) => b - a) as [number, number];
    return { element: describe(focused), width: parseFloat(style.outlineWidth), contrast: (light + 0.05) / (dark + 0.05) };
  });
  expect(ring.width, `focus ring width on ${ring.element}`).toBeGreaterThanOrEqual(2);
  expect(ring.contrast, `focus ring contrast on ${ring.element}`).toBeGreaterThanOrEqual(3);
}
