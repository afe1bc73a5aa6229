import { PDFDocument, StandardFonts } from 'pdf-lib';
import { expectNoSeriousViolations } from './axe';
import { callApi, expect, screenshotPath, test } from './app-fixture';
import { selectWithMouse } from './select-text';

const title = 'Rapport sur l’emploi solidaire du quartier';
/** Only page 3 holds this word: the search leads there. */
const pageThreeWord = 'ressourcerie';
/** Drawn on two lines of page 3: the stored text joins them with a line break, the text layer without. */
const sentenceLines = ['La ressourcerie du quartier emploie douze', 'salariés en insertion depuis 2021.'];
const sentence = sentenceLines.join(' ');

/** A four-page French PDF made here, a few lines per page. */
async function makePdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const pages = [
    ['Rapport annuel', 'La collectivité soutient l’économie sociale et solidaire.'],
    ['Les coopératives du territoire', 'Le service accompagne les SCIC et les associations.'],
    ['Un exemple local', ...sentenceLines, 'Elle collecte les objets et les remet en vente.'],
    ['Annexe financière', 'Le budget consacré à l’ESS est voté chaque année.'],
  ];
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, index) => page.drawText(line, { x: 60, y: 760 - index * 28, size: 14, font }));
  }
  return Buffer.from(await pdf.save());
}

/** Extraction starts a worker, slow on a busy machine: the wait for its answer is generous (not a measure). */
const importWait = { timeout: 60_000 };

const flat = (text: string): string => text.replace(/\s+/g, '');

// The data folder is shared by the worker's tests: the document imported here leaves with them.
test.afterAll(async ({ app }) => {
  for (const document of await callApi<{ id: string }[]>(app, 'listDocuments', {})) {
    await callApi(app, 'removeDocument', { id: document.id });
  }
});

