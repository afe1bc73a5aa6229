import { markdownToPlainText } from '../src/shared/markdown/plain-text';
import { callApi, expect, screenshotPath, test, type RunningApp } from './app-fixture';

const fiche = { kit: 'municipaless', number: 10 };

/** An annotation on a passage of the fiche, placed as the reader places it (in the fiche's plain text). */
async function annotatePassage(app: RunningApp, exact: string): Promise<string> {
  const { bodyMd } = await callApi<{ bodyMd: string }>(app, 'getFiche', fiche);
  const start = markdownToPlainText(bodyMd).indexOf(exact);
  expect(start).toBeGreaterThanOrEqual(0);
  const selector = { exact, start, end: start + exact.length, prefix: '', suffix: '' };
  const annotation = await callApi<{ id: string }>(app, 'createAnnotation', { ...fiche, selector, note: '', tags: [], color: 'jaune' });
  return annotation.id;
}

test('a project linked to a fiche and to one of its passages is listed once, with both reasons, and counted once', async ({ page, openApp, app }) => {
  const suffix = Date.now().toString(36);
  const garage = await callApi<{ id: string; title: string }>(app, 'createProject', { title: `Garage solidaire ${suffix}` });
  const autoPartage = await callApi<{ id: string; title: string }>(app, 'createProject', { title: `Autopartage rural ${suffix}` });
  const passage = await annotatePassage(app, 'garages solidaires');
  await callApi(app, 'linkToProject', { projectId: garage.id, ...fiche, reason: 'levier' });
  await callApi(app, 'linkToProject', { projectId: garage.id, ...fiche, annotationId: passage, reason: 'exemple' });
  await callApi(app, 'linkToProject', { projectId: autoPartage.id, ...fiche, reason: 'point de vigilance' });
  const projectIds = new Set((await callApi<{ projectId: string }[]>(app, 'listFicheLinks', fiche)).map((link) => link.projectId));

  await openApp(`#/fiche/${fiche.kit}/${fiche.number}`);
  const section = page.getByRole('region', { name: /^Projets liés/ });
  await expect(section.getByRole('heading', { level: 2 })).toHaveText(`Projets liés (${projectIds.size})`);
  await expect(section.getByRole('link', { name: garage.title })).toHaveCount(1);
  const garageEntry = section.getByRole('listitem').filter({ has: page.getByRole('link', { name: garage.title }) });
  await expect(garageEntry).toContainText('Levier');
  await expect(garageEntry).toContainText('Exemple');
  await expect(garageEntry).toContainText('« garages solidaires »');
  await expect(section.getByRole('link', { name: autoPartage.title })).toHaveCount(1);
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('fiche-linked-projects') });

  await page.evaluate(() => (window.location.hash = '#/tableau-de-bord'));
  const ranking = page.getByRole('region', { name: 'Fiches les plus citées' }).getByRole('listitem').filter({ hasText: 'ESS & accès à une mobilité durable' });
  await expect(ranking).toContainText(`${projectIds.size} projets`);
  await expect(ranking).not.toContainText('liens');
  await ranking.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('dashboard-most-linked') });
});
