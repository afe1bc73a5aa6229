/**
 * Every keyboard shortcut of the app, in one table: the desktop menus take their accelerators
 * from it and the « Raccourcis clavier » page lists it, so the two never disagree.
 */
export interface Shortcut {
  /** As the page shows it, in French. */
  keys: string;
  description: string;
  /**
   * The Electron accelerator of the menu item that carries it. `inPage`: the page answers the key
   * itself (also in a browser), so the menu shows it without registering it.
   */
  accelerator?: string;
  inPage?: boolean;
}

export const shortcutSections = [
  {
    title: 'Partout',
    shortcuts: {
      search: { keys: 'Ctrl + K', description: 'Aller à la recherche', inPage: true },
      help: { keys: 'F1', description: 'Cette liste des raccourcis clavier', accelerator: 'F1', inPage: true },
      print: { keys: 'Ctrl + P', description: 'Imprimer la page (fiche, dossier de projet)', accelerator: 'CmdOrCtrl+P' },
      back: { keys: 'Alt + ←', description: 'Page précédente', accelerator: 'Alt+Left' },
      forward: { keys: 'Alt + →', description: 'Page suivante', accelerator: 'Alt+Right' },
      home: { keys: 'Alt + Origine', description: 'Accueil (application de bureau)', accelerator: 'Alt+Home' },
      skipLink: { keys: 'Tab (en haut de page)', description: '« Aller au contenu », sans passer par la liste des fiches' },
    },
  },
  {
    title: 'Affichage',
    shortcuts: {
      textBigger: { keys: 'Ctrl + =', description: 'Agrandir le texte', accelerator: 'CmdOrCtrl+=', inPage: true },
      textSmaller: { keys: 'Ctrl + −', description: 'Réduire le texte', accelerator: 'CmdOrCtrl+-', inPage: true },
      textReset: { keys: 'Ctrl + 0', description: 'Taille normale du texte', accelerator: 'CmdOrCtrl+0', inPage: true },
      fullScreen: { keys: 'F11', description: 'Plein écran (application de bureau)', accelerator: 'F11' },
    },
  },
  {
    title: 'Recherche',
    shortcuts: {
      resultMove: { keys: '↑ ↓', description: 'Passer d’un résultat à l’autre' },
      resultOpen: { keys: 'Entrée', description: 'Ouvrir le résultat choisi' },
    },
  },
  {
    title: 'Dans une fiche',
    shortcuts: {
      keyboardSelect: { keys: 'Tab', description: 'Faire apparaître « Sélectionner du texte au clavier »' },
      extendSelection: { keys: 'Maj + flèches', description: 'Étendre la sélection' },
      annotate: { keys: 'Alt + A', description: 'Ouvrir la barre d’annotation sur la sélection' },
      close: { keys: 'Échap', description: 'Terminer la sélection, fermer une barre ou une fenêtre' },
    },
  },
  {
    title: 'Édition (application de bureau)',
    shortcuts: {
      undo: { keys: 'Ctrl + Z', description: 'Annuler la frappe', accelerator: 'CmdOrCtrl+Z' },
      redo: { keys: 'Ctrl + Maj + Z', description: 'Rétablir', accelerator: 'CmdOrCtrl+Shift+Z' },
      cut: { keys: 'Ctrl + X', description: 'Couper', accelerator: 'CmdOrCtrl+X' },
      copy: { keys: 'Ctrl + C', description: 'Copier', accelerator: 'CmdOrCtrl+C' },
      paste: { keys: 'Ctrl + V', description: 'Coller', accelerator: 'CmdOrCtrl+V' },
      selectAll: { keys: 'Ctrl + A', description: 'Tout sélectionner', accelerator: 'CmdOrCtrl+A' },
      quit: { keys: 'Ctrl + Q', description: 'Quitter', accelerator: 'CmdOrCtrl+Q' },
    },
  },
] as const satisfies readonly { title: string; shortcuts: Record<string, Shortcut> }[];

type ShortcutsOf<S> = S extends { shortcuts: infer R } ? keyof R & string : never;
export type ShortcutName = ShortcutsOf<(typeof shortcutSections)[number]>;

export const shortcuts = Object.assign({}, ...shortcutSections.map((section) => section.shortcuts)) as Record<ShortcutName, Shortcut>;

/** The routes the desktop menus open in the page (the renderer's router owns their names). */
export const menuRoutes = {
  home: '#/',
  dashboard: '#/tableau-de-bord',
  projects: '#/projets',
  annotations: '#/annotations',
  exchange: '#/echanges',
  backups: '#/donnees',
  shortcuts: '#/raccourcis',
  about: '#/a-propos',
  accessibility: '#/accessibilite',
  /** The library's import (agreed with the library page): opens its file chooser. */
  importDocuments: '#/bibliotheque?importer',
} as const;
