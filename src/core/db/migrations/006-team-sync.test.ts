import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { openDatabase, type Db } from '../open-database';

const now = '2026-12-04T09:00:00.000Z';
const ids = {
  note: '11111111-1111-4111-8111-111111111111',
  secret: '22222222-2222-4222-8222-222222222222',
  project: '33333333-3333-4333-8333-333333333333',
  link: '44444444-4444-4444-8444-444444444444',
};

function addAnnotation(db: Db, id: string, isPrivate = 0): void {
  db.prepare(
    `INSERT INTO annotations (id, kit_slug, fiche_number, note_md, status, created_at, updated_at, is_private)
     VALUES (?, 'municipaless', 1, 'une note', 'fiche', ?, ?, ?)`,
  ).run(id, now, now, isPrivate);
}

function addProjectWithLink(db: Db): void {
  db.prepare("INSERT INTO projects (id, title, status, created_at, updated_at) VALUES (?, 'Légumerie', 'idee', ?, ?)").run(ids.project, now, now);
  db.prepare(
    `INSERT INTO project_links (id, project_id, kit_slug, fiche_number, annotation_id, reason, created_at, updated_at)
     VALUES (?, ?, 'municipaless', 1, ?, 'levier', ?, ?)`,
  ).run(ids.link, ids.project, ids.note, now, now);
}

const outbox = (db: Db) => (db.prepare('SELECT doc_id FROM sync_outbox ORDER BY change_no').all() as { doc_id: string }[]).map((r) => r.doc_id);
const clearOutbox = (db: Db) => db.prepare('DELETE FROM sync_outbox').run();

describe('migration 6: the team outbox', () => {
  it('enqueues what a schema 5 base already holds, private annotations excepted', () => {
    const file = path.join(tempDir(), 'kb.sqlite');
    const old = openDatabase(file, { targetVersion: 5 });
    addAnnotation(old, ids.note);
    addAnnotation(old, ids.secret, 1);
    addProjectWithLink(old);
    old.close();
    const db = openDatabase(file);
    expect(outbox(db).sort()).toEqual([`annotation:${ids.note}`, `project:${ids.project}`, `project_link:${ids.link}`].sort());
    db.close();
  });

  it('records each change of a shared row in the same transaction, one row per document', () => {
    const db = openDatabase(path.join(tempDir(), 'kb.sqlite'));
    addAnnotation(db, ids.note);
    db.prepare("UPDATE annotations SET note_md = 'modifiée' WHERE id = ?").run(ids.note);
    expect(outbox(db)).toEqual([`annotation:${ids.note}`]);
    const first = db.prepare('SELECT change_no FROM sync_outbox').get() as { change_no: number };
    db.prepare("UPDATE annotations SET note_md = 'encore' WHERE id = ?").run(ids.note);
    expect((db.prepare('SELECT change_no FROM sync_outbox').get() as { change_no: number }).change_no).toBeGreaterThan(first.change_no);

    // A rolled-back change leaves no trace in the outbox.
    clearOutbox(db);
    expect(() =>
      db.transaction(() => {
        db.prepare("UPDATE annotations SET note_md = 'perdue' WHERE id = ?").run(ids.note);
        throw new Error('annulée');
      })(),
    ).toThrow('annulée');
    expect(outbox(db)).toEqual([]);

    // Re-anchoring only moves the derived status: nothing to send.
    db.prepare("UPDATE annotations SET status = 'fiche' WHERE id = ?").run(ids.note);
    expect(outbox(db)).toEqual([]);
    db.close();
  });

  it('keeps private annotations out, and enqueues the removal of one made private', () => {
    const db = openDatabase(path.join(tempDir(), 'kb.sqlite'));
    addAnnotation(db, ids.secret, 1);
    db.prepare("UPDATE annotations SET note_md = 'secret' WHERE id = ?").run(ids.secret);
    db.prepare('DELETE FROM annotations WHERE id = ?').run(ids.secret);
    expect(outbox(db)).toEqual([]);

    addAnnotation(db, ids.note);
    clearOutbox(db);
    db.prepare('UPDATE annotations SET is_private = 1 WHERE id = ?').run(ids.note);
    expect(outbox(db)).toEqual([`annotation:${ids.note}`]);
    db.close();
  });

  it('follows cascades: deleting a project enqueues its links, deleting an annotation its links too', () => {
    const db = openDatabase(path.join(tempDir(), 'kb.sqlite'));
    addAnnotation(db, ids.note);
    addProjectWithLink(db);
    clearOutbox(db);
    db.prepare('DELETE FROM annotations WHERE id = ?').run(ids.note);
    expect(outbox(db).sort()).toEqual([`annotation:${ids.note}`, `project_link:${ids.link}`].sort());
    clearOutbox(db);
    db.prepare('DELETE FROM projects WHERE id = ?').run(ids.project);
    expect(outbox(db).sort()).toEqual([`project:${ids.project}`, `project_link:${ids.link}`].sort());
    db.close();
  });

  it('stays silent while pulled changes are applied', () => {
    const db = openDatabase(path.join(tempDir(), 'kb.sqlite'));
    db.transaction(() => {
      db.prepare('UPDATE sync_state SET applying = 1').run();
      addAnnotation(db, ids.note);
      addProjectWithLink(db);
      db.prepare("INSERT INTO territory (id, scale, code, name, updated_at) VALUES (1, 'departement', '05', 'Hautes-Alpes', ?)").run(now);
      db.prepare('UPDATE sync_state SET applying = 0').run();
    })();
    expect(outbox(db)).toEqual([]);
    db.prepare("UPDATE territory SET name = 'Hautes-Alpes (05)'").run();
    expect(outbox(db)).toEqual(['territory']);
    db.close();
  });
});
