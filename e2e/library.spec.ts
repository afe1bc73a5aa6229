import { auditRoute, expectNoSeriousViolations } from './axe';
import { expect, screenshotPath, test } from './app-fixture';
import {
  expectReaderOnHit,
  holdImports,
  importFiles,
  importWait,
  makeScannedPdf,
  makeTextPdf,
  removeAllDocuments,
  searchDocumentHit,
} from './library-helpers';

/** The only page that holds this word: search must lead there. */
const pageThreeWord = 'ressourcerie';
const sentence = 'La ressourcerie du quartier emploie douze salariés en insertion.';

/** A four-page French PDF made here, one paragraph of lines per page. */
function makePdf(): Promise<Buffer> {
  return makeTextPdf(
    [
      ['Délibération du conseil départemental', 'La collectivité soutient l’économie sociale et solidaire.'],
      ['Les coopératives agricoles du territoire', 'Le département accompagne les SCIC et les associations.'],
      ['Un exemple local', sentence, 'Elle collecte les objets et les remet en vente.'],
      ['Annexe financière', 'Le budget consacré à l’ESS est voté chaque année.'],
    ],
    { title: 'Délibération sur la politique ESS', author: 'Conseil départemental' },
  );
}

test.afterAll(async ({ app }) => removeAllDocuments(app));

