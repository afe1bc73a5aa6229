import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { openDatabase, type Db } from '../open-database';
import { latestSchemaVersion } from '.';

const now = '2026-12-04T09:00:00.000Z';

function addDocument(db: Db, sha: string, title: string, pages: string[], scanned = 0): number {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO documents (sha256, file_name, format, title, page_count, size_bytes, is_scanned, imported_at, updated_at)
       VALUES (?, ?, 'pdf', ?, ?, 100, ?, ?, ?)`,
    )
    .run(sha.repeat(64), `${title}.pdf`, title, pages.length, scanned, now, now);
  pages.forEach((text, index) => db.prepare('INSERT INTO document_pages (document_seq, page_number, text) VALUES (?, ?, ?)').run(lastInsertRowid, index + 1, text));
  return Number(lastInsertRowid);
}

/** Page ids whose index row matches `query`. */
const matching = (db: Db, query: string) =>
  (db.prepare('SELECT rowid FROM document_pages_fts WHERE document_pages_fts MATCH ? ORDER BY rowid').all(query) as { rowid: number }[]).map((r) => r.rowid);

/** FTS5's own check that the index holds exactly what the content view says. */
const indexIsConsistent = (db: Db) => db.prepare("INSERT INTO document_pages_fts (document_pages_fts) VALUES ('integrity-check')").run();

describe('migration 7: library documents', () => {
  it('upgrades a schema 6 base, its annotations and projects untouched', () => {
    const file = path.join(tempDir(), 'kb.sqlite');
    const old = openDatabase(file, { targetVersion: 6 });
    old.prepare(
      `INSERT INTO annotations (id, kit_slug, fiche_number, note_md, status, created_at, updated_at)
       VALUES ('11111111-1111-4111-8111-111111111111', 'municipaless', 1, 'une note', 'fiche', ?, ?)`,
    ).run(now, now);
    old.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(db.prepare('SELECT count(*) AS n FROM annotations').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM documents').get()).toEqual({ n: 0 });
    db.close();
  });

  it('indexes pages with folding and stemming, the title with page 1 only, and never a scanned document', () => {
    const db = openDatabase(path.join(tempDir(), 'kb.sqlite'));
    const seq = addDocument(db, 'a', 'Schéma des achats', ['Première page.', 'Les coopératives agissent.']);
    addDocument(db, 'b', 'Scan des achats', ['', ''], 1);
    const [page1, page2] = db.prepare('SELECT id FROM document_pages WHERE document_seq = ? ORDER BY page_number').all(seq).map((r) => (r as { id: number }).id);
    expect(matching(db, 'body : cooperatives')).toEqual([page2]);
    expect(matching(db, 'body_stem : cooper')).toEqual([page2]);
    expect(matching(db, 'title : achats')).toEqual([page1]);

    // An edited title replaces page 1's row of the index.
    db.prepare("UPDATE documents SET title = 'Délibération SPASER' WHERE seq = ?").run(seq);
    expect(matching(db, 'title : achats')).toEqual([]);
    expect(matching(db, 'title : deliberation')).toEqual([page1]);
    indexIsConsistent(db);

    // Removing a document removes its pages from the index.
    db.prepare('DELETE FROM documents WHERE seq = ?').run(seq);
    expect(db.prepare('SELECT count(*) AS n FROM document_pages').get()).toEqual({ n: 2 });
    expect(matching(db, 'cooperatives')).toEqual([]);
    indexIsConsistent(db);
    db.close();
  });

  it('records at most one official document per fiche', () => {
    const db = openDatabase(path.join(tempDir(), 'kb.sqlite'));
    addDocument(db, 'c', 'Fiche 12', ['Texte.']);
    addDocument(db, 'd', 'Fiche 12 bis', ['Texte.']);
    db.prepare("UPDATE documents SET fiche_kit_slug = 'departementaless', fiche_number = 12 WHERE sha256 = ?").run('c'.repeat(64));
    expect(() => db.prepare("UPDATE documents SET fiche_kit_slug = 'departementaless', fiche_number = 12 WHERE sha256 = ?").run('d'.repeat(64))).toThrow(
      /UNIQUE/,
    );
    db.close();
  });
});
