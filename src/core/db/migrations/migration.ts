import type { Database } from 'better-sqlite3';

/** One schema step. `up` runs inside a transaction that also sets `PRAGMA user_version`. */
export interface Migration {
  version: number;
  name: string;
  /**
   * Rebuilds tables that others reference: it runs with foreign keys off (dropping the old table
   * must cascade nothing), and the references are checked before its transaction commits.
   */
  rebuildsTables?: boolean;
  up(db: Database): void;
}
