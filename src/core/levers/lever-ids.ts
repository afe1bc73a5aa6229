import type { Db } from '../db/open-database';

/** Kit and fiche encoded at the start of a lever's identifier (`municipaless-07-…`). */
const leverIdPrefix = /^([a-z0-9]+)-(\d{2,3})-/;

/**
 * This computer's identifier for a lever another computer names: the same identifier when it is
 * known here, otherwise the lever of the same kit and fiche with the same title (a computer that
 * went through an earlier edition keeps the identifier of the lever's first title); null when
 * neither is found.
 */
export function resolveLeverId(db: Db, leverId: string, leverTitle?: string): string | null {
  if (db.prepare('SELECT 1 FROM levers WHERE id = ?').get(leverId)) return leverId;
  const prefix = leverIdPrefix.exec(leverId);
  if (!prefix || !leverTitle) return null;
  const row = db
    .prepare('SELECT id FROM levers WHERE kit_slug = ? AND fiche_number = ? AND title = ? AND removed_at IS NULL ORDER BY position LIMIT 1')
    .get(prefix[1], Number(prefix[2]), leverTitle) as { id: string } | undefined;
  return row?.id ?? null;
}
