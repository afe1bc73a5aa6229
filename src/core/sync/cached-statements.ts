import { statementCache } from '../db/statement-cache';
import type { Db } from '../db/open-database';

const cached = new WeakMap<Db, Db>();

/**
 * The same connection, whose prepare() compiles each distinct SQL text once. A sync batch runs
 * the same few statements for thousands of documents: compiling them each time was the largest
 * cost of a first sync. One view per connection (a restored backup gives a new connection).
 */
export function withCachedStatements(db: Db): Db {
  let view = cached.get(db);
  if (!view) {
    const prepare = statementCache(db);
    view = new Proxy(db, {
      get(target, property) {
        if (property === 'prepare') return prepare;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    cached.set(db, view);
  }
  return view;
}
