import { Worker } from 'node:worker_threads';
import type { DocumentFormat } from '../../shared/document-schemas';
import { ExtractionError } from './extraction-error';
import type { ExtractedDocument } from './extract-text';

export type WorkerMessage =
  | { type: 'progress'; pagesDone: number; pageCount: number }
  | { type: 'done'; document: ExtractedDocument }
  | { type: 'error'; kind: ExtractionError['kind']; message: string };

export interface Extraction {
  /** The pages, or an ExtractionError (kind `cancelled` after cancel). */
  result: Promise<ExtractedDocument>;
  /** Stops the thread at once (« Annuler »). */
  cancel(): void;
}

/**
 * The worker's file: beside this module when it runs from its sources (a bootstrap that loads
 * TypeScript), or the bundled extraction-worker.js beside the desktop app's main bundle.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  return new URL(/\.ts$/.test(here) ? './extraction-worker.mjs' : './extraction-worker.js', here);
}

/** Reads a file's text off the main thread, so that the interface stays responsive meanwhile. */
export function startExtraction(
  bytes: Uint8Array,
  format: DocumentFormat,
  options: { password?: string; onProgress?: (pagesDone: number, pageCount: number) => void } = {},
): Extraction {
  const worker = new Worker(workerUrl(), {
    workerData: { bytes, format, password: options.password },
    // Not the parent's loader flags (tsx's CLI passes its own): the bootstrap loads pdf.js before
    // registering tsx, so that its 2 MB are never transformed (seconds saved per import).
    execArgv: [],
    // A hostile file must not take the whole application's memory with it.
    resourceLimits: { maxOldGenerationSizeMb: 2048 },
  });
  let settled = false;
  let cancel = () => {};
  const result = new Promise<ExtractedDocument>((resolve, reject) => {
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      settle();
      void worker.terminate();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') options.onProgress?.(message.pagesDone, message.pageCount);
      else if (message.type === 'done') finish(() => resolve(message.document));
      else finish(() => reject(new ExtractionError(message.kind, message.message)));
    });
    const failed = () => finish(() => reject(new ExtractionError('invalid', 'Ce fichier ne peut pas être lu (lecture interrompue). Rien n’a été importé.')));
    worker.on('error', failed);
    worker.on('exit', failed);
    cancel = () => finish(() => reject(new ExtractionError('cancelled', 'Import annulé. Rien n’a été importé.')));
  });
  return { result, cancel: () => cancel() };
}
