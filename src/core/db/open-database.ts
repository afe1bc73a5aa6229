import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { KbError } from '../../shared/errors';
import { expandLigatures, stemText } from '../../shared/search/normalize';
import { latestSchemaVersion, migrations } from './migrations';
import type { Migration } from './migrations/migration';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path of better-sqlite3's compiled addon, for the Electron build kept apart from Node's. */
  nativeBinding?: string;
  /** Stop at this schema version (tests build databases of earlier versions with it). */
  targetVersion?: number;
}

/**
 * Opens (or creates) the knowledge base file and brings its schema up to date.
 * The version is read before anything is written, so a file from a newer Kits ESS or a
 * file that is not a database is refused untouched.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const target = options.targetVersion ?? latestSchemaVersion;
  let db: Db;
  try {
    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (error) {
    throw unreadable(file, error);
  }
  try {
    const version = readUserVersion(db, file);
    if (version > latestSchemaVersion) {
      throw new KbError(
        'database_too_new',
        `La base de données ${file} a été créée par une version plus récente de Kits ESS (schéma ${version}, ` +
          `cette version connaît le schéma ${latestSchemaVersion}). Mettez Kits ESS à jour ; le fichier n’a pas été modifié.`,
      );
    }
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    db.pragma('temp_store = MEMORY');
    // 64 MB of page cache: building the full-text index of a kit import rewrites many pages.
    db.pragma('cache_size = -65536');
    registerSqlFunctions(db);
    runMigrations(db, migrations, version, target);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The search index triggers fold and stem text with the same functions the queries use. */
export function registerSqlFunctions(db: Db): void {
  db.function('kb_stem', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? stemText(text) : ''));
  db.function('kb_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? expandLigatures(text) : ''));
}

function readUserVersion(db: Db, file: string): number {
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    throw unreadable(file, error);
  }
}

function unreadable(file: string, cause: unknown): KbError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new KbError(
    'database_unreadable',
    `Le fichier ${file} n’est pas une base Kits ESS lisible (${reason}). Il n’a pas été modifié.`,
  );
}

/** Applies the migrations above `from` up to `to`, each in its own transaction with its version. */
export function runMigrations(db: Db, list: readonly Migration[], from: number, to: number): void {
  const pending = list.filter((m) => m.version > from && m.version <= to);
  for (const migration of pending) {
    // The pragma is a no-op inside a transaction: it is switched around it.
    if (migration.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        migration.up(db);
        if (migration.rebuildsTables && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
          throw new Error(`La migration ${migration.version} laisserait des références cassées : la base n’a pas été modifiée.`);
        }
        db.pragma(`user_version = ${migration.version}`);
      })();
    } finally {
      if (migration.rebuildsTables) db.pragma('foreign_keys = ON');
    }
  }
}
