import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, expect, type ElectronApplication, type Page } from '@playwright/test';
import { projectRoot } from '../src/core/app-paths';
import { installedElectronBinary } from '../src/launcher/electron-binary';

export interface DesktopApp {
  electron: ElectronApplication;
  window: Page;
}

export function newDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kits-ess-electron-'));
}

/** Starts the built app (out/main) on its own data folder, and waits for the kits. */
export async function launchApp(dataDir: string): Promise<DesktopApp> {
  const executablePath = installedElectronBinary();
  if (!executablePath) throw new Error('Electron binary missing (e2e-electron/run.ts should have said so).');
  const electron = await _electron.launch({
    executablePath,
    // Chromium's --user-data-dir is also Electron's userData: the data folder of this run.
    args: [path.join(projectRoot, 'out', 'main', 'index.js'), `--user-data-dir=${dataDir}`],
    cwd: projectRoot,
  });
  const window = await electron.firstWindow();
  await expect(window.locator('.sidebar-kit').first()).toBeVisible();
  return { electron, window };
}

/** Clicks an item of the application menu, as a person would through Fichier › … */
export async function clickMenu(electron: ElectronApplication, menu: string, item: string): Promise<void> {
  await electron.evaluate(
    ({ Menu, BrowserWindow }, [menuLabel, itemLabel]) => {
      const entry = Menu.getApplicationMenu()
        ?.items.find((candidate) => candidate.label === menuLabel)
        ?.submenu?.items.find((candidate) => candidate.label === itemLabel);
      if (!entry) throw new Error(`menu item not found: ${menuLabel} › ${itemLabel}`);
      entry.click(undefined, BrowserWindow.getAllWindows()[0], undefined as never);
    },
    [menu, item] as const,
  );
}

/** Native dialogs cannot be driven by Playwright: main's dialog functions answer these instead. */
export async function answerDialogs(electron: ElectronApplication, answers: { saveTo?: string; open?: string; confirm?: number }): Promise<void> {
  await electron.evaluate(({ dialog }, given) => {
    if (given.saveTo) dialog.showSaveDialog = (async () => ({ canceled: false, filePath: given.saveTo })) as typeof dialog.showSaveDialog;
    if (given.open) dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [given.open] })) as typeof dialog.showOpenDialog;
    dialog.showMessageBox = (async () => ({ response: given.confirm ?? 0, checkboxChecked: false })) as typeof dialog.showMessageBox;
  }, answers);
}
