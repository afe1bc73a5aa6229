import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createDispatch } from '../../shared/dispatch';
import { latestSchemaVersion } from '../db/migrations';
import { openDatabase } from '../db/open-database';
import { KnowledgeBase } from '../knowledge-base';
import { fileHash, tempDir } from '../test-support/temp-dir';
import { backupsDir, maxBackupSize } from './backup-files';
import { automaticBackup, backupNow, backupTo, checkBackup, listBackups } from './backup-service';
import { captureError, databaseOf, dumpDatabase, kbWithPack, namesIn, note, notes, restoreBackup } from './test-helpers';

const day = (iso: string): Date => new Date(`${iso}T09:30:00`);

/** A valid backup file of a knowledge base holding one annotation. */
function validBackup(): string {
  const kb = kbWithPack();
  note(kb, 'Dans la sauvegarde');
  const file = path.join(tempDir(), 'sauvegarde.sqlite');
  backupTo(kb.db, file);
  kb.close();
  return file;
}

describe('backupTo', () => {
  it('writes a consistent, self-contained copy of the live database, WAL included', () => {
    const kb = kbWithPack();
    note(kb, 'Première note');
    note(kb, 'Seconde note');
    expect(fs.existsSync(`${kb.databasePath}-wal`)).toBe(true);
    const dir = tempDir();
    const info = backupTo(kb.db, path.join(dir, 'copie.sqlite'));
    kb.close();
    expect(info).toMatchObject({ file: path.join(dir, 'copie.sqlite'), schemaVersion: latestSchemaVersion, annotations: 2 });
    expect(namesIn(dir)).toEqual(['copie.sqlite']);
    const copy = new Database(info.file, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.prepare('SELECT note_md FROM annotations ORDER BY note_md').pluck().all()).toEqual(['Première note', 'Seconde note']);
    copy.close();
  });

  it('never replaces an existing file unless asked, and never the live database', () => {
    const kb = kbWithPack();
    const dir = tempDir();
    const existing = path.join(dir, 'existant.sqlite');
    fs.writeFileSync(existing, 'à garder');
    expect(captureError(() => backupTo(kb.db, existing)).message).toMatch(/existe déjà : choisissez un autre nom/);
    expect(fs.readFileSync(existing, 'utf8')).toBe('à garder');
    expect(namesIn(dir)).toEqual(['existant.sqlite']);
    expect(backupTo(kb.db, existing, { overwrite: true }).annotations).toBe(0);
    expect(checkBackup(existing).schemaVersion).toBe(latestSchemaVersion);
    expect(captureError(() => backupTo(kb.db, kb.databasePath, { overwrite: true })).message).toMatch(/base en cours d’utilisation/);
    expect(captureError(() => backupTo(kb.db, path.join(dir, 'absent', 'x.sqlite'))).message).toMatch(/Le dossier .* n’existe pas/);
    kb.close();
  });

  it('leaves no file at all when the copy fails its check', () => {
    // A database that is not a Kits ESS one: the copy is written, refused by checkBackup, removed.
    const dir = tempDir();
    const other = new Database(path.join(dir, 'autre.sqlite'));
    other.exec('CREATE TABLE t (x)');
    const error = captureError(() => backupTo(other, path.join(dir, 'copie.sqlite')));
    other.close();
    expect(error.message).toMatch(/pas une base Kits ESS/);
    expect(namesIn(dir)).toEqual(['autre.sqlite']);
  });
});

