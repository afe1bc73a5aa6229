import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../knowledge-base';
import { dataDirWithKits, openKb, startTestTeam, team, type TestTeam } from '../test-support/team';
import { basicAuth } from './team-connection';

let testTeam: TestTeam | null = null;
let kb: KnowledgeBase | null = null;
afterEach(async () => {
  await kb?.shutdown();
  kb = null;
  await testTeam?.server.stop();
  testTeam = null;
});

const now = '2026-12-04T09:00:00.000Z';
const annotation = (id: string, fields: Record<string, unknown> = {}) => ({
  _id: `annotation:${id}`,
  kind: 'annotation',
  id,
  kit: 'municipaless',
  number: 4,
  selector: null,
  color: 'jaune',
  note: 'Une note',
  tags: [],
  createdAt: now,
  updatedAt: now,
  authorLogin: 'alice',
  authorName: 'Alice',
  ...fields,
});

describe('documents pulled from the team server', () => {
  it('sets invalid or hostile documents aside, applies the rest, and keeps HTML as plain text', async () => {
    testTeam = await startTestTeam();
    const valid = randomUUID();
    const html = randomUUID();
    const badKit = randomUUID();
    const tooLong = randomUUID();
    const orphanLink = randomUUID();
    const hostileNote = '<img src=x onerror="alert(1)"><script>alert(document.cookie)</script>';
    const docs = [
      annotation(valid, { note: 'Note valide' }),
      annotation(html, { note: hostileNote }),
      annotation(badKit, { kit: '../../etc/passwd' }),
      annotation(tooLong, { note: 'x'.repeat(200_001) }),
      { ...annotation(randomUUID()), kind: 'project' },
      { _id: 'project:pas-un-uuid', kind: 'project', title: 'x' },
      { _id: 'un-document-quelconque', payload: { deeply: ['nested'] } },
      { _id: `project_link:${orphanLink}`, kind: 'project_link', id: orphanLink, projectId: randomUUID(), kit: 'municipaless', number: 1, annotationId: null, reason: 'levier', createdAt: now, updatedAt: now },
      { _id: `project:${randomUUID()}`, kind: 'project', title: '', createdAt: 'hier' },
    ];
    // Written by a member straight to the server, as a modified client could.
    const pushed = await fetch(`${testTeam.server.url}/${team}/_bulk_docs`, {
      method: 'POST',
      headers: { authorization: basicAuth('alice', testTeam.passwords.alice!), 'content-type': 'application/json' },
      body: JSON.stringify({ docs }),
    });
    expect(pushed.status).toBe(201);

    kb = openKb(dataDirWithKits());
    await kb.team.connect({ server: testTeam.server.url, database: team, login: 'bob', password: testTeam.passwords.bob! }, { live: false });
    const round = await kb.team.syncOnce();
    expect(round.received).toBe(docs.length);
    expect(kb.team.status()).toMatchObject({ state: 'a-jour', ignored: docs.length - 2 });

    expect(kb.annotations.get(valid).note).toBe('Note valide');
    expect(kb.annotations.get(html).note).toBe(hostileNote);
    const ignored = kb.team.ignored();
    expect(ignored.map((d) => d.docId).sort()).toEqual(docs.slice(2).map((d) => d._id).sort());
    const reasonOf = (docId: string) => ignored.find((d) => d.docId === docId)?.reason;
    expect(reasonOf(`annotation:${badKit}`)).toMatch(/kit : Identifiant de kit invalide/);
    expect(reasonOf(`annotation:${tooLong}`)).toMatch(/note : Une note fait au plus/);
    expect(reasonOf('un-document-quelconque')).toMatch(/inconnu de Kits ESS/);
    expect(reasonOf(`project_link:${orphanLink}`)).toMatch(/projet de ce lien n’existe pas/);
    expect(kb.db.prepare('SELECT count(*) AS n FROM annotations WHERE id IN (?, ?)').get(badKit, tooLong)).toEqual({ n: 0 });

    // A corrected version replaces the one set aside.
    const current = (await (await fetch(`${testTeam.server.url}/${team}/annotation:${badKit}`, { headers: { authorization: basicAuth('alice', testTeam.passwords.alice!) } })).json()) as { _rev: string };
    await fetch(`${testTeam.server.url}/${team}/annotation:${badKit}`, {
      method: 'PUT',
      headers: { authorization: basicAuth('alice', testTeam.passwords.alice!), 'content-type': 'application/json' },
      body: JSON.stringify({ ...annotation(badKit, { note: 'Corrigée' }), _rev: current._rev }),
    });
    await kb.team.syncOnce();
    expect(kb.annotations.get(badKit).note).toBe('Corrigée');
    expect(kb.team.ignored().some((d) => d.docId === `annotation:${badKit}`)).toBe(false);
  });

  it('sets aside a link naming a document, and any change whose write fails, without blocking the next changes', async () => {
    testTeam = await startTestTeam();
    kb = openKb(dataDirWithKits());
    const project = kb.projects.create({ title: 'Légumerie solidaire' });
    await kb.team.connect({ server: testTeam.server.url, database: team, login: 'bob', password: testTeam.passwords.bob! }, { live: false });
    await kb.team.syncOnce();
    const documentLink = randomUUID();
    const refused = randomUUID();
    const after = randomUUID();
    const link = { _id: `project_link:${documentLink}`, kind: 'project_link', id: documentLink, projectId: project.id, document: { id: 'a'.repeat(64), page: 1 }, annotationId: null, reason: 'levier', createdAt: now, updatedAt: now };
    // A write this base refuses (as a constraint would): the change is set aside, the others applied.
    kb.db.exec(`CREATE TEMP TRIGGER refuse_one BEFORE INSERT ON annotations WHEN new.id = '${refused}' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    const pushed = await fetch(`${testTeam.server.url}/${team}/_bulk_docs`, {
      method: 'POST',
      headers: { authorization: basicAuth('alice', testTeam.passwords.alice!), 'content-type': 'application/json' },
      body: JSON.stringify({ docs: [link, annotation(refused, { note: 'Refusée' })] }),
    });
    expect(pushed.status).toBe(201);
    await kb.team.syncOnce();
    expect(kb.team.status()).toMatchObject({ state: 'a-jour', ignored: 2 });
    const reasonOf = (docId: string) => kb!.team.ignored().find((d) => d.docId === docId)?.reason;
    expect(reasonOf(`project_link:${documentLink}`)).toMatch(/fiche/);
    expect(reasonOf(`annotation:${refused}`)).toMatch(/n’a pas pu être enregistré/);
    expect(kb.db.prepare('SELECT count(*) AS n FROM project_links WHERE id = ?').get(documentLink)).toEqual({ n: 0 });
    expect(kb.db.prepare('SELECT count(*) AS n FROM annotations WHERE id = ?').get(refused)).toEqual({ n: 0 });

    // The rounds go on: a later change arrives.
    await fetch(`${testTeam.server.url}/${team}/annotation:${after}`, {
      method: 'PUT',
      headers: { authorization: basicAuth('alice', testTeam.passwords.alice!), 'content-type': 'application/json' },
      body: JSON.stringify(annotation(after, { note: 'Plus tard' })),
    });
    await kb.team.syncOnce();
    expect(kb.annotations.get(after).note).toBe('Plus tard');
  });
});
