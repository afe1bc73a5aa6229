import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../app-paths';
import { databaseFileName } from '../paths';
import { killAtRandom } from '../test-support/kill-at-random';
import { dataDirWithKits, openKb, startTestTeam, team, type TestTeam } from '../test-support/team';

const writerScript = path.join(projectRoot, 'src/core/sync/test-fixtures/sync-writer.ts');
const kills = 10;

let testTeam: TestTeam | null = null;
afterEach(async () => {
  await testTeam?.server.stop();
  testTeam = null;
});

/** Runs the writer until a random moment after its first write, kills it with SIGKILL, and returns the ids it acknowledged. */
async function runAndKill(dataDir: string, run: number): Promise<string[]> {
  const output = await killAtRandom(writerScript, [dataDir, testTeam!.server.url, team, 'alice', String(run)], { KITS_ESS_PASSWORD: testTeam!.passwords.alice }, '\nack ', 1000);
  return [...output.matchAll(/^ack (\S+)$/gm)].map((m) => m[1]!);
}

function integrity(file: string): string {
  const db = new Database(file);
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('team sync killed at random moments', () => {
  it('delivers every acknowledged write exactly once, and every file stays sound', async () => {
    testTeam = await startTestTeam();
    const aliceDir = dataDirWithKits();
    const acknowledged: string[] = [];
    for (let run = 0; run < kills; run += 1) acknowledged.push(...(await runAndKill(aliceDir, run)));
    expect(acknowledged.length).toBeGreaterThanOrEqual(kills);

    // Alice resumes; Bob syncs from the same team.
    const alice = openKb(aliceDir);
    const bob = openKb(dataDirWithKits());
    try {
      await alice.team.connect({ server: testTeam.server.url, database: team, login: 'alice', password: testTeam.passwords.alice! }, { live: false });
      await bob.team.connect({ server: testTeam.server.url, database: team, login: 'bob', password: testTeam.passwords.bob! }, { live: false });
      await alice.team.syncOnce();
      await bob.team.syncOnce();

      const written = (kb: typeof alice) => kb.db.prepare("SELECT id, note_md FROM annotations WHERE note_md LIKE 'Écrite %' ORDER BY id").all() as { id: string; note_md: string }[];
      const atBob = written(bob);
      const bobIds = new Set(atBob.map((a) => a.id));
      for (const id of acknowledged) expect(bobIds.has(id)).toBe(true);
      // Exactly once: the same rows on both sides, no note twice, and no replay ever made a conflict.
      expect(atBob).toEqual(written(alice));
      expect(new Set(atBob.map((a) => a.note_md)).size).toBe(atBob.length);
      expect(alice.team.status()).toMatchObject({ pending: 0, conflicts: 0 });
      expect(bob.team.status()).toMatchObject({ conflicts: 0 });
    } finally {
      await alice.shutdown();
      await bob.shutdown();
    }

    const files = [path.join(aliceDir, databaseFileName), ...fs.readdirSync(path.join(aliceDir, 'equipe')).filter((f) => f.endsWith('.sqlite')).map((f) => path.join(aliceDir, 'equipe', f))];
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) expect(integrity(file)).toBe('ok');
  }, 240_000);
});