describe('checkBackup', () => {
  it('accepts a backup and says what it holds', () => {
    expect(checkBackup(validBackup())).toMatchObject({ schemaVersion: latestSchemaVersion, annotations: 1 });
  });

  it('refuses each kind of bad file with its own French message, without modifying it', () => {
    const dir = tempDir();
    const good = fs.readFileSync(validBackup());
    const files: Record<string, string> = {};
    const write = (name: string, bytes: Buffer | string): void => {
      files[name] = path.join(dir, name);
      fs.writeFileSync(files[name], bytes);
    };
    write('texte.sqlite', 'Ceci est une liste de courses, pas une base de données. '.repeat(10));
    write('vide.sqlite', '');
    write('tronque.sqlite', good.subarray(0, Math.floor(good.length / 2)));
    const damaged = Buffer.from(good);
    damaged.fill(0x5a, 4096 * 3, 4096 * 6); // three b-tree pages overwritten
    write('abime.sqlite', damaged);
    const other = new Database(path.join(dir, 'autre.sqlite'));
    other.exec("CREATE TABLE recettes (nom TEXT); INSERT INTO recettes VALUES ('tarte')");
    other.close();
    files['autre.sqlite'] = path.join(dir, 'autre.sqlite');
    write('futur.sqlite', good);
    const future = new Database(files['futur.sqlite']!);
    future.pragma(`user_version = ${latestSchemaVersion + 1}`);
    future.close();
    files['enorme.sqlite'] = path.join(dir, 'enorme.sqlite');
    fs.writeFileSync(files['enorme.sqlite'], good.subarray(0, 4096));
    fs.truncateSync(files['enorme.sqlite'], maxBackupSize + 1); // sparse: no real 2 GB written

    const expected: Record<string, [string, RegExp]> = {
      'texte.sqlite': ['database_unreadable', /n’est pas une base SQLite/],
      'vide.sqlite': ['database_unreadable', /est vide/],
      'tronque.sqlite': ['database_unreadable', /est tronqué : il fait \d+ octets au lieu de \d+/],
      'abime.sqlite': ['database_unreadable', /est endommagé/],
      'autre.sqlite': ['invalid_input', /une base SQLite, mais pas une base Kits ESS \(tables absentes : kits, fiches, settings\)/],
      'futur.sqlite': ['database_too_new', /version plus récente de Kits ESS \(schéma \d+, cette version connaît le schéma \d+\)/],
      'enorme.sqlite': ['invalid_input', /fait 2 Go : une sauvegarde de Kits ESS ne dépasse pas 2 Go/],
    };
    const messages = new Set<string>();
    for (const [name, [code, pattern]] of Object.entries(expected)) {
      const file = files[name]!;
      const before = fs.statSync(file).size > 100_000_000 ? null : fileHash(file);
      const error = captureError(() => checkBackup(file));
      expect({ name, code: error.code }).toEqual({ name, code });
      expect(error.message).toMatch(pattern);
      expect(error.message).toContain(file);
      messages.add(error.message.replace(file, 'F').replace(/\d+/g, 'N'));
      if (before) expect(fileHash(file)).toBe(before);
    }
    expect(messages.size).toBe(Object.keys(expected).length);
    expect(captureError(() => checkBackup(path.join(dir, 'absent.sqlite'))).message).toMatch(/n’existe pas/);
    expect(captureError(() => checkBackup(dir)).message).toMatch(/n’est pas un fichier de sauvegarde/);
  });
});

describe('automatic backups', () => {
  it('makes one backup a day, named with the date, and keeps the last seven', () => {
    const kb = kbWithPack();
    const dir = backupsDir(kb.dataDir);
    const manual = backupNow(kb.db, kb.dataDir, day('2026-04-01'));
    for (let d = 1; d <= 9; d++) {
      const date = `2026-05-${String(d).padStart(2, '0')}`;
      expect(automaticBackup(kb.db, kb.dataDir, { now: day(date) })).toMatchObject({ status: 'created', entry: { name: `kits-ess-${date}.sqlite` } });
      expect(automaticBackup(kb.db, kb.dataDir, { now: new Date(`${date}T18:00:00`) })).toEqual({ status: 'exists', name: `kits-ess-${date}.sqlite` });
    }
    expect(namesIn(dir)).toEqual([
      manual.name,
      ...[3, 4, 5, 6, 7, 8, 9].map((d) => `kits-ess-2026-05-0${d}.sqlite`),
    ]);
    expect(manual.name).toBe('kits-ess-2026-04-01-093000.sqlite');
    kb.close();
  });

  it('is taken when an existing database opens, not for a database created just now', () => {
    const dataDir = tempDir();
    KnowledgeBase.open({ dataDir, appVersion: 'test' }).close();
    expect(namesIn(backupsDir(dataDir))).toEqual([]);
    KnowledgeBase.open({ dataDir, appVersion: 'test', dailyBackup: false }).close();
    expect(namesIn(backupsDir(dataDir))).toEqual([]);
    const kb = KnowledgeBase.open({ dataDir, appVersion: 'test' });
    const [today] = listBackups(dataDir);
    expect(today?.name).toMatch(/^kits-ess-\d{4}-\d{2}-\d{2}\.sqlite$/);
    expect(today?.automatic).toBe(true);
    kb.close();
  });

  it('is skipped with a logged message, without failing, when it cannot be written', () => {
    const kb = kbWithPack();
    note(kb, 'Toujours là');
    kb.close();
    fs.writeFileSync(backupsDir(kb.dataDir), 'un fichier à la place du dossier');
    const logged: string[] = [];
    const reopened = KnowledgeBase.open({ dataDir: kb.dataDir, appVersion: 'test', log: (m) => logged.push(m) });
    expect(notes(reopened)).toEqual(['Toujours là']);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^Sauvegarde automatique impossible dans .*sauvegardes : .*\. Kits ESS continue sans elle\.$/);
    expect(automaticBackup(reopened.db, reopened.dataDir, { log: () => {} }).status).toBe('failed');
    reopened.close();
  });

  it('removes only its own stale partial files', () => {
    const kb = kbWithPack();
    const dir = backupsDir(kb.dataDir);
    fs.mkdirSync(dir);
    const stale = path.join(dir, 'kits-ess-2026-05-01.sqlite.0123456789ab.partiel');
    fs.writeFileSync(stale, 'interrompu');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'à garder');
    automaticBackup(kb.db, kb.dataDir, { now: day('2026-05-02') });
    expect(namesIn(dir)).toEqual(['kits-ess-2026-05-01.sqlite.0123456789ab.partiel', 'kits-ess-2026-05-02.sqlite', 'notes.txt']);
    automaticBackup(kb.db, kb.dataDir, { now: new Date(fs.statSync(stale).mtimeMs + 2 * 3_600_000) });
    expect(namesIn(dir)).not.toContain('kits-ess-2026-05-01.sqlite.0123456789ab.partiel');
    expect(namesIn(dir)).toContain('notes.txt');
    kb.close();
  });
});

