import type { PDFDocumentProxy } from 'pdfjs-dist';

/** Dots per CSS pixel of the printed pages: enough for 150 dpi paper without the memory of 300. */
const printScale = 1.5;

/**
 * Every page of the PDF as an image, for paper: the reader draws only the pages near the
 * view, and a print must hold them all. `onPage` says how far it has got.
 */
export async function pagesForPrint(pdf: PDFDocumentProxy, onPage: (done: number) => void): Promise<string[]> {
  const images: string[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const page = await pdf.getPage(number);
    const viewport = page.getViewport({ scale: printScale * (96 / 72) });
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    await page.render({ canvas, viewport, intent: 'print' }).promise;
    images.push(canvas.toDataURL('image/png'));
    page.cleanup();
    onPage(number);
  }
  return images;
}
