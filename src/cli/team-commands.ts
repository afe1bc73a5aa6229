import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { appVersion, bundledContentDir } from '../core/app-paths';
import { openOrExplain } from '../core/backup/startup';
import { defaultDataDir } from '../core/paths';
import { initTeam, parseMember } from '../core/sync/team-admin';
import { KbError } from '../shared/errors';
import type { TeamStatus } from '../shared/team-schemas';
import { exitCodes, type CliIo } from './run-cli';

/** Reads a line from the terminal; a secret is not echoed. */
export type Ask = (question: string, secret: boolean) => Promise<string>;

export const terminalAsk: Ask = (question, secret) =>
  new Promise((resolve, reject) => {
    if (!process.stdin.isTTY) {
      reject(new KbError('invalid_input', `${question.replace(/ ?: ?$/, '')} : aucun terminal pour le demander (utilisez la variable d’environnement prévue).`));
      return;
    }
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput(text: string): void };
    let prompted = false;
    output._writeToOutput = (text: string) => {
      if (!secret || !prompted) process.stderr.write(text);
      prompted = true;
    };
    rl.question(question, (answer) => {
      rl.close();
      if (secret) process.stderr.write('\n');
      resolve(answer);
    });
  });

export const teamCommandNames = ['team', 'sync'] as const;

export const teamUsage = [
  'kits-ess team init --server URL --team NOM --member IDENTIFIANT[:MOT_DE_PASSE] ...',
  '    crée l’équipe sur le serveur CouchDB (administrateur : COUCHDB_USER / COUCHDB_PASSWORD, sinon demandé)',
  'kits-ess sync [--server URL --team NOM --user IDENTIFIANT [--name "Prénom Nom"]] [--json] [--data-dir D]',
  '    synchronise une fois avec l’équipe (mot de passe : KITS_ESS_PASSWORD, sinon demandé)',
  'kits-ess sync --status [--json] [--data-dir D]',
  '    état de l’espace d’équipe de ce poste',
];

function usage(message: string): never {
  throw Object.assign(new Error(message), { usage: true });
}

function formatStatus(status: TeamStatus): string[] {
  const lines = [status.message];
  if (status.connection) lines.push(`Équipe : ${status.connection.database} sur ${status.connection.server}, connecté en tant que ${status.connection.login} (${status.connection.displayName}).`);
  lines.push(`Modifications à envoyer : ${status.pending} · conflits : ${status.conflicts} · documents ignorés : ${status.ignored}.`);
  if (status.lastSyncAt) lines.push(`Dernière synchronisation : ${status.lastSyncAt}.`);
  return lines;
}

/** `kits-ess team …` and `kits-ess sync …`: they wait on the network, hence apart from the synchronous commands. */
export async function runTeamCli(argv: string[], io: CliIo, ask: Ask = terminalAsk, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    if (argv[0] === 'team') await teamInit(argv.slice(1), io, ask, env);
    else await sync(argv.slice(1), io, ask, env);
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof KbError) {
      io.err(error.message);
      for (const detail of error.details) io.err(detail);
      return exitCodes.badInput;
    }
    if ((error as { usage?: boolean }).usage || String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as { usage?: boolean }).usage ? (error as Error).message : 'Arguments invalides.'}\nUsage :\n${teamUsage.join('\n')}`);
      return exitCodes.usage;
    }
    throw error;
  }
}

async function teamInit(args: string[], io: CliIo, ask: Ask, env: NodeJS.ProcessEnv): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    options: { server: { type: 'string' }, team: { type: 'string' }, member: { type: 'string', multiple: true } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals[0] !== 'init' || positionals.length !== 1) usage('Seule « team init » existe.');
  if (!values.server || !values.team || !values.member?.length) usage('Indiquez --server, --team et au moins un --member.');
  const members = values.member.map(parseMember);
  const user = env.COUCHDB_USER || (await ask('Administrateur du serveur : ', false));
  const password = env.COUCHDB_PASSWORD || (await ask(`Mot de passe de ${user} : `, true));
  const report = await initTeam({ server: values.server, team: values.team, members, admin: { user, password } });
  io.out(`${report.databaseCreated ? 'Base créée' : 'Base existante'} : ${report.database} (réservée aux membres du rôle ${report.role}).`);
  for (const m of report.members) {
    const state = m.created ? 'compte créé' : 'compte existant, ajouté à l’équipe';
    io.out(m.generatedPassword ? `${m.login} : ${state}, mot de passe (affiché une seule fois) : ${m.generatedPassword}` : `${m.login} : ${state}.`);
  }
}

async function sync(args: string[], io: CliIo, ask: Ask, env: NodeJS.ProcessEnv): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    options: {
      server: { type: 'string' },
      team: { type: 'string' },
      user: { type: 'string' },
      name: { type: 'string' },
      status: { type: 'boolean' },
      json: { type: 'boolean' },
      'data-dir': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) usage('« sync » ne prend pas d’argument.');
  const kb = openOrExplain({ dataDir: values['data-dir'] ?? defaultDataDir(), appVersion: appVersion(), bundledContentDir });
  try {
    if (values.status) {
      const status = kb.team.status();
      if (values.json) io.out(JSON.stringify(status, null, 2));
      else for (const line of formatStatus(status)) io.out(line);
      return;
    }
    const configured = kb.team.connection();
    const server = values.server ?? configured?.server;
    const database = values.team ?? configured?.database;
    const login = values.user ?? configured?.login;
    if (!server || !database || !login) usage('Indiquez --server, --team et --user (ce poste n’a rejoint aucune équipe).');
    const password = env.KITS_ESS_PASSWORD || (await ask(`Mot de passe de ${login} : `, true));
    const displayName = values.name ?? (configured?.login === login ? configured.displayName : login);
    await kb.team.connect({ server, database, login, password, displayName }, { live: false });
    const round = await kb.team.syncOnce();
    if (values.json) io.out(JSON.stringify({ ...round, status: kb.team.status() }, null, 2));
    else io.out(`Synchronisé avec l’équipe ${database} : ${round.sent} envoyé(s), ${round.received} reçu(s), ${round.conflicts} conflit(s) à résoudre.`);
  } finally {
    await kb.shutdown();
  }
}
