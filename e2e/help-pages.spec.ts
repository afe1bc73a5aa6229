import { expect, screenshotPath, test } from './app-fixture';
import { auditRoute, expectNoSeriousViolations } from './axe';

test('F1 opens the keyboard shortcuts, listed from the same table as the desktop menus', async ({ page, openApp }) => {
  await openApp('#/');
  await page.keyboard.press('F1');
  await expect(page).toHaveURL(/#\/raccourcis$/);
  const main = page.locator('main');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText('Raccourcis clavier');
  await expect(main.getByRole('row', { name: /Ctrl \+ K Aller à la recherche/ })).toBeVisible();
  await expect(main.getByRole('row', { name: /Alt \+ A Ouvrir la barre d’annotation/ })).toBeVisible();
  await expect(main.getByRole('table', { name: 'Affichage' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('raccourcis-clavier') });
  await auditRoute(page, '#/raccourcis', 'raccourcis clavier');
});

test('À propos shows the version, the kits edition, the data folder and every licence', async ({ page, openApp, app }) => {
  await openApp('#/');
  await page.getByRole('link', { name: 'À propos' }).click();
  const main = page.locator('main');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText('À propos de Kits ESS');
  await expect(main).toContainText(/Édition des kits\s*du \d{1,2}(er)? \p{L}+ 20\d\d/u);
  await expect(main).toContainText(app.dataDir);
  await expect(main).toContainText('Licence Ouverte 2.0');
  await expect(main).toContainText('RTES');
  await main.getByText('Licences des composants tiers').click();
  const licences = main.getByRole('region', { name: 'Licences des composants tiers' });
  await expect(licences).toContainText(/^better-sqlite3 [\d.]+ — MIT$/m);
  await expect(licences).toContainText(/^marked [\d.]+ — MIT$/m);
  await page.screenshot({ path: screenshotPath('a-propos') });
  await expectNoSeriousViolations(page, 'à propos, licences ouvertes');
});
