import { runCli } from './run-cli';
import { runTeamCli, teamCommandNames } from './team-commands';

const io = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
};
const argv = process.argv.slice(2);

try {
  // Team commands wait on the network; Word exports wait on the docx library.
  process.exitCode = (teamCommandNames as readonly string[]).includes(argv[0] ?? '') ? await runTeamCli(argv, io) : await runCli(argv, io);
} catch (error) {
  process.stderr.write(`Erreur inattendue : ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
