import { parentPort, workerData } from 'node:worker_threads';
import type { DocumentFormat } from '../../shared/document-schemas';
import { ExtractionError } from './extraction-error';
import { extractDocument } from './extract-text';
import type { WorkerMessage } from './extraction-runner';

/** The extraction thread: reads one file's text and reports progress, then the pages or a French error. */
const { bytes, format, password } = workerData as { bytes: Uint8Array; format: DocumentFormat; password?: string };
const post = (message: WorkerMessage) => parentPort?.postMessage(message);

extractDocument(bytes, format, { password, onProgress: (pagesDone, pageCount) => post({ type: 'progress', pagesDone, pageCount }) })
  .then((document) => post({ type: 'done', document }))
  .catch((error: unknown) => {
    post(
      error instanceof ExtractionError
        ? { type: 'error', kind: error.kind, message: error.message }
        : { type: 'error', kind: 'invalid', message: 'Ce fichier ne peut pas être lu. Rien n’a été importé.' },
    );
  });
