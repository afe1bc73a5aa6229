/** The one IPC channel of the desktop app (preload -> main). Kept apart so preload stays tiny. */
export const ipcChannel = 'kb:invoke';
