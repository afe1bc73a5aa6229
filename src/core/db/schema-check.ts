import Database from 'better-sqlite3';
import { migrations } from './migrations';
import { registerSqlFunctions, runMigrations, type Db } from './open-database';

/** One row of sqlite_schema: a table, index, trigger or view, with the SQL that creates it. */
export interface SchemaEntry {
  type: string;
  name: string;
  tableName: string;
  /** Whitespace-normalised; null for the indexes SQLite makes itself (UNIQUE, PRIMARY KEY). */
  sql: string | null;
}

/**
 * The schema of a database, read from sqlite_schema alone: no user table or view is queried,
 * so a hostile file (a recursive view, a trigger) cannot run anything here.
 */
export function readSchema(db: Db): SchemaEntry[] {
  const rows = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema').all() as {
    type: string;
    name: string;
    tbl_name: string;
    sql: string | null;
  }[];
  return rows.map((row) => ({ type: row.type, name: row.name, tableName: row.tbl_name, sql: row.sql === null ? null : normalise(row.sql) }));
}

function normalise(sql: string): string {
  return sql.replace(/\s+/g, ' ').replace(/\s*([(),;])\s*/g, '$1').trim();
}

const expectedByVersion = new Map<number, SchemaEntry[]>();

/** The schema a database of `version` has: an empty database migrated to it with this version's migrations. */
export function expectedSchema(version: number, nativeBinding?: string): SchemaEntry[] {
  const cached = expectedByVersion.get(version);
  if (cached) return cached;
  const db = new Database(':memory:', nativeBinding ? { nativeBinding } : {});
  try {
    registerSqlFunctions(db);
    runMigrations(db, migrations, 0, version);
    const schema = readSchema(db);
    expectedByVersion.set(version, schema);
    return schema;
  } finally {
    db.close();
  }
}

/** French names, in the order differences are told: what holds data first, indexes last. */
const typeNames: Record<string, { name: string; feminine: boolean; rank: number }> = {
  table: { name: 'table', feminine: true, rank: 0 },
  view: { name: 'vue', feminine: true, rank: 0 },
  trigger: { name: 'déclencheur', feminine: false, rank: 1 },
  index: { name: 'index', feminine: false, rank: 2 },
};
const rankOf = (entry: SchemaEntry): number => typeNames[entry.type]?.rank ?? 0;

function described(entry: SchemaEntry, masculine: string, feminine: string): string {
  const type = typeNames[entry.type] ?? { name: entry.type, feminine: false, rank: 0 };
  return `${type.name} « ${entry.name} » ${type.feminine ? feminine : masculine}`;
}

/** How `actual` differs from `expected`, in French, one phrase per difference (empty when identical). */
export function schemaDifferences(actual: readonly SchemaEntry[], expected: readonly SchemaEntry[]): string[] {
  const expectedByName = new Map(expected.map((entry) => [entry.name, entry]));
  const actualByName = new Map(actual.map((entry) => [entry.name, entry]));
  const differences: { rank: number; text: string }[] = [];
  const push = (entry: SchemaEntry, text: string): void => {
    differences.push({ rank: rankOf(entry), text });
  };
  for (const entry of actual) {
    const wanted = expectedByName.get(entry.name);
    if (!wanted) push(entry, described(entry, 'en trop', 'en trop'));
    else if (wanted.type !== entry.type) {
      const replaced = typeNames[wanted.type] ?? { name: wanted.type, feminine: false, rank: 0 };
      push(entry, `${described(entry, 'à la place', 'à la place')} d’${replaced.feminine ? 'une' : 'un'} ${replaced.name}`);
    } else if (wanted.sql !== entry.sql || wanted.tableName !== entry.tableName) push(entry, described(entry, 'modifié', 'modifiée'));
  }
  for (const entry of expected) {
    if (!actualByName.has(entry.name)) push(entry, described(entry, 'absent', 'absente'));
  }
  return differences.sort((a, b) => a.rank - b.rank).map((difference) => difference.text);
}
