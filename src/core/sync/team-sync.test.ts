import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../db/open-database';
import type { KnowledgeBase } from '../knowledge-base';
import { startTeamServer } from '../../team-server/team-server';
import { admin, dataDirWithKits, openKb, serverDocuments, startTestTeam, syncUntilQuiet, team, type TestTeam } from '../test-support/team';

let opened: KnowledgeBase[] = [];
let testTeam: TestTeam | null = null;
afterEach(async () => {
  for (const kb of opened) await kb.shutdown();
  opened = [];
  await testTeam?.server.stop();
  testTeam = null;
});

function member(login: 'alice' | 'bob', displayName: string): { kb: KnowledgeBase; connect: () => Promise<unknown> } {
  const kb = openKb(dataDirWithKits(), { teamSyncIntervalMs: 200 });
  opened.push(kb);
  const connect = () =>
    kb.team.connect({ server: testTeam!.server.url, database: team, login, password: testTeam!.passwords[login]!, displayName }, { live: false });
  return { kb, connect };
}

/** The shared rows of a base, as comparable values (ids, fields, authors). */
function sharedRows(db: Db): unknown {
  return {
    annotations: db
      .prepare(
        `SELECT id, kit_slug, fiche_number, color, note_md, quote_exact, tags_text, created_at, author_login, author_name
         FROM annotations WHERE is_private = 0 ORDER BY id`,
      )
      .all(),
    projects: db.prepare('SELECT id, title, description_md, status, partners_json, author_login, author_name FROM projects ORDER BY id').all(),
    links: db.prepare('SELECT id, project_id, kit_slug, fiche_number, annotation_id, reason FROM project_links ORDER BY id').all(),
  };
}

describe('team workspace', () => {
  it('shares annotations and projects, works offline, keeps both versions of a conflict and never sends a private note', async () => {
    testTeam = await startTestTeam();
    const alice = member('alice', 'Alice Martin');
    const bob = member('bob', 'Bob Durand');
    await alice.connect();
    await bob.connect();

    // Online: Alice annotates and links a project; Bob sees both, signed by Alice.
    const note = alice.kb.annotations.create({ kit: 'municipaless', number: 1, selector: null, note: 'Texte commun', tags: ['foncier'] });
    const project = alice.kb.projects.create({ title: 'Légumerie solidaire' });
    const link = alice.kb.projects.link({ projectId: project.id, kit: 'municipaless', number: 1, annotationId: note.id, reason: 'levier' });
    await syncUntilQuiet(alice.kb, bob.kb);
    expect(bob.kb.annotations.get(note.id)).toMatchObject({ note: 'Texte commun', tags: ['foncier'] });
    expect(bob.kb.db.prepare('SELECT author_name, author_login FROM annotations WHERE id = ?').get(note.id)).toEqual({
      author_name: 'Alice Martin',
      author_login: 'alice',
    });
    expect(bob.kb.projects.get(project.id).links.map((l) => l.id)).toEqual([link.id]);

    // The server stops; both keep working.
    const port = testTeam.server.port;
    await testTeam.server.stop();
    alice.kb.annotations.update({ id: note.id, note: 'Version d’Alice' });
    bob.kb.annotations.update({ id: note.id, note: 'Version de Bob' });
    const bobsProject = bob.kb.projects.create({ title: 'Recyclerie du Champsaur' });
    alice.kb.projects.unlink(link.id);
    const secret = alice.kb.annotations.create({ kit: 'municipaless', number: 2, selector: null, note: 'Note privée : ne pas diffuser' });
    alice.kb.db.prepare('UPDATE annotations SET is_private = 1 WHERE id = ?').run(secret.id);
    await expect(alice.kb.team.syncOnce()).rejects.toThrow(/ne répond pas/);
    expect(alice.kb.team.status()).toMatchObject({ state: 'serveur-injoignable' });

    // The server is back: everything converges.
    testTeam.server = await startTeamServer({ dir: testTeam.serverDir, port, admin });
    await syncUntilQuiet(alice.kb, bob.kb);

    expect(sharedRows(bob.kb.db)).toEqual(sharedRows(alice.kb.db));
    expect(bob.kb.projects.get(bobsProject.id).title).toBe('Recyclerie du Champsaur');
    expect(alice.kb.projects.get(bobsProject.id).title).toBe('Recyclerie du Champsaur');
    expect(bob.kb.db.prepare('SELECT 1 FROM project_links WHERE id = ?').get(link.id)).toBeUndefined();

    for (const side of [alice.kb, bob.kb]) {
      const conflicts = await side.team.conflicts();
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]?.docId).toBe(`annotation:${note.id}`);
      const texts = conflicts[0]?.versions.map((v) => (v.content?.kind === 'annotation' ? v.content.annotation.note : null));
      expect(new Set(texts)).toEqual(new Set(['Version d’Alice', 'Version de Bob']));
      expect(side.team.status()).toMatchObject({ state: 'a-jour', conflicts: 1 });
    }

    // The private note is neither on the server nor at Bob's.
    const onServer = await serverDocuments(testTeam.server.url);
    expect(onServer.some((d) => d.id.includes(secret.id) || JSON.stringify(d.doc).includes('ne pas diffuser'))).toBe(false);
    expect(bob.kb.db.prepare('SELECT 1 FROM annotations WHERE id = ?').get(secret.id)).toBeUndefined();
    expect(alice.kb.annotations.get(secret.id).note).toBe('Note privée : ne pas diffuser');

    // Resolving on one side (keeping Bob's text) settles it everywhere.
    const [conflict] = await alice.kb.team.conflicts();
    const bobVersion = conflict!.versions.find((v) => v.content?.kind === 'annotation' && v.content.annotation.note === 'Version de Bob');
    await alice.kb.team.resolveConflict({ docId: conflict!.docId, keep: bobVersion!.rev });
    await syncUntilQuiet(alice.kb, bob.kb);
    for (const side of [alice.kb, bob.kb]) {
      expect(await side.team.conflicts()).toEqual([]);
      expect(side.annotations.get(note.id).note).toBe('Version de Bob');
    }

    // The password is written nowhere in the data folder (base, its journal, the replica).
    const files = fs.readdirSync(alice.kb.dataDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      expect(fs.readFileSync(path.join(file.parentPath, file.name)).includes(testTeam.passwords.alice!)).toBe(false);
    }

    // The database is closed to anonymous requests, and a wrong password is refused in French.
    expect((await fetch(`${testTeam.server.url}/${team}/_all_docs`)).status).toBe(401);
    await expect(
      bob.kb.team.connect({ server: testTeam.server.url, database: team, login: 'bob', password: 'pas-le-bon' }, { live: false }),
    ).rejects.toThrow(/refusé l’identifiant « bob »/);
  });
});

