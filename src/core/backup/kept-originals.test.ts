import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../knowledge-base';
import { originalPath, sha256Of } from '../documents/original-files';
import { tempDir } from '../test-support/temp-dir';
import { backupsDir } from './backup-files';
import { automaticBackup, backupNow, backupPath } from './backup-service';
import { captureError, kbWithPack } from './test-helpers';

const day = (iso: string): Date => new Date(`${iso}T09:30:00`);

const deliberation = 'Délibération du conseil : la mutualisation des achats entre communes est adoptée.';

/** Imports a text file through the library, as the command line does, and returns its id (its SHA-256). */
async function importText(kb: KnowledgeBase, name: string, text: string): Promise<string> {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, text);
  const job = await kb.imports.wait(kb.imports.start({ path: file }).jobId);
  if (job.state !== 'done' || !job.result) throw new Error(`import failed: ${job.error}`);
  return job.result.document.id;
}

function readBack(kb: KnowledgeBase, id: string): string {
  return Buffer.from(kb.handlers().getDocumentFile({ id }).base64, 'base64').toString('utf8');
}

describe('the originals of the library across backups, restores and removals', () => {
  it('keeps the original of a removed document while a backup lists it: the restored document reads as before', async () => {
    const kb = kbWithPack();
    const id = await importText(kb, 'deliberation.txt', deliberation);
    const backup = backupNow(kb.db, kb.dataDir);
    kb.handlers().removeDocument({ id });
    expect(fs.existsSync(originalPath(kb.dataDir, id))).toBe(true);

    kb.restore(backupPath(kb.dataDir, backup.name));
    expect(kb.handlers().getDocument({ id })).toMatchObject({ id, originalMissing: false });
    expect(readBack(kb, id)).toBe(deliberation);
    kb.close();
  }, 60_000);

  it('imports a removed document again over its kept original, replacing it if it was found damaged', async () => {
    const kb = kbWithPack();
    const id = await importText(kb, 'deliberation.txt', deliberation);
    backupNow(kb.db, kb.dataDir);
    kb.handlers().removeDocument({ id });
    fs.writeFileSync(originalPath(kb.dataDir, id), 'octets abîmés');
    expect(await importText(kb, 'deliberation.txt', deliberation)).toBe(id);
    expect(readBack(kb, id)).toBe(deliberation);
    kb.close();
  }, 60_000);

  it('deletes an original once no kept backup lists it any more (pruned after seven days)', async () => {
    const kb = kbWithPack();
    const id = await importText(kb, 'appel.txt', 'Appel à projets pour les tiers-lieux.');
    expect(automaticBackup(kb.db, kb.dataDir, { now: day('2026-03-01') }).status).toBe('created');
    kb.handlers().removeDocument({ id });
    for (const date of ['02', '03', '04', '05', '06', '07']) automaticBackup(kb.db, kb.dataDir, { now: day(`2026-03-${date}`) });
    // The backup of 1 March is one of the seven kept: it may be restored, so its original stays.
    expect(fs.existsSync(originalPath(kb.dataDir, id))).toBe(true);

    const eighth = automaticBackup(kb.db, kb.dataDir, { now: day('2026-03-08') });
    expect(eighth).toMatchObject({ status: 'created', deleted: ['kits-ess-2026-03-01.sqlite'] });
    expect(fs.existsSync(originalPath(kb.dataDir, id))).toBe(false);
    kb.close();
  }, 60_000);

  it('keeps every original when a kept backup cannot be read (it may list them)', async () => {
    const kb = kbWithPack();
    const id = await importText(kb, 'etude.txt', 'Étude de la CRESS sur les circuits courts.');
    fs.mkdirSync(backupsDir(kb.dataDir), { recursive: true });
    fs.writeFileSync(path.join(backupsDir(kb.dataDir), 'kits-ess-2026-02-01-101010.sqlite'), 'pas une base SQLite');
    const logged: string[] = [];
    kb.documents.remove(id);
    expect(fs.existsSync(originalPath(kb.dataDir, id))).toBe(true);
    expect(automaticBackup(kb.db, kb.dataDir, { now: day('2026-03-01'), log: (message) => logged.push(message) }).status).toBe('created');
    expect(fs.existsSync(originalPath(kb.dataDir, id))).toBe(true);
    expect(logged.join('\n')).toMatch(/Fichiers d’origine de la bibliothèque gardés : la sauvegarde .*kits-ess-2026-02-01-101010\.sqlite n’a pas pu être lue/);
    kb.close();
  }, 60_000);

  it('marks a document whose original is absent after a restore elsewhere; its text stays searchable; the same file brings it back', async () => {
    const source = kbWithPack();
    const id = await importText(source, 'deliberation.txt', deliberation);
    const backupFile = path.join(source.dataDir, 'sauvegardes', backupNow(source.db, source.dataDir).name);
    source.close();

    // Another computer: the backup carries the base, not the documents/ folder.
    const { kb } = KnowledgeBase.restoreAndOpen({ dataDir: tempDir(), appVersion: 'test', dailyBackup: false }, backupFile);
    expect(kb.handlers().listDocuments({})).toEqual([expect.objectContaining({ id, originalMissing: true })]);
    expect(captureError(() => kb.handlers().getDocumentFile({ id })).message).toBe(
      'Le fichier d’origine de « deliberation » est absent du dossier de données : importez de nouveau ce document pour le retrouver ' +
        '(son texte reste dans la recherche).',
    );
    expect(kb.search.search({ query: 'mutualisation ', filters: { type: ['document'] } }).hits).toEqual([
      expect.objectContaining({ type: 'document', id, page: 1 }),
    ]);

    const again = path.join(tempDir(), 'copie-retrouvee.txt');
    fs.writeFileSync(again, deliberation);
    const job = await kb.imports.wait(kb.imports.start({ path: again }).jobId);
    expect(job.result).toMatchObject({
      alreadyInLibrary: true,
      message: '« deliberation » retrouve son fichier d’origine : il se lit de nouveau.',
      document: { id, originalMissing: false },
    });
    expect(readBack(kb, id)).toBe(deliberation);
    expect(kb.handlers().listDocuments({})).toHaveLength(1);
    kb.close();
  }, 60_000);

  it('refuses an original whose bytes no longer match its SHA-256, and the same file repairs it', async () => {
    const kb = kbWithPack();
    const id = await importText(kb, 'spaser.txt', 'Le SPASER est adopté à l’unanimité.');
    const stored = originalPath(kb.dataDir, id);
    fs.writeFileSync(stored, 'Le SPASER est rejeté à l’unanimité.');
    expect(sha256Of(fs.readFileSync(stored))).not.toBe(id);

    const refused = captureError(() => kb.handlers().getDocumentFile({ id }));
    expect(refused).toMatchObject({ code: 'invalid_content' });
    expect(refused.message).toBe(
      'Le fichier d’origine de « spaser » a été modifié ou endommagé sur le disque : son contenu n’est plus celui qui a été importé, ' +
        'il n’est donc pas affiché. Importez de nouveau le document d’origine pour le réparer.',
    );

    await importText(kb, 'spaser-original.txt', 'Le SPASER est adopté à l’unanimité.');
    expect(readBack(kb, id)).toBe('Le SPASER est adopté à l’unanimité.');
    kb.close();
  }, 60_000);
});
