import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { callApi, expect, screenshotPath, test } from './app-fixture';
import { selectWithMouse } from './select-text';

/*
 * The territory and projects path of a new user: choose a territory, describe a project, link it
 * from fiches and from an annotated passage, find the links again on both sides, export the
 * dossier, read the dashboard, then delete the project.
 *
 * The web host and its data folder are shared by every test of a worker: titles carry a random
 * suffix, except the issue's own title, which is looked for by exact name (others may exist).
 */


const issueTitle = 'Légumerie solidaire pour les collèges';
const ficheA = { kit: 'departementaless', number: 7, title: 'Agriculture, alimentation & ESS' };
const ficheB = { kit: 'departementaless', number: 11, title: 'Insertion & création d' };
const passage = 'des épiceries solidaires rendent une alimentation de qualité accessible aux plus modestes';
const note = 'À proposer aux **collèges** : une épicerie solidaire approvisionnée par la légumerie.';

function suffix(): string {
  return Math.random().toString(36).slice(2, 8);
}

/** Follows a link of the app, as the address bar would (the launch token is already kept). */
async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
}

/** The list that follows a heading of the project page (« Fiches de référence », « Passages annotés »). */
function listAfter(page: Page, heading: string) {
  return page.getByRole('heading', { level: 2, name: heading, exact: true }).locator('xpath=following-sibling::ul[1]');
}

/** Links the open fiche (or one of its annotations) to the project, through the dialog. */
async function linkInDialog(page: Page, projectId: string, reason: string, dialogName: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: dialogName });
  await expect(dialog).toBeVisible();
  const select = dialog.getByLabel('Projet', { exact: true });
  // The list loads when the dialog opens: wait for our project before choosing it.
  await expect(select.locator(`option[value="${projectId}"]`)).toHaveCount(1);
  await select.selectOption(projectId);
  await dialog.getByRole('radio', { name: reason }).check();
  await dialog.getByRole('button', { name: 'Lier' }).click();
  await expect(dialog).toBeHidden();
}

