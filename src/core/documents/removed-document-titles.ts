import type { Db } from '../db/open-database';

/*
 * A project link to a library document outlives the document, and its dossier must still name
 * it. The link has no title column (the schema is not this feature's to change), so the title
 * of a removed document that links name is kept in the settings table, under this key.
 */
const keyPrefix = 'removed_document_title:';

/** Keeps the title of a document about to be removed, when project links name it. Call before deleting its row. */
export function keepRemovedDocumentTitle(db: Db, sha256: string): void {
  db.prepare(
    `INSERT INTO settings (key, value)
     SELECT @key, title FROM documents WHERE sha256 = @sha256 AND EXISTS (SELECT 1 FROM project_links WHERE document_sha256 = @sha256)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  ).run({ key: keyPrefix + sha256, sha256 });
}

/** SQL joining, as `alias`, the kept title of the document whose SHA-256 is `column` (its `value`, null when none). */
export function keptTitleJoin(alias: string, column: string): string {
  return `LEFT JOIN settings ${alias} ON ${alias}.key = '${keyPrefix}' || ${column}`;
}
