import { callApi, expect, followTopLink, screenshotPath, test } from './app-fixture';

/*
 * A colleague's export travels with the territory of the computer it was made on. Importing it
 * here must keep this computer's territory (a département must not turn into a commune), and
 * the import report says that the two differ.
 */

test('importing an export made on a commune keeps this département as territory, and says so', async ({ page, openApp, app }) => {
  await callApi(app, 'setTerritory', { territory: { scale: 'departement', code: '05' } });
  await callApi(app, 'createProject', { title: `Légumerie d’Ancelle ${Date.now()}` });
  const { json } = await callApi<{ json: string }>(app, 'exportUserData', {});
  // The colleague's computer is set on the commune of Ancelle, chosen after ours was.
  const colleague = { ...(JSON.parse(json) as object), territory: { scale: 'commune', code: '05004', name: 'Ancelle', updatedAt: new Date().toISOString() } };

  await openApp('#/echanges');
  const territoryLink = page.locator('.topbar .territory-link');
  await expect(territoryLink).toHaveText('Hautes-Alpes');
  await page
    .locator('.file-button input[type="file"]')
    .setInputFiles({ name: 'export-ancelle.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(colleague)) });

  const report = page.getByRole('status').filter({ hasText: 'Import terminé' });
  await expect(report).toContainText('Le fichier vient d’un poste réglé sur Ancelle ; votre territoire (Hautes-Alpes) n’a pas été modifié.');
  await page.screenshot({ path: screenshotPath('import-other-territory') });
  await expect(territoryLink).toHaveText('Hautes-Alpes');

  // Still so after a reload, on the territory page and the dashboard.
  await page.reload();
  await expect(territoryLink).toHaveText('Hautes-Alpes');
  await followTopLink(page, 'Hautes-Alpes');
  await expect(page.getByText('Territoire actuel : Hautes-Alpes')).toBeVisible();
});
