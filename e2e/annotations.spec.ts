import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, screenshotPath, test } from './app-fixture';
import { selectWithMouse } from './select-text';

const root = path.resolve(import.meta.dirname, '..');

/** A one-fiche pack the test can change and re-import, as a new edition of a kit would. */
function writeKit(dir: string, edition: string, body: string): void {
  fs.mkdirSync(path.join(dir, 'maj'), { recursive: true });
  fs.copyFileSync(path.join(root, 'content', 'vocabulaire.yml'), path.join(dir, 'vocabulaire.yml'));
  fs.writeFileSync(
    path.join(dir, 'maj', 'kit.yml'),
    `title: Kit mis à jour\nscale: commune\nyear: 2026\nedition: "${edition}"\npublisher: Tests\nsource_url: https://rtes.fr\ndescription: Kit d’essai des mises à jour.\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'maj', '01-achats.md'),
    `---\nnumero: 1\ntitre: Achats responsables\nresume: Une fiche d’essai.\nthemes:\n  - commande publique\nsource: https://rtes.fr\n---\n\n${body}\n`,
  );
}

function importInto(dataDir: string, packDir: string): void {
  execFileSync(process.execPath, [path.join(root, 'src/cli/kits-ess.mjs'), 'import', packDir, '--data-dir', dataDir]);
}

test('select a sentence with the mouse, highlight it, add a note and a tag; after reload it is on the same words', async ({ page, openApp }) => {
  await openApp('#/fiche/municipaless/9');
  const sentence = 'Comme toute coopérative, elle fait partie de l';
  await selectWithMouse(page, sentence);
  const toolbar = page.getByRole('toolbar', { name: /Annoter le passage sélectionné/ });
  await expect(toolbar).toBeVisible();
  await toolbar.getByRole('button', { name: 'Ajouter une note' }).click();
  const editor = page.getByRole('dialog', { name: 'Annoter le passage' });
  await expect(editor).toContainText(sentence);
  await editor.locator('#note-text').fill('À présenter en **commission** économique.');
  await editor.getByLabel('Étiquettes').fill('commission');
  await page.keyboard.press('Enter');
  await editor.getByLabel('Bleu').check();
  await editor.getByRole('button', { name: 'Enregistrer' }).click();

  const marks = page.locator('.fiche-body mark.annotation');
  await expect(marks.first()).toBeVisible();
  expect((await marks.allTextContents()).join('')).toBe(sentence);
  await page.reload();
  await expect(page.locator('.fiche-body mark.annotation.color-bleu')).toHaveCount(1);
  expect((await page.locator('.fiche-body mark.annotation').allTextContents()).join('')).toBe(sentence);
  const panel = page.getByRole('region', { name: /Annotations/ });
  await expect(panel.locator('.note-body strong')).toHaveText('commission');
  await expect(panel.getByRole('listitem').filter({ hasText: 'commission' }).first()).toBeVisible();

  // From the note to its passage.
  await panel.getByRole('button', { name: /Comme toute coopérative/ }).click();
  await expect(page.locator('.fiche-body mark.annotation').first()).toBeFocused();
  await page.screenshot({ path: screenshotPath('fiche-annotated') });
});

test('highlights in one click, and a deleted annotation comes back with « Annuler »', async ({ page, openApp }) => {
  await openApp('#/fiche/regionaless/3');
  const passage = 'La région';
  await selectWithMouse(page, passage);
  await page.getByRole('button', { name: 'Surligner en rose' }).click();
  const mark = page.locator('.fiche-body mark.annotation.color-rose');
  await expect(mark).toHaveCount(1);
  const card = page.locator('.annotation-card').filter({ hasText: `« ${passage} »` });
  await card.getByRole('button', { name: 'Supprimer' }).click();
  await expect(mark).toHaveCount(0);
  await page.getByRole('status').getByRole('button', { name: 'Annuler' }).click();
  await expect(mark).toHaveCount(1);
  await expect(mark).toHaveText(passage);
});

