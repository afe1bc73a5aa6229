import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type Page } from '@playwright/test';
import { expect, startWebHost } from './app-fixture';

async function openBackups(page: Page, dataDir: string): Promise<() => void> {
  const { app, child } = await startWebHost(dataDir);
  await page.goto(app.url);
  await page.evaluate(() => (window.location.hash = '#/donnees'));
  await expect(page.getByRole('button', { name: 'Sauvegarder maintenant' })).toBeVisible();
  return () => child.kill('SIGTERM');
}

test('the first launch says when the first automatic backup happens, and the next launch makes it', async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kits-ess-first-day-'));
  const automatic = page.locator('.backup-list li').filter({ hasText: 'automatique' });
  try {
    // The very first launch creates the database: no copy of it yet, and the page says when.
    const stopFirst = await openBackups(page, dataDir);
    await expect(page.getByText('Pas encore de sauvegarde automatique : la première sera faite au prochain démarrage de Kits ESS')).toBeVisible();
    await expect(automatic).toHaveCount(0);
    stopFirst();

    // What the page announced happens at the next start, the same day.
    const stopSecond = await openBackups(page, dataDir);
    await expect(automatic).toHaveCount(1);
    await expect(page.getByText('Pas encore de sauvegarde automatique')).toHaveCount(0);
    stopSecond();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
