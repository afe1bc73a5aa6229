import { runCli } from './run-cli';
import { runTeamCli, teamCommandNames } from './team-commands';

const io = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
};
const argv = process.argv.slice(2);

function unexpected(error: unknown): void {
  process.stderr.write(`Erreur inattendue : ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

if ((teamCommandNames as readonly string[]).includes(argv[0] ?? '')) {
  // Team commands wait on the network.
  runTeamCli(argv, io).then((code) => {
    process.exitCode = code;
  }, unexpected);
} else {
  try {
    process.exitCode = runCli(argv, io);
  } catch (error) {
    unexpected(error);
  }
}
