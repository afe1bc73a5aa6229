import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { openDatabase, type Db } from '../open-database';

const now = '2026-12-04T09:00:00.000Z';
const sha = 'c'.repeat(64);
const ids = {
  before: '11111111-1111-4111-8111-111111111111',
  secret: '22222222-2222-4222-8222-222222222222',
  received: '33333333-3333-4333-8333-333333333333',
};

const outbox = (db: Db) => (db.prepare('SELECT doc_id FROM sync_outbox ORDER BY doc_id').all() as { doc_id: string }[]).map((r) => r.doc_id);
const files = (db: Db) => db.prepare('SELECT sha256, action FROM team_document_files').all();

function annotate(db: Db, id: string, isPrivate = 0): void {
  db.prepare(
    `INSERT INTO annotations (id, document_sha256, document_page, note_md, quote_exact, quote_prefix, quote_suffix, position_start, position_end,
       status, created_at, updated_at, is_private)
     VALUES (?, ?, 2, 'note', 'passage', '', '', 4, 11, 'anchored', ?, ?, ?)`,
  ).run(id, sha, now, now, isPrivate);
}

function share(db: Db): void {
  db.prepare(
    `INSERT INTO team_documents (sha256, file_name, format, title, page_count, size_bytes, shared_at) VALUES (?, 'spaser.pdf', 'pdf', 'SPASER', 3, 1000, ?)`,
  ).run(sha, now);
}

describe('migration 10: library documents shared with the team', () => {
  it('sends a shared document with its public annotations, and its annotations while it stays shared', () => {
    const db = openDatabase(path.join(tempDir(), 'kb.sqlite'));
    db.exec('DELETE FROM sync_outbox');
    annotate(db, ids.before);
    annotate(db, ids.secret, 1);
    annotate(db, ids.received);
    db.prepare("INSERT INTO sync_revisions (doc_id, rev) VALUES (?, '1-abc')").run(`annotation:${ids.received}`);
    expect(outbox(db)).toEqual([]);

    share(db);
    expect(outbox(db)).toEqual([`annotation:${ids.before}`, `annotation:${ids.received}`, `document:${sha}`]);
    expect(files(db)).toEqual([{ sha256: sha, action: 'upload' }]);

    // Anchored again on the same words: no change to send. A real edit goes.
    db.exec('DELETE FROM sync_outbox');
    db.prepare("UPDATE annotations SET status = 'anchored', position_start = 4, position_end = 11, quote_exact = 'passage' WHERE id = ?").run(ids.received);
    expect(outbox(db)).toEqual([]);
    db.prepare("UPDATE annotations SET note_md = 'modifiée' WHERE id = ?").run(ids.received);
    expect(outbox(db)).toEqual([`annotation:${ids.received}`]);

    // Unshared: the document leaves the team and the server; later edits stay here.
    db.exec('DELETE FROM sync_outbox');
    db.prepare('DELETE FROM team_documents WHERE sha256 = ?').run(sha);
    expect(outbox(db)).toEqual([`document:${sha}`]);
    expect(files(db)).toEqual([{ sha256: sha, action: 'remove' }]);
    db.exec('DELETE FROM sync_outbox');
    db.prepare("UPDATE annotations SET note_md = 'après' WHERE id = ?").run(ids.before);
    expect(outbox(db)).toEqual([]);
    db.close();
  });

  it('sends nothing of mine when a teammate’s share is applied: only a share made here takes my annotations', () => {
    const db = openDatabase(path.join(tempDir(), 'kb.sqlite'));
    db.exec('DELETE FROM sync_outbox');
    annotate(db, ids.before);
    db.transaction(() => {
      db.prepare('UPDATE sync_state SET applying = 1').run();
      share(db);
      db.prepare('UPDATE sync_state SET applying = 0').run();
    })();
    expect(outbox(db)).toEqual([]);
    expect(files(db)).toEqual([]);
    db.close();
  });

  it('after unsharing, still tells the server when an annotation it holds is made private, edited or deleted; sharing again sends every public one', () => {
    const db = openDatabase(path.join(tempDir(), 'kb.sqlite'));
    annotate(db, ids.before);
    annotate(db, ids.secret);
    annotate(db, ids.received);
    share(db);
    for (const id of Object.values(ids)) db.prepare("INSERT INTO sync_revisions (doc_id, rev) VALUES (?, '1-abc')").run(`annotation:${id}`);
    db.prepare('DELETE FROM team_documents WHERE sha256 = ?').run(sha);
    db.exec('DELETE FROM sync_outbox');

    db.prepare('UPDATE annotations SET is_private = 1 WHERE id = ?').run(ids.secret);
    db.prepare("UPDATE annotations SET note_md = 'modifiée hors partage' WHERE id = ?").run(ids.before);
    db.prepare('DELETE FROM annotations WHERE id = ?').run(ids.received);
    expect(outbox(db)).toEqual([ids.before, ids.received, ids.secret].map((id) => `annotation:${id}`).sort());

    // Shared again: the edit made meanwhile goes, the private one stays here.
    db.exec('DELETE FROM sync_outbox');
    share(db);
    expect(outbox(db)).toEqual([`annotation:${ids.before}`, `document:${sha}`]);
    db.close();
  });
});
