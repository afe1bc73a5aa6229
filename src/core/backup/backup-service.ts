import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { KbError } from '../../shared/errors';
import { formatSize } from '../../shared/french-format';
import { backupNamePattern, type BackupEntry, type RestoreReport } from '../../shared/schemas';
import { latestSchemaVersion } from '../db/migrations';
import { openDatabase, type Db } from '../db/open-database';
import { expectedSchema, readSchema, schemaDifferences, type SchemaEntry } from '../db/schema-check';
import { databaseFileName } from '../paths';
import {
  automaticBackupPattern,
  backupsDir,
  errorCode,
  errorReason,
  freePath,
  readSqliteHeader,
  isCorruptionCode,
  keptAutomaticBackups,
  localDay,
  localStamp,
  maxBackupSize,
  partialPathFor,
  removeStalePartials,
  renameWithSidecars,
  sidecars,
  syncDir,
  syncFile,
  withReadOnly,
} from './backup-files';
import { collectOriginals } from './kept-originals';

export { backupsDir } from './backup-files';

export interface NativeOptions {
  /** better-sqlite3 addon built for Electron (see KnowledgeBaseOptions). */
  nativeBinding?: string;
}

/** What checkBackup found in a file it accepts. */
export interface BackupInfo {
  file: string;
  size: number;
  schemaVersion: number;
  annotations: number;
}

/** Tables every Kits ESS database has had since its first version. */
const requiredTables = ['kits', 'fiches', 'settings'] as const;


function refuse(code: 'invalid_input' | 'database_unreadable' | 'database_too_new' | 'not_found', message: string): KbError {
  return new KbError(code, message);
}

function nativeOptions(options: NativeOptions): { nativeBinding?: string } {
  return options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
}

/**
 * Checks that a file can be restored: a sound SQLite file, a Kits ESS database of a schema this
 * version knows, and exactly that schema (nothing added, removed or changed). Opens it
 * read-only: the file is never modified. Throws a KbError whose French message says why a file
 * is refused.
 */
export function checkBackup(file: string, options: NativeOptions = {}): BackupInfo {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw refuse('not_found', `Le fichier ${file} n’existe pas.`);
  }
  if (!stat.isFile()) throw refuse('invalid_input', `${file} n’est pas un fichier de sauvegarde (c’est un dossier ou un fichier spécial).`);
  if (stat.size > maxBackupSize) {
    throw refuse(
      'invalid_input',
      `Le fichier ${file} fait ${formatSize(stat.size)} : une sauvegarde de Kits ESS ne dépasse pas ${formatSize(maxBackupSize)}. ` +
        'Ce n’est pas une sauvegarde de Kits ESS.',
    );
  }
  if (stat.size === 0) throw refuse('database_unreadable', `Le fichier ${file} est vide : ce n’est pas une sauvegarde de Kits ESS.`);

  const header = readSqliteHeader(file);
  if (!header) {
    throw refuse('database_unreadable', `Le fichier ${file} n’est pas une base SQLite : ce n’est pas une sauvegarde de Kits ESS.`);
  }
  // The header gives the database size in pages (valid when the two change counters agree).
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pageCount = header.readUInt32BE(28);
  if (header.readUInt32BE(24) === header.readUInt32BE(92) && pageCount > 0 && stat.size < pageCount * pageSize) {
    throw refuse(
      'database_unreadable',
      `Le fichier ${file} est tronqué : il fait ${stat.size} octets au lieu de ${pageCount * pageSize}. ` +
        'La copie a sans doute été interrompue ; utilisez une autre sauvegarde.',
    );
  }

  let opened = false;
  try {
    return withReadOnly(file, options.nativeBinding, (db) => {
      opened = true;
      return inspect(db, file, stat.size, options);
    });
  } catch (error) {
    if (opened) throw error;
    throw refuse('database_unreadable', `Le fichier ${file} ne peut pas être ouvert (${errorReason(error)}).`);
  }
}

