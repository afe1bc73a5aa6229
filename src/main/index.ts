import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import type { KnowledgeBase } from '../core/knowledge-base';
import { ipcChannel, saveBeforeClosingScript } from '../shared/ipc';
import { backupMenuItems, openOrAsk } from './backup-dialogs';
import { createDispatch } from '../shared/dispatch';
import { KbError, toErrorBody } from '../shared/errors';
import { saveDownloadsIn } from './downloads';
import { appEntryUrl, appFileFor, appResponseHeaders, appScheme, appSchemePrivileges } from './app-protocol';
import { chooseContentUpdate, offerOpenedFile } from './content-update';
import { buildMenu } from './menu';
import { filesToOpen } from './opened-files';
import { savePagePdf } from './page-pdf';
import { safeStorageCipher } from './safe-storage-cipher';
import { encryptedPasswordStore, teamPasswordFileName } from './team-password-store';
import { answerUnsavedNote, noteNotSavedMessage, unsavedNoteQuestion } from './unsaved-note';
import {
  isInAppNavigation,
  isTrustedSender,
  openExternalSafely,
  refusePermissionCheck,
  refusePermissionRequest,
  windowOptions,
} from './security';

const rendererUrl = process.env.ELECTRON_RENDERER_URL;
const rendererDir = path.join(import.meta.dirname, '../renderer');
// The built interface is served from app://kits-ess/ (app-protocol.ts), the dev server's in development.
const appUrl = rendererUrl ?? appEntryUrl;

// Must happen before the app is ready: app:// then behaves as a secure, standard origin.
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);

/** Answers app://kits-ess/… with the built interface's files only, each with the CSP. */
function serveAppProtocol(): void {
  protocol.handle(appScheme, async (request) => {
    const file = appFileFor(request.url, rendererDir);
    const data = file ? await fs.promises.readFile(file).catch(() => null) : null;
    if (!file || !data) return new Response('Introuvable', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    return new Response(data, { headers: appResponseHeaders(file) });
  });
}

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
  guardUnsavedNote(window);
  void window.loadURL(appUrl);
  return window;
}

/** Set by Ctrl+Q (or Quitter): after « Enregistrer », the app quits rather than closing one window. */
let quitAsked = false;
app.on('before-quit', () => {
  quitAsked = true;
});

/**
 * The page refuses to unload while the note editor holds unsaved text (its beforeunload):
 * ask « Enregistrer / Ne pas enregistrer / Annuler », never lose the note silently.
 */
function guardUnsavedNote(window: BrowserWindow): void {
  // Electron emits the window's close (and before-quit) before the page's beforeunload; a reload emits neither.
  let closeAsked = false;
  window.on('close', () => {
    closeAsked = true;
  });
  window.webContents.on('will-prevent-unload', (event) => {
    const leaving = quitAsked ? 'quit' : closeAsked ? 'close' : 'reload';
    quitAsked = false;
    closeAsked = false;
    void answerUnsavedNote({
      ask: () => dialog.showMessageBoxSync(window, unsavedNoteQuestion),
      allowUnload: () => event.preventDefault(),
      saveNote: () => window.webContents.executeJavaScript(saveBeforeClosingScript),
      leaveAgain: () => {
        if (leaving === 'quit') app.quit();
        else if (leaving === 'close') window.close();
        else window.webContents.reload();
      },
      reportNotSaved: () => void dialog.showMessageBox(window, noteNotSavedMessage),
    });
  });
}

/** Files handed over before the knowledge base was open (macOS open-file at launch). */
const pendingFiles: string[] = [];
let openFile: ((file: string) => void) | null = null;

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
  Menu.setApplicationMenu(
    buildMenu({
      importContentUpdate: () => void chooseContentUpdate(kb),
      savePagePdf: () => {
        const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
        if (!window) return;
        savePagePdf(window, `${window.webContents.getTitle() || 'Kits ESS'}.pdf`).catch((error: unknown) =>
          dialog.showErrorBox('Le PDF n’a pas été enregistré', toErrorBody(error).message),
        );
      },
      backupItems: backupMenuItems(kb, binding),
    }),
  );
  const window = createWindow();
  openFile = (file) => void offerOpenedFile(kb, file, BrowserWindow.getAllWindows()[0]).catch((error: unknown) => console.error(error));
  const opened = [...pendingFiles.splice(0), ...filesToOpen(process.argv.slice(1), process.cwd())];
  if (opened.length > 0) window.once('ready-to-show', () => opened.forEach((file) => openFile?.(file)));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A second launch (a double-clicked pack, say) focuses this window and hands its files over.
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
    for (const file of filesToOpen(argv.slice(1), workingDirectory)) openFile?.(file);
  });
  // macOS hands files over by event, possibly before the app is ready.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    if (openFile) openFile(file);
    else pendingFiles.push(file);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  void app.whenReady().then(() => {
    lockDown();
    serveAppProtocol();
    start();
  });
}
