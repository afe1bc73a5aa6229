import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { KbError } from '../../shared/errors';
import { maxContentFileBytes } from './pack-file';
import { readPackEdition } from './bundled-content';

/**
 * A content pack travels as one .zip file (a colleague's USB key, an e-mail). The archive is
 * hostile until checked: its entries are unpacked into a fresh temp folder under caps counted
 * on the bytes actually inflated, with no name able to leave that folder, and only then is the
 * folder read as a pack (read-pack.ts) by the caller.
 */
export const zipPackLimits = {
  /** The archive itself: the bundled kits make about 1 MB. */
  maxArchiveBytes: 100 * 1024 * 1024,
  maxEntries: 5000,
  /** Each file: the same cap as a file of a pack folder. */
  maxEntryBytes: maxContentFileBytes,
  maxTotalBytes: 50 * 1024 * 1024,
};

export type ZipPackLimits = typeof zipPackLimits;

const unixFileType = 0o170000;
const unixSymlink = 0o120000;
const unixDirectory = 0o040000;
const unixRegular = 0o100000;
// A name segment that Windows, macOS and Linux all accept as a plain name.
const safeSegment = /^[^\\/:*?"<>|\u0000-\u001f]+$/;

function refused(zipName: string, reason: string): KbError {
  return new KbError('invalid_content', `Le paquet ${zipName} est refusé : ${reason} Rien n’a été importé.`);
}

/** The relative path segments of an entry name, or why the name could escape or mislead. */
export function zipEntrySegments(name: string): { segments: string[]; directory: boolean } | { problem: string } {
  if (name.includes('\\')) return { problem: `le nom « ${name} » contient une barre oblique inverse.` };
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return { problem: `le chemin « ${name} » est absolu.` };
  const directory = name.endsWith('/');
  const segments = (directory ? name.slice(0, -1) : name).split('/');
  for (const segment of segments) {
    if (segment === '..' || segment === '.') return { problem: `le chemin « ${name} » sort du paquet.` };
    if (!safeSegment.test(segment) || segment.endsWith('.') || segment.endsWith(' ')) {
      return { problem: `le nom « ${name} » n’est pas un nom de fichier valable.` };
    }
  }
  return { segments, directory };
}

/** The kind of an entry from the Unix mode the archiver recorded (none when made on Windows). */
function entryKind(entry: yauzl.Entry, directoryName: boolean): 'file' | 'directory' | 'symlink' | 'special' {
  const madeOnUnix = entry.versionMadeBy >> 8 === 3;
  const mode = madeOnUnix ? (entry.externalFileAttributes >>> 16) & unixFileType : 0;
  if (mode === unixSymlink) return 'symlink';
  if (mode !== 0 && mode !== unixRegular && mode !== unixDirectory) return 'special';
  if (directoryName || mode === unixDirectory) return 'directory';
  return 'file';
}

/** Counts the inflated bytes as they come, and stops the stream past either cap. */
function byteCounter(limits: ZipPackLimits, total: { bytes: number }, zipName: string, entryName: string): Transform {
  let entryBytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      entryBytes += chunk.length;
      total.bytes += chunk.length;
      if (entryBytes > limits.maxEntryBytes) {
        callback(refused(zipName, `le fichier « ${entryName} » dépasse ${limits.maxEntryBytes / 1024 / 1024} Mo une fois décompressé.`));
      } else if (total.bytes > limits.maxTotalBytes) {
        callback(refused(zipName, `son contenu dépasse ${limits.maxTotalBytes / 1024 / 1024} Mo une fois décompressé.`));
      } else callback(null, chunk);
    },
  });
}

/**
 * Unpacks `zipFile` into the empty folder `target`, refusing the whole archive at the first
 * entry that breaks a rule. `zipName` is how messages name the archive.
 */
