import { expect, screenshotPath, test } from './app-fixture';

test('the three kits appear with their fiches in order', async ({ page, openApp }) => {
  await openApp();
  // Other tests of the worker may import kits of their own: the three bundled kits must be there.
  const kits = page.locator('.sidebar-kit h2');
  await expect(kits.filter({ hasText: 'RégionalESS' })).toHaveCount(1);
  const titles = await kits.allTextContents();
  for (const kit of ['MunicipalESS (2020)', 'DépartementalESS (2021)', 'RégionalESS (2021)']) {
    expect(titles.some((title) => title.includes(kit))).toBe(true);
  }
  const municipal = page.locator('.sidebar-kit').filter({ hasText: 'MunicipalESS' });
  const numbers = await municipal.locator('.fiche-list .num').allTextContents();
  expect(numbers.length).toBeGreaterThan(15);
  expect(numbers.map(Number)).toEqual([...numbers.map(Number)].sort((a, b) => a - b));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bienvenue dans Kits ESS');
  await page.screenshot({ path: screenshotPath('home') });
});

test('a kit page shows its fiches with summaries and the numbers it does not include', async ({ page, openApp }) => {
  await openApp('#/kit/municipaless');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('MunicipalESS');
  await expect(page.locator('.facts')).toContainText('Élections municipales de mars 2020');
  await expect(page.locator('.facts')).toContainText('24 fiches');
  const missing = page.locator('.kit-entry.missing');
  await expect(missing).toHaveCount(3);
  await expect(missing.first()).toContainText('5');
  await expect(missing.first()).toContainText('fiche non reprise : consulter le kit officiel');
  await expect(missing.first().getByRole('link')).toHaveAttribute('href', 'https://rtes.fr');
  await expect(page.locator('.kit-entry:not(.missing) p').first()).not.toBeEmpty();
  await page.screenshot({ path: screenshotPath('kit-page') });
});

test('a fiche opens with its headings, table of contents, notice and glossary hints', async ({ page, openApp }) => {
  await openApp();
  await page.locator('.sidebar-kit').filter({ hasText: 'MunicipalESS' }).getByRole('link', { name: /Commande publique responsable/ }).click();
  await expect(page).toHaveURL(/#\/fiche\/municipaless\/7$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Commande publique responsable');
  const body = page.locator('.fiche-body');
  await expect(body.locator('h2')).toHaveText(['L’essentiel', 'Ce que peut faire la collectivité', 'Exemples', 'Pour aller plus loin']);
  await expect(page.locator('.notice')).toContainText('Synthèse rédigée pour Kits ESS');
  await expect(page.locator('.notice a')).toHaveAttribute('href', /^https:\/\//);

  const toc = page.getByRole('navigation', { name: 'Sommaire de la fiche' });
  await toc.getByRole('button', { name: 'Exemples' }).click();
  await expect(body.getByRole('heading', { name: 'Exemples' })).toBeInViewport();

  const external = body.locator('a.external').first();
  await expect(external).toHaveAttribute('target', '_blank');
  await expect(external).toHaveAttribute('rel', 'noopener noreferrer');

  const term = body.locator('.gloss-term').first();
  await term.hover();
  const tip = page.locator(`#${await term.getAttribute('aria-describedby')}`);
  await expect(tip).toBeVisible();
  await expect(tip).not.toBeEmpty();
  await page.screenshot({ path: screenshotPath('fiche') });
});

test('the reader works from the keyboard alone', async ({ page, openApp }) => {
  await openApp();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Aller au contenu' })).toBeFocused();
  const firstFiche = page.locator('.fiche-list a').first();
  await firstFiche.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('de quoi parle-t-on');
  await expect(page.locator('main')).toBeFocused();
});

test('follows the system dark preference', async ({ page, openApp }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openApp('#/fiche/regionaless/12');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('fonds européens');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(21, 23, 26)');
  await page.screenshot({ path: screenshotPath('fiche-dark') });
});