function damaged(file: string, problems: string[]): KbError {
  return refuse('database_unreadable', `Le fichier ${file} est endommagé (${problems.slice(0, 3).join(' ; ')}). Utilisez une autre sauvegarde.`);
}

/**
 * The schema is checked first, from sqlite_schema alone: it must be exactly the one its
 * user_version has (the same migrations run from scratch), so that no trigger, view or index
 * planted in the file runs later, and no query below touches anything but the real tables.
 */
function inspect(db: Db, file: string, size: number, options: NativeOptions): BackupInfo {
  let schema: SchemaEntry[];
  let schemaVersion: number;
  try {
    schema = readSchema(db);
    schemaVersion = db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    throw damaged(file, [errorReason(error)]);
  }
  const tables = new Set(schema.filter((entry) => entry.type === 'table').map((entry) => entry.name));
  const missing = requiredTables.filter((table) => !tables.has(table));
  if (missing.length > 0 || schemaVersion < 1) {
    const why =
      missing.length > 0
        ? `table${missing.length > 1 ? 's' : ''} absente${missing.length > 1 ? 's' : ''} : ${missing.join(', ')}`
        : 'aucun numéro de schéma';
    throw refuse('invalid_input', `Le fichier ${file} est une base SQLite, mais pas une base Kits ESS (${why}).`);
  }
  if (schemaVersion > latestSchemaVersion) {
    throw refuse(
      'database_too_new',
      `La sauvegarde ${file} vient d’une version plus récente de Kits ESS (schéma ${schemaVersion}, cette version ` +
        `connaît le schéma ${latestSchemaVersion}). Mettez Kits ESS à jour pour la restaurer.`,
    );
  }
  const differences = schemaDifferences(schema, expectedSchema(schemaVersion, options.nativeBinding));
  if (differences.length > 0) {
    const shown = differences.slice(0, 4).join(' ; ');
    const more = differences.length > 4 ? ` et ${differences.length - 4} autre${differences.length > 5 ? 's' : ''} différence${differences.length > 5 ? 's' : ''}` : '';
    throw refuse(
      'invalid_input',
      `Le fichier ${file} n’a pas la structure d’une base Kits ESS (schéma ${schemaVersion}) : ${shown}${more}. ` +
        'Il a été modifié ou ne vient pas de Kits ESS : il n’est pas accepté comme sauvegarde.',
    );
  }
  let problems: string[];
  try {
    problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check);
  } catch (error) {
    problems = [errorReason(error)];
  }
  if (problems.length !== 1 || problems[0] !== 'ok') throw damaged(file, problems);
  const annotations = tables.has('annotations') ? (db.prepare('SELECT count(*) AS n FROM annotations').get() as { n: number }).n : 0;
  return { file, size, schemaVersion, annotations };
}

/**
 * Writes a consistent copy of the live database to `file`.
 *
 * `VACUUM INTO` rather than better-sqlite3's `db.backup()`: it is synchronous like the rest of
 * core (the API handlers and the CLI stay synchronous), it copies one snapshot taken in a single
 * read transaction (the WAL included) even while other connections write, and it writes a
 * compact, self-contained file in rollback-journal mode: no -wal file to carry along. The
 * database is small (a few megabytes), so blocking for a few milliseconds does not matter;
 * `db.backup()` copies page by page across event-loop turns, which only pays off for big files.
 *
 * The copy goes to a temporary name next to `file`, is flushed to disk and checked with
 * checkBackup, and only then renamed: a failed backup leaves no partial file. An existing file
 * is replaced only with `overwrite` (e.g. the person confirmed it in a save dialog).
 */
