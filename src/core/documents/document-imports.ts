import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KbError } from '../../shared/errors';
import { maxDocumentBytes, type ImportDocumentInput, type ImportJob, type ImportResult } from '../../shared/document-schemas';
import { formatSize, sizeOverLimit } from '../../shared/french-format';
import type { Db } from '../db/open-database';
import type { DocumentLibrary } from './document-library';
import { documentFormatOf } from './document-format';
import { ExtractionError } from './extraction-error';
import { startExtraction, type Extraction } from './extraction-runner';
import { detectFiche } from './fiche-detection';
import { originalIsSound, sha256Of } from './original-files';

/** Finished imports kept for polling; older ones are forgotten. */
const keptJobs = 100;

const tooLarge = (name: string, size: number) =>
  new KbError(
    'invalid_input',
    `« ${name} » pèse ${sizeOverLimit(size, maxDocumentBytes)} : la bibliothèque accepte des fichiers jusqu’à ${formatSize(maxDocumentBytes)}. Rien n’a été importé.`,
  );

/** The title, author and date a document comes with (a teammate's share), instead of those read from the file. */
export interface KnownMetadata {
  title: string;
  author: string;
  date: string;
}

/**
 * What to import: bytes from the API, a path given by the command line or the desktop app's
 * menu, or bytes already in memory (an original downloaded from the team, with its metadata).
 */
export type ImportSource =
  | ImportDocumentInput
  | { path: string; password?: string }
  | { fileName: string; bytes: Uint8Array; metadata: KnownMetadata; password?: undefined };

/** The file to import, read only after its size is known to be acceptable. */
function readInput(input: ImportSource): { fileName: string; bytes: Uint8Array } {
  if ('bytes' in input) {
    if (input.bytes.byteLength > maxDocumentBytes) throw tooLarge(input.fileName, input.bytes.byteLength);
    return input;
  }
  if ('path' in input) {
    const fileName = path.basename(input.path);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input.path);
    } catch {
      throw new KbError('not_found', `Le fichier « ${input.path} » est introuvable.`);
    }
    if (!stat.isFile()) throw new KbError('invalid_input', `« ${input.path} » n’est pas un fichier.`);
    if (stat.size > maxDocumentBytes) throw tooLarge(fileName, stat.size);
    return { fileName, bytes: fs.readFileSync(input.path) };
  }
  // Base64 takes 4 characters for 3 bytes: the size is known before decoding.
  const size = Math.floor((input.base64.length * 3) / 4) - (input.base64.endsWith('==') ? 2 : input.base64.endsWith('=') ? 1 : 0);
  if (size > maxDocumentBytes) throw tooLarge(input.fileName, size);
  return { fileName: input.fileName, bytes: Buffer.from(input.base64, 'base64') };
}

const alreadyThere = (title: string) => `« ${title} » est déjà dans la bibliothèque.`;

/** The file name without its extension, as the title of a document that names none. */
function titleFromFileName(fileName: string): string {
  const base = fileName.replace(/\.[^.]+$/, '').replace(/[_]+/g, ' ').trim();
  return base || fileName;
}

interface RunningJob {
  job: ImportJob;
  extraction: Extraction | null;
  finished: Promise<ImportJob>;
}

/**
 * Imports into the library, one job per file: checks (size, format against content, already
 * there) run at once and refuse with a French message; the text is read in a worker thread
 * that reports its progress and can be cancelled; the document is written in one transaction
 * once its text is read. A failed or cancelled job writes nothing.
 */
export class DocumentImports {
  private readonly jobs = new Map<string, RunningJob>();

  constructor(
    private readonly library: () => DocumentLibrary,
    private readonly db: () => Db,
  ) {}

