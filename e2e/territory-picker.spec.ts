import { expect, test } from './app-fixture';

test('the secretary of Ancelle picks « Ancelle (05) » with ↓ then Enter, and can undo a change of territory', async ({ page, openApp }) => {
  await openApp('#/territoire');
  const combobox = page.getByRole('combobox', { name: /^(Votre territoire|Changer de territoire)$/ });
  // A territory chosen before: the change to Ancelle is then a change, which can be undone.
  await combobox.fill('Hautes-Alpes');
  await page.getByRole('option').filter({ hasText: /Département/ }).first().click();
  await expect(page.locator('.topbar .territory-link')).toContainText('Hautes-Alpes');

  await page.evaluate(() => (window.location.hash = '#/territoire'));
  await combobox.fill('Ancelle');
  const options = page.getByRole('option');
  await expect(options.first()).toContainText('Ancelle (05)');
  // Nothing is chosen before the person moves onto a suggestion.
  await expect(page.locator('[role="option"][aria-selected="true"]')).toHaveCount(0);
  await combobox.press('ArrowDown');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await combobox.press('Enter');

  const link = page.locator('.topbar .territory-link');
  await expect(link).toHaveText('Ancelle (05)');
  await expect(link).toHaveAttribute('title', /Ancelle/);
  const toast = page.getByRole('status').filter({ hasText: 'Ancelle (05)' });
  await toast.getByRole('button', { name: 'Annuler' }).click();
  await expect(link).toContainText('Hautes-Alpes');
});

test('a long territory name is shown whole in the top bar', async ({ page, openApp }) => {
  await openApp('#/territoire');
  const combobox = page.getByRole('combobox', { name: /^(Votre territoire|Changer de territoire)$/ });
  await combobox.fill('Guingamp-Paimpol');
  await page.getByRole('option').filter({ hasText: 'Intercommunalité' }).first().click();
  const link = page.locator('.topbar .territory-link');
  await expect(link).toContainText('l’Armor à l’Argoat'.replace(/’/g, "'"));
  // Not cut: the whole text fits in the link's box.
  const cut = await link.evaluate((element) => element.scrollWidth > element.clientWidth + 1);
  expect(cut).toBe(false);
});
