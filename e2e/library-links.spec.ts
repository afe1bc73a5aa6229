import { PDFDocument, StandardFonts } from 'pdf-lib';
import { expectNoSeriousViolations } from './axe';
import { callApi, expect, screenshotPath, test, type RunningApp } from './app-fixture';

const title = 'Schéma des achats responsables';
const sentence = 'Les marchés de restauration réservent un lot aux structures d’insertion.';

/** A three-page French PDF made here; the sentence to annotate is on page 2. */
async function makePdf(): Promise<string> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const pages = [
    ['Schéma de promotion des achats socialement et écologiquement responsables'],
    ['Les clauses sociales', sentence],
    ['Suivi et évaluation', 'Un bilan est présenté chaque année.'],
  ];
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, index) => page.drawText(line, { x: 60, y: 760 - index * 28, size: 13, font }));
  }
  return Buffer.from(await pdf.save()).toString('base64');
}

/** Imports the PDF through the web host's API and waits for its extraction (a worker, slow on a busy machine). */
async function importPdf(app: RunningApp): Promise<string> {
  let job = await callApi<{ jobId: string; state: string; result: { document: { id: string } } | null }>(app, 'importDocument', {
    fileName: 'spaser-achats.pdf',
    base64: await makePdf(),
  });
  await expect
    .poll(async () => (job = await callApi<typeof job>(app, 'getImportJob', { jobId: job.jobId })).state, { timeout: 60_000 })
    .toBe('done');
  return job.result?.document.id ?? '';
}

/** A highlight with a note on `exact`, placed as the reader places it (over the page's extracted text). */
async function annotate(app: RunningApp, id: string, page: number, exact: string): Promise<void> {
  const { text } = await callApi<{ text: string }>(app, 'getDocumentPage', { id, page });
  const start = text.indexOf(exact);
  expect(start).toBeGreaterThanOrEqual(0);
  const selector = { exact, prefix: '', suffix: '', start, end: start + exact.length };
  await callApi(app, 'createAnnotation', { document: { id, page }, selector, color: 'vert', note: 'Clause à reprendre', tags: [] });
}

// The data folder is shared by the worker's tests: the documents imported here are taken out afterwards.
test.afterAll(async ({ app }) => {
  for (const document of await callApi<{ id: string }[]>(app, 'listDocuments', {})) {
    await callApi(app, 'removeDocument', { id: document.id });
  }
});

test('a document page and a passage annotated on it are linked to a project from the reader and from « Mes annotations », and stay when it is removed', async ({ page, openApp, app }) => {
  test.setTimeout(180_000);
  const id = await importPdf(app);
  await annotate(app, id, 2, sentence);
  const project = await callApi<{ id: string; title: string }>(app, 'createProject', { title: `Clauses sociales ${Date.now().toString(36)}` });

  // From the reader, on page 2: « Lier à un projet » offers that page or the whole document.
  await openApp(`#/document/${id}`);
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await page.getByRole('navigation', { name: 'Pages du document' }).getByRole('button', { name: 'Page 2' }).click();
  await expect(page.getByRole('button', { name: 'Page 2' })).toHaveAttribute('aria-current', 'page');
  // The reader's own button (the annotation panel offers one per passage too).
  await page.locator('.document-projects').getByRole('button', { name: 'Lier à un projet' }).click();
  const dialog = page.getByRole('dialog', { name: 'Lier ce document à un projet' });
  await expect(dialog.getByRole('radio', { name: 'La page 2' })).toBeChecked();
  await expect(dialog.getByRole('radio', { name: 'Tout le document (3 pages)' })).not.toBeChecked();
  await dialog.getByLabel('Projet', { exact: true }).selectOption({ label: project.title });
  await dialog.getByRole('radio', { name: 'Levier' }).check();
  await expectNoSeriousViolations(page, 'link dialog of the document reader');
  await dialog.getByRole('button', { name: 'Lier' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('Lié à :')).toContainText(`${project.title} (page 2)`);
  await page.screenshot({ path: screenshotPath('document-reader-linked') });

  // From « Mes annotations »: the card of the passage annotated on the document.
  await page.evaluate(() => (window.location.hash = '#/annotations'));
  const card = page.locator('li.card').filter({ hasText: sentence });
  await card.getByRole('button', { name: 'Lier à un projet' }).click();
  const passageDialog = page.getByRole('dialog', { name: 'Lier ce passage à un projet' });
  await expect(passageDialog).toContainText(`« ${sentence} »`);
  // A passage is linked with its own page: no choice offered.
  await expect(passageDialog.getByRole('radio', { name: 'La page 2' })).toHaveCount(0);
  await passageDialog.getByLabel('Projet', { exact: true }).selectOption({ label: project.title });
  await passageDialog.getByRole('radio', { name: 'Exemple' }).check();
  await passageDialog.getByRole('button', { name: 'Lier' }).click();
  await expect(passageDialog).toHaveCount(0);

  // The project's dossier lists the document with its page, then the passage with its quote and note.
  await page.evaluate((hash) => (window.location.hash = hash), `#/projets/${project.id}`);
  await expect(page.getByRole('heading', { name: 'Documents de la bibliothèque', level: 2 })).toBeVisible();
  const documents = page.locator('h2:text-is("Documents de la bibliothèque") + ul > li');
  await expect(documents).toHaveCount(2);
  await expect(documents.nth(0)).toContainText(`${title}, page 2`);
  await expect(documents.nth(0)).toContainText('Levier');
  await expect(documents.nth(1)).toContainText(`${title}, page 2`);
  await expect(documents.nth(1)).toContainText('Exemple');
  await expect(documents.nth(1)).toContainText(`« ${sentence} »`);
  await expect(documents.nth(1)).toContainText('Clause à reprendre');
  await expectNoSeriousViolations(page, 'project page with linked documents');
  await documents.nth(1).scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('project-linked-documents') });

  // The dossier opens the document on the linked page.
  await documents.nth(0).getByRole('link', { name: `${title}, page 2` }).click();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Page 2' })).toHaveAttribute('aria-current', 'page');

  // Removing the document says that the project keeps its links; the dossier still names it.
  await page.evaluate(() => (window.location.hash = '#/bibliotheque'));
  await page.getByRole('button', { name: `Retirer « ${title} »` }).click();
  const removal = page.getByRole('dialog', { name: `Retirer « ${title} » de la bibliothèque ?` });
  await expect(removal).toContainText('Le projet qui le cite garde son lien');
  // Its original stays in the data folder while a backup lists it (see kept-originals.ts).
  await expect(removal).toContainText('Son fichier d’origine est effacé de ce poste, sauf si une sauvegarde cite le document');
  await removal.getByRole('button', { name: 'Retirer le document' }).click();
  await expect(removal).toHaveCount(0);
  await page.evaluate((hash) => (window.location.hash = hash), `#/projets/${project.id}`);
  await expect(documents).toHaveCount(2);
  await expect(documents.nth(0)).toContainText(`${title} (retiré de la bibliothèque), page 2`);
  await expect(documents.nth(0).getByRole('link', { name: new RegExp(title) })).toHaveCount(0);
  await expect(documents.nth(1)).toContainText(`« ${sentence} »`);
});
