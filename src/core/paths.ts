import os from 'node:os';
import path from 'node:path';

export const appDirName = 'Kits ESS';
export const databaseFileName = 'kits-ess.sqlite';

/**
 * The platform's per-user data folder, the same one Electron's `app.getPath('userData')`
 * gives, so the desktop app, the web host and the command line share one database.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), appDirName);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', appDirName);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), appDirName);
}
