import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundledContentDir } from '../src/core/app-paths';
import { writePackZip } from '../src/core/content/zip-pack';
import { expect, screenshotPath, test } from './app-fixture';
import { auditRoute } from './axe';

/** A copy of the bundled kits with every kit.yml edition set back to 2001: an old update file. */
async function olderPackZip(dir: string): Promise<string> {
  const copy = path.join(dir, 'ancien');
  fs.cpSync(bundledContentDir, copy, { recursive: true });
  for (const kit of fs.readdirSync(copy)) {
    const kitFile = path.join(copy, kit, 'kit.yml');
    if (fs.existsSync(kitFile)) fs.writeFileSync(kitFile, fs.readFileSync(kitFile, 'utf8').replace(/^edition: .*$/m, 'edition: "2001-01-01"'));
  }
  const zip = path.join(dir, 'kits-ancienne-edition.zip');
  await writePackZip(copy, zip);
  return zip;
}

test.setTimeout(90_000);

test('« Mettre à jour les kits » takes a .zip pack, reports it, and refuses an older edition', async ({ page, openApp }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kits-ess-e2e-zip-'));
  try {
    const current = path.join(dir, 'kits-edition-actuelle.zip');
    await writePackZip(bundledContentDir, current);
    await openApp('#/');
    await auditRoute(page, '#/donnees', 'sauvegardes et mise à jour des kits');
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Mettre à jour les kits' }) });
    const chooser = section.getByLabel('Importer une mise à jour des kits (.zip)…');

    await chooser.setInputFiles(current);
    await expect(section.locator('.merge-report')).toContainText(/Import terminé : 0 kit ajouté, 0 mis à jour ; 0 fiche ajoutée, .* \d+ inchangées\./, { timeout: 20_000 });

    await chooser.setInputFiles(await olderPackZip(dir));
    await expect(section.getByRole('alert')).toContainText(
      'Le paquet kits-ancienne-edition.zip contient l’édition du 1er janvier 2001, plus ancienne que celle installée',
      { timeout: 20_000 },
    );
    await page.screenshot({ path: screenshotPath('mise-a-jour-des-kits-refusee') });
    await expect(page.locator('.sidebar-kit').first()).toBeVisible();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
