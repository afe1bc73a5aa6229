import fs from 'node:fs';
import path from 'node:path';
import { backupNamePattern } from '../../shared/schemas';
import type { Db } from '../db/open-database';
import { documentsDirName, originalNamePattern, originalPath } from '../documents/original-files';
import { databaseFileName } from '../paths';
import { backupsDir, errorReason, withReadOnly } from './backup-files';

/*
 * Backups copy the database only; the originals of the library stay in the data folder's
 * documents/, where they are shared by every copy (each is named by its SHA-256 and never
 * changes). So an original stays there as long as one database that can be put back names it:
 * the live one, every backup of the backups folder (automatic or « Sauvegarder maintenant »),
 * and the base set aside by a restore. It is deleted only when none does: when its document is
 * removed and no backup lists it, or once the last backup listing it is pruned.
 */

/** kits-ess.sqlite.avant-restauration-AAAA-MM-JJ-HHMMSS: the base a restore replaced, never deleted, restorable. */
const setAsideByRestorePattern = new RegExp(`^${databaseFileName.replace('.', '\\.')}\\.avant-restauration-\\d{4}-\\d{2}-\\d{2}-\\d{6}(?:-\\d+)?$`);

function namesIn(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** The databases of the data folder that can be restored, besides the live one. */
export function keptDatabases(dataDir: string): string[] {
  const backups = namesIn(backupsDir(dataDir))
    .filter((name) => backupNamePattern.test(name))
    .map((name) => path.join(backupsDir(dataDir), name));
  const setAside = namesIn(dataDir)
    .filter((name) => setAsideByRestorePattern.test(name))
    .map((name) => path.join(dataDir, name));
  return [...backups, ...setAside];
}

/** The SHA-256 of every document a database lists (none before the library existed, schema < 7). */
function documentsListedIn(file: string, nativeBinding: string | undefined): string[] {
  return withReadOnly(file, nativeBinding, (db) => {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'documents'").get() !== undefined;
    return hasTable ? (db.prepare('SELECT sha256 FROM documents').pluck().all() as string[]) : [];
  });
}

export interface CollectOptions {
  /** Only these originals are considered (a document just removed); by default every one of the folder. */
  candidates?: readonly string[];
  nativeBinding?: string;
  log?: (message: string) => void;
}

/**
 * Deletes the originals that neither the live database `db` nor any kept database lists, and
 * returns their SHA-256. When a kept database cannot be read, nothing is deleted: it may list
 * them, and a file kept too long costs only disk space.
 */
export function collectOriginals(db: Db, dataDir: string, options: CollectOptions = {}): string[] {
  const log = options.log ?? ((message: string) => console.warn(message));
  const candidates = (options.candidates ?? namesIn(path.join(dataDir, documentsDirName))).filter(
    (name) => originalNamePattern.test(name) && fs.existsSync(originalPath(dataDir, name)),
  );
  if (candidates.length === 0) return [];
  const listedLive = db.prepare('SELECT 1 FROM documents WHERE sha256 = ?').pluck();
  const unlisted = new Set(candidates.filter((sha256) => listedLive.get(sha256) === undefined));
  for (const file of keptDatabases(dataDir)) {
    if (unlisted.size === 0) break;
    try {
      for (const sha256 of documentsListedIn(file, options.nativeBinding)) unlisted.delete(sha256);
    } catch (error) {
      log(`Fichiers d’origine de la bibliothèque gardés : la sauvegarde ${file} n’a pas pu être lue (${errorReason(error)}).`);
      return [];
    }
  }
  const deleted: string[] = [];
  for (const sha256 of unlisted) {
    try {
      fs.rmSync(originalPath(dataDir, sha256));
      deleted.push(sha256);
    } catch (error) {
      log(`Fichier d’origine ${sha256} non supprimé : ${errorReason(error)}`);
    }
  }
  return deleted;
}