export function backupTo(db: Db, file: string, options: { overwrite?: boolean } & NativeOptions = {}): BackupInfo {
  const target = path.resolve(file);
  const live = path.resolve(db.name);
  if (target === live || sidecars.some((suffix) => target === `${live}${suffix}`)) {
    throw refuse('invalid_input', `${target} est la base en cours d’utilisation : choisissez un autre fichier pour la sauvegarde.`);
  }
  const exists = (): boolean => fs.existsSync(target);
  if (exists() && fs.statSync(target).isDirectory()) {
    throw refuse('invalid_input', `${target} est un dossier : indiquez le nom du fichier de sauvegarde à y écrire.`);
  }
  if (!options.overwrite && exists()) {
    throw refuse('invalid_input', `Le fichier ${target} existe déjà : choisissez un autre nom. Il n’a pas été modifié.`);
  }
  const dir = path.dirname(target);
  if (!fs.existsSync(dir)) throw refuse('invalid_input', `Le dossier ${dir} n’existe pas : la sauvegarde n’a pas été écrite.`);
  const partial = partialPathFor(target);
  try {
    db.prepare('VACUUM INTO ?').run(partial);
    syncFile(partial);
    const info = checkBackup(partial, options);
    if (!options.overwrite && exists()) {
      throw refuse('invalid_input', `Le fichier ${target} existe déjà : choisissez un autre nom. Il n’a pas été modifié.`);
    }
    fs.renameSync(partial, target);
    syncDir(dir);
    return { ...info, file: target };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    fs.rmSync(`${partial}-journal`, { force: true });
    if (error instanceof KbError && error.code === 'invalid_input') throw error;
    throw refuse('invalid_input', `La sauvegarde dans ${target} a échoué (${errorReason(error)}). Aucun fichier n’a été écrit.`);
  }
}

function entryOf(dir: string, name: string): BackupEntry | null {
  try {
    const stat = fs.statSync(path.join(dir, name));
    if (!stat.isFile()) return null;
    return { name, date: stat.mtime.toISOString(), size: stat.size, automatic: automaticBackupPattern.test(name) };
  } catch {
    return null;
  }
}

/** The backups of the data folder (automatic and manual), most recent first. */
export function listBackups(dataDir: string): BackupEntry[] {
  const dir = backupsDir(dataDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => backupNamePattern.test(name))
    .map((name) => entryOf(dir, name))
    .filter((entry): entry is BackupEntry => entry !== null)
    .sort((a, b) => b.date.localeCompare(a.date) || b.name.localeCompare(a.name));
}

/** The path of a backup named in listBackups; any other name (or path) is refused. */
export function backupPath(dataDir: string, name: string): string {
  if (!backupNamePattern.test(name)) throw refuse('invalid_input', 'Nom de sauvegarde invalide : choisissez une sauvegarde de la liste.');
  const file = path.join(backupsDir(dataDir), name);
  if (!listBackups(dataDir).some((entry) => entry.name === name)) {
    throw refuse('not_found', `La sauvegarde « ${name} » n’existe pas (ou plus) dans ${backupsDir(dataDir)}.`);
  }
  return file;
}

/** « Sauvegarder maintenant »: a backup in the backups folder, named with the date and time, never deleted automatically. */
export function backupNow(db: Db, dataDir: string, now: Date = new Date(), options: NativeOptions = {}): BackupEntry {
  const dir = backupsDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const file = freePath(path.join(dir, `kits-ess-${localStamp(now)}`), '.sqlite');
  backupTo(db, file, options);
  const entry = entryOf(dir, path.basename(file));
  if (!entry) throw refuse('invalid_input', `La sauvegarde ${file} a disparu juste après avoir été écrite.`);
  return entry;
}

export type AutomaticBackupResult =
  | { status: 'created'; entry: BackupEntry; deleted: string[] }
  | { status: 'exists'; name: string }
  | { status: 'failed'; reason: string };

/**
 * The backup of the day, made at the first start of each day: kits-ess-AAAA-MM-JJ.sqlite in the
 * backups folder; keeps the last seven automatic backups. Never throws: a failure (disk full,
 * folder not writable…) is logged and Kits ESS goes on without it. Old backups are deleted only
 * after the new one was written and checked; then the library's originals that no database
 * lists any more are deleted (see collectOriginals).
 */
