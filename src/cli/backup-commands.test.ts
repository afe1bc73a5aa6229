import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { maxBackupSize } from '../core/backup/backup-files';
import { automaticBackup } from '../core/backup/backup-service';
import { databaseOf, dumpDatabase, kbWithPack, namesIn, note, notes } from '../core/backup/test-helpers';
import { latestSchemaVersion } from '../core/db/migrations';
import { KnowledgeBase } from '../core/knowledge-base';
import { fileHash, tempDir } from '../core/test-support/temp-dir';
import { exitCodes, runCli } from './run-cli';

function run(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  if (typeof code !== 'number') throw new Error('This command finishes later: await runCli.');
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Splits a printed command line the way a POSIX shell would for these simple quoted paths. */
function shellWords(command: string): string[] {
  return [...command.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!));
}

function withNote(text: string): string {
  const kb = kbWithPack();
  note(kb, text);
  kb.close();
  return kb.dataDir;
}

describe('kits-ess backup and restore', () => {
  it('backs up to a file, then restores it, setting the current database aside', () => {
    const dataDir = withNote('Dans la sauvegarde');
    const file = path.join(tempDir(), 'ma sauvegarde.sqlite');
    const saved = run('backup', file, '--data-dir', dataDir);
    expect(saved).toMatchObject({ code: exitCodes.ok, err: '' });
    expect(saved.out).toMatch(new RegExp(`^Sauvegarde écrite : ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\([\\d,]+ [kM]o, 1 annotation\\)\\.$`));

    const kb = KnowledgeBase.open({ dataDir, appVersion: 'test', log: () => {} });
    note(kb, 'Après la sauvegarde');
    kb.close();
    const restored = run('restore', file, '--data-dir', dataDir);
    expect(restored.code).toBe(exitCodes.ok);
    expect(restored.out).toMatch(/^Base restaurée depuis .*ma sauvegarde\.sqlite \(1 annotation\)\.\nLa base remplacée est gardée de côté : .*kits-ess\.sqlite\.avant-restauration-\d{4}-\d\d-\d\d-\d{6}$/);
    expect(run('annotations', '--data-dir', dataDir).out).toMatch(/^1 annotation\n[\s\S]*Dans la sauvegarde/);
  });

  it('refuses to replace an existing file unless --force', () => {
    const dataDir = withNote('Note');
    const file = path.join(tempDir(), 'existant.sqlite');
    fs.writeFileSync(file, 'à garder');
    expect(run('backup', file, '--data-dir', dataDir)).toMatchObject({ code: exitCodes.badInput, err: expect.stringMatching(/existe déjà/) });
    expect(fs.readFileSync(file, 'utf8')).toBe('à garder');
    expect(run('backup', file, '--force', '--data-dir', dataDir).code).toBe(exitCodes.ok);
    expect(fs.statSync(file).size).toBeGreaterThan(4096);
  });

  it('refuses bad backups with exit code 1 and leaves the database as it was', () => {
    const dataDir = withNote('Intacte');
    const dir = tempDir();
    const good = path.join(dir, 'bonne.sqlite');
    expect(run('backup', good, '--data-dir', dataDir).code).toBe(0);
    const database = databaseOf(dataDir);
    const hash = fileHash(database);
    const dump = dumpDatabase(database);
    const bytes = fs.readFileSync(good);
    const cases: [string, Buffer | string, RegExp][] = [
      ['texte.sqlite', 'Liste de courses : pain, lait, œufs.\n'.repeat(20), /n’est pas une base SQLite/],
      ['tronque.sqlite', bytes.subarray(0, bytes.length - 4096), /est tronqué/],
      ['futur.sqlite', bytes, /version plus récente de Kits ESS/],
      ['enorme.sqlite', bytes.subarray(0, 4096), /ne dépasse pas 2 Go/],
    ];
    for (const [name, content] of cases) fs.writeFileSync(path.join(dir, name), content);
    const future = new Database(path.join(dir, 'futur.sqlite'));
    future.pragma(`user_version = ${latestSchemaVersion + 1}`);
    future.close();
    fs.truncateSync(path.join(dir, 'enorme.sqlite'), maxBackupSize + 1);
    for (const [name, , pattern] of cases) {
      const result = run('restore', path.join(dir, name), '--data-dir', dataDir);
      expect({ name, code: result.code, out: result.out }).toEqual({ name, code: exitCodes.badInput, out: '' });
      expect(result.err).toMatch(pattern);
      expect(fileHash(database)).toBe(hash);
    }
    expect(run('restore', path.join(dir, 'absente.sqlite'), '--data-dir', dataDir)).toMatchObject({ code: 1, err: expect.stringMatching(/n’existe pas/) });
    expect(namesIn(dataDir)).toEqual(['kits-ess.sqlite', 'sauvegardes']);
    expect(dumpDatabase(database)).toEqual(dump);
  });

  it('exits 2 for usage mistakes, listing the backups of the folder', () => {
    const kb = kbWithPack();
    automaticBackup(kb.db, kb.dataDir, { now: new Date('2026-05-02T09:00:00') });
    kb.close();
    const missing = run('restore', '--data-dir', kb.dataDir);
    expect(missing.code).toBe(exitCodes.usage);
    expect(missing.err).toContain('Indiquez le fichier de sauvegarde à restaurer.\nSauvegardes de ce dossier :\n  ');
    expect(missing.err).toContain(path.join(kb.dataDir, 'sauvegardes', 'kits-ess-2026-05-02.sqlite'));
    expect(run('backup', '--data-dir', kb.dataDir).code).toBe(exitCodes.usage);
    expect(run('backup', 'a.sqlite', 'b.sqlite', '--data-dir', kb.dataDir).code).toBe(exitCodes.usage);
    expect(run('restore', 'x.sqlite', '--new-database', '--data-dir', kb.dataDir).code).toBe(exitCodes.usage);
    expect(run('--help').out).toMatch(/kits-ess backup <fichier>[\s\S]*kits-ess restore <fichier>/);
  });
});