describe('live team sync', () => {
  it('brings a teammate’s change without asking, and notices a password changed on the server', async () => {
    testTeam = await startTestTeam();
    const alice = member('alice', 'Alice Martin');
    const bob = openKb(dataDirWithKits(), { teamSyncIntervalMs: 200 });
    opened.push(bob);
    await alice.connect();
    await bob.team.connect({ server: testTeam.server.url, database: team, login: 'bob', password: testTeam.passwords.bob!, displayName: 'Bob' });

    const note = alice.kb.annotations.create({ kit: 'municipaless', number: 1, selector: null, note: 'Vue sans rien faire' });
    await alice.kb.team.syncOnce();
    await vi.waitFor(() => expect(bob.db.prepare('SELECT note_md FROM annotations WHERE id = ?').get(note.id)).toEqual({ note_md: 'Vue sans rien faire' }), {
      timeout: 20_000,
      interval: 100,
    });
    await vi.waitFor(() => expect(bob.team.status().state).toBe('a-jour'), { timeout: 20_000, interval: 100 });

    // The IT service changes Bob's password: live sync says so instead of retrying silently.
    const asAdmin = { authorization: `Basic ${Buffer.from(`${admin.user}:${admin.password}`).toString('base64')}`, 'content-type': 'application/json' };
    const user = (await (await fetch(`${testTeam.server.url}/_users/org.couchdb.user:bob`, { headers: asAdmin })).json()) as Record<string, unknown>;
    await fetch(`${testTeam.server.url}/_users/org.couchdb.user:bob`, { method: 'PUT', headers: asAdmin, body: JSON.stringify({ ...user, password: 'nouveau-mot-de-passe' }) });
    await vi.waitFor(() => expect(bob.team.status()).toMatchObject({ state: 'identifiants-refuses', message: expect.stringMatching(/refusé l’identifiant « bob »/) }), {
      timeout: 20_000,
      interval: 100,
    });
  });
});
