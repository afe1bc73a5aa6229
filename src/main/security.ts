import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * Electron-only policy, kept free of any runtime `electron` import so that it is unit-tested
 * without the Electron binary. index.ts wires these into the real app.
 */

/** The options of the one window: renderer isolated, sandboxed, without Node. */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    title: 'Kits ESS',
    show: false,
    backgroundColor: '#f7f7f5',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
      navigateOnDragDrop: false,
    },
  };
}

const externalProtocols = new Set(['http:', 'https:', 'mailto:']);

/** Only web pages and e-mail addresses may leave the app, never file:, javascript: or custom schemes. */
export function isSafeExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (!externalProtocols.has(url.protocol)) return false;
  // A message to write: to an address, or with only its subject and body (« Envoyer par courriel »).
  if (url.protocol === 'mailto:') return url.pathname.length > 0 || url.search.length > 1;
  return url.hostname.length > 0 && url.username === '' && url.password === '';
}

/** The one way out of the app: hands a vetted link to the system, refuses the rest. */
export function openExternalSafely(raw: string, open: (url: string) => Promise<void>): boolean {
  if (!isSafeExternalUrl(raw)) return false;
  void open(new URL(raw).toString());
  return true;
}

/**
 * IPC is answered only for the app's own page: app://kits-ess/ once packaged or built, the dev
 * server's origin in development. (Node gives custom schemes a « null » origin: compare host.)
 */
export function isTrustedSender(frameUrl: string | undefined, appUrl: string): boolean {
  if (!frameUrl) return false;
  try {
    const frame = new URL(frameUrl);
    const app = new URL(appUrl);
    if (app.protocol === 'http:' || app.protocol === 'https:') return frame.origin === app.origin;
    return frame.protocol === app.protocol && frame.host === app.host && frame.host !== '';
  } catch {
    return false;
  }
}

/** Navigation inside the window never leaves the app's page (links open outside instead). */
export function isInAppNavigation(targetUrl: string, appUrl: string): boolean {
  return isTrustedSender(targetUrl, appUrl);
}

/** Camera, microphone, notifications, geolocation…: a reference app needs none, so every request is refused. */
export function refusePermissionRequest(_contents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

export function refusePermissionCheck(): boolean {
  return false;
}
