import type { MessageBoxSyncOptions } from 'electron';

/**
 * The window is closing (or reloading, or the app quitting) while the note editor holds unsaved
 * text: the page refused to unload (its beforeunload), and Electron leaves the question to main.
 * Kept free of any runtime `electron` import so that it is unit-tested without the binary.
 */

const buttons = ['Enregistrer', 'Ne pas enregistrer', 'Annuler'] as const;

export const unsavedNoteQuestion: MessageBoxSyncOptions = {
  type: 'question',
  buttons: [...buttons],
  defaultId: 0,
  // Escape or the title bar's cross: nothing is lost, the window stays.
  cancelId: 2,
  noLink: true,
  title: 'Note non enregistrée',
  message: 'Votre note n’est pas enregistrée.',
  detail: 'Enregistrez-la pour la garder, ou continuez sans l’enregistrer : elle sera perdue.',
};

export const noteNotSavedMessage = {
  type: 'warning',
  title: 'Note non enregistrée',
  message: 'La note n’a pas pu être enregistrée.',
  detail: 'Kits ESS reste ouvert avec la note : la raison est affichée dans la fenêtre.',
} as const;

export interface UnsavedNoteActions {
  /** Shows `unsavedNoteQuestion` and returns the index of the button chosen. */
  ask: () => number;
  /** Lets the page unload despite its beforeunload (Electron: `event.preventDefault()`); must run synchronously. */
  allowUnload: () => void;
  /** Runs `saveBeforeClosingScript` (src/shared/ipc.ts) in the page. */
  saveNote: () => Promise<unknown>;
  /** Starts again what was asked (close, quit or reload), the note being stored. */
  leaveAgain: () => void;
  /** The note could not be stored: says so, the window and the note stay. */
  reportNotSaved: () => void;
}

/** Answers Electron's « will-prevent-unload ». The question and « Ne pas enregistrer » happen before the first await, as Electron requires. */
export async function answerUnsavedNote(actions: UnsavedNoteActions): Promise<void> {
  const choice = buttons[actions.ask()] ?? 'Annuler';
  if (choice === 'Ne pas enregistrer') actions.allowUnload();
  if (choice !== 'Enregistrer') return;
  const saved = await actions.saveNote().catch(() => false);
  if (saved === true) actions.leaveAgain();
  else actions.reportNotSaved();
}
