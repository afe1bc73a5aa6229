import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { callApi, expect, test } from './app-fixture';
import { selectWithMouse } from './select-text';

/** More than three lines: in the editor, such a quote used to scroll and take the focus from the note field. */
const longPassage =
  "Se déplacer conditionne l’accès à l’emploi, à la formation, aux soins et aux services publics. Or une partie de la population reste à l’écart : pas de permis, pas de voiture ou une voiture en mauvais état, pas de transport collectif à proximité, horaires décalés. Le Baromètre des mobilités du quotidien comptait 13,3 millions d’adultes en situation de précarité mobilité dans son édition de mars 2022, et 15 millions dans celle de septembre 2024";

// Each test starts from a fiche without annotations, whatever the tests before it saved.
test.beforeEach(async ({ app }) => {
  for (const annotation of await callApi<{ id: string }[]>(app, 'listAnnotations', { kit: 'municipaless', number: 10 })) {
    await callApi(app, 'deleteAnnotation', { id: annotation.id });
  }
});

async function openEditorOnLongPassage(page: Page): Promise<Locator> {
  const toolbar = page.getByRole('toolbar', { name: /Annoter le passage sélectionné/ });
  // The highlights are drawn again once the annotations are read, which clears a selection made before.
  await expect(async () => {
    await selectWithMouse(page, longPassage);
    await expect(toolbar).toBeVisible({ timeout: 1000 });
  }).toPass();
  await toolbar.getByRole('button', { name: 'Ajouter une note' }).click();
  const editor = page.getByRole('dialog', { name: 'Annoter le passage' });
  await expect(editor).toBeVisible();
  return editor;
}

test('a note typed right after choosing « Ajouter une note » on a long passage is saved with the annotation', async ({ page, openApp }) => {
  await openApp('#/fiche/municipaless/10');
  const editor = await openEditorOnLongPassage(page);
  await expect(editor.locator('#note-text')).toBeFocused();
  const note = `Passage long, note tapée sans cliquer ${Date.now()}`;
  await page.keyboard.type(note);
  await editor.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(editor).toBeHidden();
  const panel = page.getByRole('region', { name: /Annotations/ });
  await expect(panel.locator('.annotation-card').filter({ hasText: note })).toHaveCount(1);
});

test('the note editor passes axe’s scrollable-region rule with a long passage', async ({ page, openApp }) => {
  await openApp('#/fiche/municipaless/10');
  const editor = await openEditorOnLongPassage(page);
  const results = await new AxeBuilder({ page }).include('dialog.note-editor').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => v.id)).toEqual([]);
  await editor.getByRole('button', { name: 'Annuler' }).click();
  await expect(editor).toBeHidden();
});

test('Escape, « Annuler » and leaving the fiche ask before an unsaved note is lost', async ({ page, openApp }) => {
  await openApp('#/fiche/municipaless/10');
  const editor = await openEditorOnLongPassage(page);
  const note = 'Une note à ne pas perdre';
  await page.keyboard.type(note);

  await page.keyboard.press('Escape');
  await expect(editor).toBeVisible();
  const question = editor.getByRole('alert').filter({ hasText: 'Cette note n’est pas enregistrée' });
  await expect(question).toBeVisible();
  await editor.getByRole('button', { name: 'Continuer la saisie' }).click();
  await expect(question).toBeHidden();
  await expect(editor.locator('#note-text')).toBeFocused();

  await editor.getByRole('button', { name: 'Annuler' }).click();
  await expect(question).toBeVisible();
  await editor.getByRole('button', { name: 'Continuer la saisie' }).click();

  // Another fiche, as the browser's « Précédent » or a link would do it: the fiche stays, the note too.
  await page.evaluate(() => (window.location.hash = '#/fiche/municipaless/1'));
  await expect(question).toBeVisible();
  await expect(editor.locator('#note-text')).toHaveValue(note);
  await expect(page).toHaveURL(/#\/fiche\/municipaless\/10$/);

  // Abandoning, once asked, goes where the person was going.
  await editor.getByRole('button', { name: 'Abandonner la note' }).click();
  await expect(editor).toBeHidden();
  await expect(page).toHaveURL(/#\/fiche\/municipaless\/1$/);
  await expect(page.locator('.annotation-card').filter({ hasText: note })).toHaveCount(0);
});

test('closing the page with an unsaved note asks first; staying keeps the note, and a saved note closes freely', async ({ page, openApp }) => {
  await openApp('#/fiche/municipaless/10');
  const editor = await openEditorOnLongPassage(page);
  const note = 'Une note tapée juste avant de fermer';
  await page.keyboard.type(note);

  const asked = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const question = await asked;
  expect(question.type()).toBe('beforeunload');
  await question.dismiss();
  expect(page.isClosed()).toBe(false);
  await expect(editor.locator('#note-text')).toHaveValue(note);

  await editor.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(editor).toBeHidden();
  await expect(page.locator('.annotation-card').filter({ hasText: note })).toHaveCount(1);
  // Nothing is left unsaved: the page closes without a question.
  page.on('dialog', (dialog) => void dialog.dismiss());
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  await closed;
});
