/** Limits and lists of the library, kept free of zod so that the renderer can import them. */

/** A file larger than this is refused before it is read (200 Mo). */
export const maxDocumentBytes = 200_000_000;

/** What a DOCX may unzip to (its zip directory declares the sizes; checked before mammoth reads it). */
export const maxDocxUnzippedBytes = 300_000_000;

export const documentFormats = ['pdf', 'docx', 'markdown', 'html', 'text'] as const;

export const importJobStates = ['running', 'done', 'password-required', 'failed', 'cancelled'] as const;

/** What a document without a text layer says wherever it is listed. */
export const scannedDocumentLabel = 'document numérisé, sans texte';

/** What a document whose original file is gone (a base restored elsewhere) says wherever it is shown. */
export const missingOriginalLabel = 'Fichier d’origine absent : importez de nouveau ce document pour le retrouver';