test('a sentence of page 3 is highlighted with a note on the PDF text layer, on the same words after reload, linked to a project whose dossier lists it, and found from « Mes annotations »', async ({ page, openApp, app }) => {
  test.setTimeout(180_000);
  const project = await callApi<{ id: string; title: string }>(app, 'createProject', { title: `Ressourcerie ${Date.now().toString(36)}` });
  await openApp('#/bibliotheque');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Importer des documents' }).click();
  await (await chooser).setFiles({ name: 'rapport-quartier.pdf', mimeType: 'application/pdf', buffer: await makePdf() });
  await expect(page.locator('.import-item').filter({ hasText: 'rapport-quartier.pdf' }).getByRole('link', { name: 'Ouvrir' })).toBeVisible(importWait);

  // Found by a word of page 3 only, opened there with the word marked.
  await page.getByRole('combobox', { name: /Rechercher/ }).fill(pageThreeWord);
  const hit = page.getByRole('option').filter({ hasText: 'rapport-quartier.pdf' }).filter({ hasText: 'page 3 sur 4' });
  await hit.click();
  await expect(page.getByLabel('Page', { exact: true })).toHaveValue('3');
  const layer = page.locator('#page-3 .textLayer');
  await expect(layer.locator('mark.hit')).toHaveText(pageThreeWord);

  // The sentence runs over two lines of the page: selected with the mouse, annotated.
  await selectWithMouse(page, sentence, '#page-3 .textLayer');
  const toolbar = page.getByRole('toolbar', { name: /Annoter le passage sélectionné/ });
  await toolbar.getByRole('button', { name: 'Ajouter une note' }).click();
  const editor = page.getByRole('dialog', { name: 'Annoter le passage' });
  await expect(editor).toContainText('ressourcerie du quartier');
  await editor.locator('#note-text').fill('Exemple à citer en **commission** emploi.');
  await editor.getByLabel('Étiquettes').fill('insertion');
  await page.keyboard.press('Enter');
  await editor.getByLabel('Vert').check();
  await editor.getByRole('button', { name: 'Enregistrer' }).click();

  const marks = layer.locator('mark.annotation.color-vert');
  await expect(marks.first()).toBeVisible();
  expect(flat((await marks.allTextContents()).join(''))).toBe(flat(sentence));
  const panel = page.getByRole('region', { name: /Annotations/ });
  const card = panel.locator('.annotation-card').filter({ hasText: 'ressourcerie du quartier' });
  await expect(card).toContainText('p. 3');
  await expect(card.locator('.note-body strong')).toHaveText('commission');

  // Linked to a project from its card, with its own page: the reader says so.
  await card.getByRole('button', { name: 'Lier à un projet' }).click();
  const linkDialog = page.getByRole('dialog', { name: 'Lier ce passage à un projet' });
  await expect(linkDialog).toContainText('ressourcerie du quartier');
  await linkDialog.getByLabel('Projet', { exact: true }).selectOption({ label: project.title });
  await linkDialog.getByRole('radio', { name: 'Exemple' }).check();
  await linkDialog.getByRole('button', { name: 'Lier' }).click();
  await expect(linkDialog).toHaveCount(0);
  await expect(page.getByText('Lié à :')).toContainText(`${project.title} (passage de la page 3)`);

  // Reloaded: drawn again, from the stored selector, over the same words.
  await page.reload();
  await expect(layer.locator('mark.annotation.color-vert').first()).toBeVisible();
  expect(flat((await layer.locator('mark.annotation').allTextContents()).join(''))).toBe(flat(sentence));

  // A new zoom draws the page and its text layer anew: the highlight with them, on the same words.
  const box = page.locator('#page-3 .pdf-page-box');
  const width = await box.evaluate((element) => element.getBoundingClientRect().width);
  await page.getByRole('button', { name: 'Agrandir la page' }).click();
  await expect.poll(() => box.evaluate((element) => element.getBoundingClientRect().width)).toBeGreaterThan(width);
  await page.getByRole('navigation', { name: 'Pages du document' }).getByRole('button', { name: /^Page 3/ }).click();
  await expect(layer.locator('mark.annotation').first()).toBeVisible();
  expect(flat((await layer.locator('mark.annotation').allTextContents()).join(''))).toBe(flat(sentence));

  // From the keyboard: the highlight is a Tab stop; Enter opens its note.
  const highlight = layer.getByRole('button', { name: /Passage annoté « La ressourcerie du quartier/ });
  await highlight.focus();
  await expect(highlight).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(panel.locator('.annotation-card').filter({ hasText: 'ressourcerie du quartier' })).toBeFocused();
  // And back from the note to the passage.
  await panel.getByRole('button', { name: /La ressourcerie du quartier/ }).click();
  await expect(highlight).toBeFocused();
  await page.screenshot({ path: screenshotPath('library-reader-annotated') });
  await expectNoSeriousViolations(page, 'lecteur de document, passage annoté et panneau des notes');

  // « Mes annotations » names the document and its page, and leads back to the passage on page 3.
  await page.evaluate(() => (window.location.hash = '#/annotations'));
  await expect(page.getByRole('link', { name: `Document « ${title} », page 3` }).first()).toBeVisible();
  const myCard = page.locator('.card').filter({ hasText: 'ressourcerie du quartier' });
  await myCard.getByRole('link', { name: /Voir le passage/ }).click();
  await expect(page.getByLabel('Page', { exact: true })).toHaveValue('3');
  const passage = page.locator('#page-3 .textLayer mark.annotation').first();
  await expect(passage).toBeFocused();
  await expect(passage).toBeInViewport();

  // The project's dossier lists the document's page with the passage and its note.
  await page.evaluate((hash) => (window.location.hash = hash), `#/projets/${project.id}`);
  const linked = page.locator('h2:text-is("Documents de la bibliothèque") + ul > li');
  await expect(linked).toHaveCount(1);
  await expect(linked).toContainText(`${title}, page 3`);
  await expect(linked).toContainText('ressourcerie du quartier');
  await expect(linked).toContainText('commission');
  await expectNoSeriousViolations(page, 'dossier du projet lié à un passage de document');
  await callApi(app, 'deleteProject', { id: project.id });
});

