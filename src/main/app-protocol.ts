import path from 'node:path';
import { contentSecurityPolicy, mimeTypes } from '../shared/web-security';

/**
 * The interface is served from app://kits-ess/, a privileged scheme of the app's own, rather
 * than file://: the page gets a real origin (IPC senders and navigation are checked against
 * it), it cannot read other files of the disk, and its CSP comes from the handler's headers.
 * Kept free of any runtime `electron` import so that it is unit-tested without Electron.
 */
export const appScheme = 'app';
export const appHost = 'kits-ess';
export const appEntryUrl = `${appScheme}://${appHost}/index.html`;

/** For protocol.registerSchemesAsPrivileged, before the app is ready. */
export const appSchemePrivileges = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: false },
};

/** The file of `rendererRoot` a request asks for, or null when it is not one of the app's own files. */
export function appFileFor(requestUrl: string, rendererRoot: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${appScheme}:` || url.host !== appHost || url.username || url.password || url.port) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (relative === '/' || relative === '') relative = '/index.html';
  // Encoded separators and NUL could smuggle a path past the URL parser's own clean-up.
  if (relative.includes('\\') || relative.includes('\0') || relative.split('/').some((part) => part === '..')) return null;
  const root = path.resolve(rendererRoot);
  const file = path.resolve(root, `.${relative}`);
  return file.startsWith(root + path.sep) ? file : null;
}

/** The headers of an answer of the handler: the page's CSP and the same hardening as the web host. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': mimeTypes[path.extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}
