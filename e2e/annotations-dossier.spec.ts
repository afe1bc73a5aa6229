import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { callApi, expect, followTopLink, screenshotPath, test } from './app-fixture';
import { selectWithMouse } from './select-text';

/*
 * « Mes annotations » on its own (edit, tags, colour, delete and undo, link to a project) and a
 * project's dossier built from its page. The web host's data folder is shared by the tests of a
 * worker: every note carries a word of its own, and assertions look for it.
 */

/** A word made of letters only, so that the search finds it as one word. */
function uniqueWord(prefix: string): string {
  return `${prefix}${Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 8)}`;
}

const culture = { kit: 'municipaless', number: 12, title: 'ESS & culture' };
const passage = 'Ces structures ont des modèles économiques hybrides';

/** Annotates `passage` of the culture fiche through the reader, as a person does. */
async function annotatePassage(page: Page, note: string, tag: string): Promise<void> {
  await page.evaluate((hash) => (window.location.hash = hash), `#/fiche/${culture.kit}/${culture.number}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(culture.title);
  await selectWithMouse(page, passage);
  await page.getByRole('toolbar', { name: /Annoter le passage sélectionné/ }).getByRole('button', { name: 'Ajouter une note' }).click();
  const editor = page.getByRole('dialog', { name: 'Annoter le passage' });
  await editor.locator('#note-text').fill(note);
  await editor.getByLabel('Étiquettes').fill(tag);
  await editor.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(editor).toBeHidden();
  await expect(page.locator('.annotation-panel .annotation-card').filter({ hasText: note })).toHaveCount(1);
}

/** What is added here (`scope`: a dialog, the cards) must not bring accessibility violations of impact serious or critical. */
async function expectNoSeriousViolations(page: Page, scope: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).include(scope).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

function cardOf(page: Page, word: string) {
  return page.locator('.annotations-page li.card').filter({ hasText: word });
}

test('from « Mes annotations »: edit the note, tags and colour, link to a project, delete and undo', async ({ page, openApp, app }) => {
  // A long walk, with reloads and accessibility checks: three times the default time.
  test.slow();
  const word = uniqueWord('carte');
  const firstTag = uniqueWord('avant');
  const secondTag = uniqueWord('apres');
  const project = await callApi<{ id: string; title: string }>(app, 'createProject', { title: `Festival partagé ${word}` });
  await openApp();
  await annotatePassage(page, `Première version ${word}`, firstTag);

  await followTopLink(page, 'Mes annotations');
  const card = cardOf(page, word);
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('Surlignage jaune');

  // Note, tags and colour, in the fiche's own editor.
  await card.getByRole('button', { name: 'Modifier' }).click();
  const editor = page.getByRole('dialog', { name: 'Modifier l’annotation' });
  await expect(editor).toContainText(passage);
  await expect(editor.getByText('mise en forme : **gras**')).toBeVisible();
  await editor.locator('#note-text').fill(`Version **revue** ${word}`);
  await editor.getByRole('button', { name: `Retirer l’étiquette ${firstTag}` }).click();
  await editor.getByLabel('Étiquettes').fill(secondTag);
  await editor.getByLabel('Étiquettes').press('Enter');
  await editor.getByRole('radio', { name: 'Vert' }).check();
  await page.screenshot({ path: screenshotPath('annotations-card-edit') });
  await expectNoSeriousViolations(page, 'dialog');
  await editor.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(editor).toBeHidden();
  await expect(card.getByRole('button', { name: 'Modifier' })).toBeFocused();

  await page.reload();
  await expect(card).toHaveCount(1);
  await expect(card.locator('.note strong')).toHaveText('revue');
  await expect(card).not.toContainText('Première version');
  await expect(card.getByRole('button', { name: secondTag })).toBeVisible();
  await expect(card.getByRole('button', { name: firstTag })).toHaveCount(0);
  await expect(card).toContainText('Surlignage vert');

  // Linked to a project with the dialog of the fiche; the « Projet » filter then finds it.
  await card.getByRole('button', { name: 'Lier à un projet' }).click();
  const linkDialog = page.getByRole('dialog', { name: 'Lier ce passage à un projet' });
  await expect(linkDialog).toContainText(passage);
  const select = linkDialog.getByLabel('Projet', { exact: true });
  await expect(select.locator(`option[value="${project.id}"]`)).toHaveCount(1);
  await select.selectOption(project.id);
  await linkDialog.getByRole('radio', { name: 'Levier' }).check();
  await linkDialog.getByRole('button', { name: 'Lier' }).click();
  await expect(linkDialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Lien ajouté au projet.' })).toBeVisible();
  await page.reload();
  await page.getByLabel('Projet', { exact: true }).selectOption(project.id);
  await expect(page.locator('.annotations-page li.card')).toHaveCount(1);
  await expect(card).toHaveCount(1);
  await page.getByRole('button', { name: 'Retirer les filtres' }).click();

  // Deleted, then brought back with « Annuler »; deleted for good, it stays gone after a reload.
  await card.getByRole('button', { name: 'Supprimer' }).click();
  await expect(card).toHaveCount(0);
  const toast = page.getByRole('status').filter({ hasText: 'Annotation supprimée.' });
  await toast.getByRole('button', { name: 'Annuler' }).click();
  await expect(card).toHaveCount(1);
  await page.reload();
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('Surlignage vert');
  await expect(card.locator('.note strong')).toHaveText('revue');
  await page.screenshot({ path: screenshotPath('annotations-card-actions') });
  await expectNoSeriousViolations(page, '.annotations-page');

  await card.getByRole('button', { name: 'Supprimer' }).click();
  await expect(card).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/\(\d+\)/);
  await expect(card).toHaveCount(0);
});

test('a project builds its dossier from a dialog that searches fiches and annotations', async ({ page, openApp, app }) => {
  test.slow();
  const word = uniqueWord('dossier');
  const project = await callApi<{ id: string }>(app, 'createProject', { title: `Tiers-lieu culturel ${word}` });
  await openApp();
  await annotatePassage(page, `Modèle à suivre ${word}`, uniqueWord('tag'));

  await page.evaluate((hash) => (window.location.hash = hash), `#/projets/${project.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Tiers-lieu culturel');
  const open = page.getByRole('button', { name: 'Ajouter des fiches ou des passages' });

  // Escape closes the dialog and gives the focus back.
  await open.click();
  const dialog = page.getByRole('dialog', { name: 'Ajouter des fiches ou des passages' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Chercher')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(open).toBeFocused();

  await open.click();
  const search = dialog.getByLabel('Chercher');
  // Two fiches from two searches: what is ticked stays ticked while searching again.
  await search.fill('culture');
  await dialog.getByRole('checkbox', { name: /^MunicipalESS · fiche 12 / }).check();
  await search.fill('SCIC');
  await dialog.getByRole('checkbox', { name: /^MunicipalESS · fiche 9 / }).check();
  // … and a passage annotated by the person, found by a word of its note.
  await search.fill(word);
  const annotated = dialog.getByRole('checkbox', { name: /^Mon annotation · MunicipalESS · fiche 12 / });
  await expect(annotated).toHaveCount(1);
  await annotated.check();
  const chosen = dialog.getByRole('list', { name: 'À ajouter au dossier' }).getByRole('listitem');
  await expect(chosen).toHaveCount(3);
  await dialog.getByRole('radio', { name: 'Exemple' }).check();
  // Escape does not throw away what was ticked without asking.
  await page.keyboard.press('Escape');
  await expect(dialog.getByRole('alert')).toContainText('Ce que vous avez coché n’est pas encore ajouté.');
  await expect(chosen).toHaveCount(3);
  await page.screenshot({ path: screenshotPath('add-to-dossier-dialog') });
  await expectNoSeriousViolations(page, 'dialog');
  await dialog.getByRole('button', { name: 'Ajouter les 3 au dossier' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: '3 éléments ajoutés au dossier.' })).toBeVisible();
  await expect(open).toBeFocused();

  await page.reload();
  const fiches = page.getByRole('heading', { level: 2, name: 'Fiches de référence', exact: true }).locator('xpath=following-sibling::ul[1]');
  await expect(fiches.getByRole('listitem')).toHaveCount(2);
  await expect(fiches).toContainText('MunicipalESS · fiche 12 : ESS & culture');
  await expect(fiches).toContainText('MunicipalESS · fiche 9 : Les Sociétés Coopératives');
  await expect(fiches.locator('.reason').first()).toHaveText('Exemple');
  const passages = page.getByRole('heading', { level: 2, name: 'Passages annotés', exact: true }).locator('xpath=following-sibling::ul[1]');
  await expect(passages.getByRole('listitem')).toHaveCount(1);
  await expect(passages.locator('blockquote')).toContainText(passage);
  await expect(passages).toContainText(`Modèle à suivre ${word}`);
  await page.setViewportSize({ width: 1280, height: 1200 });
  await page.screenshot({ path: screenshotPath('dossier-built') });
  await expectNoSeriousViolations(page, '.project-page');

  // What the dossier holds already is shown as such, and cannot be added twice.
  await open.click();
  await dialog.getByLabel('Chercher').fill('culture');
  const already = dialog.getByRole('checkbox', { name: /^MunicipalESS · fiche 12 / });
  await expect(already).toBeChecked();
  await expect(already).toBeDisabled();
  await expect(dialog.locator('label').filter({ has: page.getByRole('checkbox', { name: /^MunicipalESS · fiche 12 / }) })).toContainText(
    'Déjà dans le dossier',
  );
  // Nothing ticked: the dialog says what is missing rather than adding nothing.
  await dialog.getByRole('button', { name: 'Ajouter au dossier' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Choisissez au moins une fiche ou un passage.');
});
