import type { Migration } from './migration';

/** The exact and stemmed text of one page in the index: its text, and the document's title on page 1 only. */
function pageValues(page: string, title: string): string {
  const pageTitle = `CASE WHEN ${page}.page_number = 1 THEN ${title} ELSE '' END`;
  return `${page}.id, kb_fold(${pageTitle}), kb_fold(${page}.text), kb_stem(${pageTitle}), kb_stem(${page}.text)`;
}

const indexColumns = 'title, body, title_stem, body_stem';

/**
 * The library: documents brought in by the person, named by the SHA-256 of their original file
 * (stored once in the data folder under that name), with the text of each page, searchable like
 * the fiches (same folding and stemming). A document may be recorded as the official version
 * of a fiche (by kit and number, as annotations name fiches: it outlives an edition).
 */
export const documents: Migration = {
  version: 7,
  name: 'library documents, their pages and their search index',
  up(db) {
    db.exec(`
      CREATE TABLE documents (
        seq INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
        file_name TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('pdf', 'docx', 'markdown', 'html', 'text')),
        title TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        document_date TEXT NOT NULL DEFAULT '',
        page_count INTEGER NOT NULL CHECK (page_count >= 0),
        size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
        -- No text layer (a scanned PDF): kept and viewable, left out of search. Set once, at import.
        is_scanned INTEGER NOT NULL DEFAULT 0 CHECK (is_scanned IN (0, 1)),
        fiche_kit_slug TEXT,
        fiche_number INTEGER,
        suggested_kit_slug TEXT,
        suggested_fiche_number INTEGER,
        imported_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK ((fiche_kit_slug IS NULL) = (fiche_number IS NULL)),
        CHECK ((suggested_kit_slug IS NULL) = (suggested_fiche_number IS NULL))
      );
      -- One official version per fiche.
      CREATE UNIQUE INDEX documents_by_fiche ON documents (fiche_kit_slug, fiche_number) WHERE fiche_kit_slug IS NOT NULL;
      CREATE INDEX documents_by_import ON documents (imported_at);

      CREATE TABLE document_pages (
        id INTEGER PRIMARY KEY,
        document_seq INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
        page_number INTEGER NOT NULL CHECK (page_number >= 1),
        text TEXT NOT NULL,
        UNIQUE (document_seq, page_number)
      );

      -- A scanned document (no text layer) stays out of the index: search never finds it.
      CREATE VIEW document_page_search_source (id, ${indexColumns}) AS
        SELECT ${pageValues('p', 'd.title')} FROM document_pages p JOIN documents d ON d.seq = p.document_seq WHERE d.is_scanned = 0;
      CREATE VIRTUAL TABLE document_pages_fts USING fts5(
        ${indexColumns},
        content = 'document_page_search_source',
        content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );

      CREATE TRIGGER document_pages_fts_after_insert AFTER INSERT ON document_pages BEGIN
        INSERT INTO document_pages_fts (rowid, ${indexColumns})
        SELECT ${pageValues('new', 'd.title')} FROM documents d WHERE d.seq = new.document_seq AND d.is_scanned = 0;
      END;
      CREATE TRIGGER document_pages_fts_after_delete AFTER DELETE ON document_pages BEGIN
        INSERT INTO document_pages_fts (document_pages_fts, rowid, ${indexColumns})
        SELECT 'delete', ${pageValues('old', 'd.title')} FROM documents d WHERE d.seq = old.document_seq AND d.is_scanned = 0;
      END;
      -- The title is indexed with page 1: an edited title replaces that row of the index.
      CREATE TRIGGER documents_fts_after_title_update AFTER UPDATE OF title ON documents WHEN old.is_scanned = 0 BEGIN
        INSERT INTO document_pages_fts (document_pages_fts, rowid, ${indexColumns})
        SELECT 'delete', ${pageValues('p', 'old.title')} FROM document_pages p WHERE p.document_seq = old.seq AND p.page_number = 1;
        INSERT INTO document_pages_fts (rowid, ${indexColumns})
        SELECT ${pageValues('p', 'new.title')} FROM document_pages p WHERE p.document_seq = new.seq AND p.page_number = 1;
      END;
      -- Pages go before their document (the delete trigger above reads the document's title).
      CREATE TRIGGER documents_before_delete BEFORE DELETE ON documents BEGIN
        DELETE FROM document_pages WHERE document_seq = old.seq;
      END;
    `);
  },
};
