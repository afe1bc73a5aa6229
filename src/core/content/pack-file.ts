import fs from 'node:fs';

/**
 * The rules for reading a file of a content pack, which a person may have been handed by anyone:
 * only regular files (no symbolic link, FIFO, socket or device), at most maxContentFileBytes
 * counted on the bytes actually read, UTF-8 text. A reader of another container (a .zip pack)
 * applies the same rules through packEntryProblem and packText.
 */

/** A content file larger than this is refused: fiches are a few kilobytes. */
export const maxContentFileBytes = 2 * 1024 * 1024;

/** What a reader knows of an entry before reading it (lstat on disk, the directory of an archive). */
export type PackEntryKind = 'file' | 'directory' | 'symlink' | 'special';

export type PackFileRead = { text: string } | { problem: string } | { absent: true };

export const symlinkProblem =
  'lien symbolique refusé : un paquet ne contient que des dossiers et des fichiers ordinaires (copiez-y le fichier ou le dossier lui-même).';
const specialProblem = 'ce n’est pas un fichier ordinaire (tube, socket ou périphérique) : refusé.';

/** `size` is known from a listing; bytes read past the limit only say that it is bigger. */
function tooLarge(size?: number): string {
  const limit = `au plus ${maxContentFileBytes / 1024 / 1024} Mo`;
  return size === undefined ? `fichier trop volumineux (${limit}).` : `fichier trop volumineux (${(size / 1024 / 1024).toFixed(1)} Mo ; ${limit}).`;
}

/** Why an entry that should be a text file cannot be read, or null when it may be. */
export function packEntryProblem(kind: PackEntryKind, declaredSize: number): string | null {
  if (kind === 'symlink') return symlinkProblem;
  if (kind === 'directory') return 'c’est un dossier, un fichier était attendu.';
  if (kind === 'special') return specialProblem;
  return declaredSize > maxContentFileBytes ? tooLarge(declaredSize) : null;
}

/** The text of the bytes actually read (at most maxContentFileBytes + 1 of them), or why it is refused. */
export function packText(bytes: Uint8Array): { text: string } | { problem: string } {
  if (bytes.length > maxContentFileBytes) return { problem: tooLarge() };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { problem: 'le fichier n’est pas un texte encodé en UTF-8.' };
  }
}

function entryKind(stat: fs.Stats | fs.Dirent): PackEntryKind {
  if (stat.isSymbolicLink()) return 'symlink';
  if (stat.isDirectory()) return 'directory';
  return stat.isFile() ? 'file' : 'special';
}

// O_NOFOLLOW: a link swapped in after lstat is not followed. O_NONBLOCK: opening a FIFO swapped
// in does not wait for a writer (it is then refused by fstat). Neither exists on Windows.
const openFlags = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

/** Reads a pack file from disk under the rules above; `absent` when there is nothing at that path. */
export function readPackFile(file: string): PackFileRead {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return { absent: true };
  }
  const before = packEntryProblem(entryKind(stat), stat.size);
  if (before) return { problem: before };
  let fd: number;
  try {
    fd = fs.openSync(file, openFlags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { problem: symlinkProblem };
    if (code === 'ENOENT') return { absent: true };
    if (code === 'ENXIO') return { problem: specialProblem };
    if (code === 'EACCES' || code === 'EPERM') return { problem: 'lecture refusée : vous n’avez pas le droit de lire ce fichier.' };
    return { problem: `lecture impossible (${code ?? 'erreur inconnue'}).` };
  }
  try {
    // The type and size of what was actually opened, in case the path changed since lstat.
    const opened = fs.fstatSync(fd);
    const problem = packEntryProblem(entryKind(opened), opened.size);
    if (problem) return { problem };
    // The limit applies to what is read, whatever the size said: one byte more than allowed is enough to refuse.
    const buffer = Buffer.allocUnsafe(maxContentFileBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return packText(buffer.subarray(0, length));
  } finally {
    fs.closeSync(fd);
  }
}
