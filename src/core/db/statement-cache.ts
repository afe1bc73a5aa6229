import type { Statement } from 'better-sqlite3';
import type { Db } from './open-database';

export type Prepare = (sql: string) => Statement;

/** Prepares each distinct SQL text once: imports and searches run the same statements many times. */
export function statementCache(db: Db): Prepare {
  const statements = new Map<string, Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
