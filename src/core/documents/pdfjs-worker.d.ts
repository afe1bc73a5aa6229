/** pdf.js's worker module, loaded into the extraction thread (see extract-text.ts); only its presence matters. */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
