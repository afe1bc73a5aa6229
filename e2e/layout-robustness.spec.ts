import type { Page } from '@playwright/test';
import { expect, screenshotPath, test, type RunningApp } from './app-fixture';
import { selectWithMouse } from './select-text';

/** Calls the web host's API as the page does, with the launch token of the address. */
async function api(app: RunningApp, method: string, input: unknown): Promise<{ id: string }> {
  const url = new URL(app.url);
  const token = url.hash.replace('#token=', '');
  const response = await fetch(`${url.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { ok: boolean; value: { id: string }; error?: unknown };
  if (!body.ok) throw new Error(JSON.stringify(body.error));
  return body.value;
}

/** One unbreakable word, as a paste gone wrong would produce. */
function longWord(length: number): string {
  return 'Anticonstitutionnellement'.repeat(Math.ceil(length / 25)).slice(0, length);
}

const scrollTop = (page: Page): Promise<number> => page.evaluate(() => document.scrollingElement?.scrollTop ?? -1);
const mainScrollTop = (page: Page): Promise<number> => page.evaluate(() => document.querySelector('main')?.scrollTop ?? 0);

/**
 * The app is a fixed frame: the wheel over the top bar and PageDown on <body> must not scroll the
 * document (which would push the whole frame out of the window), while the main pane still scrolls.
 */
async function expectFrameStaysPut(page: Page): Promise<void> {
  const topbar = page.locator('.topbar');
  // The root cause: nothing, not even screen-reader-only text, makes the document taller than the window.
  expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);

  const bar = await topbar.boundingBox();
  if (!bar) throw new Error('no top bar');
  await page.mouse.move(bar.x + 40, bar.y + bar.height / 2);
  await page.mouse.wheel(0, 3000);
  // Wheel events are handled in order: once the main pane has scrolled, the first one has been handled too.
  const pane = await page.locator('main').boundingBox();
  if (!pane) throw new Error('no main pane');
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  await page.mouse.wheel(0, 400);
  await expect.poll(() => mainScrollTop(page)).toBeGreaterThan(0);
  expect(await scrollTop(page)).toBe(0);
  await expect(topbar).toBeInViewport();

  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  for (let i = 0; i < 4; i += 1) await page.keyboard.press('PageDown');
  await page.keyboard.press('End');
  // Same ordering trick for keys: from the top of the pane, End in the pane must have been handled after them.
  await page.evaluate(() => document.querySelector('main')?.scrollTo({ top: 0 }));
  await page.locator('main').focus();
  await page.keyboard.press('End');
  await expect.poll(() => mainScrollTop(page)).toBeGreaterThan(0);
  expect(await scrollTop(page)).toBe(0);
  await expect(topbar).toBeInViewport();
  expect((await topbar.boundingBox())?.y).toBe(0);
}

test('on a fiche with annotations at 1024×700, the wheel over the top bar and PageDown on the page leave the frame in place', async ({ page, openApp, app }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await api(app, 'createAnnotation', { kit: 'municipaless', number: 11, selector: null, note: `Note ${longWord(3000)}`, tags: ['T'.repeat(60)] });
  await openApp('#/fiche/municipaless/11');
  // A highlight adds screen-reader-only text (its colour) to its card in the side panel.
  await selectWithMouse(page, 'Le choix n’est pas neutre.');
  await page.getByRole('button', { name: 'Surligner en jaune' }).click();
  await expect(page.locator('.annotation-panel .quote-button .visually-hidden').first()).toBeAttached();

  await expectFrameStaysPut(page);

  // The note's very long word wraps inside the side panel.
  const panel = page.locator('.annotation-panel');
  await expect(panel).toContainText('Anticonstitutionnellement');
  expect(await panel.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect(await page.locator('main').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await panel.scrollIntoViewIfNeeded();
  expect(await scrollTop(page)).toBe(0);
  await page.screenshot({ path: screenshotPath('layout-fiche-1024') });
});

test('« Mes annotations » keeps the frame in place at 1280×800 and 1024×700', async ({ page, openApp, app }) => {
  for (let i = 0; i < 4; i += 1) {
    await api(app, 'createAnnotation', { kit: 'municipaless', number: 7, selector: null, note: `Note de cadrage ${i}\n\n${'Un paragraphe assez long pour remplir la page. '.repeat(20)}`, tags: ['cadrage'] });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp('#/annotations');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Mes annotations');
  await expect(page.locator('.annotations-page li.card').first()).toBeVisible();
  await expectFrameStaysPut(page);

  await page.setViewportSize({ width: 1024, height: 700 });
  await page.evaluate(() => document.querySelector('main')?.scrollTo({ top: 0 }));
  await expectFrameStaysPut(page);
});

test('at 1024×700 the search box keeps room for a query', async ({ page, openApp }) => {
  for (const width of [1024, 900]) {
    await page.setViewportSize({ width, height: 700 });
    await openApp('#/');
    const input = page.locator('#search-input');
    const box = await input.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(150);
    // What is left for the text once the padding (and the Ctrl K hint, when shown) is taken.
    const fits = await input.evaluate((el) => {
      const style = getComputedStyle(el);
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const context = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
      context.font = style.font;
      return room >= context.measureText('coopératives').width;
    });
    expect(fits).toBe(true);
  }
  await page.locator('#search-input').fill('coopérative');
  await page.screenshot({ path: screenshotPath('layout-search-box-900'), clip: { x: 0, y: 0, width: 900, height: 120 } });
});

test('a project whose title, porteur and description hold very long words does not widen the page', async ({ page, openApp, app }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  // The title is capped at 200 characters: the 3,000-character word goes in the description.
  const project = await api(app, 'createProject', {
    title: `Titre ${longWord(190)}`,
    lead: longWord(200),
    partners: [longWord(200)],
    description: `Avant ${longWord(3000)} après.`,
  });
  for (const hash of [`#/projets/${project.id}`, '#/projets']) {
    await openApp(hash);
    await expect(page.locator('main')).toContainText(`Titre ${longWord(40)}`);
    const widths = await page.evaluate(() => {
      const main = document.querySelector('main') as HTMLElement;
      return { page: document.documentElement.scrollWidth, window: window.innerWidth, mainScroll: main.scrollWidth, mainClient: main.clientWidth };
    });
    expect(widths.page).toBeLessThanOrEqual(widths.window);
    expect(widths.mainScroll).toBeLessThanOrEqual(widths.mainClient);
  }
  await page.screenshot({ path: screenshotPath('layout-projects-long-words') });
});
