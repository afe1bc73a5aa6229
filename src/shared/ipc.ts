/** The one IPC channel of the desktop app (preload -> main). Kept apart so preload stays tiny. */
export const ipcChannel = 'kb:invoke';

/**
 * The View menu changes the text size through the renderer, which owns it (the same code answers
 * Ctrl+= in a browser): main dispatches this DOM event with one of these actions as its detail.
 */
export const textSizeEvent = 'kits-ess:text-size';
export const textSizeActions = ['bigger', 'smaller', 'reset'] as const;
export type TextSizeAction = (typeof textSizeActions)[number];
