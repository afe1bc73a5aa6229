import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannel } from '../shared/ipc';

// The renderer gets exactly one function; method names and inputs are validated in main.
contextBridge.exposeInMainWorld('kb', {
  invoke: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(ipcChannel, method, input),
});
