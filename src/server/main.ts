import { parseWebHostArgs, runWebHost } from './run-web-host';

runWebHost(parseWebHostArgs(process.argv.slice(2))).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
