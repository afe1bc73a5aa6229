// Started by team-library-crash.test.ts, which kills it with SIGKILL at a random moment: opens
// the data folder given as argument, joins the team, pulls, then fetches the shared document
// named by its SHA-256, printing « fetching » before and « fetched » after.
import fs from 'node:fs';
import { bundledContentDir } from '../../app-paths';
import { KnowledgeBase } from '../../knowledge-base';

function print(line: string): void {
  fs.writeSync(1, `${line}\n`);
}

const [dataDir, server, database, login, sha256] = process.argv.slice(2);
const password = process.env.KITS_ESS_PASSWORD;
if (!dataDir || !server || !database || !login || !sha256 || !password) throw new Error('usage: document-fetcher <data-dir> <server> <database> <login> <sha256>');
const kb = KnowledgeBase.open({ dataDir, appVersion: 'crash-test', bundledContentDir, dailyBackup: false });
await kb.team.connect({ server, database, login, password }, { live: false });
await kb.team.syncOnce();
print('fetching');
await kb.teamLibrary.fetch(sha256);
print('fetched');
// Waits to be killed: exiting on its own would say the kill came too late to test anything.
setInterval(() => undefined, 60_000);
