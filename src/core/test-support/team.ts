import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTeamServer, type TeamServer } from '../../team-server/team-server';
import { bundledContentDir } from '../app-paths';
import { KnowledgeBase, type KnowledgeBaseOptions } from '../knowledge-base';
import { databaseFileName } from '../paths';
import { initTeam } from '../sync/team-admin';
import { tempDir } from './temp-dir';

export const admin = { user: 'admin', password: 'admin-secret-pw' };
export const team = 'equipe-05';

let template: string | null = null;

/** A data folder holding the shipped kits, copied from one imported once per test file (an import takes seconds). */
export function dataDirWithKits(): string {
  if (!template || !fs.existsSync(template)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kits-ess-template-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    template = dir;
    KnowledgeBase.open({ dataDir: template, appVersion: 'test', bundledContentDir, dailyBackup: false }).close();
  }
  const dir = tempDir();
  fs.copyFileSync(path.join(template, databaseFileName), path.join(dir, databaseFileName));
  return dir;
}

export function openKb(dataDir: string, options: Partial<KnowledgeBaseOptions> = {}): KnowledgeBase {
  return KnowledgeBase.open({ dataDir, appVersion: 'test', bundledContentDir, dailyBackup: false, ...options });
}

export interface TestTeam {
  server: TeamServer;
  serverDir: string;
  passwords: Record<string, string>;
}

/** The test server on 127.0.0.1 with a team whose members are alice and bob (bob's password generated). */
export async function startTestTeam(options: { maxRequestBytes?: number } = {}): Promise<TestTeam> {
  const serverDir = tempDir('kits-ess-team-server-');
  const server = await startTeamServer({ dir: serverDir, admin, ...options });
  const report = await initTeam({
    server: server.url,
    team,
    members: [
      { login: 'alice', password: 'alice-secret-1' },
      { login: 'bob', password: null },
    ],
    admin,
  });
  const bob = report.members.find((m) => m.login === 'bob')?.generatedPassword;
  if (!bob) throw new Error('no password generated for bob');
  return { server, serverDir, passwords: { alice: 'alice-secret-1', bob } };
}

/** Every document of the team database as the server holds it (read as its admin). */
export async function serverDocuments(url: string, database = team): Promise<{ id: string; doc: Record<string, unknown> }[]> {
  const response = await fetch(`${url}/${database}/_all_docs?include_docs=true`, {
    headers: { authorization: `Basic ${Buffer.from(`${admin.user}:${admin.password}`).toString('base64')}` },
  });
  const body = (await response.json()) as { rows: { id: string; doc: Record<string, unknown> }[] };
  return body.rows.map((row) => ({ id: row.id, doc: row.doc }));
}

/** Rounds on both sides until neither sends nor receives anything. */
export async function syncUntilQuiet(...kbs: KnowledgeBase[]): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    let moved = 0;
    for (const kb of kbs) {
      const round = await kb.team.syncOnce();
      moved += round.sent + round.received;
    }
    if (moved === 0) return;
  }
  throw new Error('sync did not settle');
}