  start(input: ImportSource): ImportJob {
    const { fileName, bytes } = readInput(input);
    if (bytes.byteLength === 0) throw new KbError('invalid_input', `« ${fileName} » est vide. Rien n’a été importé.`);
    const format = documentFormatOf(fileName, bytes);
    const sha256 = sha256Of(bytes);
    const jobId = randomUUID();
    const job: ImportJob = { jobId, fileName, state: 'running', pagesDone: 0, pageCount: null, result: null, error: null };

    if (this.library().has(sha256)) {
      const result = this.alreadyInLibrary(sha256, bytes);
      return this.remember({ job: { ...job, state: 'done', pageCount: result.document.pageCount, pagesDone: result.document.pageCount, result }, extraction: null });
    }

    const known = 'metadata' in input ? input.metadata : null;
    const extraction = startExtraction(bytes, format, {
      password: input.password,
      onProgress: (pagesDone, pageCount) => Object.assign(job, { pagesDone, pageCount }),
    });
    const finished = extraction.result.then(
      (extracted) => {
        const library = this.library();
        // The same file imported twice at once: the first one written wins.
        if (library.has(sha256)) {
          const result = this.alreadyInLibrary(sha256, bytes);
          return Object.assign(job, { state: 'done', pagesDone: result.document.pageCount, pageCount: result.document.pageCount, result } satisfies Partial<ImportJob>);
        }
        const document = library.add(
          {
            sha256,
            fileName,
            format,
            title: known?.title || extracted.title || titleFromFileName(fileName),
            author: known ? known.author : extracted.author,
            date: known ? known.date : extracted.date,
            pages: extracted.pages,
            size: bytes.byteLength,
            suggestedFiche: detectFiche(this.db(), fileName, extracted.pages[0] ?? ''),
          },
          bytes,
        );
        const message = document.scanned
          ? `« ${document.title} » est importé : document numérisé, sans texte (il ne sera pas trouvé par la recherche).`
          : `« ${document.title} » est importé (${document.pageCount} page${document.pageCount > 1 ? 's' : ''}).`;
        return Object.assign(job, {
          state: 'done',
          pagesDone: document.pageCount,
          pageCount: document.pageCount,
          result: { document, alreadyInLibrary: false, message },
        } satisfies Partial<ImportJob>);
      },
      (error: unknown) => {
        if (job.state === 'cancelled') return job;
        const passwordRequired = error instanceof ExtractionError && error.kind === 'password-required';
        const message =
          error instanceof ExtractionError || error instanceof KbError ? error.message : 'L’import a échoué. Rien n’a été importé.';
        return Object.assign(job, { state: passwordRequired ? 'password-required' : 'failed', error: message } satisfies Partial<ImportJob>);
      },
    ).then(
      (done) => done,
      // Writing failed (disk full…): the library's add has undone what it wrote.
      () => Object.assign(job, { state: 'failed', error: 'L’enregistrement du document a échoué. Rien n’a été importé.' } satisfies Partial<ImportJob>),
    );
    return this.remember({ job, extraction, finished });
  }

  /**
   * The same file as a document of the library: nothing is added, but if that document's original
   * is absent (a restored base) or damaged, these bytes (the same SHA-256) take its place.
   */
  private alreadyInLibrary(sha256: string, bytes: Uint8Array): ImportResult {
    const library = this.library();
    if (originalIsSound(library.dataDir, sha256)) {
      const document = library.summary(sha256);
      return { document, alreadyInLibrary: true, message: alreadyThere(document.title) };
    }
    const document = library.reattachOriginal(sha256, bytes);
    return { document, alreadyInLibrary: true, message: `« ${document.title} » retrouve son fichier d’origine : il se lit de nouveau.` };
  }

  get(jobId: string): ImportJob {
    return { ...this.running(jobId).job };
  }

  /** « Annuler » : stops the extraction; nothing is written. A finished import stays as it is. */
  cancel(jobId: string): ImportJob {
    const running = this.running(jobId);
    if (running.job.state === 'running') {
      running.job.state = 'cancelled';
      running.extraction?.cancel();
    }
    return { ...running.job };
  }

  /** Cancels every import under way (the knowledge base is closing: their threads must not outlive it). */
  cancelAll(): void {
    for (const { job } of this.jobs.values()) if (job.state === 'running') this.cancel(job.jobId);
  }

  /** The job once finished (the command line waits for it). */
  async wait(jobId: string): Promise<ImportJob> {
    return { ...(await this.running(jobId).finished) };
  }

  private remember(entry: Omit<RunningJob, 'finished'> & { finished?: Promise<ImportJob> }): ImportJob {
    const running: RunningJob = { ...entry, finished: entry.finished ?? Promise.resolve(entry.job) };
    this.jobs.set(entry.job.jobId, running);
    const finishedIds = [...this.jobs.values()].filter((j) => j.job.state !== 'running').map((j) => j.job.jobId);
    for (const id of finishedIds.slice(0, Math.max(0, finishedIds.length - keptJobs))) this.jobs.delete(id);
    return { ...entry.job };
  }

  private running(jobId: string): RunningJob {
    const running = this.jobs.get(jobId);
    if (!running) throw new KbError('not_found', 'Cet import n’est plus suivi : relancez-le si besoin.');
    return running;
  }
}
