import fs from 'node:fs';
import path from 'node:path';
import { withReadOnly } from './backup-files';
import { restoreAndOpen } from './backup-service';
import { openDatabase } from '../db/open-database';
import type { RestoreReport } from '../../shared/schemas';
import { KnowledgeBase } from '../knowledge-base';
import { databaseFileName } from '../paths';
import { validPackFiles, writePack } from '../test-support/packs';
import { tempDir } from '../test-support/temp-dir';

/** A knowledge base in a new temp data folder, with the small test pack (kit « essai », fiches 1 and 2). */
export function kbWithPack(dataDir: string = tempDir(), log: (message: string) => void = () => {}): KnowledgeBase {
  const kb = KnowledgeBase.open({ dataDir, appVersion: 'test', log });
  kb.importPack(writePack(validPackFiles()));
  return kb;
}

export function note(kb: KnowledgeBase, text: string): string {
  return kb.annotations.create({ kit: 'essai', number: 1, selector: null, note: text }).id;
}

export function notes(kb: KnowledgeBase): string[] {
  return kb.annotations.list({ sort: 'date' }).map((a) => a.note).sort();
}

/** Every row of every table (FTS shadow tables included, virtual tables skipped), read-only: equal dumps mean equal data. */
export function dumpDatabase(file: string): Record<string, string[]> {
  return withReadOnly(file, undefined, (db) => {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").all() as { name: string }[];
    const dump: Record<string, string[]> = { user_version: [String(db.pragma('user_version', { simple: true }))] };
    for (const { name } of tables) {
      dump[name] = (db.prepare(`SELECT * FROM "${name}"`).raw().all() as unknown[][]).map((row) => JSON.stringify(row)).sort();
    }
    return dump;
  });
}

export function databaseOf(dataDir: string): string {
  return path.join(dataDir, databaseFileName);
}

/** The names in a folder, sorted (to show that nothing was left behind). */
export function namesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

export function captureError(run: () => unknown): Error & { code?: string } {
  try {
    run();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected an error');
}

/** Restores `file` into `dataDir` and opens the result once (migrated, then closed), as the command line does. */
export function restoreBackup(dataDir: string, file: string, options: { now?: Date } = {}): RestoreReport {
  return restoreAndOpen(dataDir, file, (databasePath) => openDatabase(databasePath).close(), options).report;
}
