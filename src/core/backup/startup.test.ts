import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KbError } from '../../shared/errors';
import { latestSchemaVersion } from '../db/migrations';
import { openDatabase } from '../db/open-database';
import { fileHash, tempDir } from '../test-support/temp-dir';
import { backupsDir } from './backup-files';
import { automaticBackup, backupNow } from './backup-service';
import {
  applyStartupChoice,
  choiceAt,
  messageBoxButtons,
  openAtStartup,
  openOrExplain,
  probeDatabase,
  shellQuote,
  startFresh,
  startupQuestion,
  unreadableCommands,
  unreadableMessage,
  type UnreadableDatabase,
} from './startup';
import { captureError, databaseOf, kbWithPack, namesIn, note, notes } from './test-helpers';

const options = (dataDir: string) => ({ dataDir, appVersion: 'test', log: () => {} });
const at = new Date('2026-05-03T14:30:12');

/** A data folder whose database holds notes, with an automatic backup of the day before, then a database made unreadable. */
function corruptedDataDir(corrupt: (file: string) => void): { dataDir: string; bytes: string } {
  const kb = kbWithPack();
  note(kb, 'Sauvegardée');
  automaticBackup(kb.db, kb.dataDir, { now: new Date('2026-05-02T09:00:00') });
  note(kb, 'Perdue avec la base');
  kb.close();
  corrupt(kb.databasePath);
  return { dataDir: kb.dataDir, bytes: fileHash(kb.databasePath) };
}

const notSqlite = (file: string): void => fs.writeFileSync(file, 'Ce fichier a été écrasé par autre chose. '.repeat(50));

function unreadable(result: ReturnType<typeof openAtStartup>): UnreadableDatabase {
  if (result.status !== 'unreadable') throw new Error('expected an unreadable database');
  return result.problem;
}

describe('start-up with an unreadable database', () => {
  it('sets a non-SQLite file aside byte for byte, says where, and offers the latest backup', () => {
    const { dataDir, bytes } = corruptedDataDir(notSqlite);
    const problem = unreadable(openAtStartup(options(dataDir), at));
    expect(problem).toMatchObject({
      databasePath: databaseOf(dataDir),
      keptAs: `${databaseOf(dataDir)}.illisible-2026-05-03-143012`,
      reason: 'ce n’est pas un fichier SQLite',
      backup: { name: 'kits-ess-2026-05-02.sqlite', automatic: true, path: path.join(backupsDir(dataDir), 'kits-ess-2026-05-02.sqlite') },
    });
    expect(fileHash(problem.keptAs)).toBe(bytes);
    expect(namesIn(dataDir)).toEqual(['kits-ess.sqlite.illisible-2026-05-03-143012', 'sauvegardes']);

    const message = unreadableMessage(problem);
    expect(message).toContain(`La base de Kits ESS est illisible (ce n’est pas un fichier SQLite) : ${databaseOf(dataDir)}`);
    expect(message).toContain(`Elle a été mise de côté sans être modifiée : ${problem.keptAs}`);
    expect(message).toContain('Rien n’a été supprimé et aucune base neuve n’a été créée.');
    expect(message).toMatch(/Dernière sauvegarde utilisable : kits-ess-2026-05-02\.sqlite \(sauvegarde automatique du \d\d\/\d\d\/\d{4} à \d\d:\d\d, [\d,]+ [kM]o\)\./);
    expect(unreadableCommands(problem, 'npx kits-ess', 'linux')).toEqual([
      `Pour restaurer cette sauvegarde : npx kits-ess restore ${problem.backup!.path} --data-dir ${dataDir}`,
      `Pour démarrer avec une base neuve (sans vos annotations ni vos projets) : npx kits-ess restore --new-database --data-dir ${dataDir}`,
    ]);
  });

  it('asks again at the next start instead of quietly starting empty, until the person chooses', () => {
    const { dataDir } = corruptedDataDir(notSqlite);
    const first = unreadable(openAtStartup(options(dataDir), at));
    const again = unreadable(openAtStartup(options(dataDir), new Date('2026-05-04T08:00:00')));
    expect(again).toMatchObject({ keptAs: first.keptAs, reason: null, backup: { name: 'kits-ess-2026-05-02.sqlite' } });
    expect(unreadableMessage(again)).toMatch(/a été trouvée illisible lors d’un démarrage précédent/);
    expect(fs.existsSync(databaseOf(dataDir))).toBe(false);
    expect(() => openOrExplain(options(dataDir))).toThrow(/npx kits-ess restore .*kits-ess-2026-05-02\.sqlite/);

    const kb = applyStartupChoice('restore', again, options(dataDir));
    expect(kb && notes(kb)).toEqual(['Sauvegardée']);
    kb?.close();
    expect(namesIn(dataDir)).toEqual(['kits-ess.sqlite', 'kits-ess.sqlite.illisible-2026-05-03-143012', 'sauvegardes']);
    const next = openAtStartup(options(dataDir));
    expect(next.status).toBe('ready');
    if (next.status === 'ready') next.kb.close();
  });

  it('starts with a new database only when asked, keeping the unreadable one aside', () => {
    const { dataDir, bytes } = corruptedDataDir(notSqlite);
    const problem = unreadable(openAtStartup(options(dataDir), at));
    expect(applyStartupChoice('quit', problem, options(dataDir))).toBeNull();
    expect(fs.existsSync(databaseOf(dataDir))).toBe(false);
    const kb = applyStartupChoice('fresh', problem, options(dataDir));
    expect(kb && notes(kb)).toEqual([]);
    kb?.close();
    expect(fileHash(problem.keptAs)).toBe(bytes);
  });

  it('also sets aside a truncated or damaged SQLite database, with its -wal and -shm', () => {
    const { dataDir, bytes } = corruptedDataDir((file) => {
      const data = fs.readFileSync(file);
      fs.writeFileSync(file, data.subarray(0, Math.floor(data.length / 3)));
      fs.writeFileSync(`${file}-wal`, 'journal abîmé');
    });
    const problem = unreadable(openAtStartup(options(dataDir), at));
    expect(problem.reason).toMatch(/malformed|endommagé/);
    expect(fileHash(problem.keptAs)).toBe(bytes);
    expect(fs.readFileSync(`${problem.keptAs}-wal`, 'utf8')).toBe('journal abîmé');
    // Nothing left under the database's name: the new one cannot pick up the old -wal.
    expect(namesIn(dataDir).filter((n) => n.startsWith('kits-ess.sqlite'))).toEqual([
      'kits-ess.sqlite.illisible-2026-05-03-143012',
      'kits-ess.sqlite.illisible-2026-05-03-143012-shm',
      'kits-ess.sqlite.illisible-2026-05-03-143012-wal',
    ]);
  });

  it('offers the newest backup that passes the check, or none', () => {
    const { dataDir } = corruptedDataDir(notSqlite);
    const dir = backupsDir(dataDir);
    fs.writeFileSync(path.join(dir, 'kits-ess-2026-05-03-080000.sqlite'), 'sauvegarde interrompue');
    const problem = unreadable(openAtStartup(options(dataDir), at));
    expect(problem.backup?.name).toBe('kits-ess-2026-05-02.sqlite');

    const empty = tempDir();
    notSqlite(databaseOf(empty));
    const alone = unreadable(openAtStartup(options(empty), at));
    expect(alone.backup).toBeNull();
    expect(unreadableMessage(alone)).toContain(`Aucune sauvegarde utilisable n’a été trouvée dans ${backupsDir(empty)}.`);
    expect(unreadableCommands(alone, 'npx kits-ess', 'linux')).toEqual([
      `Pour démarrer avec une base neuve (sans vos annotations ni vos projets) : npx kits-ess restore --new-database --data-dir ${empty}`,
    ]);
    expect(() => applyStartupChoice('restore', alone, options(empty))).toThrow(KbError);
  });

  it('moves nothing when the problem is not the file’s content', () => {
    const dataDir = tempDir();
    const db = openDatabase(databaseOf(dataDir));
    db.pragma(`user_version = ${latestSchemaVersion + 1}`);
    db.close();
    const before = fileHash(databaseOf(dataDir));
    expect(probeDatabase(databaseOf(dataDir))).toBeNull();
    expect(captureError(() => openAtStartup(options(dataDir))).message).toMatch(/version plus récente/);
    expect(fileHash(databaseOf(dataDir))).toBe(before);
    expect(namesIn(dataDir)).toEqual(['kits-ess.sqlite']);
  });

  it('opens a sound database as usual', () => {
    const kb = kbWithPack();
    note(kb, 'Saine');
    backupNow(kb.db, kb.dataDir);
    kb.close();
    expect(probeDatabase(kb.databasePath)).toBeNull();
    const result = openAtStartup(options(kb.dataDir));
    expect(result.status).toBe('ready');
    if (result.status === 'ready') {
      expect(notes(result.kb)).toEqual(['Saine']);
      result.kb.close();
    }
    expect(captureError(() => startFresh(options(kb.dataDir))).message).toMatch(/est lisible : elle n’a pas été remplacée/);
  });
});

