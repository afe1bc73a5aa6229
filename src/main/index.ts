import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import type { KnowledgeBase } from '../core/knowledge-base';
import { ipcChannel } from '../shared/ipc';
import { backupMenuItems, openOrAsk } from './backup-dialogs';
import { createDispatch } from '../shared/dispatch';
import { KbError, toErrorBody } from '../shared/errors';
import { saveDownloadsIn } from './downloads';
import { buildMenu } from './menu';
import { savePagePdf } from './page-pdf';
import { safeStorageCipher } from './safe-storage-cipher';
import { encryptedPasswordStore, teamPasswordFileName } from './team-password-store';
import {
  isInAppNavigation,
  isTrustedSender,
  openExternalSafely,
  refusePermissionCheck,
  refusePermissionRequest,
  windowOptions,
} from './security';

const rendererUrl = process.env.ELECTRON_RENDERER_URL;
const appUrl = rendererUrl ?? new URL(`file://${path.join(import.meta.dirname, '../renderer/index.html')}`).toString();

/** In a source checkout the Electron build of better-sqlite3 sits apart from Node's (see src/launcher). */
function nativeBinding(): string | undefined {
  const file = app.isPackaged
    ? path.join(process.resourcesPath, 'native', 'better_sqlite3.node')
    : path.join(import.meta.dirname, '../native/electron/better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}

function bundledContentDir(): string {
  return app.isPackaged ? path.join(process.resourcesPath, 'content') : path.join(app.getAppPath(), 'content');
}

function lockDown(): void {
  session.defaultSession.setPermissionRequestHandler(refusePermissionRequest);
  session.defaultSession.setPermissionCheckHandler(refusePermissionCheck);
  saveDownloadsIn(session.defaultSession, () => app.getPath('downloads'));
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isInAppNavigation(url, appUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternalSafely(url, (safe) => shell.openExternal(safe));
      return { action: 'deny' };
    });
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    ...windowOptions(path.join(import.meta.dirname, '../preload/index.cjs')),
    icon: path.join(app.getAppPath(), 'resources', 'icon.png'),
  });
  window.once('ready-to-show', () => window.show());
  if (rendererUrl) void window.loadURL(rendererUrl);
  else void window.loadFile(path.join(import.meta.dirname, '../renderer/index.html'));
  return window;
}

function start(): void {
  let kb: KnowledgeBase;
  const binding = nativeBinding();
  try {
    // An unreadable database is set aside and the person chooses what to do (backup-dialogs.ts).
    const dataDir = app.getPath('userData');
    const opened = openOrAsk({
      dataDir,
      appVersion: app.getVersion(),
      bundledContentDir: bundledContentDir(),
      nativeBinding: binding,
      // The team password survives a restart, encrypted by the system (never in clear, never in backups).
      teamPasswords: encryptedPasswordStore(path.join(dataDir, teamPasswordFileName), safeStorageCipher()),
    });
    if (!opened) {
      app.exit(0);
      return;
    }
    kb = opened;
  } catch (error) {
    const message = error instanceof KbError ? error.message : toErrorBody(error).message;
    dialog.showErrorBox('Kits ESS ne peut pas démarrer', message);
    app.exit(1);
    return;
  }
  const handlers = {
    ...kb.handlers(),
    savePagePdf: ({ suggestedName }: { suggestedName: string }) => {
      const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      if (!window) throw new KbError('unsupported', 'Aucune fenêtre à enregistrer en PDF.');
      return savePagePdf(window, suggestedName);
    },
  };
  const dispatch = createDispatch(handlers, (error) => console.error(error));
  ipcMain.handle(ipcChannel, (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url, appUrl)) {
      return { ok: false, error: { code: 'invalid_input', message: 'Appel refusé : origine inconnue.', details: [] } };
    }
    return dispatch(method, input);
  });
  app.on('will-quit', () => kb.close());
  // Team sync resumes with the stored password; without one, « Espace d’équipe » asks for it.
  kb.team.start();
  Menu.setApplicationMenu(buildMenu(backupMenuItems(kb, binding)));
  createWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  void app.whenReady().then(() => {
    lockDown();
    start();
  });
}
