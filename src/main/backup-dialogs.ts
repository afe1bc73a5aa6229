import path from 'node:path';
import { app, BrowserWindow, dialog, type MenuItemConstructorOptions } from 'electron';
import { backupsDir, localDay } from '../core/backup/backup-files';
import { backupTo } from '../core/backup/backup-service';
import { applyStartupChoice, choiceAt, messageBoxButtons, openAtStartup, startupQuestion } from '../core/backup/startup';
import type { KnowledgeBase, KnowledgeBaseOptions } from '../core/knowledge-base';
import { KbError, toErrorBody } from '../shared/errors';
import { countOf } from '../shared/french-format';

// The desktop app's side of backups: only dialogs here; what they do is in src/core/backup.

const messageOf = (error: unknown): string => (error instanceof KbError ? error.message : toErrorBody(error).message);
const sqliteFilter = [{ name: 'Sauvegarde Kits ESS', extensions: ['sqlite'] }];

/**
 * Opens the knowledge base; when its database cannot be read, asks the person what to do
 * (restore the latest backup, start with a new database, or quit). Null means « Quitter ».
 */
export function openOrAsk(options: KnowledgeBaseOptions): KnowledgeBase | null {
  const result = openAtStartup(options);
  if (result.status === 'ready') return result.kb;
  const question = startupQuestion(result.problem);
  for (;;) {
    const response = dialog.showMessageBoxSync({
      type: 'warning',
      title: question.title,
      message: question.message,
      detail: question.detail,
      noLink: true,
      ...messageBoxButtons(question),
    });
    try {
      return applyStartupChoice(choiceAt(question, response), result.problem, options);
    } catch (error) {
      dialog.showErrorBox('Kits ESS', messageOf(error));
    }
  }
}

/** « Fichier › Sauvegarder la base… » and « Restaurer une sauvegarde… ». */
export function backupMenuItems(kb: KnowledgeBase, nativeBinding: string | undefined): MenuItemConstructorOptions[] {
  return [
    { label: 'Sauvegarder la base…', click: () => void saveBackup(kb, nativeBinding) },
    { label: 'Restaurer une sauvegarde…', click: () => void restoreFromFile(kb) },
  ];
}

async function saveBackup(kb: KnowledgeBase, nativeBinding: string | undefined): Promise<void> {
  const { canceled, filePath } = await dialog.showSaveDialog({
    title: 'Sauvegarder la base',
    defaultPath: path.join(app.getPath('documents'), `kits-ess-${localDay(new Date())}.sqlite`),
    filters: sqliteFilter,
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  });
  if (canceled || !filePath) return;
  try {
    // The save dialog has asked before replacing an existing file.
    const info = backupTo(kb.db, filePath, { overwrite: true, nativeBinding });
    await dialog.showMessageBox({ type: 'info', message: 'Sauvegarde écrite.', detail: `${info.file}\n${countOf(info.annotations, 'annotation')}.` });
  } catch (error) {
    dialog.showErrorBox('La sauvegarde a échoué', messageOf(error));
  }
}

async function restoreFromFile(kb: KnowledgeBase): Promise<void> {
  const { canceled, filePaths } = await dialog.showOpenDialog({
    title: 'Restaurer une sauvegarde',
    defaultPath: backupsDir(kb.dataDir),
    filters: sqliteFilter,
    properties: ['openFile'],
  });
  const [file] = filePaths;
  if (canceled || !file) return;
  const { response } = await dialog.showMessageBox({
    type: 'question',
    buttons: ['Restaurer', 'Annuler'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
    message: 'Remplacer la base actuelle par cette sauvegarde ?',
    detail: `${file}\n\nLa sauvegarde est vérifiée d’abord. La base actuelle est mise de côté dans ${kb.dataDir} : rien n’est supprimé.`,
  });
  if (response !== 0) return;
  try {
    const report = kb.restore(file);
    for (const window of BrowserWindow.getAllWindows()) window.webContents.reload();
    await dialog.showMessageBox({
      type: 'info',
      message: 'Sauvegarde restaurée.',
      detail: `${countOf(report.annotations, 'annotation')}.${report.previousSavedAs ? `\nL’ancienne base est gardée de côté : ${report.previousSavedAs}` : ''}`,
    });
  } catch (error) {
    dialog.showErrorBox('La restauration a échoué', messageOf(error));
  }
}