describe('the desktop dialog', () => {
  it('offers restore first when there is a backup; Escape quits', () => {
    const { dataDir } = corruptedDataDir(notSqlite);
    const question = startupQuestion(unreadable(openAtStartup(options(dataDir), at)));
    expect(question.message).toBe('La base de données de Kits ESS ne peut pas être lue.');
    expect(question.detail).toMatch(/mise de côté sans être modifiée/);
    expect(question.detail).toMatch(/la question sera reposée au prochain démarrage/);
    expect(messageBoxButtons(question)).toEqual({
      buttons: ['Restaurer la dernière sauvegarde', 'Démarrer avec une base neuve', 'Quitter'],
      defaultId: 0,
      cancelId: 2,
    });
    expect([0, 1, 2, 7, -1].map((i) => choiceAt(question, i))).toEqual(['restore', 'fresh', 'quit', 'quit', 'quit']);
  });

  it('without a backup, offers a new database or quitting, and Enter quits', () => {
    const dataDir = tempDir();
    notSqlite(databaseOf(dataDir));
    const question = startupQuestion(unreadable(openAtStartup(options(dataDir), at)));
    expect(messageBoxButtons(question)).toEqual({ buttons: ['Démarrer avec une base neuve', 'Quitter'], defaultId: 1, cancelId: 1 });
  });
});

describe('shellQuote', () => {
  it('quotes paths for the person’s shell', () => {
    expect(shellQuote('/home/anne/.config/kits/x.sqlite', 'linux')).toBe('/home/anne/.config/kits/x.sqlite');
    expect(shellQuote('/home/anne/.config/Kits ESS', 'linux')).toBe(`'/home/anne/.config/Kits ESS'`);
    expect(shellQuote(`/tmp/l'été`, 'darwin')).toBe(`'/tmp/l'\\''été'`);
    expect(shellQuote('C:\\Users\\Anne\\AppData\\Roaming\\Kits ESS', 'win32')).toBe('"C:\\Users\\Anne\\AppData\\Roaming\\Kits ESS"');
  });
});