export function automaticBackup(
  db: Db,
  dataDir: string,
  options: { now?: Date; log?: (message: string) => void } & NativeOptions = {},
): AutomaticBackupResult {
  const now = options.now ?? new Date();
  const log = options.log ?? ((message: string) => console.warn(message));
  const dir = backupsDir(dataDir);
  const name = `kits-ess-${localDay(now)}.sqlite`;
  let entry: BackupEntry | null;
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (fs.existsSync(path.join(dir, name))) return { status: 'exists', name };
    removeStalePartials(dir, now);
    backupTo(db, path.join(dir, name), options);
    entry = entryOf(dir, name);
    if (!entry) throw new Error('fichier introuvable après écriture');
  } catch (error) {
    const reason = errorReason(error);
    log(`Sauvegarde automatique impossible dans ${dir} : ${reason.replace(/[.\s]+$/, '')}. Kits ESS continue sans elle.`);
    return { status: 'failed', reason };
  }
  const deleted: string[] = [];
  const older = fs
    .readdirSync(dir)
    .filter((file) => automaticBackupPattern.test(file))
    .sort()
    .reverse()
    .slice(keptAutomaticBackups)
    .filter((file) => file !== name);
  for (const file of older) {
    try {
      fs.rmSync(path.join(dir, file));
      deleted.push(file);
    } catch (error) {
      log(`Ancienne sauvegarde automatique ${file} non supprimée : ${errorReason(error)}`);
    }
  }
  // The originals only the pruned backups (or backups deleted by hand) still listed go now.
  try {
    collectOriginals(db, dataDir, { log, nativeBinding: options.nativeBinding });
  } catch (error) {
    log(`Fichiers d’origine de la bibliothèque non triés : ${errorReason(error)}`);
  }
  return { status: 'created', entry, deleted };
}

/**
 * Moves the database and its -wal/-shm aside as `<database>.<label>-<horodatage>`, unless it
 * does not exist (returns null). With `checkpoint`, the WAL is first folded into the main file
 * (switching to rollback-journal mode, which needs every other connection closed: if another
 * Kits ESS still has it open, this is refused and nothing moves), so the file set aside is
 * self-contained and can itself be restored. Without it, the bytes are moved exactly as found.
 */
export function setAside(
  databasePath: string,
  label: string,
  options: { now?: Date; checkpoint?: boolean } & NativeOptions = {},
): string | null {
  const present = ['', ...sidecars].some((suffix) => fs.existsSync(`${databasePath}${suffix}`));
  if (!present) return null;
  if (options.checkpoint && fs.existsSync(databasePath)) foldWal(databasePath, options);
  const aside = freePath(`${databasePath}.${label}-${localStamp(options.now ?? new Date())}`);
  renameWithSidecars(databasePath, aside);
  return aside;
}

function foldWal(databasePath: string, options: NativeOptions): void {
  let db: Db | undefined;
  try {
    db = new Database(databasePath, { fileMustExist: true, ...nativeOptions(options) });
    db.pragma('busy_timeout = 1000');
    db.pragma('journal_mode = DELETE');
  } catch (error) {
    const code = errorCode(error);
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw refuse(
        'invalid_input',
        `La base ${databasePath} est ouverte par une autre fenêtre ou commande Kits ESS : fermez-la puis recommencez. ` +
          'Rien n’a été modifié.',
      );
    }
    // An unreadable database is moved as it is, its -wal and -shm with it.
    if (!isCorruptionCode(code)) throw error;
  } finally {
    db?.close();
  }
}

