import { BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import { textSizeEvent, type TextSizeAction } from '../shared/ipc';

/**
 * A View menu item that changes the text size in the renderer. The renderer handles the keys
 * itself (as in a browser), so the menu shows them without registering them (Linux, Windows).
 */
function textSizeItem(label: string, accelerator: string, action: TextSizeAction): MenuItemConstructorOptions {
  return {
    label,
    accelerator,
    registerAccelerator: false,
    click: () => {
      const script = `window.dispatchEvent(new CustomEvent(${JSON.stringify(textSizeEvent)}, { detail: ${JSON.stringify(action)} }))`;
      void BrowserWindow.getFocusedWindow()?.webContents.executeJavaScript(script);
    },
  };
}

/** A short French menu: the roles give the platform's own shortcuts. */
export function buildMenu(fileItems: MenuItemConstructorOptions[] = []): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'Fichier',
      submenu: [
        // The page shown, through the print stylesheet (a fiche: with the notes if « Imprimer » last asked for them).
        { label: 'Imprimer…', accelerator: 'CmdOrCtrl+P', click: () => BrowserWindow.getFocusedWindow()?.webContents.print() },
        { type: 'separator' },
        ...fileItems,
        ...(fileItems.length > 0 ? [{ type: 'separator' as const }] : []),
        { role: 'quit', label: 'Quitter' },
      ],
    },
    {
      label: 'Édition',
      submenu: [
        { role: 'undo', label: 'Annuler' },
        { role: 'redo', label: 'Rétablir' },
        { type: 'separator' },
        { role: 'cut', label: 'Couper' },
        { role: 'copy', label: 'Copier' },
        { role: 'paste', label: 'Coller' },
        { role: 'selectAll', label: 'Tout sélectionner' },
      ],
    },
    {
      label: 'Affichage',
      submenu: [
        { role: 'reload', label: 'Recharger' },
        { type: 'separator' },
        textSizeItem('Agrandir le texte', 'CmdOrCtrl+=', 'bigger'),
        textSizeItem('Réduire le texte', 'CmdOrCtrl+-', 'smaller'),
        textSizeItem('Taille normale du texte', 'CmdOrCtrl+0', 'reset'),
        { type: 'separator' },
        { role: 'togglefullscreen', label: 'Plein écran' },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
