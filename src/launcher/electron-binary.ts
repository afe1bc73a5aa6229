import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../core/app-paths';

const electronDir = path.join(projectRoot, 'node_modules', 'electron');

/** Path of the Electron executable when it is installed, without triggering any download. */
export function installedElectronBinary(): string | null {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

/**
 * The electron package downloads its binary on first use. Try that once, bounded in time:
 * where the network has no route to it, this fails quickly and the caller falls back.
 */
export function ensureElectronBinary(): string | null {
  const installed = installedElectronBinary();
  if (installed || !fs.existsSync(path.join(electronDir, 'install.js'))) return installed;
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    stdio: 'ignore',
    timeout: 120_000,
  });
  return result.status === 0 ? installedElectronBinary() : null;
}
