import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../src/core/app-paths';
import { installedElectronBinary } from '../src/launcher/electron-binary';

// `npm run test:electron`: the Electron suite where the Electron binary exists; one clear line
// where it does not (as on machines without access to Electron's download). The release
// workflow sets KITS_ESS_REQUIRE_ELECTRON so that a missing binary fails there instead.
if (!installedElectronBinary()) {
  const line = 'Tests Electron ignorés : le binaire Electron n’est pas installé sur cette machine (node_modules/electron/dist absent).';
  if (process.env.KITS_ESS_REQUIRE_ELECTRON === '1') {
    console.error(line.replace('ignorés', 'impossibles'));
    process.exit(1);
  }
  console.log(line);
  process.exit(0);
}
const result = spawnSync('npx', ['playwright', 'test', '--config', path.join('e2e-electron', 'playwright.config.ts'), ...process.argv.slice(2)], {
  cwd: projectRoot,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
process.exit(result.status ?? 1);
