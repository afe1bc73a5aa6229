import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundledContentDir } from '../src/core/app-paths';
import { KnowledgeBase } from '../src/core/knowledge-base';
import { initTeam } from '../src/core/sync/team-admin';
import { startTeamServer, type TeamServer } from '../src/team-server/team-server';

export const admin = { user: 'admin', password: 'admin-secret-pw' };
export const passwords = { alice: 'alice-secret-1', bob: 'bob-secret-2' };

/**
 * The team test server on 127.0.0.1 with alice and bob as members, and Bob's computer: a second
 * data folder, knowledge base and sync driven from the test (Alice works in the browser).
 */
export interface TeamWithBob {
  server: TeamServer;
  bob: KnowledgeBase;
  /** Bob's computer syncs until nothing moves any more. */
  bobSyncs(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTeamWithBob(team: string): Promise<TeamWithBob> {
  const folders = ['kits-ess-e2e-team-server-', 'kits-ess-e2e-bob-'].map((prefix) => fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  const server = await startTeamServer({ dir: folders[0]!, admin });
  await initTeam({ server: server.url, team, members: [{ login: 'alice', password: passwords.alice }, { login: 'bob', password: passwords.bob }], admin });
  const bob = KnowledgeBase.open({ dataDir: folders[1]!, appVersion: 'test', bundledContentDir, dailyBackup: false });
  await bob.team.connect({ server: server.url, database: team, login: 'bob', password: passwords.bob, displayName: 'Bob Durand' }, { live: false });
  return {
    server,
    bob,
    async bobSyncs() {
      for (let round = 0; round < 10; round += 1) {
        const { sent, received } = await bob.team.syncOnce();
        if (sent + received === 0) return;
      }
      throw new Error('Bob’s sync did not settle');
    },
    async stop() {
      await bob.shutdown();
      await server.stop();
      for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