describe('a database that cannot be read', () => {
  it('is set aside, and the message gives the exact restore command, which works', () => {
    const dataDir = withNote('Sauvegardée');
    const kb = KnowledgeBase.open({ dataDir, appVersion: 'test', log: () => {} });
    automaticBackup(kb.db, dataDir, { now: new Date('2026-05-02T09:00:00') });
    kb.close();
    fs.writeFileSync(databaseOf(dataDir), 'écrasé par un autre programme '.repeat(40));
    const bytes = fileHash(databaseOf(dataDir));

    const first = run('list', '--data-dir', dataDir);
    expect(first.code).toBe(exitCodes.badInput);
    expect(first.err).toMatch(/^La base de Kits ESS est illisible \(ce n’est pas un fichier SQLite\) : /);
    const keptAs = /mise de côté sans être modifiée : (.*)$/m.exec(first.err)?.[1];
    expect(keptAs && fileHash(keptAs)).toBe(bytes);
    // Asked again, not started empty.
    expect(run('annotations', '--data-dir', dataDir).err).toMatch(/trouvée illisible lors d’un démarrage précédent/);
    expect(fs.existsSync(databaseOf(dataDir))).toBe(false);

    const command = /^Pour restaurer cette sauvegarde : (npx kits-ess restore .*)$/m.exec(first.err)?.[1];
    expect(command).toBeDefined();
    const [npx, program, ...args] = shellWords(command!);
    expect([npx, program]).toEqual(['npx', 'kits-ess']);
    expect(run(...args)).toMatchObject({ code: 0, out: expect.stringMatching(/^Base restaurée depuis .*kits-ess-2026-05-02\.sqlite \(1 annotation\)\.$/) });
    expect(run('annotations', '--data-dir', dataDir).out).toMatch(/Sauvegardée/);
    expect(fileHash(keptAs!)).toBe(bytes);
  });

  it('restore --new-database starts again only after an unreadable database', () => {
    const dataDir = withNote('Gardée');
    expect(run('restore', '--new-database', '--data-dir', dataDir)).toMatchObject({ code: 1, err: expect.stringMatching(/est lisible/) });
    fs.writeFileSync(databaseOf(dataDir), 'illisible '.repeat(100));
    const result = run('restore', '--new-database', '--data-dir', dataDir);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Base neuve créée : .*kits-ess\.sqlite\. Elle contient les kits livrés, sans annotations ni projets\.\nL’ancienne base reste de côté : .*kits-ess\.sqlite\.illisible-/);
    const kb = KnowledgeBase.open({ dataDir, appVersion: 'test', log: () => {} });
    expect(notes(kb)).toEqual([]);
    kb.close();
    expect(namesIn(dataDir).filter((n) => /illisible-[\d-]+$/.test(n))).toHaveLength(1);
  });
});