test('a passage of an HTML document, indented over several source lines, is highlighted on the same words after reload; removed, its notes say how to get them back', async ({ page, openApp, app }) => {
  test.setTimeout(180_000);
  const passage = 'Les structures de l’ESS emploient 2,6 millions de salariés';
  const html =
    '<html><head><title>Étude CRESS sur l’emploi</title></head><body>\n  <h1>Étude CRESS</h1>\n  <p>\n    Les structures de l’ESS\n' +
    '    emploient 2,6 millions de salariés\n    en France.\n  </p>\n</body></html>';
  await openApp('#/bibliotheque');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Importer des documents' }).click();
  await (await chooser).setFiles({ name: 'etude-cress.html', mimeType: 'text/html', buffer: Buffer.from(html) });
  await page.locator('.import-item').filter({ hasText: 'etude-cress.html' }).getByRole('link', { name: 'Ouvrir' }).click(importWait);

  // The page shows the source's line breaks and indentation as spaces; the stored text has none of them.
  await selectWithMouse(page, passage, '.document-text');
  await page.getByRole('button', { name: 'Surligner en jaune' }).click();
  const marks = page.locator('.document-text mark.annotation.color-jaune');
  await expect(marks.first()).toBeVisible();
  expect((await marks.allTextContents()).join('').replace(/\s+/g, ' ').trim()).toBe(passage);
  await expect(page.locator('.annotation-card').filter({ hasText: 'p. 1' })).toContainText('Les structures de l’ESS emploient');

  await page.reload();
  await expect(marks.first()).toBeVisible();
  expect((await marks.allTextContents()).join('').replace(/\s+/g, ' ').trim()).toBe(passage);

  // Removed from a library that no team shares: nothing to fetch, the same file brings the notes back.
  const id = page.url().match(/#\/document\/([0-9a-f]{64})/)![1]!;
  await callApi(app, 'createAnnotation', { document: { id, page: 1 }, selector: null, note: 'Chiffre à reprendre dans le rapport annuel.' });
  await callApi(app, 'removeDocument', { id });
  await page.evaluate(() => (window.location.hash = '#/annotations'));
  const passageCard = page.locator('.card').filter({ hasText: 'Les structures de l’ESS emploient' });
  await expect(passageCard.locator('.orphan')).toHaveText(
    'Document retiré de la bibliothèque Importez-le de nouveau pour retrouver ce passage : l’annotation y reprend sa place.',
  );
  const pageCard = page.locator('.card').filter({ hasText: 'Chiffre à reprendre' });
  await expect(pageCard).toContainText('Note sur la page 1');
  await expect(pageCard).not.toContainText('fiche');
  await expect(pageCard.locator('.orphan')).toContainText('Importez-le de nouveau pour retrouver cette page');
  await expect(page.getByRole('button', { name: /Récupérer le document/ })).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('library-annotations-document-removed'), fullPage: true });
  await expectNoSeriousViolations(page, 'annotations d’un document retiré');
  // Annotations outlive their document: those of this test leave with it, the worker's later tests count theirs.
  for (const a of await callApi<{ id: string; document: { id: string } | null }[]>(app, 'listAnnotations', {})) {
    if (a.document?.id === id) await callApi(app, 'deleteAnnotation', { id: a.id });
  }
});

test('a passage of an HTML document is selected and highlighted with the keyboard alone, the document never edited', async ({ page, openApp, app }) => {
  test.setTimeout(180_000);
  const html =
    '<html><head><title>Note sur les coopératives</title></head><body>\n' +
    '<p>Les coopératives du territoire emploient quatre cents salariés.</p>\n<p>Elles forment aussi des apprentis.</p>\n</body></html>';
  await openApp('#/bibliotheque');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Importer des documents' }).click();
  await (await chooser).setFiles({ name: 'note-cooperatives.html', mimeType: 'text/html', buffer: Buffer.from(html) });
  await page.locator('.import-item').filter({ hasText: 'note-cooperatives.html' }).getByRole('link', { name: 'Ouvrir' }).click(importWait);
  const text = page.locator('.document-text');
  await expect(text).toContainText('Les coopératives du territoire');
  const before = await text.textContent();

  // Reached with Tab from the title, as a person reading the document would.
  const start = page.getByRole('button', { name: 'Sélectionner du texte au clavier' });
  await page.locator('#document-title').evaluate((title) => {
    title.setAttribute('tabindex', '-1');
    title.focus();
  });
  for (let step = 0; step < 20 && !(await start.evaluate((button) => button === document.activeElement)); step += 1) await page.keyboard.press('Tab');
  await expect(start).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Sélection au clavier' })).toBeVisible();
  const area = page.getByRole('textbox', { name: 'Texte du document, en sélection au clavier' });
  await expect(area).toBeFocused();

  // Typing, deleting or pasting changes nothing.
  await page.keyboard.type('xyz');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  expect(await text.textContent()).toBe(before);
  await expectNoSeriousViolations(page, 'document en sélection au clavier');

  // Past the first two words, then three words selected: « du territoire emploient ».
  await page.keyboard.press('Home');
  for (let i = 0; i < 2; i += 1) await page.keyboard.press('Control+ArrowRight');
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('Control+Shift+ArrowRight');
  const selected = (await page.evaluate(() => window.getSelection()?.toString() ?? '')).trim();
  expect(selected).toBe('du territoire emploient');
  await page.keyboard.press('Alt+a');
  const toolbar = page.getByRole('toolbar', { name: /Annoter le passage sélectionné/ });
  await expect(toolbar.getByRole('button', { name: 'Surligner en jaune' })).toBeFocused();
  await page.keyboard.press('Enter');
  const marks = text.locator('mark.annotation.color-jaune');
  await expect(marks.first()).toBeVisible();
  expect((await marks.allTextContents()).join('').trim()).toBe(selected);
  await expect(page.locator('.annotation-card').filter({ hasText: 'du territoire emploient' })).toContainText('p. 1');

  // Back in the text until Escape, then on the button.
  await expect(area).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('[contenteditable="true"]')).toHaveCount(0);
  await expect(start).toBeFocused();
  const id = page.url().match(/#\/document\/([0-9a-f]{64})/)![1]!;
  for (const a of await callApi<{ id: string; document: { id: string } | null }[]>(app, 'listAnnotations', {})) {
    if (a.document?.id === id) await callApi(app, 'deleteAnnotation', { id: a.id });
  }
});
