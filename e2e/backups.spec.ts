import path from 'node:path';
import Database from 'better-sqlite3';
import { callApi, expect, screenshotPath, test } from './app-fixture';

test('back up, delete a project, restore: the project is back and the page says what happened', async ({ page, openApp, app }) => {
  const title = `Recyclerie à retrouver ${Date.now()}`;
  const project = await callApi<{ id: string }>(app, 'createProject', { title });
  await openApp('#/donnees');
  // The list is loaded once the day's automatic backup shows.
  await expect(page.locator('.backup-list li').filter({ hasText: 'automatique' }).first()).toBeVisible();
  const manual = page.locator('.backup-list li').filter({ hasText: 'manuelle' });
  const before = await manual.count();
  await page.getByRole('button', { name: 'Sauvegarder maintenant' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sauvegarde enregistrée' })).toBeVisible();
  await expect(manual).toHaveCount(before + 1);

  await callApi(app, 'deleteProject', { id: project.id });
  // The backup just made, the most recent manual one (the list is newest first).
  await manual.first().getByRole('button', { name: 'Restaurer' }).click();
  const confirm = page.getByRole('dialog', { name: 'Restaurer cette sauvegarde ?' });
  await confirm.getByRole('button', { name: 'Restaurer' }).click();

  // Every page reloads on the restored base; the message survives the reload.
  await expect(page.getByRole('status').filter({ hasText: 'Sauvegarde restaurée. L’ancienne base a été mise de côté' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('after-restore') });
  await page.getByRole('link', { name: 'Projets', exact: true }).click();
  await expect(page.getByRole('link', { name: title })).toBeVisible();
});

test('a backup carrying a planted trigger is refused on the data page, and the data stay', async ({ page, openApp, app }) => {
  const title = `Régie de quartier à garder ${Date.now()}`;
  await callApi(app, 'createProject', { title });
  const backup = await callApi<{ name: string }>(app, 'backupNow', {});
  // Someone changed the file after it was written: a trigger that empties the projects.
  const file = new Database(path.join(app.dataDir, 'sauvegardes', backup.name));
  file.exec('CREATE TRIGGER purge AFTER INSERT ON annotations BEGIN DELETE FROM projects; END');
  file.close();

  await openApp('#/donnees');
  // The most recent manual backup is the one just changed (the list is newest first).
  await page.locator('.backup-list li').filter({ hasText: 'manuelle' }).first().getByRole('button', { name: 'Restaurer' }).click();
  await page.getByRole('dialog', { name: 'Restaurer cette sauvegarde ?' }).getByRole('button', { name: 'Restaurer' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('n’a pas la structure d’une base Kits ESS');
  await expect(alert).toContainText('déclencheur « purge » en trop');
  await page.screenshot({ path: screenshotPath('restore-refused') });
  const projects = await callApi<{ title: string }[]>(app, 'listProjects', { includeArchived: true });
  expect(projects.map((p) => p.title)).toContain(title);
});

test('importing the same export twice changes nothing the second time, and says so', async ({ page, openApp, app }) => {
  await callApi(app, 'createProject', { title: `Garage solidaire ${Date.now()}` });
  const { json } = await callApi<{ json: string }>(app, 'exportUserData', {});
  await openApp('#/echanges');
  await expect(page.getByRole('heading', { level: 1, name: 'Échanger avec un collègue' })).toBeVisible();
  const file = { name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(json) };
  const input = page.locator('.file-button input[type="file"]');
  await input.setInputFiles(file);
  const report = page.getByRole('status').filter({ hasText: 'Import terminé' });
  await expect(report).toContainText('Rien n’a changé : ce poste avait déjà tout le contenu de cet export.');
  await expect(report).toContainText('Ajouté : 0 annotation, 0 projet, 0 lien, 0 levier de feuille de route.');
});
