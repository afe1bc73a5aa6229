import { PDFDocument, StandardFonts } from 'pdf-lib';
import { auditRoute } from './axe';
import { expect, screenshotPath, test } from './app-fixture';
import { selectWithMouse } from './select-text';

/** The only page that holds this word: search must lead there. */
const pageThreeWord = 'ressourcerie';
const sentence = 'La ressourcerie du quartier emploie douze salariés en insertion.';

/** A four-page French PDF made here, one paragraph of lines per page. */
async function makePdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle('Délibération sur la politique ESS');
  pdf.setAuthor('Conseil départemental');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const pages = [
    ['Délibération du conseil départemental', 'La collectivité soutient l’économie sociale et solidaire.'],
    ['Les coopératives agricoles du territoire', 'Le département accompagne les SCIC et les associations.'],
    ['Un exemple local', sentence, 'Elle collecte les objets et les remet en vente.'],
    ['Annexe financière', 'Le budget consacré à l’ESS est voté chaque année.'],
  ];
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, index) => page.drawText(line, { x: 60, y: 760 - index * 28, size: 14, font }));
  }
  return Buffer.from(await pdf.save());
}

test('import a PDF, find a word of its page 3, open it there, annotate a sentence, link it to a project', async ({ page, openApp }) => {
  test.setTimeout(90_000);
  const bytes = await makePdf();
  await openApp('#/bibliotheque');
  await expect(page.getByRole('heading', { name: 'Bibliothèque', level: 1 })).toBeVisible();

  // The import request waits until the progress bar has been seen: a four-page file goes too fast otherwise.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/importDocument', async (route) => {
    await held;
    await route.continue();
  });
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Importer des documents' }).click();
  await (await chooser).setFiles({ name: 'deliberation-ess.pdf', mimeType: 'application/pdf', buffer: bytes });
  const progress = page.getByRole('progressbar', { name: 'Import de deliberation-ess.pdf' });
  await expect(progress).toBeVisible();
  await expect(page.getByRole('button', { name: 'Annuler l’import de deliberation-ess.pdf' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('library-import-progress') });
  release();
  // Extraction starts a worker: slow on a busy machine, so the wait is generous (not a measure).
  await expect(progress).toHaveCount(0, { timeout: 30_000 });
  const card = page.locator('.document-card').filter({ hasText: 'Délibération sur la politique ESS' });
  await expect(card).toContainText('Conseil départemental');
  await expect(card).toContainText('4 pages');
  await expect(card).toContainText('PDF');

  // The same file again: nothing added, said in French.
  const again = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Importer des documents' }).click();
  await (await again).setFiles({ name: 'copie.pdf', mimeType: 'application/pdf', buffer: bytes });
  await expect(page.locator('.import-item').filter({ hasText: 'copie.pdf' })).toContainText('déjà dans la bibliothèque', { timeout: 30_000 });
  await expect(page.locator('.document-card')).toHaveCount(1);

  // A truncated PDF: refused with a French message, the library unchanged.
  const corrupt = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Importer des documents' }).click();
  await (await corrupt).setFiles({ name: 'abime.pdf', mimeType: 'application/pdf', buffer: bytes.subarray(0, Math.floor(bytes.length / 3)) });
  await expect(page.locator('.import-item').filter({ hasText: 'abime.pdf' }).getByRole('alert')).toContainText(/endommagé|illisible/, { timeout: 30_000 });
  await expect(page.locator('.document-card')).toHaveCount(1);
  await page.screenshot({ path: screenshotPath('library-page') });
  await auditRoute(page, '#/bibliotheque', 'bibliothèque');

  // Search: the document's page 3, under « Documents ».
  await page.getByRole('combobox', { name: /Rechercher/ }).fill(pageThreeWord);
  const hit = page.getByRole('option').filter({ hasText: 'page 3 sur 4' });
  await expect(hit).toBeVisible();
  await expect(hit.locator('mark').first()).toHaveText(pageThreeWord);
  await expect(page.locator('fieldset.facet').filter({ hasText: 'Documents' })).toBeVisible();
  await hit.click();

  // Opened on page 3, the word marked there.
  await expect(page.getByLabel('Page', { exact: true })).toHaveValue('3');
  const pageThree = page.locator('#page-3 .textLayer');
  await expect(pageThree.locator('mark.hit')).toHaveText(pageThreeWord);
  await expect(page.locator('.hit-bar')).toContainText('sur la page 3');
  await page.screenshot({ path: screenshotPath('library-reader-hit') });

  // A sentence of page 3 highlighted with a note.
  await selectWithMouse(page, sentence, '#page-3 .textLayer');
  const toolbar = page.getByRole('toolbar', { name: /Annoter le passage sélectionné/ });
  await toolbar.getByRole('button', { name: 'Ajouter une note' }).click();
  const editor = page.getByRole('dialog', { name: 'Annoter le passage' });
  await expect(editor).toContainText(sentence);
  await editor.locator('#note-text').fill('À citer dans le **SPASER**.');
  await editor.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(pageThree.locator('mark.annotation').first()).toBeVisible();

  await page.reload();
  const marks = page.locator('#page-3 .textLayer mark.annotation');
  await expect(marks.first()).toBeAttached();
  expect((await marks.allTextContents()).join('')).toBe(sentence);
  await page.screenshot({ path: screenshotPath('library-reader-annotated') });
  await auditRoute(page, page.url().replace(/^[^#]*/, ''), 'lecteur de document annoté');

  // Linked to a new project; the project's dossier lists the document.
  const panel = page.getByRole('region', { name: /Annotations/ });
  await panel.getByRole('button', { name: 'Lier à un projet' }).click();
  const dialog = page.getByRole('dialog', { name: 'Lier ce passage à un projet' });
  await dialog.getByLabel('Projet').selectOption({ label: 'Nouveau projet…' });
  await dialog.getByLabel('Titre du nouveau projet').fill('Ressourcerie solidaire');
  await dialog.getByRole('button', { name: 'Lier' }).click();
  await expect(dialog).toHaveCount(0);
  await page.getByRole('link', { name: 'Projets' }).click();
  await page.getByRole('link', { name: 'Ressourcerie solidaire' }).click();
  await expect(page.locator('main')).toContainText('Délibération sur la politique ESS');
  await expect(page.locator('main')).toContainText(sentence);
  await page.screenshot({ path: screenshotPath('library-project-dossier') });
});
