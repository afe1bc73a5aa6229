import type { Migration } from './migration';

const columns = ['title', 'summary', 'themes', 'body'] as const;
const source = { title: 'title', summary: 'summary', themes: 'themes_text', body: 'body_text' } as const;

/** Values for one index row: the exact text, then its stemmed form (kb_stem is registered by openDatabase). */
function rowValues(row: 'new' | 'old'): string {
  const exact = columns.map((c) => `kb_fold(${row}.${source[c]})`);
  const stemmed = columns.map((c) => `kb_stem(${row}.${source[c]})`);
  return [`${row}.id`, ...exact, ...stemmed].join(', ');
}

const indexColumns = [...columns, ...columns.map((c) => `${c}_stem`)].join(', ');

export const searchIndex: Migration = {
  version: 2,
  name: 'full-text search over fiches, exact and stemmed',
  up(db) {
    db.exec(`
      ALTER TABLE fiches ADD COLUMN themes_text TEXT NOT NULL DEFAULT '';
      UPDATE fiches SET themes_text = coalesce(
        (SELECT group_concat(term, ', ') FROM (
           SELECT term FROM fiche_terms t WHERE t.fiche_id = fiches.id AND t.kind = 'theme' ORDER BY position)),
        '');

      -- What the index holds for each fiche; FTS5 reads it back for 'rebuild' and checks.
      CREATE VIEW fiche_search_source (id, ${indexColumns}) AS
        SELECT id, kb_fold(title), kb_fold(summary), kb_fold(themes_text), kb_fold(body_text),
               kb_stem(title), kb_stem(summary), kb_stem(themes_text), kb_stem(body_text)
        FROM fiches;

      CREATE VIRTUAL TABLE fiches_fts USING fts5(
        ${indexColumns},
        content = 'fiche_search_source',
        content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );
      CREATE VIRTUAL TABLE fiches_fts_vocab USING fts5vocab(fiches_fts, 'col');

      CREATE TRIGGER fiches_fts_after_insert AFTER INSERT ON fiches BEGIN
        INSERT INTO fiches_fts (rowid, ${indexColumns}) VALUES (${rowValues('new')});
      END;
      CREATE TRIGGER fiches_fts_after_delete AFTER DELETE ON fiches BEGIN
        INSERT INTO fiches_fts (fiches_fts, rowid, ${indexColumns}) VALUES ('delete', ${rowValues('old')});
      END;
      CREATE TRIGGER fiches_fts_after_update AFTER UPDATE OF title, summary, themes_text, body_text ON fiches BEGIN
        INSERT INTO fiches_fts (fiches_fts, rowid, ${indexColumns}) VALUES ('delete', ${rowValues('old')});
        INSERT INTO fiches_fts (rowid, ${indexColumns}) VALUES (${rowValues('new')});
      END;

      INSERT INTO fiches_fts (fiches_fts) VALUES ('rebuild');
    `);
  },
};
