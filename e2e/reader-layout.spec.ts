import type { Locator, Page } from '@playwright/test';
import { expect, screenshotPath, test } from './app-fixture';
import { selectWithMouse } from './select-text';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  if (!found) throw new Error('element has no box');
  return found;
}

/** True when `inner` lies wholly inside `outer` (to the pixel's rounding). */
function inside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x - 0.5 &&
    inner.y >= outer.y - 0.5 &&
    inner.x + inner.width <= outer.x + outer.width + 0.5 &&
    inner.y + inner.height <= outer.y + outer.height + 0.5
  );
}

function viewportBox(page: Page): Box {
  const size = page.viewportSize();
  if (!size) throw new Error('no viewport');
  return { x: 0, y: 0, ...size };
}

test('a glossary hint near the bottom of the window opens above its term, stays in the window and closes on Escape', async ({ page, openApp }) => {
  await openApp('#/fiche/municipaless/9');
  await page.locator('.fiche-body .gloss-term').first().waitFor();
  // A term below the first screen, scrolled to just above the bottom edge of the window.
  const index = await page.evaluate(() => {
    const main = document.querySelector('main') as HTMLElement;
    const terms = [...document.querySelectorAll('.fiche-body .gloss-term')];
    const at = terms.findIndex((term) => term.getBoundingClientRect().top > window.innerHeight);
    const term = terms[at] as Element;
    main.scrollBy(0, term.getBoundingClientRect().bottom - (window.innerHeight - 30));
    return at;
  });
  expect(index).toBeGreaterThanOrEqual(0);
  const term = page.locator('.fiche-body .gloss-term').nth(index);
  const tip = page.locator(`#${await term.getAttribute('aria-describedby')}`);
  await term.hover();
  await expect(tip).toBeVisible();
  const termBox = await box(term);
  const tipBox = await box(tip);
  // There was no room below: the hint must have gone above the term, inside the window.
  expect(viewportBox(page).height - (termBox.y + termBox.height)).toBeLessThan(tipBox.height);
  expect(tipBox.y + tipBox.height).toBeLessThanOrEqual(termBox.y);
  expect(inside(tipBox, viewportBox(page))).toBe(true);
  await page.screenshot({ path: screenshotPath('gloss-bottom') });

  // Hoverable: the pointer can move from the term onto the hint without closing it.
  await page.mouse.move(termBox.x + 4, tipBox.y + tipBox.height - 6, { steps: 8 });
  await expect(tip).toBeVisible();

  // Dismissable without moving the pointer, and back when the pointer returns.
  await page.keyboard.press('Escape');
  await expect(tip).toBeHidden();
  await page.mouse.move(5, 5);
  await term.hover();
  await expect(tip).toBeVisible();
});

test('a glossary hint near the right edge of a narrow window is shifted back inside it', async ({ page, openApp }) => {
  await page.setViewportSize({ width: 800, height: 700 });
  await openApp('#/fiche/municipaless/9');
  await page.locator('.fiche-body .gloss-term').first().waitFor();
  const terms = page.locator('.fiche-body .gloss-term');
  const rights = await terms.evaluateAll((all) => all.map((term) => term.getBoundingClientRect().right));
  const index = rights.indexOf(Math.max(...rights));
  const term = terms.nth(index);
  await term.scrollIntoViewIfNeeded();
  await term.hover();
  const tip = page.locator(`#${await term.getAttribute('aria-describedby')}`);
  await expect(tip).toBeVisible();
  expect(inside(await box(tip), viewportBox(page))).toBe(true);
});

test('the sidebar scrolls to the current fiche and to the current kit', async ({ page, openApp }) => {
  const sidebar = page.getByRole('navigation', { name: 'Kits et fiches' });
  const current = sidebar.locator('a[aria-current="page"]');
  const currentInSidebar = async (): Promise<boolean> => inside(await box(current), await box(sidebar));

  await openApp('#/fiche/regionaless/12');
  await expect(current).toContainText('Mobiliser les fonds européens');
  await expect.poll(currentInSidebar).toBe(true);
  await page.screenshot({ path: screenshotPath('sidebar-current-fiche') });

  await page.evaluate(() => (window.location.hash = '#/kit/regionaless'));
  await expect(current).toContainText('RégionalESS');
  await expect.poll(currentInSidebar).toBe(true);

  await page.evaluate(() => (window.location.hash = '#/fiche/municipaless/1'));
  await expect(current).toContainText('de quoi parle-t-on');
  await expect.poll(currentInSidebar).toBe(true);
});

