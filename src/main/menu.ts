import { BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import { textSizeEvent, type TextSizeAction } from '../shared/ipc';
import { menuRoutes, shortcuts, type ShortcutName } from '../shared/shortcuts';

function focusedContents(): Electron.WebContents | undefined {
  return (BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0])?.webContents;
}

/** The accelerator of a shortcut of the table; one the page answers itself is shown, not registered. */
function keys(name: ShortcutName): Pick<MenuItemConstructorOptions, 'accelerator' | 'registerAccelerator'> {
  const shortcut = shortcuts[name];
  return { accelerator: shortcut.accelerator, registerAccelerator: !shortcut.inPage };
}

/** A menu item that opens a page of the app (the router answers the address change). */
function goTo(label: string, hash: string, shortcut?: ShortcutName): MenuItemConstructorOptions {
  return {
    label,
    ...(shortcut ? keys(shortcut) : {}),
    // A page that is reloading refuses the script: the click is then simply lost.
    click: () => void focusedContents()?.executeJavaScript(`window.location.hash = ${JSON.stringify(hash)}`).catch(() => undefined),
  };
}

/** A View menu item that changes the text size in the renderer, which owns it (as in a browser). */
function textSizeItem(label: string, shortcut: ShortcutName, action: TextSizeAction): MenuItemConstructorOptions {
  return {
    label,
    ...keys(shortcut),
    click: () => {
      const script = `window.dispatchEvent(new CustomEvent(${JSON.stringify(textSizeEvent)}, { detail: ${JSON.stringify(action)} }))`;
      void focusedContents()?.executeJavaScript(script).catch(() => undefined);
    },
  };
}

export interface MenuActions {
  /** « Importer une mise à jour des kits… »: a dialog, then the report (content-update.ts). */
  importContentUpdate: () => void;
  /** « Enregistrer en PDF… »: the page shown, through the print stylesheet (page-pdf.ts). */
  savePagePdf: () => void;
  /** « Sauvegarder la base… » and « Restaurer une sauvegarde… » (backup-dialogs.ts). */
  backupItems: MenuItemConstructorOptions[];
}

/** The French menus of a desktop program; shortcuts come from src/shared/shortcuts.ts. */
export function buildMenu(actions: MenuActions): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'Fichier',
      submenu: [
        goTo('Importer des documents…', menuRoutes.importDocuments),
        { label: 'Importer une mise à jour des kits…', click: actions.importContentUpdate },
        { type: 'separator' },
        goTo('Exporter mes données…', menuRoutes.exchange),
        // The page shown, through the print stylesheet (a fiche: with the notes if « Imprimer » last asked for them).
        { label: 'Imprimer…', ...keys('print'), click: () => focusedContents()?.print() },
        { label: 'Enregistrer en PDF…', click: actions.savePagePdf },
        { type: 'separator' },
        ...actions.backupItems,
        { type: 'separator' },
        { role: 'quit', label: 'Quitter', ...keys('quit') },
      ],
    },
    {
      label: 'Édition',
      submenu: [
        { role: 'undo', label: 'Annuler', ...keys('undo') },
        { role: 'redo', label: 'Rétablir', ...keys('redo') },
        { type: 'separator' },
        { role: 'cut', label: 'Couper', ...keys('cut') },
        { role: 'copy', label: 'Copier', ...keys('copy') },
        { role: 'paste', label: 'Coller', ...keys('paste') },
        { role: 'selectAll', label: 'Tout sélectionner', ...keys('selectAll') },
      ],
    },
    {
      label: 'Affichage',
      submenu: [
        textSizeItem('Agrandir le texte', 'textBigger', 'bigger'),
        textSizeItem('Réduire le texte', 'textSmaller', 'smaller'),
        textSizeItem('Taille normale du texte', 'textReset', 'reset'),
        { type: 'separator' },
        { role: 'togglefullscreen', label: 'Plein écran', ...keys('fullScreen') },
        { type: 'separator' },
        { role: 'reload', label: 'Recharger' },
      ],
    },
    {
      label: 'Aller',
      submenu: [
        goTo('Accueil', menuRoutes.home, 'home'),
        goTo('Tableau de bord', menuRoutes.dashboard),
        goTo('Projets', menuRoutes.projects),
        goTo('Mes annotations', menuRoutes.annotations),
        { type: 'separator' },
        { label: 'Précédent', ...keys('back'), click: () => focusedContents()?.navigationHistory.goBack() },
        { label: 'Suivant', ...keys('forward'), click: () => focusedContents()?.navigationHistory.goForward() },
      ],
    },
    {
      label: 'Aide',
      submenu: [
        goTo('Raccourcis clavier', menuRoutes.shortcuts, 'help'),
        goTo('Accessibilité', menuRoutes.accessibility),
        goTo('À propos de Kits ESS', menuRoutes.about),
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
