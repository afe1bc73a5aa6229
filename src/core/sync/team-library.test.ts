import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { maxTeamDocumentBytes } from '../../shared/limits';
import type { Db } from '../db/open-database';
import { originalPath } from '../documents/original-files';
import { textPdf } from '../documents/test-documents/generate';
import type { KnowledgeBase } from '../knowledge-base';
import { admin, dataDirWithKits, openKb, serverDocuments, startTestTeam, syncUntilQuiet, team, type TestTeam } from '../test-support/team';
import { initTeam } from './team-admin';
import { basicAuth } from './team-connection';

let opened: KnowledgeBase[] = [];
let testTeam: TestTeam | null = null;
afterEach(async () => {
  for (const kb of opened) await kb.shutdown();
  opened = [];
  await testTeam?.server.stop();
  testTeam = null;
});

async function member(login: 'alice' | 'bob', displayName: string): Promise<KnowledgeBase> {
  const kb = openKb(dataDirWithKits());
  opened.push(kb);
  await kb.team.connect({ server: testTeam!.server.url, database: team, login, password: testTeam!.passwords[login]!, displayName }, { live: false });
  return kb;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function importBytes(kb: KnowledgeBase, fileName: string, bytes: Uint8Array): Promise<string> {
  const job = await kb.imports.wait(kb.imports.start({ fileName, base64: Buffer.from(bytes).toString('base64') }).jobId);
  expect(job.state).toBe('done');
  return job.result!.document.id;
}

/** A selector for `exact` on a page of a document, as the reader makes it from a text selection. */
function selectorOn(kb: KnowledgeBase, id: string, page: number, exact: string) {
  const text = kb.documents.page(id, page).text;
  const start = text.indexOf(exact);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = start + exact.length;
  return { exact, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32), start, end };
}

/** The library's rows (documents, pages, annotations): what a refused original must leave as it was. */
function libraryRows(db: Db): unknown {
  return ['documents', 'document_pages', 'annotations'].map((table) => db.prepare(`SELECT * FROM ${table}`).raw().all());
}

/** Writes straight to the team database as alice, as a modified client could. */
async function asAlice(path: string, init: RequestInit): Promise<Response> {
  const response = await fetch(`${testTeam!.server.url}/${team}/${path}`, {
    ...init,
    headers: { authorization: basicAuth('alice', testTeam!.passwords.alice!), 'content-type': 'application/json', ...init.headers },
  });
  expect(response.ok).toBe(true);
  return response;
}

const reportPages = [
  ['Rapport sur la commande publique responsable.'],
  ['Les clauses sociales favorisent l’insertion par l’activité économique.', 'La légumerie solidaire fournit les cantines.'],
  ['Conclusion du rapport.'],
];

