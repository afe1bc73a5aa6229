import fs from 'node:fs/promises';
import { BrowserWindow, dialog } from 'electron';

/**
 * Saves the page shown in the window as a PDF, through Electron's printToPDF (the print
 * stylesheet applies), where the person chooses. Returns the path, or null when cancelled.
 */
export async function savePagePdf(window: BrowserWindow, suggestedName: string): Promise<{ savedTo: string | null }> {
  const pdf = await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true });
  const choice = await dialog.showSaveDialog(window, {
    title: 'Enregistrer en PDF',
    defaultPath: suggestedName,
    filters: [{ name: 'Document PDF', extensions: ['pdf'] }],
  });
  if (choice.canceled || !choice.filePath) return { savedTo: null };
  await fs.writeFile(choice.filePath, pdf);
  return { savedTo: choice.filePath };
}
