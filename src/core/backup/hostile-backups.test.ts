import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../app-paths';
import { latestSchemaVersion } from '../db/migrations';
import { openDatabase } from '../db/open-database';
import { KnowledgeBase } from '../knowledge-base';
import { kitYaml, validPackFiles, writePack } from '../test-support/packs';
import { fileHash, tempDir } from '../test-support/temp-dir';
import { backupsDir } from './backup-files';
import { backupNow, backupTo } from './backup-service';
import { openAtStartup } from './startup';
import { captureError, databaseOf, dumpDatabase, kbWithPack, namesIn, note, notes, restoreBackup } from './test-helpers';

/** A data folder whose database holds a note and a project: what a restore must not lose. */
function liveDataDir(): string {
  const kb = kbWithPack();
  note(kb, 'Note à garder');
  kb.projects.create({ title: 'Projet à garder' });
  kb.close();
  return kb.dataDir;
}

/** Everything a refused restore must leave as it was: the file's bytes, its rows, the folder. */
function snapshot(dataDir: string): { hash: string; dump: Record<string, string[]>; names: string[] } {
  return { hash: fileHash(databaseOf(dataDir)), dump: dumpDatabase(databaseOf(dataDir)), names: namesIn(dataDir) };
}

/** A genuine backup, then changed by `plant` through a plain SQLite connection, as someone could. */
function plantedBackup(plant: (db: Database.Database) => void): string {
  const kb = kbWithPack();
  note(kb, 'Dans la sauvegarde');
  const file = path.join(tempDir(), 'sauvegarde.sqlite');
  backupTo(kb.db, file);
  kb.close();
  const db = new Database(file);
  plant(db);
  db.close();
  return file;
}

/**
 * `kits-ess restore` in a child process. A hang guard, not a timing assertion: a recursive view
 * used to hang the restore, so the child is killed if it still runs after 20 s, and the test fails.
 */
