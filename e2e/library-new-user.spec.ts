import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { auditRoute, expectNoSeriousViolations } from './axe';
import { callApi, expect, screenshotPath, test } from './app-fixture';
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

/*
 * The library as a new user meets it (issue 14, « Done means »): a 40-page report imported from
 * the file picker, found by a word of its page 17 and opened there; a kit fiche's official PDF
 * attached to its fiche; a scan and a truncated file answered clearly; and what the library says
 * when an original is gone from the data folder or altered there.
 */

/** The only page of the report that holds this word. */
const pageSeventeenWord = 'bricothèque';
const reportName = 'rapport-ess-2024.pdf';

/** Forty pages of French prose; the word of page 17 appears nowhere else. */
function makeReport(): Promise<Buffer> {
  const pages = Array.from({ length: 40 }, (_, index) => {
    const number = index + 1;
    const lines = [`Rapport sur l’économie sociale et solidaire — page ${number}`, 'Les coopératives du territoire créent des emplois durables.'];
    if (number === 17) lines.push(`La ${pageSeventeenWord} du quartier prête des outils aux habitants.`);
    return lines;
  });
  return makeTextPdf(pages, { title: 'Rapport ESS 2024', author: 'Conseil départemental' });
}

/** A fiche of the bundled kits, and its official PDF as the RTES names it. */
const fiche = { kit: 'departementaless', number: 12 };
const ficheFileName = 'fiche12_kitdepartementaless.pdf';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

test.afterAll(async ({ app }) => {
  // The official version is detached first: a fiche left with one changed what later tests of this worker saw.
  const official = await callApi<{ id: string } | null>(app, 'getOfficialDocument', fiche);
  if (official) await callApi(app, 'attachDocumentToFiche', { id: official.id, fiche: null });
  await removeAllDocuments(app);
  expect(await callApi(app, 'getOfficialDocument', fiche)).toBeNull();
});

