import path from 'node:path';
import { BrowserWindow, dialog } from 'electron';
import type { KnowledgeBase } from '../core/knowledge-base';
import { describeContentUpdate } from '../shared/content-update';
import { toErrorBody } from '../shared/errors';

const packFilter = [{ name: 'Mise à jour des kits (.zip)', extensions: ['zip'] }];

/** « Fichier › Importer une mise à jour des kits… »: chooses the .zip, then imports it. */
export async function chooseContentUpdate(kb: KnowledgeBase): Promise<void> {
  const { canceled, filePaths } = await dialog.showOpenDialog({ title: 'Importer une mise à jour des kits', filters: packFilter, properties: ['openFile'] });
  const [file] = filePaths;
  if (!canceled && file) await importContentUpdate(kb, file);
}

/** Imports a .zip content pack (checked whole first), then shows which fiches are new or changed. */
export async function importContentUpdate(kb: KnowledgeBase, file: string): Promise<void> {
  try {
    const report = await kb.importPackZip(file, path.basename(file));
    for (const window of BrowserWindow.getAllWindows()) window.webContents.reload();
    const [summary, ...changes] = describeContentUpdate(report);
    await dialog.showMessageBox({
      type: 'info',
      message: 'Mise à jour des kits importée.',
      detail: [summary, ...changes.slice(0, 30), ...(changes.length > 30 ? [`… et ${changes.length - 30} autres.`] : [])].join('\n'),
    });
  } catch (error) {
    const body = toErrorBody(error);
    dialog.showErrorBox('La mise à jour des kits est refusée', [body.message, ...(body.details ?? []).slice(0, 10)].join('\n'));
  }
}

/**
 * A file handed to the app (double-click with the file association, a second launch, macOS
 * open-file): a .zip is offered as a kit update, anything else goes to the exchange page.
 */
export async function offerOpenedFile(kb: KnowledgeBase, file: string, window: BrowserWindow | undefined): Promise<void> {
  if (path.extname(file).toLowerCase() !== '.zip') {
    // The exchange page checks and previews the file before merging: the person opens it there.
    await dialog.showMessageBox({
      type: 'info',
      message: 'Fichier d’échange Kits ESS',
      detail: `Pour fusionner ${path.basename(file)}, ouvrez-le depuis la page « Échanger avec un collègue », qui en montre le contenu d’abord.`,
    });
    void window?.webContents.executeJavaScript(`window.location.hash = '#/echanges'`).catch(() => undefined);
    return;
  }
  const { response } = await dialog.showMessageBox({
    type: 'question',
    buttons: ['Importer', 'Annuler'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
    message: 'Importer cette mise à jour des kits ?',
    detail: `${file}\n\nLe paquet est vérifié en entier avant d’écrire quoi que ce soit ; vos annotations suivent leur passage.`,
  });
  if (response === 0) await importContentUpdate(kb, file);
}