describe('listBackups', () => {
  it('lists the backups of the folder, most recent first, ignoring other files', () => {
    const kb = kbWithPack();
    expect(listBackups(kb.dataDir)).toEqual([]);
    automaticBackup(kb.db, kb.dataDir, { now: day('2026-05-02') });
    const manual = backupNow(kb.db, kb.dataDir, day('2026-05-02'));
    const again = backupNow(kb.db, kb.dataDir, day('2026-05-02'));
    expect(again.name).toBe('kits-ess-2026-05-02-093000-2.sqlite');
    fs.writeFileSync(path.join(backupsDir(kb.dataDir), 'kits-ess-notes.sqlite'), 'x');
    const touch = (name: string, iso: string): void => fs.utimesSync(path.join(backupsDir(kb.dataDir), name), new Date(iso), new Date(iso));
    touch('kits-ess-2026-05-02.sqlite', '2026-05-02T08:00:00Z');
    touch(manual.name, '2026-05-02T10:00:00Z');
    touch(again.name, '2026-05-02T09:00:00Z');
    const list = listBackups(kb.dataDir);
    expect(list.map((b) => b.name)).toEqual([manual.name, again.name, 'kits-ess-2026-05-02.sqlite']);
    const old = path.join(backupsDir(kb.dataDir), 'kits-ess-2026-05-02.sqlite');
    expect(list.at(-1)).toMatchObject({ automatic: true, date: '2026-05-02T08:00:00.000Z', size: fs.statSync(old).size });
    expect(list[0]?.automatic).toBe(false);
    kb.close();
  });
});

describe('restoreBackup', () => {
  it('puts the backup in place and sets the current database aside whole', () => {
    const kb = kbWithPack();
    note(kb, 'Avant');
    const backup = backupNow(kb.db, kb.dataDir, day('2026-05-02'));
    note(kb, 'Après');
    kb.close();
    const report = restoreBackup(kb.dataDir, path.join(backupsDir(kb.dataDir), backup.name), { now: day('2026-05-03') });
    expect(report.previousSavedAs).toBe(`${databaseOf(kb.dataDir)}.avant-restauration-2026-05-03-093000`);
    expect(report.annotations).toBe(1);
    // Self-contained: the file set aside has no -wal beside it, and holds both notes.
    expect(namesIn(kb.dataDir)).toEqual(['kits-ess.sqlite', 'kits-ess.sqlite.avant-restauration-2026-05-03-093000', 'sauvegardes']);
    expect(dumpDatabase(report.previousSavedAs!).annotations?.length).toBe(2);
    const restored = KnowledgeBase.open({ dataDir: kb.dataDir, appVersion: 'test' });
    expect(notes(restored)).toEqual(['Avant']);
    restored.close();
  });

  it('restores a backup of an older schema, migrated on its copy only', () => {
    const dir = tempDir();
    const old = path.join(dir, 'ancienne.sqlite');
    const db = openDatabase(old, { targetVersion: 1 });
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = fileHash(old);
    const dataDir = tempDir();
    restoreBackup(dataDir, old);
    expect(fileHash(old)).toBe(before);
    expect(dumpDatabase(databaseOf(dataDir)).user_version).toEqual([String(latestSchemaVersion)]);
  });

  it('refuses a bad file or a database still open elsewhere, leaving the current one as it was', () => {
    const kb = kbWithPack();
    note(kb, 'À garder');
    kb.close();
    const database = databaseOf(kb.dataDir);
    const hash = fileHash(database);
    const dump = dumpDatabase(database);
    const dir = tempDir();
    const truncated = path.join(dir, 'tronque.sqlite');
    const good = fs.readFileSync(validBackup());
    fs.writeFileSync(truncated, good.subarray(0, 8192));
    const huge = path.join(dir, 'enorme.sqlite');
    fs.writeFileSync(huge, good.subarray(0, 4096));
    fs.truncateSync(huge, maxBackupSize + 4096);
    const future = path.join(dir, 'futur.sqlite');
    fs.writeFileSync(future, good);
    const f = new Database(future);
    f.pragma(`user_version = ${latestSchemaVersion + 5}`);
    f.close();
    for (const [file, pattern] of [
      [truncated, /tronqué/],
      [huge, /ne dépasse pas 2 Go/],
      [future, /version plus récente/],
      [database, /base en cours/],
    ] as const) {
      expect(() => restoreBackup(kb.dataDir, file)).toThrow(pattern);
      expect(fileHash(database)).toBe(hash);
      expect(namesIn(kb.dataDir)).toEqual(['kits-ess.sqlite']);
    }
    // Another Kits ESS (window, web host or command) still has it open: refused, nothing moved.
    const other = KnowledgeBase.open({ dataDir: kb.dataDir, appVersion: 'test' });
    expect(() => restoreBackup(kb.dataDir, validBackup())).toThrow(/ouverte par une autre fenêtre ou commande Kits ESS/);
    expect(namesIn(kb.dataDir).filter((n) => !n.endsWith('-wal') && !n.endsWith('-shm'))).toEqual(['kits-ess.sqlite', 'sauvegardes']);
    expect(notes(other)).toEqual(['À garder']);
    other.close();
    expect(dumpDatabase(database)).toEqual(dump);
  });
});