describe('library documents shared with the team', () => {
  it('travel with their public annotations, are fetched on demand, found by search, and stop travelling once unshared', async () => {
    testTeam = await startTestTeam();
    const alice = await member('alice', 'Alice Martin');
    const bob = await member('bob', 'Bob Durand');
    const pdf = await textPdf(reportPages, 'Commande publique responsable');
    const id = await importBytes(alice, 'commande-publique.pdf', pdf);
    // Made before the share: it goes with the document. The private one never leaves.
    const before = alice.annotations.create({ document: { id, page: 2 }, selector: selectorOn(alice, id, 2, 'légumerie solidaire'), note: 'À visiter' });
    const secret = alice.annotations.create({ document: { id, page: 1 }, selector: null, note: 'Confidentiel : budget', isPrivate: true });
    await syncUntilQuiet(alice, bob);
    expect(bob.db.prepare('SELECT 1 FROM annotations WHERE id = ?').get(before.id)).toBeUndefined();

    const shared = alice.teamLibrary.share(id);
    expect(shared).toMatchObject({ id, title: 'Commande publique responsable', pageCount: 3, authorName: 'Alice Martin', inLibrary: true });
    await syncUntilQuiet(alice, bob);

    const onServer = await serverDocuments(testTeam.server.url);
    expect(onServer.find((d) => d.id === `document:${id}`)?.doc).toMatchObject({ title: 'Commande publique responsable', size: pdf.byteLength });
    expect(onServer.find((d) => d.id === `document_file:${id}`)?.doc._attachments).toMatchObject({ original: { length: pdf.byteLength } });
    expect(onServer.some((d) => d.id.includes(secret.id) || JSON.stringify(d.doc).includes('Confidentiel'))).toBe(false);

    // Bob sees the document listed and the annotation, which says its document is absent.
    expect(bob.teamLibrary.list()).toEqual([expect.objectContaining({ id, inLibrary: false, setAsideReason: null })]);
    expect(bob.annotations.get(before.id)).toMatchObject({ note: 'À visiter', status: 'orphan', document: { id, page: 2, title: null }, authorName: 'Alice Martin' });
    expect(bob.search.search({ query: 'légumerie' }).hits.some((h) => h.type === 'document')).toBe(false);

    const fetched = await bob.teamLibrary.fetch(id);
    expect(fetched).toMatchObject({ id, title: 'Commande publique responsable', pageCount: 3 });
    expect(bob.teamLibrary.list()[0]?.inLibrary).toBe(true);
    expect(bob.search.search({ query: 'légumerie' }).hits).toContainEqual(expect.objectContaining({ type: 'document', page: 2 }));
    expect(bob.annotations.get(before.id)).toMatchObject({ status: 'anchored', selector: { exact: 'légumerie solidaire' } });
    // Anchoring the received annotations is no change of Bob's: nothing to send back.
    expect(bob.team.status().pending).toBe(0);

    // A title corrected on one computer is corrected in every library holding the document.
    // A date as long as the library accepts travels too.
    const date = `Adoptée en séance plénière du conseil départemental, ${'délibération modifiée, '.repeat(15)}`.trim().slice(0, 500);
    bob.documents.updateMetadata(id, { title: 'Commande publique responsable (2026)', date });
    await syncUntilQuiet(alice, bob);
    expect(alice.team.ignored()).toEqual([]);
    expect(alice.documents.summary(id)).toMatchObject({ title: 'Commande publique responsable (2026)', date });
    expect(alice.teamLibrary.list()[0]?.title).toBe('Commande publique responsable (2026)');

    // Bob annotates the shared document: Alice receives it.
    const reply = bob.annotations.create({ document: { id, page: 2 }, selector: selectorOn(bob, id, 2, 'clauses sociales'), note: 'Voir le SPASER' });
    await syncUntilQuiet(alice, bob);
    expect(alice.annotations.get(reply.id)).toMatchObject({ note: 'Voir le SPASER', status: 'anchored', authorName: 'Bob Durand' });

    // Unshared: Bob keeps his copy; the original leaves the server; new notes stay on Alice's computer.
    alice.teamLibrary.unshare(id);
    await syncUntilQuiet(alice, bob);
    const after = alice.annotations.create({ document: { id, page: 3 }, selector: null, note: 'Après le retrait' });
    await syncUntilQuiet(alice, bob);
    expect(bob.teamLibrary.list()).toEqual([]);
    expect(bob.documents.has(id)).toBe(true);
    const left = await serverDocuments(testTeam.server.url);
    expect(left.some((d) => d.id === `document_file:${id}` || d.id === `document:${id}`)).toBe(false);
    expect(left.some((d) => d.id === `annotation:${after.id}`)).toBe(false);

    // Made private after the unshare: the copy the server held leaves it, and Bob's.
    expect(left.some((d) => d.id === `annotation:${before.id}`)).toBe(true);
    alice.annotations.update({ id: before.id, isPrivate: true });
    await syncUntilQuiet(alice, bob);
    expect((await serverDocuments(testTeam.server.url)).some((d) => d.id === `annotation:${before.id}`)).toBe(false);
    expect(bob.db.prepare('SELECT 1 FROM annotations WHERE id = ?').get(before.id)).toBeUndefined();
  }, 120_000);

  it('takes none of my notes on a teammate’s share, and shares nothing with another team joined later', async () => {
    testTeam = await startTestTeam();
    const alice = await member('alice', 'Alice');
    const bob = await member('bob', 'Bob');
    const pdf = await textPdf(reportPages);
    const id = await importBytes(alice, 'commande-publique.pdf', pdf);
    await importBytes(bob, 'commande-publique.pdf', pdf);
    const bobsNote = bob.annotations.create({ document: { id, page: 1 }, selector: null, note: 'Note de Bob' });
    alice.teamLibrary.share(id);
    await syncUntilQuiet(alice, bob);
    // Alice's share does not take Bob's notes on his own copy.
    expect(bob.teamLibrary.list()).toHaveLength(1);
    expect((await serverDocuments(testTeam.server.url)).some((d) => d.id === `annotation:${bobsNote.id}`)).toBe(false);

    const other = 'equipe-06';
    await initTeam({ server: testTeam.server.url, team: other, members: [{ login: 'alice', password: testTeam.passwords.alice! }], admin });
    await alice.team.connect({ server: testTeam.server.url, database: other, login: 'alice', password: testTeam.passwords.alice! }, { live: false });
    await alice.team.syncOnce();
    expect(alice.teamLibrary.list()).toEqual([]);
    expect((await serverDocuments(testTeam.server.url, other)).filter((d) => d.id.startsWith('document'))).toEqual([]);
    expect(alice.documents.has(id)).toBe(true);
  }, 120_000);

  it('refuses to share an absent or damaged original; a file not sent waits beside its share, with its reason, and the rounds go on', async () => {
    testTeam = await startTestTeam({ maxRequestBytes: 100_000 });
    const alice = await member('alice', 'Alice');
    const pdf = Buffer.from(await textPdf(reportPages, 'Rapport'));
    const id = await importBytes(alice, 'rapport.pdf', pdf);
    const file = originalPath(alice.dataDir, id);

    fs.rmSync(file);
    expect(() => alice.teamLibrary.share(id)).toThrow(/est absent du dossier de données/);
    fs.writeFileSync(file, Buffer.concat([pdf, Buffer.from(' ')]));
    expect(() => alice.teamLibrary.share(id)).toThrow(/modifié ou endommagé/);
    expect(alice.teamLibrary.list()).toEqual([]);

    // Shared, then its original lost before the round: the round succeeds, the share says why it waits.
    fs.writeFileSync(file, pdf);
    alice.teamLibrary.share(id);
    fs.rmSync(file);
    await alice.team.syncOnce();
    expect(alice.team.status().state).toBe('a-jour');
    expect(alice.teamLibrary.list()[0]?.sendFailure).toMatch(/est absent du dossier de données/);
    // Imported again: sent at the next round.
    await importBytes(alice, 'rapport.pdf', pdf);
    await alice.team.syncOnce();
    expect(alice.teamLibrary.list()[0]?.sendFailure).toBeNull();
    expect((await serverDocuments(testTeam.server.url)).find((d) => d.id === `document_file:${id}`)?.doc._attachments).toMatchObject({ original: { length: pdf.byteLength } });

    // A file over what the server accepts: its own message, the round still succeeds.
    const heavy = Buffer.concat([pdf, Buffer.alloc(150_000, 0x20)]);
    const heavyId = await importBytes(alice, 'annexe.pdf', heavy);
    alice.teamLibrary.share(heavyId);
    await alice.team.syncOnce();
    expect(alice.team.status()).toMatchObject({ state: 'a-jour', pending: 0 });
    expect(alice.teamLibrary.list().find((d) => d.id === heavyId)?.sendFailure).toMatch(/dépasse la taille que le serveur de l’équipe accepte/);
  }, 120_000);

  it('refuses a document over the cap when sharing, and says why a document cannot be fetched', async () => {
    testTeam = await startTestTeam();
    const alice = await member('alice', 'Alice');
    const big = await textPdf([['Annexe volumineuse.']]);
    // Padding after %%EOF keeps a readable PDF past 25 Mo.
    const heavy = Buffer.concat([Buffer.from(big), Buffer.alloc(maxTeamDocumentBytes + 1 - big.byteLength, 0x20)]);
    const id = await importBytes(alice, 'annexe.pdf', heavy);
    expect(() => alice.teamLibrary.share(id)).toThrow(/pèse plus de 25 Mo : l’équipe accepte des documents jusqu’à 25 Mo/);
    expect(alice.teamLibrary.list()).toEqual([]);
    expect(alice.team.status().pending).toBe(0);
    await expect(alice.teamLibrary.fetch('a'.repeat(64))).rejects.toThrow(/n’est pas \(ou plus\) partagé avec l’équipe/);
  }, 120_000);

  it('sets aside a tampered, oversized or mistyped original: nothing is written to the library', async () => {
    testTeam = await startTestTeam();
    const genuine = Buffer.from(await textPdf([['Délibération du conseil départemental.']]));
    const other = Buffer.from(await textPdf([['Un autre fichier.']]));
    const oversized = Buffer.concat([genuine, Buffer.alloc(maxTeamDocumentBytes + 10, 0x20)]);
    const html = Buffer.from('<html><body><p>Pas un PDF</p></body></html>');
    const cases = [
      { name: 'altered', id: sha256(genuine), original: other, reason: /ne correspond pas à son empreinte SHA-256/ },
      { name: 'oversized', id: sha256(oversized), original: oversized, reason: /plus lourd que ce que l’équipe accepte/ },
      { name: 'mistyped', id: sha256(html), original: html, reason: /n’est pas un fichier PDF valide/ },
    ];
    for (const c of cases) {
      const metadata = {
        _id: `document:${c.id}`,
        kind: 'document',
        id: c.id,
        fileName: `${c.name}.pdf`,
        format: 'pdf',
        title: `Document ${c.name}`,
        author: '',
        date: '',
        pageCount: 1,
        size: 1000,
        sharedAt: '2026-12-04T09:00:00.000Z',
        authorLogin: 'alice',
        authorName: 'Alice',
      };
      await asAlice(encodeURIComponent(metadata._id), { method: 'PUT', body: JSON.stringify(metadata) });
      await asAlice(`${encodeURIComponent(`document_file:${c.id}`)}/original`, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: c.original });
    }
    // Announced, but its original not sent yet.
    const unsent = 'd'.repeat(64);
    await asAlice(`document:${unsent}`, {
      method: 'PUT',
      body: JSON.stringify({ _id: `document:${unsent}`, kind: 'document', id: unsent, fileName: 'y.pdf', format: 'pdf', title: 'Pas encore envoyé', author: '', date: '', pageCount: 1, size: 100, sharedAt: '2026-12-04T09:00:00.000Z', authorLogin: 'alice', authorName: 'Alice' }),
    });
    // Set aside at the pull: a share announcing more than the cap, a file name with folders, an
    // annotation naming both a fiche and a document.
    const announced = 'b'.repeat(64);
    const traversal = 'e'.repeat(64);
    const share = (id: string, fields: Record<string, unknown>) => ({ _id: `document:${id}`, kind: 'document', id, fileName: 'x.pdf', format: 'pdf', title: 'X', author: '', date: '', pageCount: 1, size: 100, sharedAt: '2026-12-04T09:00:00.000Z', authorLogin: 'alice', authorName: 'Alice', ...fields });
    const twoTargets = '44444444-4444-4444-8444-444444444444';
    const pulledAside = [`document:${announced}`, `document:${traversal}`, `annotation:${twoTargets}`];
    await asAlice('_bulk_docs', {
      method: 'POST',
      body: JSON.stringify({
        docs: [
          share(announced, { size: maxTeamDocumentBytes + 1 }),
          share(traversal, { fileName: '../../.bashrc.pdf' }),
          { _id: `annotation:${twoTargets}`, kind: 'annotation', id: twoTargets, kit: 'municipaless', number: 1, document: { id: announced, page: 1 }, selector: null, color: null, note: 'x', tags: [], createdAt: '2026-12-04T09:00:00.000Z', updatedAt: '2026-12-04T09:00:00.000Z', authorLogin: 'alice', authorName: 'Alice' },
        ],
      }),
    });

    const bob = await member('bob', 'Bob');
    await bob.team.syncOnce();
    expect(bob.teamLibrary.list().map((d) => d.id).sort()).toEqual([...cases.map((c) => c.id), unsent].sort());
    expect(bob.team.ignored().map((d) => d.docId).sort()).toEqual(pulledAside.sort());

    const rows = libraryRows(bob.db);
    for (const c of cases) {
      await expect(bob.teamLibrary.fetch(c.id)).rejects.toThrow(c.reason);
      expect(libraryRows(bob.db)).toEqual(rows);
      expect(bob.teamLibrary.list().find((d) => d.id === c.id)?.setAsideReason).toMatch(c.reason);
    }
    expect(bob.team.ignored()).toHaveLength(cases.length + pulledAside.length);

    // Not set aside, only not there yet; and offline, the fetch says so.
    await expect(bob.teamLibrary.fetch(unsent)).rejects.toThrow(/« Pas encore envoyé » n’est pas sur le serveur de l’équipe/);
    expect(bob.team.ignored()).toHaveLength(cases.length + pulledAside.length);
    await testTeam.server.stop();
    await expect(bob.teamLibrary.fetch(unsent)).rejects.toThrow(/ne répond pas/);
    expect(libraryRows(bob.db)).toEqual(rows);
  }, 120_000);
});
