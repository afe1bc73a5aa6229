// Started by sync-crash.test.ts, which kills it with SIGKILL at random moments: opens the data
// folder given as argument, joins the team, then writes annotations and syncs after each one,
// printing « ack <id> » once a write has returned (an acknowledged local write).
import fs from 'node:fs';
import { bundledContentDir } from '../../app-paths';
import { KnowledgeBase } from '../../knowledge-base';

/** fd 1 directly and synchronously: nothing acknowledged may wait in a stream buffer. */
function print(line: string): void {
  const bytes = Buffer.from(`${line}\n`);
  for (let done = 0; done < bytes.length; ) {
    try {
      done += fs.writeSync(1, bytes, done);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

const [dataDir, server, database, login, run] = process.argv.slice(2);
const password = process.env.KITS_ESS_PASSWORD;
if (!dataDir || !server || !database || !login || !run || !password) throw new Error('usage: sync-writer <data-dir> <server> <database> <login> <run>');
const kb = KnowledgeBase.open({ dataDir, appVersion: 'crash-test', bundledContentDir, dailyBackup: false });
await kb.team.connect({ server, database, login, password }, { live: false });
print('ready');
for (let i = 0; ; i++) {
  const { id } = kb.annotations.create({ kit: 'municipaless', number: 7, selector: null, note: `Écrite ${run}-${i}` });
  print(`ack ${id}`);
  await kb.team.syncOnce();
}
