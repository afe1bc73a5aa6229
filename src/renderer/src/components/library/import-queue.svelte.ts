import type { ImportJob } from '../../../../shared/document-schemas';
import { maxDocumentBytes } from '../../../../shared/document-limits';
import { call, errorMessage } from '../../lib/api';
import { bytesToBase64 } from './base64';

/** One file being brought into the library, as its line under the import button shows it. */
export interface ImportItem {
  key: number;
  fileName: string;
  /** reading: the renderer reads the file; then the core's job states. */
  state: 'reading' | ImportJob['state'];
  pagesDone: number;
  pageCount: number | null;
  /** What to tell the person once finished, in French. */
  message: string | null;
  /** The document to open once imported. */
  documentId: string | null;
  jobId: string | null;
  /** Kept until the person gives the password (« password-required ») or gives up. */
  file: File | null;
  /** Typed by the person for an encrypted PDF. */
  password: string | null;
}

const pollMs = 150;

/** Read through a call: the state changes under an await (« Annuler »), which narrowing cannot see. */
function isRunning(item: ImportItem): boolean {
  return item.state === 'running';
}

/** Read after an await: « Annuler » may have been pressed meanwhile. */
function isCancelled(item: ImportItem): boolean {
  return item.state === 'cancelled';
}

/**
 * The imports of this window: files chosen with « Importer des documents » or dropped onto the
 * window. One file at a time, in order; each can be cancelled while it runs. The list outlives
 * the library page, so that a drop from any page shows its progress once the page opens.
 */
class ImportQueue {
  items: ImportItem[] = $state([]);
  /** Bumped each time a document lands in the library, for the list to read itself again. */
  imported = $state(0);
  private nextKey = 1;
  private running = false;

  get active(): boolean {
    return this.items.some((item) => item.state === 'reading' || item.state === 'running');
  }

  add(files: Iterable<File>): void {
    for (const file of files) {
      this.items.push({
        key: this.nextKey++,
        fileName: file.name,
        state: 'reading',
        pagesDone: 0,
        pageCount: null,
        message: null,
        documentId: null,
        jobId: null,
        file,
        password: null,
      });
    }
    void this.drain();
  }

  /** Clears the finished lines. */
  clearFinished(): void {
    this.items = this.items.filter((item) => item.state === 'reading' || item.state === 'running' || item.state === 'password-required');
  }

  async cancel(key: number): Promise<void> {
    const item = this.find(key);
    if (!item) return;
    if (item.state === 'password-required' || !item.jobId) {
      this.finish(item, 'cancelled', 'Import annulé : rien n’a été ajouté.');
      return;
    }
    try {
      const job = await call('cancelImport', { jobId: item.jobId });
      this.apply(item, job);
    } catch (e) {
      item.message = errorMessage(e);
    }
  }

  /** An encrypted PDF: sent again with the password the person typed. */
  retryWithPassword(key: number, password: string): void {
    const item = this.find(key);
    if (!item?.file) return;
    item.state = 'reading';
    item.message = null;
    item.jobId = null;
    item.password = password;
    void this.drain();
  }

  private find(key: number): ImportItem | undefined {
    return this.items.find((item) => item.key === key);
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let item = this.nextWaiting(); item; item = this.nextWaiting()) await this.importOne(item);
    } finally {
      this.running = false;
    }
  }

  private nextWaiting(): ImportItem | undefined {
    return this.items.find((item) => item.state === 'reading' && item.jobId === null);
  }

  private async importOne(item: ImportItem): Promise<void> {
    const { file, password } = item;
    if (!file) return;
    // Refused before reading: a file this size would only be read to be refused.
    if (file.size > maxDocumentBytes) {
      this.finish(item, 'failed', `« ${file.name} » dépasse ${maxDocumentBytes / 1_000_000} Mo : il n’a pas été importé.`);
      return;
    }
    try {
      const base64 = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
      // Cancelled while the file was being read.
      if (item.state !== 'reading') return;
      let job = await call('importDocument', { fileName: file.name, base64, ...(password ? { password } : {}) });
      item.jobId = job.jobId;
      // « Annuler » pressed while the file was on its way: the job core just started is stopped too
      // (one already finished is shown as it ended).
      if (isCancelled(item) && job.state === 'running') job = await call('cancelImport', { jobId: job.jobId });
      this.apply(item, job);
      while (job.state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        job = await call('getImportJob', { jobId: job.jobId });
        // « Annuler » may have answered first: its state stands.
        if (!isRunning(item)) return;
        this.apply(item, job);
      }
    } catch (e) {
      this.finish(item, 'failed', errorMessage(e));
    }
  }

  private apply(item: ImportItem, job: ImportJob): void {
    item.pagesDone = job.pagesDone;
    item.pageCount = job.pageCount;
    if (job.state === 'running') {
      item.state = 'running';
      return;
    }
    if (job.state === 'done' && job.result) {
      item.documentId = job.result.document.id;
      this.finish(item, 'done', job.result.message);
      this.imported += 1;
      return;
    }
    if (job.state === 'password-required') {
      item.state = 'password-required';
      item.message = job.error;
      return;
    }
    this.finish(item, job.state, job.state === 'cancelled' ? 'Import annulé : rien n’a été ajouté.' : (job.error ?? 'L’import a échoué.'));
  }

  private finish(item: ImportItem, state: ImportItem['state'], message: string): void {
    item.state = state;
    item.message = message;
    item.file = null;
    item.password = null;
  }
}

export const importQueue = new ImportQueue();
