import fs from 'node:fs';
import path from 'node:path';
import { appEntryUrl, appFileFor, appResponseHeaders } from './app-protocol';
import { contentSecurityPolicy } from '../shared/web-security';
import { describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../core/app-paths';
import {
  isInAppNavigation,
  isSafeExternalUrl,
  isTrustedSender,
  openExternalSafely,
  refusePermissionCheck,
  refusePermissionRequest,
  windowOptions,
} from './security';

describe('desktop window', () => {
  it('isolates the renderer: context isolation, sandbox, no Node', () => {
    const prefs = windowOptions('/app/preload.cjs').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('fits a 1280x800 screen', () => {
    const options = windowOptions('/p');
    expect(options.width).toBeLessThanOrEqual(1280);
    expect(options.height).toBeLessThanOrEqual(800);
  });

  it('ships a page whose CSP allows no inline script and no eval', () => {
    const html = fs.readFileSync(path.join(projectRoot, 'src', 'renderer', 'index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
  });
});

describe('external links', () => {
  it.each(['https://rtes.fr/kits', 'http://www.citego.org/bdf_fiche-document-2584_fr.html', 'mailto:contact@rtes.fr', 'mailto:?subject=Notes&body=Texte'])(
    'lets %s open in the system',
    (url) => expect(isSafeExternalUrl(url)).toBe(true),
  );

  it.each([
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'smb://serveur/partage',
    'ms-msdt:/id',
    'https://user:secret@rtes.fr',
    'pas une adresse',
    '',
    'mailto:',
  ])('refuses %s', (url) => expect(isSafeExternalUrl(url)).toBe(false));

  it('hands only vetted links to the system', () => {
    const open = vi.fn(async () => {});
    expect(openExternalSafely('https://rtes.fr', open)).toBe(true);
    expect(openExternalSafely('file:///c:/windows/system32/calc.exe', open)).toBe(false);
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith('https://rtes.fr/');
  });
});

describe('IPC sender and navigation', () => {
  const fileApp = appEntryUrl;

  it('trusts only the app page', () => {
    expect(isTrustedSender(`${fileApp}#/fiche/municipaless/7`, fileApp)).toBe(true);
    expect(isTrustedSender('app://kits-ess/assets/index.js', fileApp)).toBe(true);
    expect(isTrustedSender('app://evil/index.html', fileApp)).toBe(false);
    expect(isTrustedSender('file:///opt/kits-ess/resources/app.asar/out/renderer/index.html', fileApp)).toBe(false);
    expect(isTrustedSender('file:///tmp/evil.html', fileApp)).toBe(false);
    expect(isTrustedSender('http://kits-ess/index.html', fileApp)).toBe(false);
    expect(isTrustedSender('https://rtes.fr/', fileApp)).toBe(false);
    expect(isTrustedSender(undefined, fileApp)).toBe(false);
    expect(isTrustedSender('http://localhost:5173/#/', 'http://localhost:5173/')).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });

  it('keeps navigation inside the app', () => {
    expect(isInAppNavigation(`${fileApp}#/kit/regionaless`, fileApp)).toBe(true);
    expect(isInAppNavigation('https://rtes.fr/', fileApp)).toBe(false);
  });
});

describe('app:// protocol', () => {
  const root = path.resolve('/opt/kits-ess/out/renderer');

  it('maps the app origin to the files of the built interface', () => {
    expect(appFileFor('app://kits-ess/', root)).toBe(path.join(root, 'index.html'));
    expect(appFileFor('app://kits-ess/index.html#/fiche/municipaless/7', root)).toBe(path.join(root, 'index.html'));
    expect(appFileFor('app://kits-ess/assets/index-abc.js?v=1', root)).toBe(path.join(root, 'assets', 'index-abc.js'));
  });

  it('keeps dot segments, which the URL parser resolves, inside the interface folder', () => {
    expect(appFileFor('app://kits-ess/../../etc/passwd', root)).toBe(path.join(root, 'etc', 'passwd'));
    expect(appFileFor('app://kits-ess/%2e%2e/%2e%2e/etc/passwd', root)).toBe(path.join(root, 'etc', 'passwd'));
  });

  it.each([
    'app://kits-ess/assets/..%2f..%2f..%2fetc%2fpasswd',
    'app://kits-ess/..%5c..%5cwindows%5cwin.ini',
    'app://kits-ess/index.html%00.png',
    'app://kits-ess/%E0%A4%A',
    'app://other-host/index.html',
    'app://user@kits-ess/index.html',
    'file:///etc/passwd',
    'https://kits-ess/index.html',
  ])('refuses %s', (url) => {
    expect(appFileFor(url, root)).toBeNull();
  });

  it('sends the CSP with every answer', () => {
    expect(appResponseHeaders(path.join(root, 'index.html'))).toMatchObject({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': contentSecurityPolicy,
    });
    expect(contentSecurityPolicy).toMatch(/script-src 'self'(;|$)/);
  });
});

describe('permissions', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])('refuses the %s permission', (permission) => {
    const callback = vi.fn();
    refusePermissionRequest({}, permission, callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(refusePermissionCheck()).toBe(false);
  });
});
