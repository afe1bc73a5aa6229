import type { Locator, Page } from '@playwright/test';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { callApi, expect, type RunningApp } from './app-fixture';

/** Extraction starts a worker, slow on a busy machine: the wait for its answer is generous (not a measure). */
export const importWait = { timeout: 60_000 };

/** Chooses files with « Importer des documents », as a person does with the file picker. */
export async function importFiles(page: Page, files: { name: string; buffer: Buffer; mimeType?: string }[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Importer des documents' }).click();
  await (await chooser).setFiles(files.map((file) => ({ mimeType: 'application/pdf', ...file })));
}

/**
 * Holds the import requests until `release` is called, so that the progress bar can be seen
 * before a small file is read (on a fast machine it would come and go between two looks).
 */
export async function holdImports(page: Page): Promise<() => void> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/importDocument', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** One page drawn with shapes only, no text: what a scanner makes. */
export async function makeScannedPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawRectangle({ x: 60, y: 500, width: 470, height: 280, color: rgb(0.85, 0.85, 0.8) });
  return Buffer.from(await pdf.save());
}

/**
 * The data folder is shared by the worker's tests: the documents a spec imported (and with them
 * any official version attached to a fiche) are taken out afterwards, so that other tests read
 * the kits alone.
 */
export async function removeAllDocuments(app: RunningApp): Promise<void> {
  for (const document of await callApi<{ id: string }[]>(app, 'listDocuments', {})) {
    await callApi(app, 'removeDocument', { id: document.id });
  }
}

/** A PDF made here whose page i holds the lines pages[i], in Helvetica (French accents and ’ included). */
export async function makeTextPdf(pages: readonly (readonly string[])[], meta: { title: string; author: string }): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(meta.title);
  pdf.setAuthor(meta.author);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, index) => page.drawText(line, { x: 60, y: 760 - index * 28, size: 14, font }));
  }
  return Buffer.from(await pdf.save());
}

/** Types `word` in the search box and returns the document hit of `fileName` on `pageLabel` (« page 3 sur 4 »), checked to be the only page found. */
export async function searchDocumentHit(page: Page, word: string, fileName: string, pageLabel: string): Promise<Locator> {
  await page.getByRole('combobox', { name: /Rechercher/ }).fill(word);
  // Other tests may import PDFs of the same text: this one is known by its file name.
  const pages = page.getByRole('option').filter({ hasText: fileName });
  const hit = pages.filter({ hasText: pageLabel });
  await expect(hit).toBeVisible();
  await expect(hit.locator('mark').first()).toHaveText(word);
  await expect(pages).toHaveCount(1);
  await expect(page.locator('fieldset.facet').filter({ hasText: 'Documents' })).toBeVisible();
  return hit;
}

/** What a person sees of a search hit opened in the reader: the page number, the page list, the word marked in view. */
export async function expectReaderOnHit(page: Page, pageNumber: number, word: string): Promise<void> {
  await expect(page.getByLabel('Page', { exact: true })).toHaveValue(String(pageNumber));
  const mark = page.locator(`#page-${pageNumber} .textLayer mark.hit`);
  await expect(mark).toHaveText(word);
  await expect(mark).toBeInViewport();
  await expect(page.locator('.hit-bar')).toContainText(`sur la page ${pageNumber}`);
  const pageButton = page.getByRole('navigation', { name: 'Pages du document' }).getByRole('button', { name: new RegExp(`^Page ${pageNumber}(,|$)`) });
  await expect(pageButton).toHaveAttribute('aria-current', 'page');
}
