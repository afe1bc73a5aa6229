import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { NonSharedBuffer } from 'node:buffer';
import path from 'node:path';
import { KbError } from '../../shared/errors';

/*
 * The originals of the library: each file stored once in the data folder, named by the SHA-256
 * of its bytes. A name is a promise about the content: an original is never modified, and one
 * whose bytes no longer give its name is refused when read, never shown as if sound.
 */

/** The folder of the data folder holding the originals, each named by its SHA-256. */
export const documentsDirName = 'documents';

/** What the name of an original looks like; anything else in the folder (a write under way) is not one. */
export const originalNamePattern = /^[0-9a-f]{64}$/;

export function originalPath(dataDir: string, sha256: string): string {
  return path.join(dataDir, documentsDirName, sha256);
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Whether the original is in the data folder (a restored base may name one that is not). */
export function hasOriginal(dataDir: string, sha256: string): boolean {
  return fs.existsSync(originalPath(dataDir, sha256));
}

/**
 * The original's bytes, checked against its name. Missing or altered (disk damage, a hand
 * edit), it is refused with a French message: an altered file could show another text than
 * the one the person imported, annotated and searched.
 */
export function readOriginal(dataDir: string, sha256: string, title: string): NonSharedBuffer {
  let bytes: NonSharedBuffer;
  try {
    bytes = fs.readFileSync(originalPath(dataDir, sha256));
  } catch {
    throw new KbError(
      'not_found',
      `Le fichier d’origine de « ${title} » est absent du dossier de données : importez de nouveau ce document pour le retrouver ` +
        '(son texte reste dans la recherche).',
    );
  }
  if (sha256Of(bytes) !== sha256) {
    throw new KbError(
      'invalid_content',
      `Le fichier d’origine de « ${title} » a été modifié ou endommagé sur le disque : son contenu n’est plus celui qui a été importé, ` +
        'il n’est donc pas affiché. Importez de nouveau le document d’origine pour le réparer.',
    );
  }
  return bytes;
}

/** Whether the original is there with the bytes its name promises. */
export function originalIsSound(dataDir: string, sha256: string): boolean {
  try {
    return sha256Of(fs.readFileSync(originalPath(dataDir, sha256))) === sha256;
  } catch {
    return false;
  }
}

/**
 * Writes the original under its name: to a temporary file, flushed, then renamed, so that the
 * name never holds half a file. A damaged file of that name is replaced whole.
 */
export function writeOriginal(dataDir: string, sha256: string, bytes: Uint8Array): void {
  const file = originalPath(dataDir, sha256);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.part`;
  try {
    const fd = fs.openSync(partial, 'w');
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}
