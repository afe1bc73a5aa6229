import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { answerDialogs, clickMenu, launchApp, newDataDir, type DesktopApp } from './electron-app';

let dataDir: string;
let desktop: DesktopApp;

test.beforeEach(async () => {
  dataDir = newDataDir();
  desktop = await launchApp(dataDir);
});

test.afterEach(async () => {
  await desktop.electron.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** An annotation on the whole fiche, made through the app's own IPC as the page does. */
function annotate(desktop: DesktopApp, note: string): Promise<unknown> {
  return desktop.window.evaluate(
    (text) => (window as unknown as { kb: { invoke(m: string, i: unknown): Promise<unknown> } }).kb.invoke('createAnnotation', { kit: 'municipaless', number: 1, selector: null, note: text }),
    note,
  );
}

test('the window opens on the kits, served from app://kits-ess/', async () => {
  expect(desktop.window.url()).toMatch(/^app:\/\/kits-ess\//);
  await expect(desktop.window.locator('.sidebar-kit').first()).toContainText('MunicipalESS');
});

test('a fiche opens', async () => {
  const page = desktop.window;
  await page.locator('.sidebar-kit').first().click();
  await page.locator('a[href^="#/fiche/"]').first().click();
  await expect(page.locator('main h1')).toBeVisible();
  await expect(page).toHaveURL(/#\/fiche\/[a-z]+\/\d+/);
});

test('an annotation is still there after a restart', async () => {
  await annotate(desktop, 'Note gardée après redémarrage');
  await desktop.electron.close();
  desktop = await launchApp(dataDir);
  await desktop.window.evaluate(() => (window.location.hash = '#/annotations'));
  await expect(desktop.window.locator('main')).toContainText('Note gardée après redémarrage');
});

test('Fichier › Enregistrer en PDF writes a PDF', async () => {
  const pdf = path.join(dataDir, 'fiche.pdf');
  await desktop.window.evaluate(() => (window.location.hash = '#/fiche/municipaless/1'));
  await expect(desktop.window.locator('main h1')).toBeVisible();
  await answerDialogs(desktop.electron, { saveTo: pdf });
  await clickMenu(desktop.electron, 'Fichier', 'Enregistrer en PDF…');
  await expect.poll(() => fs.existsSync(pdf) && fs.readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
});

test('a backup and a restore go round through the Fichier menu', async () => {
  const backup = path.join(dataDir, 'sauvegarde.sqlite');
  await annotate(desktop, 'Avant la sauvegarde');
  await answerDialogs(desktop.electron, { saveTo: backup });
  await clickMenu(desktop.electron, 'Fichier', 'Sauvegarder la base…');
  await expect.poll(() => fs.existsSync(backup)).toBe(true);
  await annotate(desktop, 'Après la sauvegarde');
  await answerDialogs(desktop.electron, { open: backup, confirm: 0 });
  await clickMenu(desktop.electron, 'Fichier', 'Restaurer une sauvegarde…');
  await desktop.window.waitForLoadState();
  await desktop.window.evaluate(() => (window.location.hash = '#/annotations'));
  const main = desktop.window.locator('main');
  await expect(main).toContainText('Avant la sauvegarde');
  await expect(main).not.toContainText('Après la sauvegarde');
});

test('an external link goes to the system browser, not into the window', async () => {
  const { electron, window: page } = desktop;
  await electron.evaluate(({ shell }) => {
    const opened: string[] = [];
    (globalThis as unknown as { opened: string[] }).opened = opened;
    shell.openExternal = async (url: string) => void opened.push(url);
  });
  await page.evaluate(() => (window.location.hash = '#/fiche/municipaless/1'));
  await page.locator('a.external').first().click();
  await expect.poll(() => electron.evaluate(() => (globalThis as unknown as { opened: string[] }).opened)).toEqual([expect.stringMatching(/^https:\/\//)]);
  expect(page.url()).toMatch(/^app:\/\/kits-ess\//);
  expect(electron.windows()).toHaveLength(1);
});

test('the window refuses to navigate away from the app', async () => {
  const page = desktop.window;
  await page.evaluate(() => {
    window.location.href = 'https://example.org/';
  });
  // The page still answers, from the app's origin: will-navigate was refused.
  await expect(page.locator('.sidebar-kit').first()).toBeVisible();
  expect(await page.evaluate(() => window.location.origin + window.location.pathname)).toBe('app://kits-ess/index.html');
});
