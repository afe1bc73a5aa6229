import { defineConfig } from '@playwright/test';

// The desktop app itself, through Playwright's _electron (run by e2e-electron/run.ts, which
// says plainly when the Electron binary is missing instead of running this).
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  outputDir: '../test-results/electron',
});
