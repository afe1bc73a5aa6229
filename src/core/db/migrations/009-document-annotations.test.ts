import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { openDatabase, type Db } from '../open-database';
import { latestSchemaVersion } from '.';

const now = '2026-12-04T09:00:00.000Z';
const ids = {
  note: '11111111-1111-4111-8111-111111111111',
  page: '22222222-2222-4222-8222-222222222222',
  project: '33333333-3333-4333-8333-333333333333',
  link: '44444444-4444-4444-8444-444444444444',
};
const sha = 'a'.repeat(64);

const outbox = (db: Db) => (db.prepare('SELECT doc_id FROM sync_outbox ORDER BY doc_id').all() as { doc_id: string }[]).map((r) => r.doc_id);
const matching = (db: Db, query: string) =>
  (db.prepare('SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ?').all(query) as { rowid: number }[]).map((r) => r.rowid);

function schema8Base(): string {
  const file = path.join(tempDir(), 'kb.sqlite');
  const old = openDatabase(file, { targetVersion: 8 });
  old.prepare(
    `INSERT INTO annotations (id, kit_slug, fiche_number, note_md, quote_exact, quote_prefix, quote_suffix, position_start, position_end,
       status, tags_text, created_at, updated_at, author_name)
     VALUES (?, 'municipaless', 1, 'coopérative de territoire', 'passage', '', '', 3, 10, 'anchored', 'SCIC', ?, ?, 'Anne')`,
  ).run(ids.note, now, now);
  old.prepare("INSERT INTO annotation_tags (annotation_id, tag, position) VALUES (?, 'SCIC', 0)").run(ids.note);
  old.prepare("INSERT INTO projects (id, title, status, created_at, updated_at) VALUES (?, 'Tiers-lieu', 'idee', ?, ?)").run(ids.project, now, now);
  old.prepare(
    `INSERT INTO project_links (id, project_id, kit_slug, fiche_number, annotation_id, reason, created_at, updated_at)
     VALUES (?, ?, 'municipaless', 1, ?, 'exemple', ?, ?)`,
  ).run(ids.link, ids.project, ids.note, now, now);
  old.close();
  return file;
}

describe('migration 9: annotations on library documents', () => {
  it('keeps every annotation, tag, link and search entry of a schema 8 base', () => {
    const db = openDatabase(schema8Base());
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(db.prepare('SELECT seq, kit_slug, fiche_number, author_name, document_sha256 FROM annotations').all()).toEqual([
      { seq: 1, kit_slug: 'municipaless', fiche_number: 1, author_name: 'Anne', document_sha256: null },
    ]);
    expect(db.prepare('SELECT tag FROM annotation_tags').all()).toEqual([{ tag: 'SCIC' }]);
    expect(db.prepare('SELECT annotation_id FROM project_links').all()).toEqual([{ annotation_id: ids.note }]);
    expect(matching(db, 'cooperative')).toEqual([1]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // The search index triggers still follow edits, and cascades still run.
    db.prepare("UPDATE annotations SET note_md = 'épicerie solidaire' WHERE id = ?").run(ids.note);
    expect(matching(db, 'cooperative')).toEqual([]);
    expect(matching(db, 'epicerie')).toEqual([1]);
    db.prepare('DELETE FROM annotations WHERE id = ?').run(ids.note);
    expect(db.prepare('SELECT count(*) AS n FROM annotation_tags').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT annotation_id FROM project_links').all()).toEqual([{ annotation_id: null }]);
    db.close();
  });

  it('takes a document page as target, never both targets nor none, and keeps document rows out of the team outbox', () => {
    const db = openDatabase(schema8Base());
    db.exec('DELETE FROM sync_outbox');
    const insert = (kit: string | null, number: number | null, document: string | null, page: number | null) =>
      db.prepare(
        `INSERT INTO annotations (id, kit_slug, fiche_number, document_sha256, document_page, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'fiche', ?, ?)`,
      ).run(ids.page, kit, number, document, page, now, now);
    expect(() => insert('municipaless', 2, sha, 3)).toThrow(/CHECK/);
    expect(() => insert(null, null, null, null)).toThrow(/CHECK/);
    expect(() => insert(null, null, sha, 0)).toThrow(/CHECK/);
    insert(null, null, sha, 3);
    db.prepare("UPDATE annotations SET note_md = 'locale' WHERE id = ?").run(ids.page);
    db.prepare(
      `INSERT INTO project_links (id, project_id, document_sha256, document_page, annotation_id, reason, created_at, updated_at)
       VALUES ('55555555-5555-4555-8555-555555555555', ?, ?, 3, ?, 'exemple', ?, ?)`,
    ).run(ids.project, sha, ids.page, now, now);
    expect(outbox(db)).toEqual([]);
    db.prepare("UPDATE annotations SET note_md = 'partagée' WHERE id = ?").run(ids.note);
    expect(outbox(db)).toEqual([`annotation:${ids.note}`]);
    db.close();
  });
});
