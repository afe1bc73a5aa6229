// Entry of the extraction thread when Kits ESS runs from its TypeScript sources (tests, web
// host, command line): registers tsx in this thread, as src/cli/kits-ess.mjs does for the CLI.
// pdf.js (2 MB of JavaScript) is loaded first, untouched by tsx's transform: it is then taken
// from the module cache, which saves seconds per import.
import 'pdfjs-dist/legacy/build/pdf.mjs';
import 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { register } from 'tsx/esm/api';

register();
await import('./extraction-worker.ts');
