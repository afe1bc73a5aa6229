import { afterEach, describe, expect, it } from 'vitest';
import { startTeamServer, type TeamServer } from '../team-server/team-server';
import { admin, dataDirWithKits, openKb, serverDocuments } from '../core/test-support/team';
import { tempDir } from '../core/test-support/temp-dir';
import { runTeamCli, type Ask } from './team-commands';

let server: TeamServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const noTerminal: Ask = () => Promise.reject(new Error('no prompt expected'));
const adminEnv = { COUCHDB_USER: admin.user, COUCHDB_PASSWORD: admin.password };

describe('kits-ess team init and sync', () => {
  it('creates the team with its members, then syncs a data folder and reports what travelled', async () => {
    server = await startTeamServer({ dir: tempDir(), admin });
    const init = capture();
    const code = await runTeamCli(['team', 'init', '--server', server.url, '--team', 'ess-05', '--member', 'claire:claire-secret', '--member', 'marc'], init.io, noTerminal, adminEnv);
    expect(init.err).toEqual([]);
    expect(code).toBe(0);
    expect(init.out[0]).toMatch(/Base créée : ess-05/);
    const marcPassword = /marc : compte créé, mot de passe \(affiché une seule fois\) : (\S+)/.exec(init.out.join('\n'))?.[1];
    expect(marcPassword).toBeTruthy();

    // The generated password works; the database answers its members only.
    const session = await fetch(`${server.url}/_session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'marc', password: marcPassword }) });
    expect(session.status).toBe(200);
    expect((await fetch(`${server.url}/ess-05`)).status).toBe(401);

    const dataDir = dataDirWithKits();
    const kb = openKb(dataDir);
    kb.annotations.create({ kit: 'municipaless', number: 3, selector: null, note: 'Partagée par la ligne de commande' });
    kb.close();
    const sync = capture();
    const args = ['sync', '--server', server.url, '--team', 'ess-05', '--user', 'claire', '--name', 'Claire Martin', '--json', '--data-dir', dataDir];
    expect(await runTeamCli(args, sync.io, noTerminal, { KITS_ESS_PASSWORD: 'claire-secret' })).toBe(0);
    expect(JSON.parse(sync.out.join('\n'))).toMatchObject({ sent: 1, received: 0, conflicts: 0, status: { state: 'a-jour' } });
    const docs = await serverDocuments(server.url, 'ess-05');
    expect(docs.map((d) => d.doc)).toContainEqual(expect.objectContaining({ note: 'Partagée par la ligne de commande', authorName: 'Claire Martin' }));

    const status = capture();
    expect(await runTeamCli(['sync', '--status', '--data-dir', dataDir], status.io, noTerminal, {})).toBe(0);
    expect(status.out.join('\n')).toMatch(/Équipe : ess-05 .* connecté en tant que claire \(Claire Martin\)/);

    const refused = capture();
    expect(await runTeamCli(['sync', '--data-dir', dataDir], refused.io, noTerminal, { KITS_ESS_PASSWORD: 'mauvais' })).toBe(1);
    expect(refused.err.join('\n')).toMatch(/refusé l’identifiant « claire »/);
  });
});