/**
 * Replaces the database of `dataDir` by the backup `file`, then opens it with `open` (as the app
 * uses it: migrations, shipped content). The knowledge base of that folder must be closed
 * (KnowledgeBase.restore does it). In order:
 *   1. checkBackup: a refused file changes nothing;
 *   2. a consistent copy of it is staged next to the database, checked again (the file may have
 *      changed since), brought to this version's schema (migrations run on the copy, never on
 *      the backup itself) and checked once more;
 *   3. the current database is set aside whole (kits-ess.sqlite.avant-restauration-…);
 *   4. the copy is renamed into place (atomic) and opened.
 * A failure up to 3 leaves the current database as it was. A failure in 4 removes the restored
 * copy and puts the previous database back; the message says so (or where it is kept, if it
 * could not be put back).
 */
export function restoreAndOpen<T>(
  dataDir: string,
  file: string,
  open: (databasePath: string) => T,
  options: { now?: Date } & NativeOptions = {},
): { report: RestoreReport; opened: T } {
  const source = path.resolve(file);
  const databasePath = path.join(dataDir, databaseFileName);
  if (source === path.resolve(databasePath)) {
    throw refuse('invalid_input', `${source} est la base en cours : choisissez une sauvegarde.`);
  }
  const info = checkBackup(source, options);
  fs.mkdirSync(dataDir, { recursive: true });
  const staged = partialPathFor(databasePath);
  try {
    let previous: string | null;
    try {
      stageCopy(source, staged, options);
      previous = setAside(databasePath, 'avant-restauration', { ...options, checkpoint: true });
    } catch (error) {
      if (error instanceof KbError) throw error;
      throw refuse('invalid_input', `La restauration de ${source} a échoué (${errorReason(error)}). La base actuelle n’a pas été modifiée.`);
    }
    try {
      fs.renameSync(staged, databasePath);
      syncDir(dataDir);
      const opened = open(databasePath);
      return { report: { restoredFrom: source, previousSavedAs: previous, annotations: info.annotations }, opened };
    } catch (error) {
      throw putBack(databasePath, previous, source, error);
    }
  } finally {
    removeWithSidecars(staged);
  }
}

/** A database and its sidecars removed; the caller handles an error (the files are then left as they are). */
function removeWithSidecars(databasePath: string): void {
  for (const suffix of ['', ...sidecars]) fs.rmSync(`${databasePath}${suffix}`, { force: true });
}

/**
 * After the current database was set aside: the restored copy is removed (the backup itself is
 * untouched) and the previous database renamed back. The error says truthfully where things are.
 */
function putBack(databasePath: string, previous: string | null, source: string, cause: unknown): KbError {
  const failed = `La restauration de ${source} a échoué après la mise de côté de la base actuelle (${errorReason(cause).replace(/[.\s]+$/, '')}).`;
  try {
    removeWithSidecars(databasePath);
    if (previous) renameWithSidecars(previous, databasePath);
  } catch (error) {
    return refuse(
      'invalid_input',
      `${failed} La base d’avant n’a pas pu être remise en place automatiquement (${errorReason(error)}) : elle est intacte dans ${previous}. ` +
        `Pour la reprendre : kits-ess restore "${previous}".`,
    );
  }
  return refuse(
    'invalid_input',
    previous
      ? `${failed} La base d’avant a été remise en place : vos données sont celles d’avant la restauration.`
      : `${failed} Il n’y avait pas de base en place : la copie de la sauvegarde a été retirée, rien d’autre n’a changé.`,
  );
}

/** Copies the backup (its WAL included, if any) to `staged`, migrates the copy, and leaves it as one file. */
function stageCopy(source: string, staged: string, options: NativeOptions): void {
  withReadOnly(source, options.nativeBinding, (from) => from.prepare('VACUUM INTO ?').run(staged));
  // The copy is what gets migrated and restored: it is checked before (the backup may have been
  // replaced since it was checked) and after the migrations.
  checkBackup(staged, options);
  const db = openDatabase(staged, nativeOptions(options));
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
  syncFile(staged);
  checkBackup(staged, options);
}