test('the search-hit bar stays on one line and counts the words it marked', async ({ page, openApp }) => {
  await openApp(`#/fiche/departementaless/12?q=${encodeURIComponent('commande publique')}`);
  const bar = page.getByRole('region', { name: 'Occurrences de la recherche' });
  const hits = page.locator('.fiche-body mark.hit');
  await expect(bar).toBeVisible();
  // The query is not searched as a phrase: each marked word is one occurrence.
  await expect(bar).toContainText(`${await hits.count()} occurrences des mots « commande publique »`);
  const summary = bar.locator('[aria-live]');
  const clear = bar.getByRole('link', { name: 'Effacer le surlignage' });
  const next = bar.getByRole('button', { name: 'Occurrence suivante' });
  const middle = (b: Box): number => b.y + b.height / 2;
  const summaryBox = await box(summary);
  const clearBox = await box(clear);
  expect(clearBox.height).toBeLessThan(summaryBox.height * 1.5);
  expect(Math.abs(middle(clearBox) - middle(summaryBox))).toBeLessThan(4);
  expect(Math.abs(middle(await box(next)) - middle(summaryBox))).toBeLessThan(4);
});

test('colour dots keep their size next to their radio buttons, and link reasons sit next to theirs', async ({ page, openApp }) => {
  await openApp('#/fiche/municipaless/9');
  await selectWithMouse(page, 'Ses règles de fonctionnement');
  const toolbar = page.getByRole('toolbar', { name: /Annoter le passage sélectionné/ });
  for (const swatch of await toolbar.locator('.swatch').all()) {
    const dot = await box(swatch);
    expect(Math.abs(dot.width - dot.height)).toBeLessThan(1);
  }
  await toolbar.getByRole('button', { name: 'Ajouter une note' }).click();
  const editor = page.getByRole('dialog', { name: 'Annoter le passage' });
  const swatches = editor.locator('.swatch');
  await expect(swatches).toHaveCount(5);
  for (const swatch of await swatches.all()) {
    const dot = await box(swatch);
    expect(dot.width).toBeGreaterThan(10);
    expect(Math.abs(dot.width - dot.height)).toBeLessThan(1);
  }
  await page.screenshot({ path: screenshotPath('note-editor-colours') });
  await editor.getByRole('button', { name: 'Annuler' }).click();

  await page.getByRole('button', { name: 'Lier à un projet' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Lier cette fiche à un projet' });
  const vigilance = dialog.getByRole('radio', { name: 'point de vigilance' });
  const label = dialog.locator('label').filter({ has: page.getByRole('radio', { name: 'point de vigilance' }) });
  const radioBox = await box(vigilance);
  const labelBox = await box(label);
  // One line, and the label starts at its radio button.
  expect(labelBox.height).toBeLessThan(radioBox.height * 2.5);
  expect(radioBox.x - labelBox.x).toBeLessThan(4);
  await page.screenshot({ path: screenshotPath('link-dialog-reasons') });
});

test('home kit cards are equally tall and their titles stay inside them', async ({ page, openApp }) => {
  await openApp();
  const cards = page.locator('.kit-card a').filter({ hasText: /MunicipalESS|DépartementalESS|RégionalESS/ });
  await expect(cards).toHaveCount(3);
  const boxes = await Promise.all((await cards.all()).map(box));
  const firstRow = boxes.filter((b) => Math.abs(b.y - (boxes[0] as Box).y) < 1);
  expect(new Set(firstRow.map((b) => Math.round(b.height))).size).toBe(1);
  for (const card of await cards.all()) {
    const title = card.locator('.card-title');
    expect(inside(await box(title), await box(card))).toBe(true);
    expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  }
});
