// Entry of the extraction thread when Kits ESS runs from its TypeScript sources (tests, web
// host, command line): registers tsx in this thread, as src/cli/kits-ess.mjs does for the CLI.
import { register } from 'tsx/esm/api';

register();
await import('./extraction-worker.ts');
