import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../core/app-paths';
import { parseWebHostArgs, runWebHost } from '../server/run-web-host';
import { ensureElectronBinary } from './electron-binary';
import { buildElectronNativeBinding, electronNativeBinding } from './electron-native';

/**
 * `npm start`: builds the app, then opens the desktop window where Electron can run, and
 * otherwise starts the web host and says so plainly.
 */
async function start(): Promise<void> {
  console.log('Construction de l’interface…');
  const electronVite = path.join(projectRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  execFileSync(process.execPath, [electronVite, 'build'], { cwd: projectRoot, stdio: 'inherit' });

  const electron = ensureElectronBinary();
  if (electron) {
    try {
      if (!fs.existsSync(electronNativeBinding)) buildElectronNativeBinding();
      const child = spawn(electron, ['.'], { cwd: projectRoot, stdio: 'inherit' });
      child.on('exit', (code) => process.exit(code ?? 0));
      return;
    } catch {
      console.warn('Le module SQLite n’a pas pu être compilé pour Electron (en-têtes Electron inaccessibles).');
    }
  }
  console.log('');
  console.log('L’application de bureau (Electron) ne peut pas démarrer sur cette machine :');
  console.log(electron ? 'son module SQLite n’a pas pu être préparé.' : 'son programme n’est pas installé et ne peut pas être téléchargé.');
  console.log('Kits ESS démarre donc en mode navigateur, avec les mêmes données et les mêmes fonctions.');
  console.log('');
  await runWebHost(parseWebHostArgs(process.argv.slice(2)));
}

start().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
