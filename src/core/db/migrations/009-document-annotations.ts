import type { Db } from '../open-database';
import { sharedTables, triggers } from './006-team-sync';
import type { Migration } from './migration';

/**
 * Exactly one target: a kit fiche, or a page of a library document (named by its SHA-256).
 * coalesce: a CHECK that evaluates to NULL would pass.
 */
const oneTarget = (page: string) => `CHECK (coalesce(
  (kit_slug IS NOT NULL AND fiche_number IS NOT NULL AND document_sha256 IS NULL AND document_page IS NULL)
  OR (kit_slug IS NULL AND fiche_number IS NULL AND length(document_sha256) = 64 AND ${page}), 0))`;

const annotationsTable = `
  CREATE TABLE annotations_rebuilt (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kit_slug TEXT,
    fiche_number INTEGER,
    color TEXT CHECK (color IN ('jaune', 'vert', 'bleu', 'rose', 'violet')),
    note_md TEXT NOT NULL DEFAULT '',
    quote_exact TEXT,
    quote_prefix TEXT,
    quote_suffix TEXT,
    position_start INTEGER,
    position_end INTEGER,
    status TEXT NOT NULL CHECK (status IN ('anchored', 'orphan', 'fiche')),
    tags_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    author_name TEXT NOT NULL DEFAULT '',
    author_login TEXT NOT NULL DEFAULT '',
    is_private INTEGER NOT NULL DEFAULT 0 CHECK (is_private IN (0, 1)),
    -- No foreign key: an annotation outlives its document (it becomes an orphan), as it does a fiche.
    document_sha256 TEXT,
    document_page INTEGER,
    CHECK ((status = 'fiche') = (quote_exact IS NULL)),
    CHECK (quote_exact IS NULL OR (position_start >= 0 AND position_end > position_start)),
    ${oneTarget('document_page >= 1')}
  )`;

const projectLinksTable = `
  CREATE TABLE project_links_rebuilt (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kit_slug TEXT,
    fiche_number INTEGER,
    annotation_id TEXT REFERENCES annotations (id) ON DELETE SET NULL,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    document_sha256 TEXT,
    -- Null for a link to the whole document.
    document_page INTEGER,
    ${oneTarget('(document_page IS NULL OR document_page >= 1)')}
  )`;

/**
 * Rebuilds `table` from `createSql` (which creates `<table>_rebuilt`), SQLite's documented way to
 * relax a NOT NULL: every row keeps its values (and its seq, which the search index points at);
 * the indexes, triggers and views naming the table are re-created from their own stored SQL.
 * Runs with foreign keys off (see Migration.rebuildsTables), so dropping the old table cascades nothing.
 */
function rebuildTable(db: Db, table: string, createSql: string): void {
  const dependents = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name != ? AND type IN ('index', 'trigger', 'view')
       AND (tbl_name = ? OR (type != 'index' AND sql LIKE '%' || ? || '%'))`,
    )
    .all(table, table, table) as { type: string; name: string; sql: string }[];
  for (const entry of dependents.filter((e) => e.type !== 'index')) db.exec(`DROP ${entry.type.toUpperCase()} "${entry.name}"`);
  const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name).join(', ');
  db.exec(createSql);
  db.exec(`INSERT INTO ${table}_rebuilt (${columns}) SELECT ${columns} FROM ${table}`);
  db.exec(`DROP TABLE ${table}`);
  db.exec(`ALTER TABLE ${table}_rebuilt RENAME TO ${table}`);
  // Views first: the triggers re-created after them may read them.
  const order = { index: 0, view: 1, trigger: 2 } as Record<string, number>;
  for (const entry of [...dependents].sort((a, b) => (order[a.type] ?? 0) - (order[b.type] ?? 0))) db.exec(entry.sql);
}

/**
 * Annotations and project links may name a page of a library document instead of a kit fiche.
 * Those stay on this computer: the team outbox leaves them out (the documents themselves do not
 * travel to the team), as the exchange file does.
 */
export const documentAnnotations: Migration = {
  version: 9,
  name: 'annotations and project links on library documents',
  rebuildsTables: true,
  up(db) {
    rebuildTable(db, 'annotations', annotationsTable);
    rebuildTable(db, 'project_links', projectLinksTable);
    db.exec(`
      CREATE INDEX annotations_by_document ON annotations (document_sha256, document_page, position_start) WHERE document_sha256 IS NOT NULL;
      CREATE INDEX project_links_by_document ON project_links (document_sha256) WHERE document_sha256 IS NOT NULL;
    `);
    for (const shared of sharedTables.filter((t) => t.table === 'annotations' || t.table === 'project_links')) {
      for (const event of ['insert', 'update', 'delete']) db.exec(`DROP TRIGGER ${shared.table}_outbox_after_${event}`);
      const local = (row: 'new' | 'old') => `${row}.document_sha256 IS NULL`;
      db.exec(triggers({ ...shared, shared: (row) => [shared.shared?.(row), local(row)].filter(Boolean).join(' AND ') }));
    }
  },
};
