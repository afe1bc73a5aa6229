import type { Migration } from './migration';

/** What a change of one shared table puts in the outbox: the id of the document to write. */
export interface SharedTable {
  table: string;
  docId: (row: 'new' | 'old') => string;
  /** Columns whose change travels (derived ones, such as an annotation's anchoring status, do not). */
  columns: string[];
  /** Extra condition on the row (private annotations never enter the outbox). */
  shared?: (row: 'new' | 'old') => string;
  /** An update enqueues only when one of `columns` really changed (re-anchoring rewrites positions to the same values). */
  changedOnly?: boolean;
}

export const sharedTables: SharedTable[] = [
  {
    table: 'annotations',
    docId: (row) => `'annotation:' || ${row}.id`,
    columns: ['kit_slug', 'fiche_number', 'color', 'note_md', 'quote_exact', 'quote_prefix', 'quote_suffix', 'position_start',
      'position_end', 'tags_text', 'updated_at', 'author_name', 'author_login', 'is_private'],
    shared: (row) => `${row}.is_private = 0`,
  },
  {
    table: 'projects',
    docId: (row) => `'project:' || ${row}.id`,
    columns: ['title', 'description_md', 'status', 'themes_json', 'competences_json', 'partners_json', 'lead', 'budget_eur', 'start_date',
      'end_date', 'archived', 'updated_at', 'author_name', 'author_login'],
  },
  {
    table: 'project_links',
    docId: (row) => `'project_link:' || ${row}.id`,
    columns: ['project_id', 'kit_slug', 'fiche_number', 'annotation_id', 'reason', 'updated_at'],
  },
  { table: 'territory', docId: () => `'territory'`, columns: ['scale', 'code', 'name', 'updated_at'] },
];

const notApplying = '(SELECT applying FROM sync_state) = 0';

function enqueue(docId: string): string {
  return `INSERT INTO sync_outbox (doc_id, change_no) VALUES (${docId}, (SELECT coalesce(max(change_no), 0) + 1 FROM sync_outbox))
          ON CONFLICT (doc_id) DO UPDATE SET change_no = excluded.change_no;`;
}

export function triggers({ table, docId, columns, shared, changedOnly }: SharedTable): string {
  const when = (...extra: (string | undefined)[]) => [notApplying, ...extra].filter(Boolean).join(' AND ');
  const changed = changedOnly ? `(${columns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ')})` : undefined;
  return `
    CREATE TRIGGER ${table}_outbox_after_insert AFTER INSERT ON ${table} WHEN ${when(shared?.('new'))} BEGIN
      ${enqueue(docId('new'))}
    END;
    -- A row made private (or public again) is enqueued too: the worker then deletes it from the server.
    CREATE TRIGGER ${table}_outbox_after_update AFTER UPDATE OF ${columns.join(', ')} ON ${table}
    WHEN ${when(shared && `(${shared('new')} OR ${shared('old')})`, changed)} BEGIN
      ${enqueue(docId('new'))}
    END;
    CREATE TRIGGER ${table}_outbox_after_delete AFTER DELETE ON ${table} WHEN ${when(shared?.('old'))} BEGIN
      ${enqueue(docId('old'))}
    END;`;
}

/** Queues every shared record (a first connection, or joining another team). */
export const enqueueEverythingShared = `
  INSERT OR IGNORE INTO sync_outbox (doc_id, change_no)
    SELECT doc_id, (SELECT coalesce(max(change_no), 0) FROM sync_outbox) + row_number() OVER () FROM (
      SELECT 'territory' AS doc_id FROM territory
      UNION ALL SELECT 'project:' || id FROM projects
      UNION ALL SELECT 'annotation:' || id FROM annotations WHERE is_private = 0
      UNION ALL SELECT 'project_link:' || id FROM project_links);`;

/**
 * Team workspace: local changes of the shared tables reach the team's replica through an
 * outbox written by triggers in the same transaction as the change. The worker reads each
 * document's current row when it pushes (a missing row becomes a tombstone), so one outbox row
 * per document is enough. The triggers stay silent while the worker applies pulled changes
 * (sync_state.applying, set and reset inside that transaction).
 */
export const teamSync: Migration = {
  version: 6,
  name: 'team workspace: outbox, sync state, conflicts and ignored documents',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        applying INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1)),
        -- Last change of the local replica applied to this base.
        last_seq TEXT NOT NULL DEFAULT '0'
      );
      INSERT INTO sync_state (id) VALUES (1);

      CREATE TABLE sync_outbox (
        doc_id TEXT PRIMARY KEY,
        -- Renumbered at each change: the worker removes a row only if it still has the number it pushed.
        change_no INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX sync_outbox_by_change ON sync_outbox (change_no);

      -- The revision of each document that the local row corresponds to (the parent of the next write).
      CREATE TABLE sync_revisions (
        doc_id TEXT PRIMARY KEY,
        rev TEXT NOT NULL
      ) WITHOUT ROWID;

      -- Documents edited on two computers before they synced: every version stays readable in the replica.
      CREATE TABLE sync_conflicts (
        doc_id TEXT PRIMARY KEY,
        winner_rev TEXT NOT NULL,
        losing_revs_json TEXT NOT NULL,
        detected_at TEXT NOT NULL
      ) WITHOUT ROWID;

      -- Pulled documents that failed validation: set aside, shown to the person, never applied.
      CREATE TABLE sync_ignored (
        doc_id TEXT PRIMARY KEY,
        rev TEXT NOT NULL,
        reason TEXT NOT NULL,
        received_at TEXT NOT NULL
      ) WITHOUT ROWID;

      ${sharedTables.map(triggers).join('\n')}

    `);
    // What this computer already holds goes to the team at its first connection.
    db.exec(enqueueEverythingShared);
  },
};