describe('KnowledgeBase.restore and the API', () => {
  it('reopens the restored data in the running knowledge base, for every handler', async () => {
    const kb = kbWithPack();
    note(kb, 'Avant la sauvegarde');
    const dispatch = createDispatch(kb.handlers(), (error) => {
      throw error;
    });
    const saved = await dispatch('backupNow', {});
    expect(saved).toMatchObject({ ok: true, value: { automatic: false, name: expect.stringMatching(/^kits-ess-\d{4}-\d{2}-\d{2}-\d{6}\.sqlite$/) } });
    note(kb, 'Après la sauvegarde');
    const name = (saved as { value: { name: string } }).value.name;
    expect(await dispatch('listBackups', {})).toMatchObject({ ok: true, value: [{ name }] });

    const restored = await dispatch('restoreBackup', { name });
    expect(restored).toMatchObject({ ok: true, value: { annotations: 1, previousSavedAs: expect.stringContaining('avant-restauration') } });
    expect(await dispatch('listAnnotations', {})).toMatchObject({ ok: true, value: [{ note: 'Avant la sauvegarde' }] });
    const found = (await dispatch('search', { query: 'sauvegarde' })) as { ok: true; value: { total: number } };
    expect(found.value.total).toBe(1);
    expect(await dispatch('createAnnotation', { kit: 'essai', number: 2, selector: null, note: 'Après la restauration' })).toMatchObject({ ok: true });
    expect(notes(kb)).toEqual(['Après la restauration', 'Avant la sauvegarde']);
    kb.close();
  });

  it('takes only a backup name from the list, never a path', async () => {
    const kb = kbWithPack();
    const dispatch = createDispatch(kb.handlers(), () => {});
    for (const name of ['../kits-ess.sqlite', '/etc/passwd', 'kits-ess-2026-05-02.sqlite/../../x', 'C:\\kits-ess-2026-05-02.sqlite', '']) {
      expect(await dispatch('restoreBackup', { name })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(await dispatch('restoreBackup', { name: 'kits-ess-2026-05-02.sqlite' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringMatching(/n’existe pas \(ou plus\)/) },
    });
    expect(await dispatch('restoreBackup', { name: 'kits-ess-2026-05-02.sqlite', path: '/tmp/x' })).toMatchObject({ ok: false });
    expect(notes(kb)).toEqual([]);
    kb.close();
  });

  it('keeps working on the current data when a restore is refused', () => {
    const kb = kbWithPack();
    note(kb, 'Courante');
    const bad = path.join(tempDir(), 'mauvais.sqlite');
    fs.writeFileSync(bad, 'pas une base');
    expect(() => kb.restore(bad)).toThrow(/n’est pas une base SQLite/);
    expect(notes(kb)).toEqual(['Courante']);
    note(kb, 'Encore');
    expect(notes(kb)).toEqual(['Courante', 'Encore']);
    kb.close();
  });
});
