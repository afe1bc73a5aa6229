import type { Migration } from './migration';

export const annotations: Migration = {
  version: 3,
  name: 'annotations, their tags and their search index',
  up(db) {
    db.exec(`
      -- An annotation names its fiche by kit and number, not by row id: it outlives a fiche
      -- that disappears from an edition (it becomes an orphan) and travels between machines.
      -- seq is the stable rowid the search index points at (an implicit rowid may change on VACUUM).
      CREATE TABLE annotations (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kit_slug TEXT NOT NULL,
        fiche_number INTEGER NOT NULL,
        color TEXT CHECK (color IN ('jaune', 'vert', 'bleu', 'rose', 'violet')),
        note_md TEXT NOT NULL DEFAULT '',
        quote_exact TEXT,
        quote_prefix TEXT,
        quote_suffix TEXT,
        position_start INTEGER,
        position_end INTEGER,
        status TEXT NOT NULL CHECK (status IN ('anchored', 'orphan', 'fiche')),
        -- Tags live in annotation_tags; this copy feeds the search index.
        tags_text TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK ((status = 'fiche') = (quote_exact IS NULL)),
        CHECK (quote_exact IS NULL OR (position_start >= 0 AND position_end > position_start))
      );
      CREATE INDEX annotations_by_fiche ON annotations (kit_slug, fiche_number, position_start);
      CREATE INDEX annotations_by_update ON annotations (updated_at);

      CREATE TABLE annotation_tags (
        annotation_id TEXT NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (annotation_id, tag)
      ) WITHOUT ROWID;
      CREATE INDEX annotation_tags_by_tag ON annotation_tags (tag);

      CREATE VIEW annotation_search_source (seq, quote, note, tags, quote_stem, note_stem) AS
        SELECT seq, kb_fold(coalesce(quote_exact, '')), kb_fold(note_md), kb_fold(tags_text), kb_stem(coalesce(quote_exact, '')), kb_stem(note_md)
        FROM annotations;
      CREATE VIRTUAL TABLE annotations_fts USING fts5(
        quote, note, tags, quote_stem, note_stem,
        content = 'annotation_search_source',
        content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );
      CREATE TRIGGER annotations_fts_after_insert AFTER INSERT ON annotations BEGIN
        INSERT INTO annotations_fts (rowid, quote, note, tags, quote_stem, note_stem)
        VALUES (new.seq, kb_fold(coalesce(new.quote_exact, '')), kb_fold(new.note_md), kb_fold(new.tags_text),
                kb_stem(coalesce(new.quote_exact, '')), kb_stem(new.note_md));
      END;
      CREATE TRIGGER annotations_fts_after_delete AFTER DELETE ON annotations BEGIN
        INSERT INTO annotations_fts (annotations_fts, rowid, quote, note, tags, quote_stem, note_stem)
        VALUES ('delete', old.seq, kb_fold(coalesce(old.quote_exact, '')), kb_fold(old.note_md), kb_fold(old.tags_text),
                kb_stem(coalesce(old.quote_exact, '')), kb_stem(old.note_md));
      END;
      CREATE TRIGGER annotations_fts_after_update AFTER UPDATE OF quote_exact, note_md, tags_text ON annotations BEGIN
        INSERT INTO annotations_fts (annotations_fts, rowid, quote, note, tags, quote_stem, note_stem)
        VALUES ('delete', old.seq, kb_fold(coalesce(old.quote_exact, '')), kb_fold(old.note_md), kb_fold(old.tags_text),
                kb_stem(coalesce(old.quote_exact, '')), kb_stem(old.note_md));
        INSERT INTO annotations_fts (rowid, quote, note, tags, quote_stem, note_stem)
        VALUES (new.seq, kb_fold(coalesce(new.quote_exact, '')), kb_fold(new.note_md), kb_fold(new.tags_text),
                kb_stem(coalesce(new.quote_exact, '')), kb_stem(new.note_md));
      END;
    `);
  },
};
