import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../core/app-paths';

/**
 * better-sqlite3 compiled for Electron's ABI, kept in out/native/electron so that it never
 * replaces the Node build used by the tests, the web host and the command line.
 */
export const electronNativeBinding = path.join(projectRoot, 'out', 'native', 'electron', 'better_sqlite3.node');

function electronVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Builds the addon for Electron in a scratch copy of better-sqlite3 (needs Electron's headers). */
export function buildElectronNativeBinding(): void {
  const version = electronVersion();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kits-ess-native-'));
  try {
    fs.cpSync(path.join(projectRoot, 'node_modules', 'better-sqlite3'), scratch, {
      recursive: true,
      filter: (source) => !source.includes(`${path.sep}build${path.sep}`),
    });
    execFileSync(
      'npx',
      ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${version}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
      { cwd: scratch, stdio: 'inherit' },
    );
    fs.mkdirSync(path.dirname(electronNativeBinding), { recursive: true });
    fs.copyFileSync(path.join(scratch, 'build', 'Release', 'better_sqlite3.node'), electronNativeBinding);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