test('without a territory, the dashboard still works and invites to choose one', async ({ page, openApp }) => {
  await openApp('#/territoire');
  await expect(page.getByRole('heading', { name: 'Mon territoire' })).toBeVisible();
  const clear = page.getByRole('button', { name: 'Ne plus indiquer de territoire' });
  if (await clear.isVisible()) await clear.click();
  await expect(clear).toBeHidden();

  await go(page, '#/tableau-de-bord');
  await expect(page.getByRole('heading', { level: 1, name: 'Votre territoire en un coup d’œil' })).toBeVisible();
  const invite = page.getByRole('link', { name: 'Choisir mon territoire' }).last();
  await expect(invite).toHaveAttribute('href', '#/territoire');
  // Without a territory every scale's competences are listed, regional ones included.
  await expect(page.locator('.competence h3', { hasText: 'lycées' })).toHaveCount(1);
  await expect(page.locator('.summary')).toContainText(/compétences?.*(au moins un|n’a encore de) projet \(tous échelons confondus\)\./);

  // The worker's data may already hold projects from other tests: the empty state shows only when none is active.
  const projectsHeading = page.getByRole('heading', { level: 2, name: /^Projets/ });
  if ((await projectsHeading.textContent())?.includes('(0)')) {
    await expect(page.getByRole('link', { name: 'Créez votre premier projet' })).toHaveAttribute('href', '#/projets/nouveau');
  }
  await page.screenshot({ path: screenshotPath('dashboard-no-territory') });

  await invite.click();
  await expect(page).toHaveURL(/#\/territoire$/);
});

test('a territory project, from the choice of the département to the dashboard, the dossier and its deletion', async ({ page, openApp }) => {
  test.setTimeout(120_000);

  // 1. The territory: Hautes-Alpes, the département.
  await openApp('#/territoire');
  const combobox = page.getByRole('combobox', { name: /^(Votre territoire|Changer de territoire)$/ });
  await combobox.fill('Hautes-Alpes');
  const option = page.getByRole('option').filter({ hasText: 'Hautes-Alpes' }).filter({ hasText: /Département/ }).first();
  await expect(option).toBeVisible();
  await option.click();
  await expect(page).toHaveURL(/#\/tableau-de-bord$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Hautes-Alpes' })).toBeVisible();
  await expect(page.locator('.topbar .territory-link')).toHaveText('Hautes-Alpes');

  // 2. The project, through the form.
  await go(page, '#/projets/nouveau');
  await expect(page.getByRole('heading', { level: 1, name: 'Nouveau projet' })).toBeVisible();
  await page.locator('#project-title').fill(issueTitle);
  await page.locator('#project-status').selectOption({ label: 'En étude' });
  await page.getByRole('checkbox', { name: 'alimentation', exact: true }).check();
  await page.getByRole('checkbox', { name: 'collèges', exact: true }).check();
  await page.getByRole('checkbox', { name: 'agriculture et alimentation', exact: true }).check();
  await page.locator('#project-start').fill('2026-09-01');
  await page.locator('#project-end').fill('2027-06-30');
  await page.getByRole('button', { name: 'Créer le projet' }).click();
  await expect(page).toHaveURL(/#\/projets\/[0-9a-f-]{36}$/);
  const projectId = /#\/projets\/([0-9a-f-]{36})$/.exec(page.url())?.[1] as string;
  await expect(page.getByRole('heading', { level: 1, name: issueTitle })).toBeVisible();
  await expect(page.locator('.project-meta .status')).toHaveText('En étude');

  // 3. Linked from two fiches…
  await go(page, `#/fiche/${ficheA.kit}/${ficheA.number}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(ficheA.title);
  await page.getByRole('button', { name: '+ Lier à un projet' }).click();
  await linkInDialog(page, projectId, 'levier', 'Lier cette fiche à un projet');
  const ficheProjects = page.getByRole('region', { name: /Projets liés/ });
  await expect(ficheProjects.getByRole('link', { name: issueTitle })).toHaveAttribute('href', `#/projets/${projectId}`);

  await go(page, `#/fiche/${ficheB.kit}/${ficheB.number}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(ficheB.title);
  await page.getByRole('button', { name: '+ Lier à un projet' }).click();
  await linkInDialog(page, projectId, 'exemple', 'Lier cette fiche à un projet');
  await expect(ficheProjects.getByRole('link', { name: issueTitle })).toBeVisible();

  // 4. … and from an annotated passage.
  await go(page, `#/fiche/${ficheA.kit}/${ficheA.number}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(ficheA.title);
  await selectWithMouse(page, passage);
  await page.getByRole('toolbar', { name: /Annoter le passage sélectionné/ }).getByRole('button', { name: 'Ajouter une note' }).click();
  const editor = page.getByRole('dialog', { name: 'Annoter le passage' });
  await expect(editor).toContainText(passage);
  await editor.locator('#note-text').fill(note);
  await editor.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(editor).toBeHidden();
  const card = page.locator('.annotation-panel .annotation-card').filter({ hasText: 'épicerie solidaire approvisionnée' });
  await expect(card).toHaveCount(1);
  await card.getByRole('button', { name: 'Lier à un projet' }).click();
  await linkInDialog(page, projectId, 'point de vigilance', 'Lier ce passage à un projet');

  // 5. Backlinks on the fiche's side: the project once, citing the fiche and its passage.
  const onFiche = ficheProjects.getByRole('listitem').filter({ has: page.getByRole('link', { name: issueTitle }) });
  await expect(onFiche).toHaveCount(1);
  await expect(onFiche).toContainText('Levier');
  await expect(onFiche.getByRole('listitem').filter({ hasText: 'épiceries solidaires' })).toContainText('Point de vigilance');
  await page.reload();
  await expect(ficheProjects.getByRole('link', { name: issueTitle })).toHaveCount(1);

  // … and on the project's side.
  await ficheProjects.getByRole('link', { name: issueTitle }).first().click();
  await expect(page).toHaveURL(new RegExp(`#/projets/${projectId}$`));
  const fiches = listAfter(page, 'Fiches de référence');
  await expect(fiches.getByRole('listitem')).toHaveCount(2);
  await expect(fiches).toContainText(ficheA.title);
  await expect(fiches).toContainText(ficheB.title);
  await expect(fiches.getByRole('link', { name: new RegExp(`fiche ${ficheA.number} :`) })).toHaveAttribute('href', `#/fiche/${ficheA.kit}/${ficheA.number}`);
  const passages = listAfter(page, 'Passages annotés');
  await expect(passages.getByRole('listitem')).toHaveCount(1);
  await expect(passages.locator('blockquote')).toContainText(passage);
  await expect(passages.locator('.note-body strong')).toHaveText('collèges');
  await expect(passages).toContainText('une épicerie solidaire approvisionnée par la légumerie');
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.screenshot({ path: screenshotPath('project-page') });
  await page.setViewportSize({ width: 1280, height: 800 });

  // 6. The dossier, as a text file.
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Enregistrer le dossier en texte (.md)' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('dossier-legumerie-solidaire-pour-les-colleges.md');
  const saved = path.join(path.dirname(screenshotPath('dossier')), 'dossier-legumerie.md');
  await download.saveAs(saved);
  const dossier = fs.readFileSync(saved, 'utf8');
  expect(dossier.startsWith(`# ${issueTitle}\n`)).toBe(true);
  expect(dossier).toContain('**Territoire** : Hautes-Alpes');
  expect(dossier).toContain('**Statut** : En étude');
  expect(dossier).toContain('collèges');
  expect(dossier).toContain('## Fiches de référence');
  expect(dossier).toContain(ficheA.title);
  expect(dossier).toContain(ficheB.title);
  expect(dossier).toContain('## Passages annotés');
  expect(dossier).toContain(`> « ${passage} »`);
  expect(dossier).toContain(note);
  expect(dossier).toContain('_Pourquoi : point de vigilance_');

  // The printed dossier names the territory and, for each fiche, the official fiche's address.
  await expect(page.locator('.facts')).toContainText('Hautes-Alpes');
  await page.emulateMedia({ media: 'print' });
  const references = listAfter(page, 'Fiches de référence');
  await expect(references.getByText(/^Fiche officielle : https:\/\//)).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Imprimer' })).toBeHidden();
  await page.screenshot({ path: screenshotPath('project-print'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await expect(references.getByText(/^Fiche officielle/).first()).toBeHidden();

  // 7. The dashboard: the project under « collèges », and what is not covered yet.
  await page.getByRole('link', { name: 'Tableau de bord' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hautes-Alpes' })).toBeVisible();
  const competences = page.getByRole('region', { name: 'Compétences' });
  const colleges = competences.locator('.competence').filter({ has: page.getByRole('heading', { name: 'collèges', exact: true }) });
  const projectLink = colleges.getByRole('link', { name: issueTitle });
  await expect(projectLink).toHaveAttribute('href', `#/projets/${projectId}`);
  await expect(colleges).toContainText('En étude');
  await expect(colleges).not.toContainText('pas encore de projet');
  // The département's competences only, some of them without any project.
  await expect(competences.getByRole('heading', { name: 'lycées' })).toHaveCount(0);
  const uncovered = competences.locator('.competence').filter({ hasText: 'pas encore de projet' });
  expect(await uncovered.count()).toBeGreaterThan(0);
  await expect(uncovered.getByRole('link')).toHaveCount(0);
  const total = await competences.locator('.competence').count();
  const covered = total - (await uncovered.count());
  await expect(competences).toContainText(`${covered} compétence${covered > 1 ? 's' : ''} sur ${total}`);
  const ranking = page.getByRole('region', { name: 'Fiches les plus citées' });
  await expect(ranking.getByRole('link', { name: new RegExp(ficheA.title) })).toHaveAttribute('href', `#/fiche/${ficheA.kit}/${ficheA.number}`);
  await expect(ranking.getByRole('listitem').filter({ hasText: ficheA.title })).toContainText(/\d+ projets?/);
  const recent = page.getByRole('region', { name: 'Annotations récentes' });
  const recentItem = recent.getByRole('listitem').filter({ hasText: 'épiceries solidaires' }).first();
  await expect(recentItem).toContainText('À proposer aux collèges : une épicerie solidaire');
  await expect(recentItem.locator('strong')).toHaveCount(0);
  await expect(recentItem.getByRole('link')).toHaveAttribute('href', new RegExp(`^#/fiche/${ficheA.kit}/${ficheA.number}\\?annotation=[0-9a-f-]{36}$`));
  await page.screenshot({ path: screenshotPath('dashboard') });
  // The page scrolls inside <main>: a tall window shows it whole, in light and dark.
  await page.setViewportSize({ width: 1280, height: 1900 });
  await page.screenshot({ path: screenshotPath('dashboard-whole') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: screenshotPath('dashboard-dark') });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });

  // The project is reachable with the keyboard from the dashboard.
  await projectLink.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/projets/${projectId}$`));

  // 8. Deleting asks first; the fiches and the annotation stay.
  await page.getByRole('button', { name: 'Supprimer', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: `Supprimer « ${issueTitle} » ?` });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Annuler' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: issueTitle })).toBeVisible();
  await page.getByRole('button', { name: 'Supprimer', exact: true }).click();
  await confirm.getByRole('button', { name: 'Supprimer le projet' }).click();
  await expect(page).toHaveURL(/#\/projets$/);
  await expect(page.getByRole('link', { name: issueTitle })).toHaveCount(0);

  await go(page, `#/fiche/${ficheA.kit}/${ficheA.number}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(ficheA.title);
  await expect(page.locator('.annotation-panel .annotation-card').filter({ hasText: 'épicerie solidaire approvisionnée' })).toHaveCount(1);
  expect((await page.locator('.fiche-body mark.annotation').allTextContents()).join('')).toContain(passage);
  await expect(ficheProjects.getByRole('link', { name: issueTitle })).toHaveCount(0);
  await go(page, `#/projets/${projectId}`);
  await expect(page.getByRole('heading', { name: 'Projet indisponible' })).toBeVisible();
});

test('the project form shows its errors in French', async ({ page, openApp }) => {
  await openApp('#/projets/nouveau');
  await expect(page.getByRole('heading', { level: 1, name: 'Nouveau projet' })).toBeVisible();

  // No title: said next to the field, which gets the focus, even from the bottom of the long form.
  await page.getByRole('button', { name: 'Créer le projet' }).click();
  await expect(page.locator('#title-help')).toHaveText('Donnez un titre au projet.');
  await expect(page.locator('#project-title')).toBeFocused();
  await expect(page.locator('#project-title')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#project-title')).toBeInViewport();
  await expect(page).toHaveURL(/#\/projets\/nouveau$/);

  // A budget with cents, then a year typed 0026: each said beside its field.
  const title = `Projet daté à l’envers ${suffix()}`;
  await page.locator('#project-title').fill(title);
  await expect(page.locator('#title-help')).toHaveText('');
  await page.locator('#project-budget').fill('12 000,50');
  await page.getByRole('button', { name: 'Créer le projet' }).click();
  await expect(page.locator('#budget-help')).toHaveText('Le budget s’indique en euros entiers, sans centimes.');
  await expect(page.locator('#project-budget')).toBeFocused();
  await page.locator('#project-budget').fill('12 000');
  await expect(page.locator('#budget-help')).toHaveText('');
  await page.locator('#project-start').fill('0026-06-02');
  await expect(page.locator('#date-help')).toHaveText('La date de début doit être entre 1900 et 2100.');
  await expect(page.locator('#project-start')).toHaveAttribute('aria-invalid', 'true');

  // The end before the start.
  await page.locator('#project-start').fill('2026-06-02');
  await page.locator('#project-end').fill('2026-01-15');
  await expect(page.locator('#date-help')).toHaveText('La date de fin doit suivre la date de début.');
  await expect(page.locator('#project-end')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Créer le projet' })).toBeDisabled();
  await page.screenshot({ path: screenshotPath('project-form-errors') });

  // Put right, the project is created.
  await page.locator('#project-end').fill('2026-12-15');
  await expect(page.locator('#date-help')).toHaveText('');
  await page.getByRole('button', { name: 'Créer le projet' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.locator('.facts')).toContainText('du 2 juin 2026 au 15 décembre 2026');
});

test('the dashboard’s recent notes read as plain words, as the notes’ exports do', async ({ page, openApp, app }) => {
  const marker = `Tableau-${Date.now()}`;
  await callApi(app, 'createAnnotation', { kit: 'municipaless', number: 3, selector: null, note: `${marker} : voir [le plan [v2]](https://exemple.fr) pour 5 \\* 3 postes` });
  await openApp('#/tableau-de-bord');
  await expect(page.locator('.recent-note').filter({ hasText: marker })).toHaveText(`${marker} : voir le plan [v2] pour 5 * 3 postes`);
});
