// Started by crash-safety.test.ts, which kills it with SIGKILL at random moments: opens the
// knowledge base of the data folder given as argument the way the apps do at start-up, then
// writes annotations as fast as it can, printing « ack <id> » once each write has returned.
import fs from 'node:fs';
import { bundledContentDir } from '../../app-paths';
import { openAtStartup, unreadableMessage } from '../startup';

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

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-writer <data-dir>');
const result = openAtStartup({ dataDir, appVersion: 'crash-test', bundledContentDir, log: (m) => process.stderr.write(`${m}\n`) });
if (result.status !== 'ready') {
  process.stderr.write(`${unreadableMessage(result.problem)}\n`);
  process.exit(3);
}
const kb = result.kb;
print('ready');
for (let i = 0; ; i++) {
  const { id } = kb.annotations.create({ kit: 'municipaless', number: 7, selector: null, note: `Note ${i}`, tags: [`lot-${i % 5}`] });
  print(`ack ${id}`);
}