function restoreInChild(file: string, dataDir: string): { status: number | null; stderr: string } {
  const bin = path.join(projectRoot, 'src', 'cli', 'kits-ess.mjs');
  const result = spawnSync(bin, ['restore', file, '--data-dir', dataDir], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
  expect(result.signal, 'the restore had to be killed: it hung').toBeNull();
  return { status: result.status, stderr: result.stderr };
}

const refusal = 'Il a été modifié ou ne vient pas de Kits ESS : il n’est pas accepté comme sauvegarde.';

describe('a restore accepts only the exact schema of its version', () => {
  it('refuses a file that merely has tables named kits, fiches and settings', () => {
    const dataDir = liveDataDir();
    const before = snapshot(dataDir);
    const dir = tempDir();
    for (const version of [0, latestSchemaVersion]) {
      const file = path.join(dir, `trois-tables-${version}.sqlite`);
      const db = new Database(file);
      db.exec('CREATE TABLE kits (id INTEGER); CREATE TABLE fiches (id INTEGER); CREATE TABLE settings (key TEXT, value TEXT)');
      db.pragma(`user_version = ${version}`);
      db.close();
      const error = captureError(() => restoreBackup(dataDir, file));
      expect(error.message).toMatch(
        version === 0
          ? `Le fichier ${file} est une base SQLite, mais pas une base Kits ESS (aucun numéro de schéma).`
          : new RegExp(`^Le fichier ${file} n’a pas la structure d’une base Kits ESS \\(schéma ${version}\\) : table « kits » modifiée ; table « fiches » modifiée ; table « settings » modifiée ; table « [a-z_]+ » absente et \\d+ autres différences\\. ${refusal}$`),
      );
      expect(snapshot(dataDir)).toEqual(before);
    }
  });

  it('refuses a backup carrying an extra trigger that deletes projects', () => {
    const file = plantedBackup((db) => db.exec('CREATE TRIGGER purge AFTER INSERT ON annotations BEGIN DELETE FROM projects; END'));
    const dataDir = liveDataDir();
    const before = snapshot(dataDir);
    expect(captureError(() => restoreBackup(dataDir, file)).message).toBe(
      `Le fichier ${file} n’a pas la structure d’une base Kits ESS (schéma ${latestSchemaVersion}) : déclencheur « purge » en trop. ${refusal}`,
    );
    expect(snapshot(dataDir)).toEqual(before);
  });

  it('refuses a recursive view in place of a table, without running it', () => {
    const file = plantedBackup((db) =>
      db.exec(`DROP TABLE annotations;
        CREATE VIEW annotations AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i AS id FROM n`),
    );
    const dataDir = liveDataDir();
    const before = snapshot(dataDir);
    const { status, stderr } = restoreInChild(file, dataDir);
    expect(status).toBe(1);
    expect(stderr).toMatch(
      new RegExp(`^Le fichier ${file} n’a pas la structure d’une base Kits ESS \\(schéma ${latestSchemaVersion}\\) : vue « annotations » à la place d’une table ;`),
    );
    expect(stderr).toContain(refusal);
    expect(snapshot(dataDir)).toEqual(before);
  });

  it('restores a genuine backup of every earlier schema, migrated', () => {
    for (let version = 1; version <= latestSchemaVersion; version++) {
      const file = path.join(tempDir(), `schema-${version}.sqlite`);
      const db = openDatabase(file, { targetVersion: version });
      db.pragma('journal_mode = DELETE');
      db.close();
      const dataDir = tempDir();
      expect(restoreBackup(dataDir, file).annotations).toBe(0);
      expect(dumpDatabase(databaseOf(dataDir)).user_version).toEqual([String(latestSchemaVersion)]);
    }
  });

  it('does not offer a trapped backup at start-up, but the sound one before it', () => {
    const kb = kbWithPack();
    note(kb, 'Dans la bonne sauvegarde');
    const sound = backupNow(kb.db, kb.dataDir, new Date('2026-05-02T09:00:00'));
    const trapped = backupNow(kb.db, kb.dataDir, new Date('2026-05-03T09:00:00'));
    kb.close();
    const trappedPath = path.join(backupsDir(kb.dataDir), trapped.name);
    const db = new Database(trappedPath);
    db.exec('CREATE TRIGGER purge AFTER INSERT ON annotations BEGIN DELETE FROM projects; END');
    db.close();
    fs.utimesSync(trappedPath, new Date('2026-05-03T09:00:00'), new Date('2026-05-03T09:00:00'));
    fs.utimesSync(path.join(backupsDir(kb.dataDir), sound.name), new Date('2026-05-02T09:00:00'), new Date('2026-05-02T09:00:00'));
    fs.writeFileSync(databaseOf(kb.dataDir), 'illisible');
    const result = openAtStartup({ dataDir: kb.dataDir, appVersion: 'test' });
    expect(result.status).toBe('unreadable');
    if (result.status !== 'unreadable') return;
    expect(result.problem.backup?.name).toBe(sound.name);
  });
});

describe('a failure after the current database was set aside', () => {
  it('puts the previous database back and says so', () => {
    // The shipped content moves to a newer edition that cannot be read: the database in use
    // already has that edition, the backup an older one, so only opening the restored backup
    // (which imports the newer edition) fails, after the current database was set aside.
    const content = writePack(validPackFiles('2026-01-01'));
    const options = { dataDir: tempDir(), appVersion: 'test', bundledContentDir: content, log: () => {} };
    let kb = KnowledgeBase.open(options);
    note(kb, 'Dans la sauvegarde');
    const backup = path.join(backupsDir(kb.dataDir), backupNow(kb.db, kb.dataDir).name);
    kb.close();
    fs.writeFileSync(path.join(content, 'essai', 'kit.yml'), kitYaml('2026-06-01', 'missing:\n  - number: 3\n'));
    kb = KnowledgeBase.open(options);
    note(kb, 'Après la sauvegarde');
    fs.writeFileSync(path.join(content, 'essai', '02-deuxieme-fiche.md'), 'plus de fiche ici');
    const before = dumpDatabase(kb.databasePath);
    const names = namesIn(kb.dataDir);

    const error = captureError(() => kb.restore(backup));
    expect(error.message).toMatch(
      new RegExp(
        `^La restauration de ${backup} a échoué après la mise de côté de la base actuelle \\(Le contenu .* est refusé \\(1 problème\\) ; rien n’a été importé\\)\\. ` +
          'La base d’avant a été remise en place : vos données sont celles d’avant la restauration\\.$',
      ),
    );
    expect(error.message).not.toMatch(/n’ont pas été modifiées|n’a pas été modifiée/);
    // The running knowledge base works on the previous data, nothing left behind.
    expect(notes(kb)).toEqual(['Après la sauvegarde', 'Dans la sauvegarde']);
    expect(dumpDatabase(kb.databasePath)).toEqual(before);
    expect(namesIn(kb.dataDir).filter((n) => !n.endsWith('-wal') && !n.endsWith('-shm'))).toEqual(
      names.filter((n) => !n.endsWith('-wal') && !n.endsWith('-shm')),
    );
    kb.close();
  });
});
