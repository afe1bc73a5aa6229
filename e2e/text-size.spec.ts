import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { callApi, expect, screenshotPath, test } from './app-fixture';

const rootFontSize = (page: Page): Promise<string> => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);

/** Wholly inside the window as it first shows (nothing to scroll to reach it). */
async function onFirstScreen(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const view = page.viewportSize();
  if (!box || !view) return false;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= view.width && box.y + box.height <= view.height;
}

// The size is kept in the database the tests share: the next test starts from the normal size.
test.afterEach(async ({ app }) => {
  await callApi(app, 'setTextSize', { percent: 100 });
});

for (const width of [1366, 1024]) {
  test(`at 200 % on a screen ${width} px wide, a fiche’s notes are beside it or one click away`, async ({ page, openApp, app }) => {
    // axe takes its time on a busy machine.
    test.setTimeout(90_000);
    const note = `Note du vice-président à ${width} px`;
    for (const { id } of await callApi<{ id: string }[]>(app, 'listAnnotations', { kit: 'municipaless', number: 12 })) {
      await callApi(app, 'deleteAnnotation', { id });
    }
    await callApi(app, 'createAnnotation', { kit: 'municipaless', number: 12, selector: null, note, tags: [] });
    await page.setViewportSize({ width, height: 768 });
    await openApp('#/fiche/municipaless/12');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.screenshot({ path: screenshotPath(`text-size-100-${width}`) });

    const grow = page.getByRole('button', { name: 'Agrandir le texte' });
    for (let step = 0; step < 4; step += 1) await grow.click();
    await expect(grow).toBeDisabled();
    await expect(page.getByRole('group', { name: 'Taille du texte' })).toContainText('200 %');
    expect(await rootFontSize(page)).toBe('32px');
    // Everything grows with the text, the fiche's title as well as the body.
    expect(await page.locator('h1').evaluate((h1) => parseFloat(getComputedStyle(h1).fontSize))).toBeGreaterThanOrEqual(2 * 28);

    // Found hidden too (a folded panel): the question is whether it shows without scrolling.
    const card = page.locator('.annotation-panel .annotation-card').filter({ hasText: note });
    await expect(card).toBeAttached();
    if (!(await onFirstScreen(page, card))) {
      await page.getByRole('button', { name: /^Notes \(\d+\)/ }).click();
    }
    await expect(card).toBeVisible();
    expect(await onFirstScreen(page, card)).toBe(true);
    expect(await onFirstScreen(page, page.getByRole('heading', { name: /^Annotations/ }))).toBe(true);
    expect(await page.locator('main').evaluate((main) => main.scrollTop)).toBe(0);
    await page.screenshot({ path: screenshotPath(`text-size-200-${width}`) });

    // What A+ adds passes axe: the controls, the folded links, the notes over the text.
    const audit = await new AxeBuilder({ page }).include('.topbar').include('.side-toggle-bar').include('#reader-side').analyze();
    expect(audit.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    // The top links, folded under « Menu », are one click away too.
    await page.getByRole('button', { name: /^Menu/ }).click();
    const link = page.getByRole('link', { name: 'Mes annotations' });
    expect(await onFirstScreen(page, link)).toBe(true);
    await link.click();
    await expect(page).toHaveURL(/#\/annotations$/);
    await expect(link).toBeHidden();
  });
}

test('Ctrl+= / Ctrl+− / Ctrl+0 change the text size, which is kept for the next start', async ({ page, openApp }) => {
  await openApp('#/fiche/municipaless/12');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.keyboard.press('Control+Equal');
  await page.keyboard.press('Control+Equal');
  await expect.poll(() => rootFontSize(page)).toBe('24px');
  await page.keyboard.press('Control+Minus');
  await expect.poll(() => rootFontSize(page)).toBe('20px');
  await expect(page.getByRole('group', { name: 'Taille du texte' })).toContainText('125 %');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect.poll(() => rootFontSize(page)).toBe('20px');

  await page.keyboard.press('Control+0');
  await expect.poll(() => rootFontSize(page)).toBe('16px');
  await expect(page.getByRole('button', { name: 'Réduire le texte' })).toBeDisabled();
});

test('the list of fiches and the notes panel fold away and come back with their buttons', async ({ page, openApp }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp('#/fiche/municipaless/12');
  const kitList = page.getByRole('navigation', { name: 'Kits et fiches' });
  const kitToggle = page.getByRole('button', { name: /Fiches/ });
  await expect(kitToggle).toHaveAttribute('aria-expanded', 'true');
  await kitToggle.click();
  await expect(kitList).toBeHidden();
  await expect(kitToggle).toHaveAttribute('aria-expanded', 'false');

  const notes = page.getByRole('region', { name: /Annotations/ });
  const notesToggle = page.getByRole('button', { name: /^Notes \(\d+\)/ });
  await expect(notes).toBeVisible();
  await notesToggle.click();
  await expect(notes).toBeHidden();
  // Folded for the next fiche too, as one reads on.
  await page.getByRole('link', { name: /^13\./ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('13');
  await expect(notes).toBeHidden();
  await notesToggle.click();
  await expect(notes).toBeVisible();
  await kitToggle.click();
  await expect(kitList).toBeVisible();
});