test('a new user imports a 40-page PDF, finds a word of page 17 and reads it there; a fiche PDF, a scan and a truncated file are answered', async ({
  page,
  openApp,
  app,
}) => {
  test.setTimeout(240_000);
  const report = await makeReport();
  await openApp('#/bibliotheque');
  await expect(page.getByText('La bibliothèque est vide : importez un premier document.')).toBeVisible();

  // The import is held until its progress bar has been seen.
  const release = await holdImports(page);
  await importFiles(page, [{ name: reportName, buffer: report }]);
  const progress = page.getByRole('progressbar', { name: `Import de ${reportName}` });
  await expect(progress).toBeVisible();
  await page.screenshot({ path: screenshotPath('library-new-user-progress') });
  release();
  await expect(progress).toHaveCount(0, importWait);
  const reportCard = page.locator('.document-card').filter({ hasText: 'Rapport ESS 2024' });
  await expect(reportCard).toContainText('40 pages');
  await expect(page.locator('.import-item').filter({ hasText: reportName })).toContainText('« Rapport ESS 2024 » est importé (40 pages).');

  await (await searchDocumentHit(page, pageSeventeenWord, reportName, 'page 17 sur 40')).click();
  await expectReaderOnHit(page, 17, pageSeventeenWord);
  await page.screenshot({ path: screenshotPath('library-new-user-page-17') });
  await auditRoute(page, page.url().replace(/^[^#]*/, ''), 'lecteur, page 17 d’un rapport de 40 pages');

  // A kit fiche's official PDF proposes its fiche; accepted, the fiche offers both versions.
  await auditRoute(page, '#/bibliotheque', 'bibliothèque');
  await importFiles(page, [
    { name: ficheFileName, buffer: await makeTextPdf([['DépartementalESS', 'Le texte officiel de la fiche.']], { title: 'Fiche 12', author: 'RTES' }) },
  ]);
  const ficheCard = page.locator('.document-card').filter({ hasText: ficheFileName });
  await expect(ficheCard).toContainText('Ce document semble être la fiche n° 12 du kit DépartementalESS', importWait);
  await ficheCard.getByRole('button', { name: 'En faire sa version officielle' }).click();
  await expect(ficheCard.getByRole('link', { name: /Version officielle de la fiche n° 12/ })).toBeVisible();
  await ficheCard.getByRole('link', { name: /Version officielle de la fiche n° 12/ }).click();
  const tabs = page.getByRole('tablist', { name: 'Version de la fiche' });
  await expect(tabs.getByRole('tab', { name: 'Synthèse' })).toHaveAttribute('aria-selected', 'true');
  await tabs.getByRole('tab', { name: 'Texte officiel (PDF)' }).click();
  await expect(page.locator('#panel-official .textLayer').first()).toContainText('Le texte officiel de la fiche.');
  await page.screenshot({ path: screenshotPath('library-new-user-fiche-official') });

  // A scan is kept and said to be one; a truncated PDF is refused and changes nothing.
  await page.evaluate(() => (window.location.hash = '#/bibliotheque'));
  await importFiles(page, [{ name: 'scan-deliberation.pdf', buffer: await makeScannedPdf() }]);
  await expect(page.locator('.document-card').filter({ hasText: 'scan-deliberation.pdf' })).toContainText('document numérisé, sans texte', importWait);
  const cards = page.locator('.document-card');
  await expect(cards).toHaveCount(3);
  const before = await callApi<unknown[]>(app, 'listDocuments', {});
  await importFiles(page, [{ name: 'rapport-tronque.pdf', buffer: report.subarray(0, Math.floor(report.length / 2)) }]);
  await expect(page.locator('.import-item').filter({ hasText: 'rapport-tronque.pdf' }).getByRole('alert')).toHaveText(
    'Ce PDF est endommagé ou incomplet : il ne peut pas être lu. Rien n’a été importé.',
    importWait,
  );
  await expect(cards).toHaveCount(3);
  expect(await callApi(app, 'listDocuments', {})).toEqual(before);
  await page.screenshot({ path: screenshotPath('library-new-user-library'), fullPage: true });
  await expectNoSeriousViolations(page, 'bibliothèque après un import refusé');
});

test('an original gone from the data folder is marked, its text still found; the same file brings it back; an altered one is refused', async ({
  page,
  openApp,
  app,
}) => {
  test.setTimeout(180_000);
  const word = 'ludothèque';
  const bytes = await makeTextPdf(
    [['Convention de partenariat', 'Les deux communes s’associent.'], [`La ${word} intercommunale ouvre le samedi.`]],
    { title: 'Convention intercommunale', author: 'Communauté de communes' },
  );
  const original = path.join(app.dataDir, 'documents', sha256(bytes));
  await openApp('#/bibliotheque');
  await importFiles(page, [{ name: 'convention.pdf', buffer: bytes }]);
  const card = page.locator('.document-card').filter({ hasText: 'Convention intercommunale' });
  await expect(card).toBeVisible(importWait);

  // A passage of page 1, annotated: the reader still leads to it once the original is gone.
  const id = sha256(bytes);
  const pageOne = (await callApi<{ text: string }>(app, 'getDocumentPage', { id, page: 1 })).text;
  const exact = 'deux communes';
  const start = pageOne.indexOf(exact);
  const note = await callApi<{ id: string }>(app, 'createAnnotation', {
    document: { id, page: 1 },
    selector: { exact, prefix: pageOne.slice(0, start), suffix: pageOne.slice(start + exact.length), start, end: start + exact.length },
    note: 'Partenariat à citer au conseil.',
  });

  // As after restoring a base on another computer: the file is not in documents/.
  fs.rmSync(original);
  await page.reload();
  await expect(card.getByRole('note')).toHaveText('Fichier d’origine absent : importez de nouveau ce document pour le retrouver.');
  await (await searchDocumentHit(page, word, 'convention.pdf', 'page 2 sur 2')).click();
  await expect(page.locator('.notice')).toHaveText('Fichier d’origine absent : importez de nouveau ce document pour le retrouver. Voici le texte extrait de la page 2 sur 2.');
  await expect(page.locator('.document-text mark.hit')).toHaveText(word);

  // Its pages are listed and each is read as extracted text; the note of page 1 leads there.
  const pages = page.getByRole('navigation', { name: 'Pages du document' });
  await expect(pages.getByRole('button', { name: /^Page \d/ })).toHaveCount(2);
  await expect(pages.getByRole('button', { name: /^Page 2/ })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('region', { name: /Annotations/ }).getByRole('button', { name: /deux communes/ }).click();
  await expect(page.locator('.notice')).toContainText('Voici le texte extrait de la page 1 sur 2.');
  const passage = page.locator('.document-text mark.annotation');
  await expect(passage).toHaveText(exact);
  await expect(passage).toBeFocused();
  await expect(pages.getByRole('button', { name: /^Page 1/ })).toHaveAttribute('aria-current', 'page');
  await page.screenshot({ path: screenshotPath('library-original-missing') });
  await expectNoSeriousViolations(page, 'lecteur, fichier d’origine absent');
  await pages.getByRole('button', { name: /^Page 2/ }).click();
  await expect(page.locator('.notice')).toContainText('page 2 sur 2');
  await expect(page.locator('.document-text')).toContainText(`La ${word} intercommunale`);
  await expect(passage).toHaveCount(0);

  // From « Mes annotations », straight to the passage, on its page.
  await page.evaluate(() => (window.location.hash = '#/annotations'));
  await page.locator('.card').filter({ hasText: 'Partenariat à citer' }).getByRole('link', { name: /Voir le passage/ }).click();
  await expect(page.locator('.notice')).toContainText('page 1 sur 2');
  await expect(passage).toBeFocused();
  await callApi(app, 'deleteAnnotation', { id: note.id });

  await page.evaluate(() => (window.location.hash = '#/bibliotheque'));
  await importFiles(page, [{ name: 'convention-retrouvee.pdf', buffer: bytes }]);
  await expect(page.locator('.import-item').filter({ hasText: 'convention-retrouvee.pdf' })).toContainText(
    '« Convention intercommunale » retrouve son fichier d’origine : il se lit de nouveau.',
    importWait,
  );
  await expect(card.getByRole('note')).toHaveCount(0);
  await expect(card).toHaveCount(1);

  // Altered on the disk: refused, never shown as if sound.
  fs.writeFileSync(original, Buffer.concat([bytes, Buffer.from('\n% ajouté')]));
  await card.getByRole('link', { name: 'Convention intercommunale' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'Le fichier d’origine de « Convention intercommunale » a été modifié ou endommagé sur le disque : son contenu n’est plus celui qui a été importé, il n’est donc pas affiché.',
  );
  await expect(page.locator('.textLayer, canvas')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('library-original-altered') });
  fs.writeFileSync(original, bytes);
});