export async function unpackZip(zipFile: string, target: string, zipName: string, limits: ZipPackLimits = zipPackLimits): Promise<void> {
  let size: number;
  try {
    size = fs.statSync(zipFile).size;
  } catch {
    throw new KbError('invalid_input', `Le fichier ${zipName} est introuvable.`);
  }
  if (size > limits.maxArchiveBytes) refusedThrow(zipName, `le fichier dépasse ${limits.maxArchiveBytes / 1024 / 1024} Mo.`);
  let zip: yauzl.ZipFile;
  try {
    // Names stay raw bytes so that they are checked here, with French messages, and never rewritten.
    zip = await yauzl.openPromise(zipFile, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, strictFileNames: true });
  } catch {
    throw refused(zipName, 'ce n’est pas une archive .zip lisible.');
  }
  try {
    if (zip.entryCount > limits.maxEntries) refusedThrow(zipName, `il contient plus de ${limits.maxEntries} fichiers.`);
    const total = { bytes: 0 };
    // yauzl 3.4's async iteration over lazily read entries (not in its published types yet).
    const entries = (zip as yauzl.ZipFile & { eachEntry(): AsyncIterable<yauzl.Entry> }).eachEntry();
    for await (const entry of entries) {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileName as unknown as Buffer, entry.extraFields, true);
      const checked = zipEntrySegments(name);
      if ('problem' in checked) refusedThrow(zipName, checked.problem);
      const kind = entryKind(entry, checked.directory);
      if (kind === 'symlink') refusedThrow(zipName, `« ${name} » est un lien symbolique ; un paquet ne contient que des dossiers et des fichiers.`);
      if (kind === 'special') refusedThrow(zipName, `« ${name} » n’est pas un fichier ordinaire.`);
      if (entry.isEncrypted()) refusedThrow(zipName, `« ${name} » est chiffré.`);
      const destination = path.join(target, ...checked.segments);
      // Belt and braces: whatever the checks above missed, nothing is written outside `target`.
      if (path.relative(target, destination).startsWith('..') || path.isAbsolute(path.relative(target, destination))) {
        refusedThrow(zipName, `le chemin « ${name} » sort du paquet.`);
      }
      if (kind === 'directory') {
        fs.mkdirSync(destination, { recursive: true });
        continue;
      }
      if (entry.uncompressedSize > limits.maxEntryBytes) {
        refusedThrow(zipName, `le fichier « ${name} » dépasse ${limits.maxEntryBytes / 1024 / 1024} Mo une fois décompressé.`);
      }
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      const stream = await zip.openReadStreamPromise(entry);
      // 'wx': two entries with the same name (or the same name but for case, on Windows and macOS) are refused.
      await pipeline(stream, byteCounter(limits, total, zipName, name), fs.createWriteStream(destination, { flags: 'wx' })).catch(
        (error: unknown) => {
          if (error instanceof KbError) throw error;
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw refused(zipName, `le fichier « ${name} » y figure deux fois.`);
          throw refused(zipName, `le fichier « ${name} » est illisible ou abîmé.`);
        },
      );
    }
  } catch (error) {
    if (error instanceof KbError) throw error;
    throw refused(zipName, 'l’archive est abîmée.');
  } finally {
    zip.close();
  }
}

function refusedThrow(zipName: string, reason: string): never {
  throw refused(zipName, reason);
}

/** Unpacks `zipFile` into a temp folder, gives the folder to `work`, and removes it whatever happens. */
export async function withUnpackedZip<T>(zipFile: string, zipName: string, work: (folder: string) => T, limits?: ZipPackLimits): Promise<T> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kits-ess-paquet-'));
  try {
    await unpackZip(zipFile, folder, zipName, limits);
    return work(folder);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** Every regular file under `root`, as paths relative to it with forward slashes, sorted. */
function packFiles(root: string, relative = ''): string[] {
  return fs
    .readdirSync(path.join(root, relative), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return packFiles(root, name);
      return entry.isFile() && !entry.name.startsWith('.') ? [name] : [];
    });
}

/**
 * Writes the pack folder `contentDir` as one .zip at `outFile`; its edition (the newest kit.yml
 * edition) is in the archive comment for people who look, the importer reads it from the kits.
 */
export async function writePackZip(contentDir: string, outFile: string): Promise<{ edition: string | null; files: number }> {
  const edition = readPackEdition(contentDir);
  const files = packFiles(contentDir);
  const zip = new yazl.ZipFile();
  // A fixed date: the same content gives the same archive, byte for byte.
  const mtime = new Date(Date.UTC(2020, 0, 1));
  for (const file of files) zip.addFile(path.join(contentDir, file), file, { mtime, mode: 0o100644 });
  zip.end({ comment: `Kits ESS, paquet de contenu, édition ${edition ?? 'inconnue'}`, forceZip64Format: false });
  await pipeline(zip.outputStream, fs.createWriteStream(outFile));
  return { edition, files: files.length };
}
