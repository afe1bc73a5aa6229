import { mount, tick, unmount, type Component } from 'svelte';
import { call } from './api';

/** printToPDF exists in the desktop app only; in a browser, the print dialog offers PDF. */
export const canSavePdf = typeof window !== 'undefined' && window.kb !== undefined;

/** A PDF file name the desktop save dialog proposes, from a title: « Dossier Légumerie.pdf ». */
export function pdfName(prefix: string, title: string): string {
  const safe = title.replace(/[^\w .()\-àâäçéèêëîïôöùûüÿœæ]/gi, ' ').replace(/\s+/g, ' ').trim().slice(0, 70);
  return `${prefix} ${safe || 'Kits ESS'}.pdf`;
}

/** Saves the page as printed to a PDF file the person chooses (desktop); returns where, or null if cancelled. */
export async function savePagePdf(suggestedName: string): Promise<string | null> {
  return (await call('savePagePdf', { suggestedName })).savedTo;
}

/**
 * Prints (or saves as PDF) `component` alone instead of the page: it is mounted at the end of
 * the document and the print stylesheet shows only it while the body has `.print-alone`.
 */
export async function printAlone<Props extends Record<string, unknown>>(
  component: Component<Props>,
  props: Props,
  output: { pdfName: string } | 'printer',
): Promise<string | null> {
  const instance = mount(component, { target: document.body, props });
  document.body.classList.add('print-alone');
  try {
    await tick();
    if (output === 'printer') {
      window.print();
      return null;
    }
    return await savePagePdf(output.pdfName);
  } finally {
    document.body.classList.remove('print-alone');
    void unmount(instance);
  }
}