test('after a new edition the annotation follows its passage, or is kept as an orphan with its note', async ({ page, openApp, app }) => {
  const pack = fs.mkdtempSync(path.join(os.tmpdir(), 'kits-ess-maj-'));
  const kept = 'Une clause sociale réserve des heures de travail aux personnes éloignées de l’emploi.';
  const doomed = 'Les petits achats se passent de mise en concurrence.';
  writeKit(pack, '2026-01-01', `## L’essentiel\n\n${kept}\n\n${doomed}`);
  importInto(app.dataDir, pack);

  await openApp('#/fiche/maj/1');
  for (const [text, note] of [
    [kept, 'Note sur la clause'],
    [doomed, 'Note sur les petits achats'],
  ] as const) {
    await selectWithMouse(page, text);
    await page.getByRole('button', { name: 'Ajouter une note' }).click();
    await page.locator('#note-text').fill(note);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.locator('.annotation-card').filter({ hasText: note })).toBeVisible();
  }

  writeKit(pack, '2026-06-01', `## L’essentiel\n\nNouveau paragraphe ajouté en tête.\n\n${kept}\n\nLe seuil a changé en 2026.`);
  importInto(app.dataDir, pack);
  await page.reload();
  await expect(page.locator('.fiche-body')).toContainText('Nouveau paragraphe ajouté en tête.');
  expect((await page.locator('.fiche-body mark.annotation').allTextContents()).join('')).toBe(kept);
  const orphans = page.locator('.annotation-list.orphans .annotation-card');
  await expect(orphans).toHaveCount(1);
  await expect(orphans).toContainText(doomed);
  await expect(orphans).toContainText('Note sur les petits achats');

  // The reader re-attaches the orphan to a passage of the new text.
  await orphans.getByRole('button', { name: 'Rattacher à un passage' }).click();
  await selectWithMouse(page, 'Le seuil a changé en 2026.');
  await page.getByRole('button', { name: 'Rattacher ici' }).click();
  await expect(page.locator('.annotation-list.orphans')).toHaveCount(0);
  await expect(page.locator('.fiche-body mark.annotation', { hasText: 'Le seuil a changé en 2026.' })).toHaveCount(1);
  const drawn = await page.locator('.fiche-body mark.annotation').evaluateAll((marks) => new Set(marks.map((m) => (m as HTMLElement).dataset.annotationId)).size);
  expect(drawn).toBe(2);
  await page.screenshot({ path: screenshotPath('fiche-reanchored') });
});

test('a note full of hostile HTML is shown as text and runs nothing', async ({ page, openApp }) => {
  await openApp('#/fiche/departementaless/3');
  await page.getByRole('button', { name: '+ Note sur la fiche' }).click();
  await page.locator('#note-text').fill('<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>[lien](javascript:window.__pwned=3) texte sûr');
  await page.getByLabel('Étiquettes').fill('<svg onload="window.__pwned=4">');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  const card = page.locator('.annotation-card').filter({ hasText: 'texte sûr' });
  await expect(card).toContainText('<img src=x onerror=');
  await expect(card).toContainText('<svg onload=');
  await card.getByText('lien').click();
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await card.locator('img, script, svg').count()).toBe(0);
});

test('a passage can be selected and highlighted with the keyboard alone, and the fiche cannot be edited', async ({ page, openApp }) => {
  await openApp('#/fiche/municipaless/7');
  const body = page.locator('.fiche-body');
  await expect(body).toBeVisible();
  const before = await body.textContent();
  const start = page.getByRole('button', { name: 'Sélectionner du texte au clavier' });
  await start.focus();
  await expect(start).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Sélection au clavier' })).toBeVisible();

  // Typing, deleting or pasting changes nothing.
  await page.keyboard.type('xyz');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  expect(await body.textContent()).toBe(before);

  await page.keyboard.press('Home');
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('Control+Shift+ArrowRight');
  const selected = (await page.evaluate(() => window.getSelection()?.toString() ?? '')).trim();
  expect(selected.split(/\s+/).length).toBeGreaterThanOrEqual(2);
  await page.keyboard.press('Alt+a');
  const toolbar = page.getByRole('toolbar', { name: /Annoter le passage sélectionné/ });
  await expect(toolbar.getByRole('button', { name: 'Surligner en jaune' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(toolbar.getByRole('button', { name: 'Surligner en vert' })).toBeFocused();
  await page.keyboard.press('Enter');
  const mark = page.locator('.fiche-body mark.annotation.color-vert');
  await expect(mark.first()).toBeVisible();
  expect((await mark.allTextContents()).join('').trim()).toBe(selected);
  // The focus comes back to the text, still in keyboard selection, until Escape.
  await expect(page.locator('[contenteditable="true"]')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('[contenteditable="true"]')).toHaveCount(0);
  await expect(start).toBeFocused();
});
