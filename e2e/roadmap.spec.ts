import { callApi, expect, screenshotPath, test } from './app-fixture';
import { auditRoute } from './axe';

interface LeverRow {
  id: string;
  title: string;
  number: number;
}

test('a lever goes from its fiche into the roadmap, gets an owner, a date, a project and a status, and shows on the dashboard', async ({ page, app, openApp }) => {
  // Three pages go through axe on a machine shared with other runs.
  test.setTimeout(120_000);
  const project = await callApi<{ id: string }>(app, 'createProject', { title: 'Chantier d’insertion des routes', status: 'en_cours' });
  const [lever] = await callApi<LeverRow[]>(app, 'listLevers', { kit: 'departementaless', number: 11 });
  if (!lever) throw new Error('fiche 11 has levers');

  // From the fiche: the button beside the lever, reached by its accessible name.
  await openApp('#/fiche/departementaless/11');
  const levers = page.getByRole('region', { name: /Leviers de la fiche/ });
  await levers.getByRole('button', { name: `Ajouter à la feuille de route : ${lever.title}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `« ${lever.title} » ajouté à la feuille de route` })).toBeVisible();
  await expect(levers.getByRole('list', { name: `Dans la feuille de route · ${lever.title}` })).toContainText('Programme de campagne : Envisagé');
  await page.screenshot({ path: screenshotPath('roadmap-reader') });

  // On the page: a second lever through the search, then the first one's status and details.
  await page.getByRole('navigation', { name: 'Votre territoire et vos notes' }).getByRole('link', { name: 'Feuille de route' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Feuille de route ESS' })).toBeVisible();
  await page.getByLabel('Chercher un levier dans les fiches').fill('coproduire diagnostic');
  await page.getByRole('button', { name: 'Ajouter à la feuille de route : Commander ou coproduire un diagnostic' }).click();
  const items = page.getByRole('region', { name: /^Programme de campagne/ });
  // Both levers, in the kits' order (commune first).
  await expect(items.getByRole('heading', { level: 4 })).toHaveText(['Commander ou coproduire un diagnostic', lever.title]);
  const card = page.getByRole('listitem', { name: lever.title });
  await card.getByLabel('Statut').selectOption({ label: 'Engagé' });
  await expect(card.getByLabel('Statut')).toHaveValue('engage');
  await card.getByRole('button', { name: `Modifier : ${lever.title}` }).click();
  await card.getByLabel('Élu référent').fill('Marie Durand, vice-présidente');
  await card.getByLabel('Échéance').fill('2020-T1');
  await card.getByLabel('Chantier d’insertion des routes').check();
  await card.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(card).toContainText('Marie Durand, vice-présidente');
  await expect(card).toContainText('1er trimestre 2020 · échéance dépassée');
  await expect(card.getByRole('link', { name: 'Chantier d’insertion des routes' })).toBeVisible();

  // A bad target is refused in French and changes nothing.
  await card.getByRole('button', { name: `Modifier : ${lever.title}` }).click();
  await card.getByLabel('Échéance').fill('T3 2027');
  await card.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(card.getByRole('alert')).toHaveText('Échéance invalide : une année (2027) ou un trimestre (2027-T3).');
  await card.getByRole('button', { name: 'Annuler' }).click();
  await expect(card).toContainText('1er trimestre 2020');

  await page.getByLabel('Par statut').check();
  await expect(page.getByRole('region', { name: 'Engagé' })).toContainText(lever.title);
  await page.screenshot({ path: screenshotPath('roadmap-page'), fullPage: true });
  await auditRoute(page, '#/feuille-de-route', 'feuille de route');

  // The dashboard follows it: one engaged, one past its date.
  await auditRoute(page, '#/tableau-de-bord', 'tableau de bord avec feuille de route');
  const followUp = page.getByRole('region', { name: 'Feuille de route' });
  await expect(followUp.getByRole('list', { name: 'Leviers de la feuille de route' })).toContainText('2 leviers choisis');
  await expect(followUp.getByRole('list', { name: 'Leviers de la feuille de route' })).toContainText('1 levier engagé');
  await expect(followUp.getByRole('row', { name: /insertion et RSA/ })).toContainText('1');
  await expect(followUp).toContainText(`Échéance dépassée (1)`);
  await page.screenshot({ path: screenshotPath('roadmap-dashboard'), fullPage: true });

  // The project lists the lever it carries out, and the fiche shows the lever's status.
  await page.evaluate((id) => (window.location.hash = `#/projets/${id}`), project.id);
  await expect(page.getByRole('heading', { name: 'Leviers de la feuille de route' })).toBeVisible();
  await expect(page.getByRole('link', { name: lever.title })).toBeVisible();
  await page.evaluate(() => (window.location.hash = '#/fiche/departementaless/11'));
  await expect(page.getByRole('list', { name: `Dans la feuille de route · ${lever.title}` })).toContainText('Programme de campagne : Engagé');
});

test('« Retirer » an item offers « Annuler », which puts it back exactly, with its project', async ({ page, app, openApp }) => {
  const project = await callApi<{ id: string }>(app, 'createProject', { title: 'Forum régional de l’achat responsable', status: 'etude' });
  const [lever] = await callApi<LeverRow[]>(app, 'listLevers', { kit: 'regionaless', number: 5 });
  if (!lever) throw new Error('fiche 5 has levers');
  await callApi(app, 'addRoadmapItem', { leverId: lever.id, status: 'retenu', official: 'Paul Martin, conseiller régional', target: '2028', projectIds: [project.id] });
  await openApp('#/feuille-de-route');
  const card = page.getByRole('listitem', { name: lever.title });
  await expect(card).toContainText('Paul Martin, conseiller régional');

  await card.getByRole('button', { name: `Retirer de la feuille de route : ${lever.title}` }).click();
  await expect(card).toHaveCount(0);
  const toast = page.getByRole('status').filter({ hasText: `« ${lever.title} » retiré de la feuille de route.` });
  await toast.getByRole('button', { name: 'Annuler' }).click();
  await expect(card).toHaveCount(1);
  await page.reload();
  await expect(card.getByLabel('Statut')).toHaveValue('retenu');
  await expect(card).toContainText('Paul Martin, conseiller régional');
  await expect(card).toContainText('2028');
  await expect(card.getByRole('link', { name: 'Forum régional de l’achat responsable' })).toBeVisible();
});
