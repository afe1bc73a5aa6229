import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Folder of the automatic and « Sauvegarder maintenant » backups, inside the data folder. */
export const backupsDirName = 'sauvegardes';

/** A Kits ESS database is a few megabytes; a bigger file is surely something else. */
export const maxBackupSize = 2 * 1024 ** 3;

/** Automatic backups kept (one a day); the older ones are deleted. Manual backups are never deleted. */
export const keptAutomaticBackups = 7;

/** kits-ess-AAAA-MM-JJ.sqlite (automatic, one a day). */
export const automaticBackupPattern = /^kits-ess-(\d{4}-\d{2}-\d{2})\.sqlite$/;

const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');

/** The file's 100-byte SQLite header, or null when it does not begin with one. Reads only those bytes. */
export function readSqliteHeader(file: string): Buffer | null {
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  try {
    const read = fs.readSync(fd, header, 0, header.length, 0);
    return read === header.length && header.subarray(0, sqliteMagic.length).equals(sqliteMagic) ? header : null;
  } finally {
    fs.closeSync(fd);
  }
}

export function backupsDir(dataDir: string): string {
  return path.join(dataDir, backupsDirName);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The local day, AAAA-MM-JJ: the person's day, not UTC's. */
export function localDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A local timestamp usable in a file name on every system: AAAA-MM-JJ-HHMMSS. */
export function localStamp(date: Date): string {
  return `${localDay(date)}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** `base`, or `base-2`, `base-3`… whichever does not exist yet (checked with its -wal and -shm too). */
export function freePath(base: string, extension = ''): string {
  for (let n = 1; ; n++) {
    const candidate = `${base}${n === 1 ? '' : `-${n}`}${extension}`;
    if (![candidate, `${candidate}-wal`, `${candidate}-shm`].some((f) => fs.existsSync(f))) return candidate;
  }
}

/** Temporary files are written next to their destination (same disk, so the rename is atomic). */
export const partialSuffix = '.partiel';
const partialPattern = /\.[0-9a-f]{12}\.partiel(?:-wal|-shm|-journal)?$/;

export function partialPathFor(target: string): string {
  return `${target}.${randomBytes(6).toString('hex')}${partialSuffix}`;
}

/** Removes the leftovers of our own interrupted writes (never anything else) older than an hour. */
export function removeStalePartials(dir: string, now: Date): void {
  for (const name of fs.readdirSync(dir)) {
    if (!partialPattern.test(name)) continue;
    const file = path.join(dir, name);
    try {
      if (now.getTime() - fs.statSync(file).mtimeMs > 3_600_000) fs.rmSync(file, { force: true });
    } catch {
      // Another process may be finishing it: leave it.
    }
  }
}

/** Forces a file's bytes to disk before it is renamed into place. */
export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename durable on POSIX systems; Windows cannot open a folder for this, nor needs it. */
export function syncDir(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some file systems refuse to fsync a folder; the rename itself has happened.
  }
}

/** The SQLite sidecar files of a database, which always travel with it. */
export const sidecars = ['-wal', '-shm', '-journal'] as const;

/**
 * Renames `file` and its sidecars to `target` (+ the same suffixes), all or nothing: if one
 * rename fails, those already done are undone.
 */
export function renameWithSidecars(file: string, target: string): void {
  const done: [string, string][] = [];
  try {
    for (const suffix of ['', ...sidecars]) {
      const from = `${file}${suffix}`;
      if (!fs.existsSync(from)) continue;
      const to = `${target}${suffix}`;
      fs.renameSync(from, to);
      done.push([from, to]);
    }
  } catch (error) {
    for (const [from, to] of done.reverse()) {
      try {
        fs.renameSync(to, from);
      } catch {
        // Nothing more can be done; the files keep their new names, nothing is lost.
      }
    }
    throw error;
  }
  syncDir(path.dirname(file));
}

export function errorReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** better-sqlite3's SqliteError (and fs errors) carry a code such as SQLITE_CORRUPT or ENOSPC. */
export function errorCode(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return '';
}

/** SQLite's way of saying « these bytes are not a (sound) database ». */
export function isCorruptionCode(code: string): boolean {
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_');
}

/**
 * Runs `use` on a read-only connection to `file`. Opening a WAL-mode file read-only makes SQLite
 * create -wal and -shm files beside it, which it cannot remove when closing. With `tidy`, those
 * we created are removed (the -wal only if it stayed empty), so looking at a backup leaves its
 * folder as it was. Not for the live database: its -shm may be in use by a connection opening
 * at the same moment, and openDatabase recreates them anyway.
 */
export function withReadOnly<T>(
  file: string,
  nativeBinding: string | undefined,
  use: (db: Database.Database) => T,
  tidy = true,
): T {
  const created = tidy ? ['-wal', '-shm'].filter((suffix) => !fs.existsSync(`${file}${suffix}`)) : [];
  const db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    return use(db);
  } finally {
    db.close();
    try {
      for (const suffix of created) {
        const sidecar = `${file}${suffix}`;
        if (suffix === '-shm' || !fs.existsSync(sidecar) || fs.statSync(sidecar).size === 0) fs.rmSync(sidecar, { force: true });
      }
    } catch {
      // Leaving an empty -wal or -shm behind is harmless.
    }
  }
}
