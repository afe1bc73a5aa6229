import { sharedTables, triggers, type SharedTable } from './006-team-sync';
import type { Migration } from './migration';

/** The documents of the library shared with the team: each is one team document `document:<sha256>`. */
export const teamDocumentsTable: SharedTable = {
  table: 'team_documents',
  docId: (row) => `'document:' || ${row}.sha256`,
  columns: ['file_name', 'format', 'title', 'author', 'document_date', 'page_count', 'size_bytes', 'shared_at', 'author_login', 'author_name'],
};

/**
 * An annotation travels when it is public and on a fiche or on a document shared with the team.
 * One the server already holds is followed even once its document is no longer shared: made
 * private, edited or deleted, it leaves the server (the worker sends its deletion).
 */
export const sharedAnnotations: SharedTable = {
  ...sharedTables.find((t) => t.table === 'annotations')!,
  columns: [...sharedTables.find((t) => t.table === 'annotations')!.columns, 'document_sha256', 'document_page'],
  shared: (row) =>
    `((${row}.is_private = 0 AND (${row}.document_sha256 IS NULL OR ${row}.document_sha256 IN (SELECT sha256 FROM team_documents)))
      OR 'annotation:' || ${row}.id IN (SELECT doc_id FROM sync_revisions))`,
  changedOnly: true,
};

/** Queues every public annotation of the documents shared here (edits made while unshared included). */
const enqueueSharedDocumentAnnotations = (documents: string) => `
  INSERT OR IGNORE INTO sync_outbox (doc_id, change_no)
    SELECT doc_id, (SELECT coalesce(max(change_no), 0) FROM sync_outbox) + row_number() OVER () FROM (
      SELECT 'annotation:' || id AS doc_id FROM annotations
      WHERE is_private = 0 AND document_sha256 IN (${documents}));`;

/**
 * Library documents shared with the team. `team_documents` is the team's catalogue as this
 * computer knows it: a row is written when the person shares a document here, or when a
 * teammate's share is pulled (whether or not this computer holds the original). Its changes go
 * through the outbox; the original itself never enters the local replica: `team_document_files`
 * lists the originals to upload to the server (or to remove from it) at the next round, and a
 * teammate downloads one on demand.
 */
export const teamLibrary: Migration = {
  version: 10,
  name: 'library documents shared with the team',
  up(db) {
    db.exec(`
      CREATE TABLE team_documents (
        sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
        file_name TEXT NOT NULL,
        format TEXT NOT NULL,
        title TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        document_date TEXT NOT NULL DEFAULT '',
        page_count INTEGER NOT NULL,
        size_bytes INTEGER NOT NULL,
        shared_at TEXT NOT NULL,
        author_login TEXT NOT NULL DEFAULT '',
        author_name TEXT NOT NULL DEFAULT ''
      ) WITHOUT ROWID;

      CREATE TABLE team_document_files (
        sha256 TEXT PRIMARY KEY,
        action TEXT NOT NULL CHECK (action IN ('upload', 'remove')),
        -- Why the last attempt failed (French, shown beside the share); tried again at each round.
        failure TEXT
      ) WITHOUT ROWID;

      ${triggers(teamDocumentsTable)}

      -- Shared here: the original goes to the server; no longer shared: it leaves the server (copies already fetched stay).
      CREATE TRIGGER team_documents_file_after_insert AFTER INSERT ON team_documents WHEN (SELECT applying FROM sync_state) = 0 BEGIN
        INSERT INTO team_document_files (sha256, action) VALUES (new.sha256, 'upload')
          ON CONFLICT (sha256) DO UPDATE SET action = excluded.action, failure = NULL;
      END;
      CREATE TRIGGER team_documents_file_after_delete AFTER DELETE ON team_documents WHEN (SELECT applying FROM sync_state) = 0 BEGIN
        INSERT INTO team_document_files (sha256, action) VALUES (old.sha256, 'remove')
          ON CONFLICT (sha256) DO UPDATE SET action = excluded.action, failure = NULL;
      END;
      -- The title, author or date corrected here (« Modifier ») are the team's too.
      CREATE TRIGGER documents_metadata_to_team AFTER UPDATE OF title, author, document_date ON documents
      WHEN (SELECT applying FROM sync_state) = 0 BEGIN
        UPDATE team_documents SET title = new.title, author = new.author, document_date = new.document_date
        WHERE sha256 = new.sha256 AND (title, author, document_date) IS NOT (new.title, new.author, new.document_date);
      END;
      -- Shared here: the public annotations made here go with it (the share dialog says how many).
      -- A teammate's share takes nothing of this computer's.
      CREATE TRIGGER team_documents_annotations_after_insert AFTER INSERT ON team_documents WHEN (SELECT applying FROM sync_state) = 0 BEGIN
        ${enqueueSharedDocumentAnnotations('new.sha256')}
      END;
    `);
    for (const event of ['insert', 'update', 'delete']) db.exec(`DROP TRIGGER annotations_outbox_after_${event}`);
    db.exec(triggers(sharedAnnotations));
  },
};
