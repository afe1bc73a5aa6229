/** The one IPC channel of the desktop app (preload -> main). Kept apart so preload stays tiny. */
export const ipcChannel = 'kb:invoke';

/**
 * The View menu changes the text size through the renderer, which owns it (the same code answers
 * Ctrl+= in a browser): main dispatches this DOM event with one of these actions as its detail.
 */
export const textSizeEvent = 'kits-ess:text-size';
export const textSizeActions = ['bigger', 'smaller', 'reset'] as const;
export type TextSizeAction = (typeof textSizeActions)[number];

/**
 * The desktop app closing (or reloading) while a note is unsaved: main asks « Enregistrer / Ne pas
 * enregistrer / Annuler » and, for « Enregistrer », dispatches this DOM event. The open editor puts
 * in the detail a promise that resolves to true once the note is stored (src/main/unsaved-note.ts).
 */
export const saveBeforeClosingEvent = 'kits-ess:save-before-closing';
export interface SaveBeforeClosingDetail {
  saved: Promise<boolean> | null;
}

/**
 * Run in the page by main: asks the open editor to save, and resolves to what it answers (false
 * when no editor answered). Only this script's result crosses back, and main trusts only `true`.
 */
export const saveBeforeClosingScript = `(() => {
  const detail = { saved: null };
  window.dispatchEvent(new CustomEvent(${JSON.stringify(saveBeforeClosingEvent)}, { detail }));
  return detail.saved ?? false;
})()`;
