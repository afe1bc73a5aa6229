import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
// Bundled with the app and served from its own origin: the CSP (worker-src falls back to 'self') allows it.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

/**
 * Opens a PDF held in memory. A document is hostile input: no string is ever evaluated as code
 * (`isEvalSupported: false`), no JavaScript or XFA form runs (pdf.js runs PDF scripts only through
 * the viewer's scripting sandbox, which is never loaded here), nothing is fetched from the network.
 */
export async function openPdf(data: Uint8Array): Promise<PDFDocumentProxy> {
  const task = getDocument({
    data,
    isEvalSupported: false,
    enableXfa: false,
    // WebAssembly decoders would need 'wasm-unsafe-eval' in the CSP; the JavaScript ones do.
    useWasm: false,
    disableAutoFetch: true,
    stopAtErrors: false,
  });
  return task.promise;
}