test('import PDFs with a progress bar; the same file, a corrupt one and a scanned one are answered in French', async ({ page, openApp }) => {
  test.setTimeout(180_000);
  const bytes = await makePdf();
  // What the desktop menu Fichier › Importer des documents opens (with a user gesture there, the picker too).
  await openApp('#/bibliotheque?importer');
  await expect(page.getByRole('heading', { name: 'Bibliothèque', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Importer des documents' })).toBeFocused();
  await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/bibliotheque');

  // The import request waits until the progress bar has been seen: a four-page file goes too fast otherwise.
  const release = await holdImports(page);
  await importFiles(page, [{ name: 'deliberation-ess.pdf', buffer: bytes }]);
  const progress = page.getByRole('progressbar', { name: 'Import de deliberation-ess.pdf' });
  await expect(progress).toBeVisible();
  await expect(page.getByRole('button', { name: 'Annuler l’import de deliberation-ess.pdf' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('library-import-progress') });
  release();
  await expect(progress).toHaveCount(0, importWait);
  const card = page.locator('.document-card').filter({ hasText: 'Délibération sur la politique ESS' });
  await expect(card).toContainText('Conseil départemental');
  await expect(card).toContainText('4 pages');
  await expect(card).toContainText('PDF');

  // The same file again: nothing added, said in French.
  await importFiles(page, [{ name: 'copie.pdf', buffer: bytes }]);
  await expect(page.locator('.import-item').filter({ hasText: 'copie.pdf' })).toContainText('déjà dans la bibliothèque', importWait);
  await expect(page.locator('.document-card')).toHaveCount(1);

  // A truncated PDF: refused with a French message, the library unchanged.
  await importFiles(page, [{ name: 'abime.pdf', buffer: bytes.subarray(0, Math.floor(bytes.length / 3)) }]);
  await expect(page.locator('.import-item').filter({ hasText: 'abime.pdf' }).getByRole('alert')).toContainText('endommagé', importWait);
  await expect(page.locator('.document-card')).toHaveCount(1);

  // A page with no text: kept, and said to be a scan.
  await importFiles(page, [{ name: 'scan.pdf', buffer: await makeScannedPdf() }]);
  const scanned = page.locator('.document-card').filter({ hasText: 'scan.pdf' });
  await expect(scanned).toContainText('document numérisé, sans texte', importWait);
  await page.screenshot({ path: screenshotPath('library-page') });
  await auditRoute(page, '#/bibliotheque', 'bibliothèque');
});

test('a word only on page 3 is found under « Documents » and opens page 3 with the word marked', async ({ page, openApp }) => {
  test.setTimeout(180_000);
  await openApp('#/bibliotheque');
  await importFiles(page, [{ name: 'recherche-ess.pdf', buffer: await makePdf() }]);
  await expect(page.locator('.import-item').filter({ hasText: 'recherche-ess.pdf' }).getByRole('link', { name: 'Ouvrir' })).toBeVisible(importWait);

  await (await searchDocumentHit(page, pageThreeWord, 'recherche-ess.pdf', 'page 3 sur 4')).click();
  await expectReaderOnHit(page, 3, pageThreeWord);
  await page.screenshot({ path: screenshotPath('library-reader-hit') });

  // Page by page from the keyboard.
  await page.locator('#page-3').focus();
  await page.keyboard.press('PageDown');
  await expect(page.getByLabel('Page', { exact: true })).toHaveValue('4');
  await auditRoute(page, page.url().replace(/^[^#]*/, ''), 'lecteur de document');
});

test('a kit fiche’s official PDF is proposed for its fiche, which then offers « Texte officiel (PDF) »', async ({ page, openApp }) => {
  test.setTimeout(180_000);
  await openApp('#/bibliotheque');
  await importFiles(page, [{ name: 'fiche9_kitmunicipaless.pdf', buffer: await makePdf() }]);
  const card = page.locator('.document-card').filter({ hasText: 'fiche9_kitmunicipaless.pdf' });
  await card.getByRole('button', { name: 'En faire sa version officielle' }).click(importWait);
  await expect(card).toContainText('Version officielle de la fiche n° 9');

  await page.evaluate(() => (window.location.hash = '#/fiche/municipaless/9'));
  const tabs = page.getByRole('tablist', { name: 'Version de la fiche' });
  await expect(tabs.getByRole('tab', { name: 'Synthèse' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Sociétés Coopératives');
  await tabs.getByRole('tab', { name: 'Synthèse' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(tabs.getByRole('tab', { name: 'Texte officiel (PDF)' })).toBeFocused();
  await expect(page.locator('#panel-official .textLayer').first()).toContainText('Délibération du conseil départemental');
  await page.screenshot({ path: screenshotPath('library-fiche-official') });
  await expectNoSeriousViolations(page, 'fiche, onglet « Texte officiel (PDF) »');
});

test('Markdown and HTML documents are shown sanitized: their scripts never run', async ({ page, openApp }) => {
  test.setTimeout(180_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await openApp('#/bibliotheque');
  const markdown = '# Appel à projets ESS\n\nLes **SCIC** du territoire peuvent candidater.\n\n<script>alert("md")</script>\n';
  const html =
    '<html><head><title>Étude CRESS</title></head><body><h1>Étude CRESS</h1><p>Emploi dans l’économie sociale.</p>' +
    '<img src="x" onerror="alert(1)"><a href="javascript:alert(2)">lien piégé</a><script>alert(3)</script></body></html>';
  await importFiles(page, [
    { name: 'appel.md', buffer: Buffer.from(markdown), mimeType: 'text/markdown' },
    { name: 'etude.html', buffer: Buffer.from(html), mimeType: 'text/html' },
  ]);
  const opened = page.locator('.import-item').filter({ hasText: 'etude.html' }).getByRole('link', { name: 'Ouvrir' });
  await expect(opened).toBeVisible(importWait);

  await page.locator('.import-item').filter({ hasText: 'appel.md' }).getByRole('link', { name: 'Ouvrir' }).click();
  const text = page.locator('.document-text');
  await expect(text.locator('strong')).toHaveText('SCIC');
  // Raw HTML in Markdown is shown as text, as in a fiche.
  await expect(text).toContainText('<script>alert("md")</script>');

  await page.goBack();
  await opened.click();
  await expect(text).toContainText('Emploi dans l’économie sociale.');
  await expect(text.locator('script, img, [onerror]')).toHaveCount(0);
  await expect(text.getByText('lien piégé')).not.toHaveAttribute('href', /javascript/);
  await page.screenshot({ path: screenshotPath('library-html-document') });
  expect(dialogs).toEqual([]);
});
